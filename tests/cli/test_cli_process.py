"""Tests of the process parts of the psinfo CLI: `psinfo process METHOD --pid N`, ps, pstree,
top, iotop, pmap.

The subject is a child this test starts (a python3 that holds a file, a listening socket and a
second thread, then blocks on stdin) and always reaps. Expected values come from /proc/PID/*
read here, os/resource/socket, and psutil (the Debian package, 5.9.4) on the same PID.
Standard library (+ psutil).
"""

import json
import os
import pwd
import re
import resource
import shutil
import subprocess
import tempfile
import time

import pytest

from conftest import check, cli_path, run_cli as run

TCK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")

try:
    import psutil
except ImportError:  # the comparisons with psutil are left out
    psutil = None


def pjson(method, pid, *extra):
    """`psinfo process METHOD --pid PID EXTRA --json`, parsed."""
    rc, out, err = run("process", method, "--pid", str(pid), *extra, "--json")
    if rc != 0:
        raise AssertionError("process %s: exit %d, stderr %r" % (method, rc, err))
    if out.count("\n") != 1:
        raise AssertionError("process %s --json: not one line: %r" % (method, out[:200]))
    return json.loads(out, parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c)))


def read(path):
    with open(path, "rb") as f:
        return f.read().decode("utf-8", "surrogateescape")


def stat_fields(pid):
    """/proc/PID/stat after the last ')': index 0 = state (psutil's numbering)."""
    data = read("/proc/%d/stat" % pid)
    return data[data.rindex(")") + 2:].split()


def status_fields(pid):
    out = {}
    for line in read("/proc/%d/status" % pid).splitlines():
        k, _, v = line.partition(":")
        out[k] = v.strip()
    return out


def boot_time():
    for line in read("/proc/stat").splitlines():
        if line.startswith("btime "):
            return int(line.split()[1])
    raise AssertionError("no btime")


def smaps_blocks(pid):
    """[(addr, perms, path, {key: bytes})] from /proc/PID/smaps."""
    out = []
    for line in read("/proc/%d/smaps" % pid).splitlines():
        tok = line.split(None, 5)
        if tok and not tok[0].endswith(":"):
            path = tok[5].strip() if len(tok) > 5 else ""
            out.append((tok[0], tok[1], path or "[anon]", {}))
        elif tok and len(tok) >= 2 and tok[0] != "VmFlags:" and out:
            try:
                out[-1][3][tok[0][:-1]] = int(tok[1]) * 1024
            except ValueError:
                pass
    return out


def bytes2human(n):
    symbols = "KMGTPE"
    for i in range(5, -1, -1):
        prefix = 1 << ((i + 1) * 10)
        if n >= prefix:
            return "%.1f%s" % (n / prefix, symbols[i])
    return "%sB" % n


CHILD = r"""
import os, socket, sys, threading
f = open(sys.argv[1], "w")
f.write("x" * 100)
f.flush()
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(1)
ev = threading.Event()
threading.Thread(target=ev.wait, daemon=True).start()
sys.stdout.write("%d\n" % s.getsockname()[1])
sys.stdout.flush()
sys.stdin.read()
"""


class Child:
    """The subject: started in __enter__, stdin closed and reaped in __exit__ (killed if it
    does not end by itself)."""

    def __enter__(self):
        self.dir = tempfile.mkdtemp(prefix="psinfo-cli-proc-")
        self.file = os.path.join(self.dir, "held.txt")
        self.env = {"PATH": "/usr/bin:/bin", "PSINFO_TEST_VAR": "a b=c", "LC_ALL": "C"}
        self.argv = ["/usr/bin/python3", "-c", CHILD, self.file]
        self.p = subprocess.Popen(self.argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  cwd=self.dir, env=self.env, text=True)
        self.pid = self.p.pid
        try:
            self.port = int(self.p.stdout.readline())
        except ValueError:
            self.__exit__(None, None, None)
            raise AssertionError("the child did not start")
        # Until it blocks on stdin, so that what is compared holds still.
        end = time.time() + 5
        while time.time() < end and stat_fields(self.pid)[0] != "S":
            time.sleep(0.01)
        time.sleep(0.05)
        return self

    def __exit__(self, *exc):
        try:
            self.p.stdin.close()
            self.p.wait(timeout=5)
        except Exception:
            self.p.kill()
            self.p.wait()
        self.p.stdout.close()
        shutil.rmtree(self.dir, ignore_errors=True)
        return False


def psutil_proc(pid):
    return psutil.Process(pid) if psutil else None


@pytest.fixture(scope="module")
def child():
    with Child() as c:
        yield c


# ---- one method at a time -----------------------------------------------------------------
METHODS = ("ppid", "name", "exe", "cmdline", "environ", "create_time", "status", "cwd",
           "username", "uids", "gids", "terminal", "nice", "ionice", "rlimit", "io_counters",
           "num_ctx_switches", "num_fds", "num_threads", "threads", "cpu_times", "cpu_percent",
           "cpu_num", "cpu_affinity", "memory_info", "memory_full_info", "memory_info_ex",
           "memory_footprint", "memory_percent", "memory_maps", "page_faults", "open_files", "net_connections", "parent", "parents",
           "children", "is_running", "as_dict")


