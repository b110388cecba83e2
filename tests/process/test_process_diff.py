"""psinfo's process methods against psutil 5.9.4 on the same PIDs: children made here (odd
names, exec'd argv with non-UTF-8 bytes, a zombie, a stopped child, threads, a deleted exe)
and PID 1. Known psutil 5.9.4 vs 8 differences are named where they apply.

usage: test_process_diff.py PROCESS_JSON
"""
import ctypes
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import psutil

JSON = sys.argv[1]
failures = []
checks = 0


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def raw(s):
    """psinfo's JSON strings carry bytes as \\u00XX; psutil's use surrogateescape."""
    return s.encode("latin-1")


def praw(s):
    return s.encode("utf-8", "surrogateescape")


def wait_state(pid, states, timeout=5):
    end = time.time() + timeout
    while time.time() < end:
        try:
            with open(f"/proc/{pid}/stat", "rb") as f:
                data = f.read()
            if chr(data[data.rfind(b")") + 2]) in states:
                return True
        except OSError:
            pass
        time.sleep(0.005)
    return False


def ours(pids):
    out = subprocess.run([JSON] + [str(p) for p in pids], capture_output=True, check=True)
    return {d["pid"]: d for d in map(json.loads, out.stdout.decode("ascii").splitlines())}


def err_kind(e):
    if isinstance(e, psutil.ZombieProcess):
        return "zombie_process"
    if isinstance(e, psutil.NoSuchProcess):
        return "no_such_process"
    if isinstance(e, psutil.AccessDenied):
        return "access_denied"
    return "error"


def compare(pid, mine, label, zombie=False, moving=False):
    p = psutil.Process(pid)

    def theirs(method):
        try:
            return getattr(p, method)()
        except Exception as e:  # noqa: BLE001
            return {"error": err_kind(e)}

    def same(method, conv_ours=lambda v: v, conv_theirs=lambda v: v, tol=None):
        a, b = mine[method], theirs(method)
        if isinstance(a, dict) and "error" in a or isinstance(b, dict) and "error" in b:
            check(a == b, f"{label} pid {pid} {method}: psinfo {a!r} psutil {b!r}")
            return
        a, b = conv_ours(a), conv_theirs(b)
        if tol is None:
            check(a == b, f"{label} pid {pid} {method}: psinfo {a!r} psutil {b!r}")
        else:
            ok = all(abs(x - y) <= tol for x, y in zip(a, b)) and len(a) == len(b)
            check(ok, f"{label} pid {pid} {method}: psinfo {a!r} psutil {b!r}")

    same("ppid")
    same("name", raw, praw)
    same("status")
    same("username")
    same("uids", list, list)
    same("gids", list, list)
    same("terminal")
    same("num_threads")
    same("create_time", lambda v: [v], lambda v: [v], tol=1e-6)
    same("cpu_times",
         lambda v: [v["user"], v["system"], v["children_user"], v["children_system"]],
         lambda v: list(v[:4]), tol=0.05 if moving else 1e-9)
    # psutil 5.9.4 memory_info has 7 fields (lib, dirty too); psutil 8 / psinfo: 5.
    if not moving:
        same("memory_info", lambda v: [v["rss"], v["vms"], v["shared"], v["text"], v["data"]],
             lambda v: [v.rss, v.vms, v.shared, v.text, v.data])
        same("io_counters", list, list)
        same("num_ctx_switches", list, list)
        same("num_fds")
        same("threads", lambda v: [t[0] for t in v], lambda v: [t.id for t in v])
    if zombie:
        # psutil 8 raises ZombieProcess; 5.9.4 returns [] and "" (named difference)
        check(mine["cmdline"] == {"error": "zombie_process"} and p.cmdline() == [],
              f"{label} zombie cmdline: {mine['cmdline']} / 5.9.4 {p.cmdline()}")
        check(mine["exe"] == {"error": "zombie_process"} and p.exe() == "",
              f"{label} zombie exe: {mine['exe']}")
        check(mine["cwd"] == {"error": "zombie_process"}, f"{label} zombie cwd: {mine['cwd']}")
    else:
        same("cmdline", lambda v: [raw(x) for x in v], lambda v: [praw(x) for x in v])
        same("exe", raw, praw)
        same("cwd", raw, praw)
        same("environ", lambda v: {raw(k): raw(x) for k, x in v.items()},
             lambda v: {praw(k): praw(x) for k, x in v.items()})