@pytest.mark.parametrize("method", METHODS)
def test_method(child, method):
    checks = method_checks(child)
    assert sorted(checks) == sorted(METHODS), "every method is tested"
    checks[method]()


def method_checks(c):
    """The checks of each method (name: function)."""
    pid = c.pid
    pp = psutil_proc(pid)
    st = stat_fields(pid)
    status = status_fields(pid)
    tests = {}

    def t_ppid():
        v = pjson("ppid", pid)
        check(v == os.getpid() == int(st[1]), "ppid %r, expected %d" % (v, os.getpid()))

    def t_name():
        v = pjson("name", pid)
        comm = read("/proc/%d/comm" % pid).strip()
        check(v == comm, "name %r, /proc comm %r" % (v, comm))
        if pp:
            check(v == pp.name(), "name %r, psutil %r" % (v, pp.name()))

    def t_exe():
        v = pjson("exe", pid)
        check(v == os.readlink("/proc/%d/exe" % pid), "exe %r" % v)
        if pp:
            check(v == pp.exe(), "exe %r, psutil %r" % (v, pp.exe()))

    def t_cmdline():
        v = pjson("cmdline", pid)
        check(v == c.argv, "cmdline %r, expected %r" % (v, c.argv))
        if pp:
            check(v == pp.cmdline(), "cmdline vs psutil")

    def t_environ():
        v = pjson("environ", pid)
        check(v == c.env, "environ %r, expected %r" % (v, c.env))
        if pp:
            check(v == pp.environ(), "environ vs psutil %r" % pp.environ())

    def t_create_time():
        v = pjson("create_time", pid)
        want = int(st[19]) / TCK + boot_time()
        check(isinstance(v, float) and abs(v - want) < 0.015,
              "create_time %r, stat says %r" % (v, want))
        if pp:
            check(abs(v - pp.create_time()) < 0.015,
                  "create_time %r, psutil %r" % (v, pp.create_time()))

    def t_status():
        v = pjson("status", pid)
        state = status_fields(pid)["State"]
        check(v == "sleeping" and state.startswith("S"), "status %r, /proc says %r" % (v, state))
        if pp:
            check(v == pp.status(), "status vs psutil %r" % pp.status())

    def t_cwd():
        v = pjson("cwd", pid)
        check(v == os.path.realpath(c.dir), "cwd %r, expected %r" % (v, c.dir))

    def t_username():
        v = pjson("username", pid)
        want = pwd.getpwuid(int(status["Uid"].split()[0])).pw_name
        check(v == want, "username %r, expected %r" % (v, want))
        if pp:
            check(v == pp.username(), "username vs psutil")

    def ids(key, method):
        v = pjson(method, pid)
        want = [int(x) for x in status[key].split()[:3]]
        check(list(v.keys()) == ["real", "effective", "saved"], "%s fields %r" % (method, v))
        check(list(v.values()) == want, "%s %r, /proc says %r" % (method, v, want))
        if pp:
            check(list(v.values()) == list(getattr(pp, method)()), "%s vs psutil" % method)

    def t_terminal():
        v = pjson("terminal", pid)
        tty_nr = int(st[4])
        if tty_nr == 0:
            check(v is None, "terminal %r for tty_nr 0" % v)
        else:
            check(isinstance(v, str) and os.stat(v).st_rdev == tty_nr, "terminal %r" % v)
        if pp:
            check(v == pp.terminal(), "terminal %r, psutil %r" % (v, pp.terminal()))

    def t_nice():
        v = pjson("nice", pid)
        check(v == os.getpriority(os.PRIO_PROCESS, pid) == int(st[16]), "nice %r" % v)

    def t_ionice():
        v = pjson("ionice", pid)
        check(list(v) == ["ioclass", "value"], "ionice fields %r" % v)
        if pp:
            want = pp.ionice()
            check(v["ioclass"] == want.ioclass.name and v["value"] == want.value,
                  "ionice %r, psutil %r" % (v, want))

    def t_rlimit():
        for name in ("RLIMIT_NOFILE", "RLIMIT_STACK", "RLIMIT_CORE"):
            v = pjson("rlimit", pid, "--resource", name)
            want = list(resource.prlimit(pid, getattr(resource, name)))
            check(v == want, "rlimit %s %r, prlimit says %r" % (name, v, want))
        v = pjson("rlimit", pid, "--resource", "nofile")
        check(v == list(resource.prlimit(pid, resource.RLIMIT_NOFILE)), "rlimit nofile")

    def t_io_counters():
        def proc_io():
            d = {}
            for line in read("/proc/%d/io" % pid).splitlines():
                k, _, val = line.partition(":")
                d[k] = int(val)
            return d
        a = proc_io()
        v = pjson("io_counters", pid)
        b = proc_io()
        names = ["read_count", "write_count", "read_bytes", "write_bytes", "read_chars",
                 "write_chars"]
        keys = ["syscr", "syscw", "read_bytes", "write_bytes", "rchar", "wchar"]
        check(list(v) == names, "io_counters fields %r" % list(v))
        for n, k in zip(names, keys):
            check(a[k] <= v[n] <= b[k], "io_counters.%s %r, /proc/PID/io %r..%r"
                  % (n, v[n], a[k], b[k]))

    def t_ctx():
        a = status_fields(pid)
        v = pjson("num_ctx_switches", pid)
        b = status_fields(pid)
        check(list(v) == ["voluntary", "involuntary"], "num_ctx_switches fields")
        for n, k in (("voluntary", "voluntary_ctxt_switches"),
                     ("involuntary", "nonvoluntary_ctxt_switches")):
            check(int(a[k]) <= v[n] <= int(b[k]), "num_ctx_switches.%s %r" % (n, v[n]))

    def t_num_fds():
        v = pjson("num_fds", pid)
        check(v == len(os.listdir("/proc/%d/fd" % pid)), "num_fds %r" % v)
        # num_handles is Windows-only: one stderr line naming it, non-zero exit, no stdout.
        rc, out, err = run("process", "num_handles", "--pid", str(pid), "--json")
        check(rc != 0 and out == "" and err.count("\n") == 1 and "num_handles" in err,
              "num_handles on Linux: exit %d, stdout %r, stderr %r" % (rc, out, err))

    def t_num_threads():
        v = pjson("num_threads", pid)
        check(v == int(status["Threads"]) == 2, "num_threads %r, status %r" % (v, status["Threads"]))

    def t_threads():
        v = pjson("threads", pid)
        tids = sorted(os.listdir("/proc/%d/task" % pid))
        check([str(t["id"]) for t in v] == tids, "threads ids %r, task/ %r" % (v, tids))
        check(all(list(t) == ["id", "user_time", "system_time"] for t in v), "threads fields")
        if pp:
            check([t["id"] for t in v] == [t.id for t in pp.threads()], "threads vs psutil")

    def t_cpu_times():
        a = stat_fields(pid)
        v = pjson("cpu_times", pid)
        b = stat_fields(pid)
        check(list(v) == ["user", "system", "children_user", "children_system", "iowait"],
              "cpu_times fields %r" % list(v))
        for n, i in (("user", 11), ("system", 12), ("children_user", 13),
                     ("children_system", 14)):
            check(int(a[i]) / TCK - 1e-9 <= v[n] <= int(b[i]) / TCK + 1e-9,
                  "cpu_times.%s %r" % (n, v[n]))
        if len(a) > 39:
            check(v["iowait"] == int(a[39]) / TCK, "cpu_times.iowait %r" % v["iowait"])

    def t_cpu_percent():
        v = pjson("cpu_percent", pid, "--interval", "0.1")
        check(isinstance(v, float) and 0.0 <= v < 50.0, "cpu_percent of an idle child %r" % v)

    def t_cpu_num():
        v = pjson("cpu_num", pid)
        check(v == int(stat_fields(pid)[36]), "cpu_num %r" % v)

    def t_cpu_affinity():
        v = pjson("cpu_affinity", pid)
        check(v == sorted(os.sched_getaffinity(pid)), "cpu_affinity %r" % v)

    def statm():
        return [int(x) * PAGE for x in read("/proc/%d/statm" % pid).split()]

    def t_memory_info():
        a = statm()
        v = pjson("memory_info", pid)
        b = statm()
        check(list(v) == ["rss", "vms", "shared", "text", "data"], "memory_info fields %r" % v)
        if a == b:
            want = dict(zip(["vms", "rss", "shared", "text", "lib", "data"], a))
            for n in v:
                check(v[n] == want[n], "memory_info.%s %r, statm %r" % (n, v[n], want[n]))
        if pp:
            m = pp.memory_info()
            check(v["vms"] == m.vms and v["text"] == m.text, "memory_info vs psutil %r" % (m,))

    def kb_lines(path):
        """The "Key: N kB" lines of a /proc file: {key: bytes}."""
        out = {}
        for line in read(path).splitlines():
            tok = line.split()
            if len(tok) == 3 and tok[2] == "kB":
                out[tok[0][:-1]] = int(tok[1]) * 1024
        return out

    def rollup():
        return kb_lines("/proc/%d/smaps_rollup" % pid)

    def status_kb():
        return kb_lines("/proc/%d/status" % pid)

    def bracketed(kernel, method, agree):
        """psinfo METHOD PID between two readings kernel(); Pss and the status lines move
        whenever another process maps or unmaps a page this one shares (a test running beside
        this one starting, say), so the first of a few tries in which agree(before, after):
        (before, the CLI's object, after)."""
        for _ in range(10):
            before = kernel()
            v = pjson(method, pid)
            after = kernel()
            if agree(before, after):
                break
        return before, v, after

    def cli_libraries():
        """The files the dynamic loader maps into the CLI (ldd's resolved paths), real paths."""
        out = subprocess.run(["ldd", cli_path()], capture_output=True, text=True).stdout
        libs = set()
        for line in out.splitlines():
            tok = line.replace("=>", " ").split()
            libs.update(os.path.realpath(t) for t in tok if t.startswith("/"))
        return libs

    def pss_shared_with_cli():
        """The child's Pss in mappings of the CLI's libraries (libc, libm, ld.so, ...). While
        the CLI runs, each of those resident pages has one more mapper: its share p/N becomes
        p/(N+1), a drop of at most half of it. So the child's Pss seen by the CLI may be
        below the readings before and after by up to half of this sum, never more."""
        libs = cli_libraries()
        total, mapped = 0, False
        for line in read("/proc/%d/smaps" % pid).splitlines():
            tok = line.split()
            if tok and "-" in tok[0] and not tok[0].endswith(":"):
                mapped = len(tok) >= 6 and os.path.realpath(tok[5]) in libs
            elif mapped and tok and tok[0] == "Pss:":
                total += int(tok[1]) * 1024
        return total

    def check_footprint(v, before, roll):
        """uss, pss and swap against smaps_rollup read before and after (64 kB of slack, and
        for pss below, half the Pss the child shares with the CLI's libraries)."""
        uss = sum(val for k, val in roll.items() if k.startswith("Private_"))
        check(abs(v["uss"] - uss) <= 64 * 1024, "uss %r, smaps_rollup %r" % (v["uss"], uss))
        lo, hi = sorted((before["Pss"], roll["Pss"]))
        shared = pss_shared_with_cli()
        check(lo - shared // 2 - 64 * 1024 <= v["pss"] <= hi + 64 * 1024,
              "pss %r vs smaps_rollup %r..%r (%r of it shared with the CLI's libraries)"
              % (v["pss"], lo, hi, shared))
        check(v["swap"] == roll["Swap"], "swap %r vs %r" % (v["swap"], roll["Swap"]))

    def t_memory_full_info():
        before, v, roll = bracketed(rollup, "memory_full_info", lambda a, b: a["Pss"] == b["Pss"])
        check(list(v) == ["rss", "vms", "shared", "text", "data", "uss", "pss", "swap"],
              "memory_full_info fields %r" % list(v))
        check_footprint(v, before, roll)
        if pp:
            m = pp.memory_full_info()
            check(abs(v["uss"] - m.uss) <= 64 * 1024, "uss %r, psutil %r" % (v["uss"], m.uss))

    def t_memory_info_ex():
        # psutil 8's pmem_ex: memory_info's fields, then the status lines (kB * 1024).
        _, v, after = bracketed(status_kb, "memory_info_ex", lambda a, b: a == b)
        check(list(v) == ["rss", "vms", "shared", "text", "data", "peak_rss", "peak_vms",
                          "rss_anon", "rss_file", "rss_shmem", "swap", "hugetlb"],
              "memory_info_ex fields %r" % list(v))
        for f, k in (("peak_rss", "VmHWM"), ("peak_vms", "VmPeak"), ("rss_anon", "RssAnon"),
                     ("rss_file", "RssFile"), ("rss_shmem", "RssShmem"), ("swap", "VmSwap"),
                     ("hugetlb", "HugetlbPages")):
            check(v[f] == after.get(k), "memory_info_ex.%s %r, status %s %r"
                  % (f, v[f], k, after.get(k)))
        check(v["rss"] == after["VmRSS"], "memory_info_ex.rss %r vs VmRSS" % v["rss"])

    def t_memory_footprint():
        before, v, roll = bracketed(rollup, "memory_footprint", lambda a, b: a == b)
        check(list(v) == ["uss", "pss", "swap"], "memory_footprint fields %r" % list(v))
        # The CLI maps the libraries the child maps while it runs: the child's Pss (and a
        # private clean page become shared) moves during that run, however still the readings
        # before and after are. check_footprint allows for it (half the Pss shared with them).
        check_footprint(v, before, roll)

    def t_memory_percent():
        total = None
        for line in read("/proc/meminfo").splitlines():
            if line.startswith("MemTotal:"):
                total = int(line.split()[1]) * 1024
        v = pjson("memory_percent", pid)
        rss = statm()[1]
        check(abs(v - rss * 100.0 / total) < 0.01, "memory_percent %r, statm %r" % (v, rss))
        v = pjson("memory_percent", pid, "--memtype", "vms")
        check(abs(v - statm()[0] * 100.0 / total) < 0.01, "memory_percent --memtype vms %r" % v)

    def t_memory_maps():
        blocks = smaps_blocks(pid)
        v = pjson("memory_maps", pid, "--no-grouped")
        check(len(v) == len(blocks), "memory_maps --no-grouped: %d entries, smaps %d"
              % (len(v), len(blocks)))
        check(all(list(m)[:3] == ["addr", "perms", "path"] for m in v), "pmmap_ext fields")
        check([m["addr"] for m in v] == [b[0] for b in blocks], "memory_maps addresses")
        check([m["path"] for m in v] == [b[2] for b in blocks], "memory_maps paths")
        check(sum(m["size"] for m in v) == sum(b[3].get("Size", 0) for b in blocks),
              "memory_maps sizes")
        g = pjson("memory_maps", pid)
        fields = ["path", "rss", "size", "pss", "shared_clean", "shared_dirty", "private_clean",
                  "private_dirty", "referenced", "anonymous", "swap"]
        check(all(list(m) == fields for m in g), "pmmap_grouped fields")
        seen = []
        for b in blocks:
            if b[2] not in seen:
                seen.append(b[2])
        check([m["path"] for m in g] == seen, "memory_maps grouped paths in first-seen order")
        if pp:
            check([m["path"] for m in g] == [m.path for m in pp.memory_maps()],
                  "memory_maps paths vs psutil")

    def t_page_faults():
        a = stat_fields(pid)
        v = pjson("page_faults", pid)
        b = stat_fields(pid)
        check(list(v) == ["minor", "major"], "page_faults fields")
        check(int(a[7]) <= v["minor"] <= int(b[7]) and int(a[9]) <= v["major"] <= int(b[9]),
              "page_faults %r" % v)

    def t_open_files():
        v = pjson("open_files", pid)
        mine = [f for f in v if f["path"] == c.file]
        if check(len(mine) == 1, "open_files has %s: %r" % (c.file, v)):
            f = mine[0]
            check(list(f) == ["path", "fd", "position", "mode", "flags"], "popenfile fields")
            check(os.readlink("/proc/%d/fd/%d" % (pid, f["fd"])) == c.file, "open_files fd")
            check(f["position"] == 100 and f["mode"] == "w", "open_files position/mode %r" % f)
        if pp:
            check(sorted((f["path"], f["fd"]) for f in v) ==
                  sorted((f.path, f.fd) for f in pp.open_files()), "open_files vs psutil")

    def t_net_connections():
        v = pjson("net_connections", pid)
        want = [x for x in v if x["laddr"] == {"ip": "127.0.0.1", "port": c.port}]
        if check(len(want) == 1, "net_connections has the listening socket: %r" % v):
            x = want[0]
            check(list(x) == ["fd", "family", "type", "laddr", "raddr", "status"],
                  "pconn fields %r" % list(x))
            check(x["status"] == "LISTEN" and x["family"] == "AF_INET" and x["raddr"] is None,
                  "net_connections %r" % x)
        check(pjson("net_connections", pid, "--kind", "udp") == [], "--kind udp: none")

    def t_parent():
        v = pjson("parent", pid)
        check(v == {"pid": os.getpid(), "name": read("/proc/self/comm").strip()},
              "parent %r" % v)

    def t_parents():
        v = pjson("parents", pid)
        check(v and v[0]["pid"] == os.getpid(), "parents starts with the test: %r" % v)
        if pp:
            check([x["pid"] for x in v] == [x.pid for x in pp.parents()], "parents vs psutil")

    def t_children():
        v = pjson("children", os.getpid())
        check(pid in [x["pid"] for x in v], "children of the test include the child: %r" % v)
        v = pjson("children", os.getpid(), "--recursive")
        check(pid in [x["pid"] for x in v], "children --recursive include the child")
        check(pjson("children", pid) == [], "the child has no children")

    def t_is_running():
        check(pjson("is_running", pid) is True, "is_running")

    def t_as_dict():
        v = pjson("as_dict", pid, "--attrs", "pid,name,ppid,memory_info")
        check(list(v) == ["pid", "ppid", "name", "memory_info"], "as_dict --attrs keys %r" % list(v))
        check(v["pid"] == pid and v["ppid"] == os.getpid(), "as_dict values %r" % v)
        v = pjson("as_dict", pid)
        names = ["pid", "ppid", "name", "exe", "cmdline", "environ", "create_time", "status",
                 "cwd", "username", "uids", "gids", "terminal", "nice", "ionice", "io_counters",
                 "num_ctx_switches", "num_fds", "num_threads", "threads", "cpu_times",
                 "cpu_percent", "cpu_num", "cpu_affinity", "memory_info", "memory_full_info",
                 "memory_percent", "memory_maps", "page_faults", "open_files", "net_connections"]
        check(sorted(v) == sorted(names), "as_dict keys %r" % sorted(v))
        check(v.get("cmdline") == c.argv and v.get("environ") == c.env, "as_dict cmdline/environ")
        if pp:
            d = pp.as_dict()
            for k in ("pid", "ppid", "name", "exe", "cmdline", "status", "cwd", "username",
                      "num_threads", "num_fds", "terminal", "nice"):
                check(v.get(k) == d[k], "as_dict %s %r, psutil %r" % (k, v.get(k), d[k]))

    return {"ppid": t_ppid, "name": t_name, "exe": t_exe, "cmdline": t_cmdline,
            "environ": t_environ, "create_time": t_create_time, "status": t_status, "cwd": t_cwd,
            "username": t_username, "uids": lambda: ids("Uid", "uids"),
            "gids": lambda: ids("Gid", "gids"), "terminal": t_terminal, "nice": t_nice,
            "ionice": t_ionice, "rlimit": t_rlimit, "io_counters": t_io_counters,
            "num_ctx_switches": t_ctx, "num_fds": t_num_fds, "num_threads": t_num_threads,
            "threads": t_threads, "cpu_times": t_cpu_times, "cpu_percent": t_cpu_percent,
            "cpu_num": t_cpu_num, "cpu_affinity": t_cpu_affinity, "memory_info": t_memory_info,
            "memory_full_info": t_memory_full_info, "memory_info_ex": t_memory_info_ex,
            "memory_footprint": t_memory_footprint, "memory_percent": t_memory_percent,
            "memory_maps": t_memory_maps, "page_faults": t_page_faults,
            "open_files": t_open_files, "net_connections": t_net_connections,
            "parent": t_parent, "parents": t_parents, "children": t_children,
            "is_running": t_is_running, "as_dict": t_as_dict}


def test_text_forms(child):
    """The readable form: one line for a scalar, `field: value` lines for an object."""
    c = child
    rc, out, err = run("process", "name", "--pid", str(c.pid))
    check(rc == 0 and out == read("/proc/%d/comm" % c.pid), "process name text %r" % out)
    rc, out, err = run("process", "memory_info", "--pid", str(c.pid))
    if rc == 0:
        check(re.search(r"^rss: +\d+", out, re.M) is not None, "memory_info text %r" % out)


# ---- errors --------------------------------------------------------------------------------
def free_pid():
    pid_max = int(read("/proc/sys/kernel/pid_max"))
    for pid in range(pid_max - 1, 1, -1):
        if not os.path.exists("/proc/%d" % pid):
            return pid
    raise AssertionError("no free PID")


def test_errors(child):
    for args, why in [(["process", "name"], "no --pid"),
                      (["process", "name", "--pid", "abc"], "--pid not a number"),
                      (["process", "name", "--pid", "-3"], "negative --pid"),
                      (["process", "name", "--pid"], "--pid without a value"),
                      (["process", "name", "--pid", "1x"], "--pid 1x"),
                      # Beyond pid_t (a C int): a usage error, however large.
                      (["process", "name", "--pid", "2147483648"], "--pid INT_MAX + 1"),
                      (["process", "name", "--pid", "4294967297"], "--pid 2**32 + 1"),
                      (["process", "name", "--pid", "99999999999999999999"], "--pid beyond long"),
                      (["pstree", "--pid", "4294967297"], "pstree --pid 2**32 + 1"),
                      (["process", "nosuchmethod", "--pid", "1"], "unknown method"),
                      (["process"], "no method"),
                      (["process", "rlimit", "--pid", "1"], "rlimit without --resource"),
                      (["process", "rlimit", "--pid", "1", "--resource", "NOPE"], "bad resource"),
                      (["process", "memory_percent", "--pid", "1", "--memtype", "x"],
                       "bad memtype"),
                      (["process", "name", "--pid", "1", "--recursive"], "option not taken"),
                      (["process", "as_dict", "--pid", "1", "--attrs", "name,bogus"],
                       "unknown attribute"),
                      (["pmap"], "pmap without --pid"),
                      (["ps", "--bogus", "1"], "ps --bogus"),
                      (["top", "--interval", "-1"], "top negative interval")]:
        rc, out, err = run(*args)
        check(rc == 2, "%s: exit %d, expected 2 (%r)" % (why, rc, err))
        check(err.count("\n") == 1 and err.startswith("psinfo: ") and "--help" in err,
              "%s: one stderr line with a hint to --help: %r" % (why, err))
    gone = free_pid()
    for args in (["process", "name", "--pid", str(gone)], ["pmap", "--pid", str(gone)],
                 ["process", "cmdline", "--pid", str(gone), "--json"]):
        rc, out, err = run(*args)
        check(rc == 1 and out == "", "%s: exit %d, expected 1" % (" ".join(args), rc))
        check(err.count("\n") == 1 and str(gone) in err and
              ("not found" in err or "no longer exists" in err),
              "%s: psutil-like message %r" % (" ".join(args), err))
    # --help everywhere, within 80 columns.
    rc, out, _ = run("process", "--help")
    check(rc == 0 and "methods:" in out, "process --help")
    methods = re.findall(r"^  (\w+) ", out.split("methods:")[1], re.M) if "methods:" in out else []
    check(len(methods) == 46, "process --help lists 46 methods: %r" % methods)
    for args in [["process", "--help"], ["ps", "--help"], ["pstree", "--help"], ["top", "--help"],
                 ["iotop", "--help"], ["pmap", "--help"], ["--help"]] + \
            [["process", m, "--help"] for m in methods]:
        rc, out, _ = run(*args)
        check(rc == 0 and all(len(l) <= 80 for l in out.splitlines()),
              "psinfo %s: exit %d, within 80 columns" % (" ".join(args), rc))
    for m, opt in (("rlimit", "--resource"), ("memory_maps", "--no-grouped"),
                   ("children", "--recursive"), ("cpu_percent", "--interval"),
                   ("memory_percent", "--memtype"), ("net_connections", "--kind"),
                   ("as_dict", "--attrs")):
        check(opt in run("process", m, "--help")[1], "process %s --help names %s" % (m, opt))
    # The resources --resource takes: psutil's RLIMIT_ constants (or, without psutil, Python's
    # resource module but for RLIMIT_OFILE, BSD's alias of NOFILE), shown under the option,
    # each line indented to its text.
    out = run("process", "rlimit", "--help")[1]
    listed = out.split("any case):\n")[1].split("\n--")[0].splitlines() if "any case):\n" in out else []
    check(listed and all(l.startswith(" " * 14) and l[14] != " " for l in listed),
          "process rlimit --help: resources indented 14 columns: %r" % listed)
    want = {n for n in dir(psutil or resource) if n.startswith("RLIMIT_")} - {"RLIMIT_OFILE"}
    check(want and want <= set(" ".join(listed).split()),
          "process rlimit --help lists %r: %r" % (sorted(want), listed))
    rc, out, _ = run("--help")
    for name in ("process", "ps", "pstree", "top", "iotop", "pmap"):
        check(re.search(r"^  %s " % name, out, re.M) is not None, "psinfo --help lists %s" % name)