def main():
    tmp = tempfile.mkdtemp(prefix="psinfo-diff-")
    kids = []
    try:
        # exec'd argv with non-UTF-8 bytes and spaces; long exe name
        longexe = os.path.join(tmp, "averyveryverylongname")
        shutil.copy("/bin/sleep", longexe)
        kids.append(("long name", subprocess.Popen([longexe, "1000"])))
        kids.append(("odd argv", subprocess.Popen([b"sl\xffeep x) (y", b"1000"],
                                                  executable="/bin/sleep", cwd=tmp,
                                                  env={"A": "1", "B\xe9": "x=y"})))
        # deleted exe
        delexe = os.path.join(tmp, "del me")
        shutil.copy("/bin/sleep", delexe)
        kids.append(("deleted exe", subprocess.Popen([delexe, "1000"])))
        # threads
        kids.append(("threads", subprocess.Popen(
            [sys.executable, "-c",
             "import threading,time\n"
             "for _ in range(3): threading.Thread(target=time.sleep, args=(1000,), daemon=True).start()\n"
             "time.sleep(1000)"])))
        # stopped
        stopped = subprocess.Popen(["/bin/sleep", "1000"])
        kids.append(("stopped", stopped))
        # odd names through prctl(PR_SET_NAME)
        named = {}
        libc = ctypes.CDLL(None, use_errno=True)
        for nm in [b"a b", b"x)y (z", b"new\nline", b"\xff\xfe bad", b"abcdefghijklmnopq"]:
            pid = os.fork()
            if pid == 0:
                libc.prctl(15, ctypes.c_char_p(nm), 0, 0, 0)
                signal.pause()
                os._exit(0)
            named[pid] = nm
        # zombie
        zpid = os.fork()
        if zpid == 0:
            os._exit(0)

        for _, k in kids:
            wait_state(k.pid, "S")
        os.unlink(delexe)
        for pid in named:
            wait_state(pid, "S")
        stopped.send_signal(signal.SIGSTOP)
        check(wait_state(stopped.pid, "T"), "stopped child")
        check(wait_state(zpid, "Z"), "zombie child")
        if kids[3][1].pid:
            end = time.time() + 5
            while psutil.Process(kids[3][1].pid).num_threads() < 4 and time.time() < end:
                time.sleep(0.01)

        pids = [k.pid for _, k in kids] + list(named) + [zpid, 1]
        mine = ours(pids)
        for label, k in kids:
            compare(k.pid, mine[k.pid], label)
        for pid, nm in named.items():
            compare(pid, mine[pid], f"prctl {nm!r}")
        compare(zpid, mine[zpid], "zombie", zombie=True)
        compare(1, mine[1], "pid 1", moving=True)
        check(mine[stopped.pid]["status"] == "stopped", "stopped status")
        check(mine[kids[2][1].pid]["exe"].endswith("del me"), "deleted exe path")
        check(raw(mine[kids[0][1].pid]["name"]) == b"averyveryverylongname", "long name")
        check(len(mine[kids[3][1].pid]["threads"]) == 4, "threads count")

        # the bulk snapshot vs psutil.process_iter with the same attrs, for our children
        attrs = ["pid", "name", "username", "cpu_times", "memory_info", "status",
                 "num_threads", "cmdline"]
        out = subprocess.run([JSON, "--snapshot"], capture_output=True, check=True)
        snap = {d["pid"]: d for d in map(json.loads, out.stdout.decode("ascii").splitlines())}
        theirs = {p.info["pid"]: p.info for p in psutil.process_iter(attrs)}
        for pid in pids:
            if pid == 1:
                continue
            a, b = snap.get(pid), theirs.get(pid)
            check(a is not None and b is not None, f"snapshot has pid {pid}")
            if a is None or b is None:
                continue
            check(raw(a["name"]) == praw(b["name"]), f"snapshot {pid} name {a['name']!r}")
            check(a["username"] == b["username"], f"snapshot {pid} username")
            check(a["status"] == b["status"], f"snapshot {pid} status")
            check(a["num_threads"] == b["num_threads"], f"snapshot {pid} num_threads")
            check(a["memory_info"]["rss"] == b["memory_info"].rss, f"snapshot {pid} rss")
            if pid == zpid:  # psutil 8: ZombieProcess -> None; 5.9.4: []
                check(a["cmdline"] is None and b["cmdline"] == [], f"snapshot zombie cmdline")
            else:
                check([raw(x) for x in a["cmdline"]] == [praw(x) for x in b["cmdline"]],
                      f"snapshot {pid} cmdline")
    finally:
        for _, k in kids:
            k.kill()
            k.wait()
        for pid in list(locals().get("named", {})) + ([locals()["zpid"]] if "zpid" in locals() else []):
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
            os.waitpid(pid, 0)
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"{checks - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