def test_access_denied(child):
    """Another user's environ. As root, the CLI is run as nobody on the subject."""
    if os.getuid() == 0 and shutil.which("setpriv"):
        cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", cli_path(),
               "process", "environ", "--pid", str(child.pid)]
    else:
        cmd = [cli_path(), "process", "environ", "--pid", "1"]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
    if p.stderr.startswith("setpriv:"):  # e.g. the build tree is not reachable for nobody
        pytest.skip("access denied as nobody: " + p.stderr.strip())
    check(p.returncode == 1 and p.stderr.count("\n") == 1 and
          re.search(r"denied|permission", p.stderr, re.I) is not None,
          "access denied: exit %d, %r" % (p.returncode, p.stderr))


# ---- the commands --------------------------------------------------------------------------
def scan_command(args, what, env=None):
    rc, out, err = run(*args, env=env)
    check(rc == 0, "%s: exit %d %r" % (what, rc, err))
    return out if rc == 0 else None


def test_ps(child):
    c = child
    out = scan_command(["ps"], "ps")
    if out is None:
        return
    lines = out.splitlines()
    check(lines[0].split() == ["USER", "PID", "%MEM", "VSZ", "RSS", "NICE", "STATUS", "START",
                               "TIME", "CMDLINE"], "ps header %r" % lines[0])
    cmd = " ".join(c.argv)
    mine = [l for l in lines[1:] if len(l.split()) > 1 and l.split()[1] == str(c.pid)]
    if check(len(mine) == 1, "ps has one line for the child %d" % c.pid):
        line = mine[0]
        # Control characters (the child's script has newlines) show as '?', as ps(1) does.
        shown = "".join("?" if ord(ch) < 0x20 or ch == "\x7f" else ch for ch in cmd)
        check(line.endswith(shown), "ps line ends with the cmdline: %r" % line)
        check(line.startswith(pwd.getpwuid(os.getuid()).pw_name[:9]), "ps USER: %r" % line)
        check(" sleeping " in line, "ps STATUS (not cut): %r" % line)
    pids = {int(l.split()[1]) for l in lines[1:] if len(l.split()) > 1}
    check(os.getpid() in pids and 1 in pids, "ps lists the test and PID 1")
    out = scan_command(["ps"], "ps with COLUMNS=80", env={"COLUMNS": "80"})
    if out:
        check(all(len(l) <= 80 for l in out.splitlines()), "ps with COLUMNS=80 fits 80 columns")


def parse_tree(text):
    """[(depth, pid, name)] from pstree.py's drawing."""
    out = []
    for line in text.splitlines():
        m = re.match(r"^((?:[| ] )*)(?:[|`][-_] )?(\d+) (.*)$", line)
        if not m:
            return None
        prefix = len(line) - len(line.lstrip("|`-_ "))
        # "|- " / "`_ " after 2 columns per level above: prefix 3 is depth 1, 5 depth 2, ...
        out.append(((prefix - 1) // 2 if prefix else 0, int(m.group(2)), m.group(3)))
    return out


def test_pstree(child):
    c = child
    out = scan_command(["pstree"], "pstree")
    if out is None:
        return
    tree = parse_tree(out)
    if not check(tree is not None, "pstree lines are 'PID name' drawings: %r" % out[:300]):
        return
    check(tree[0][:2] == (0, 0), "pstree root is 0: %r" % (tree[0],))
    parent_of = {}
    stack = []
    for depth, pid, name in tree:
        del stack[depth:]
        if stack:
            parent_of[pid] = stack[-1]
        stack.append(pid)
    check(parent_of.get(c.pid) == os.getpid(),
          "pstree shows the child %d under the test %d (got %r)"
          % (c.pid, os.getpid(), parent_of.get(c.pid)))
    mine = [l for l in out.splitlines() if re.search(r"\b(%d|%d) " % (os.getpid(), os.getppid()), l)]
    check(parent_of.get(os.getpid()) == os.getppid(),
          "pstree: the test %d under its parent %d (got %r; lines %r)"
          % (os.getpid(), os.getppid(), parent_of.get(os.getpid()), mine))
    names = {pid: name for _, pid, name in tree}
    check(names.get(c.pid) == read("/proc/%d/comm" % c.pid).strip(), "pstree child name")
    out = scan_command(["pstree", "--pid", str(os.getpid())], "pstree --pid")
    if out:
        t = parse_tree(out)
        check(t and t[0][1] == os.getpid() and c.pid in [x[1] for x in t],
              "pstree --pid TEST: rooted at the test, with the child: %r" % out)


def test_top_iotop(child):
    c = child
    env = {"COLUMNS": "80", "LINES": ""}
    out = scan_command(["top", "--once", "--interval", "0.2"], "top --once", env=env)
    if out is not None:
        lines = out.splitlines()
        check(all(len(l) <= 80 for l in lines),
              "top --once fits 80 columns: %r" % [l for l in lines if len(l) > 80])
        head = [l for l in lines if l.split()[:2] == ["PID", "USER"]]
        check(len(head) == 1 and head[0].split() ==
              ["PID", "USER", "NI", "VIRT", "RES", "CPU%", "MEM%", "TIME+", "NAME"],
              "top header %r" % head)
        check(re.search(r"^%d " % c.pid, out, re.M) is not None, "top lists the child")
        ncpu = len(os.sched_getaffinity(0)) if False else os.cpu_count()
        check(len(re.findall(r"CPU\d+ ", out)) == ncpu, "top: one bar per CPU")
        check(re.search(r"^ Mem ", out, re.M) and re.search(r"^ Processes: \d+ \(", out, re.M),
              "top: Mem and Processes lines")
        # The rows are sorted by CPU%.
        start = lines.index(head[0]) + 1 if head else len(lines)
        cpus = []
        for l in lines[start:]:
            f = l[7 + 1 + 8 + 1 + 4 + 1 + 6 + 1 + 6 + 1:][:5].strip()
            cpus.append(float(f) if f else 0.0)
        check(cpus == sorted(cpus, reverse=True), "top sorted by CPU%%: %r" % cpus[:10])
    out = scan_command(["top", "--once", "--interval", "0.2"], "top --once LINES=24",
                       env={"COLUMNS": "80", "LINES": "24"})
    if out is not None:
        check(len(out.splitlines()) <= 24, "top --once with LINES=24: %d lines"
              % len(out.splitlines()))
    out = scan_command(["iotop", "--once", "--interval", "0.2"], "iotop --once", env=env)
    if out is not None:
        lines = out.splitlines()
        check(all(len(l) <= 80 for l in lines), "iotop --once fits 80 columns")
        check(lines and lines[0].startswith("Total DISK READ: "), "iotop first line %r" % lines[:1])
        check(any(l.split()[:3] == ["PID", "USER", "DISK"] for l in lines), "iotop header")
        check(re.search(r"^%d " % c.pid, out, re.M) is not None, "iotop lists the child (own)")


def test_top_tmux():
    tmux = shutil.which("tmux")
    if not tmux:
        pytest.skip("top through tmux: tmux is not installed")
    for key, label in (("q", "q"), ("C-c", "Ctrl-C")):
        # A server of its own per run (-L), ended in `finally` whatever happens.
        base = [tmux, "-L", "psinfo-test-%d-%s" % (os.getpid(), label), "-f", "/dev/null"]
        try:
            p = subprocess.run(base + ["new-session", "-d", "-x", "80", "-y", "24",
                                       "%s top --interval 0.3; echo EXIT=$?; sleep 30" % cli_path()],
                               capture_output=True, text=True, timeout=10)
            if not check(p.returncode == 0, "tmux new-session: %r" % p.stderr):
                continue

            def screen():
                return subprocess.run(base + ["capture-pane", "-p"], capture_output=True,
                                      text=True, timeout=10).stdout

            def wait_for(pred, seconds=10):
                end = time.time() + seconds
                while time.time() < end:
                    s = screen()
                    if pred(s):
                        return s
                    time.sleep(0.1)
                return screen()

            s = wait_for(lambda s: ("PID" in s and "CPU%" in s) or "EXIT=" in s)
            check("PID" in s and " Mem " in s, "top in tmux draws its screen: %r" % s[:400])
            rows = s.splitlines()
            check(all(len(l) <= 80 for l in rows) and len(rows) <= 24, "top fits the 80x24 pane")
            subprocess.run(base + ["send-keys", key], capture_output=True, timeout=10)
            s = wait_for(lambda s: "EXIT=" in s)
            check("EXIT=0" in s, "top quits on %s with status 0: %r" % (label, s[:400]))
            check("CPU%" not in s, "the terminal is restored after %s: %r" % (label, s[:400]))
        finally:
            subprocess.run(base + ["kill-server"], capture_output=True, timeout=10)


def test_pmap(child):
    c = child
    # Laid out as procps pmap -x (compared with it byte for byte in test_cli_pmap.py); here,
    # against smaps read directly.
    out = scan_command(["pmap", "--pid", str(c.pid)], "pmap")
    if out is None:
        return
    blocks = smaps_blocks(c.pid)
    lines = out.splitlines()
    check(lines[0].startswith("%d:   " % c.pid), "pmap first line %r" % lines[0])
    check(lines[1].split() == ["Address", "Kbytes", "RSS", "Dirty", "Mode", "Mapping"],
          "pmap header %r" % lines[1])
    rows = lines[2:-2]
    check(len(rows) == len(blocks), "pmap: %d rows, smaps has %d mappings"
          % (len(rows), len(blocks)))
    check([r.split()[0] for r in rows] == [b[0].split("-")[0].zfill(16) for b in blocks],
          "pmap addresses")
    check(lines[-2] == "---------------- ------- ------- ------- ", "pmap rule %r" % lines[-2])
    kb = lambda key: sum(b[3].get(key, 0) for b in blocks) // 1024  # noqa: E731
    dirty = kb("Shared_Dirty") + kb("Private_Dirty")
    check(lines[-1].split() == ["total", "kB", str(kb("Size")), str(kb("Rss")), str(dirty)],
          "pmap total %r, smaps %d %d %d" % (lines[-1], kb("Size"), kb("Rss"), dirty))

