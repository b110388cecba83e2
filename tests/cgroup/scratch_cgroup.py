"""A scratch cgroup for the live test and the fixture recorder: a child of the calling
process's own cgroup in each hierarchy that has a controller it limits (v1: cpu, cpuacct,
memory, pids, blkio; v2: the unified hierarchy with cpu, memory, pids and io enabled), with a
CPU quota, a memory limit, a pids limit and a read bandwidth limit on one disk. Processes are
started inside it (moved in before they exec). Removed again on close(), its processes killed.

Found from /proc/self/mountinfo and /proc/self/cgroup, read here (not by psinfo).
"""

import os
import signal
import subprocess
import time

V1_CONTROLLERS = ("cpu", "cpuacct", "memory", "pids", "blkio")


def mounts():
    """[(fstype, root, mount point, super options)] of the cgroup mounts."""
    out = []
    with open("/proc/self/mountinfo") as f:
        for line in f:
            left, _, right = line.partition(" - ")
            fields, rest = left.split(), right.split()
            if len(fields) < 5 or len(rest) < 3 or rest[0] not in ("cgroup", "cgroup2"):
                continue
            unescape = lambda s: s.encode().decode("unicode_escape")  # \040 -> ' '
            out.append((rest[0], unescape(fields[3]), unescape(fields[4]), rest[2].split(",")))
    return out


def own_cgroups():
    """{controllers ("" for v2): path} of the calling process."""
    out = {}
    with open("/proc/self/cgroup") as f:
        for line in f:
            _, ctl, path = line.rstrip("\n").split(":", 2)
            out[ctl] = path
    return out


def disk_device():
    """MAJ:MIN of a whole disk (not a loop, ram or zram device), or None."""
    try:
        names = sorted(os.listdir("/sys/block"))
    except OSError:
        return None
    for n in names:
        if n.startswith(("loop", "ram", "zram")):
            continue
        try:
            with open("/sys/block/%s/dev" % n) as f:
                return f.read().strip()
        except OSError:
            continue
    return None


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


class ScratchCgroup:
    def __init__(self, name, quota_us=50000, period_us=100000, memory=100 * 1024 * 1024,
                 pids=64):
        self.name = name
        self.quota_us, self.period_us, self.memory, self.pids = quota_us, period_us, memory, pids
        self.device = disk_device()
        self.dirs = {}  # controller -> directory of the scratch cgroup
        self.version = None
        self.reason = None
        self.procs = []

    def _where(self, fstype, controller, mine):
        """The directory of the calling process's cgroup in that hierarchy, or None."""
        for typ, root, mp, opts in mounts():
            if typ != fstype or (controller and controller not in opts):
                continue
            for ctl, path in mine.items():
                if (fstype == "cgroup2") != (ctl == "") or (controller and
                                                           controller not in ctl.split(",")):
                    continue
                if root == "/":
                    rel = path
                elif path == root or path.startswith(root + "/"):
                    rel = path[len(root):] or "/"
                else:
                    continue
                return os.path.join(mp, rel.lstrip("/"))
        return None

    def open(self):
        """True when made; else self.reason says why not."""
        if os.geteuid() != 0:
            self.reason = "not root: the cgroupfs is not writable"
            return False
        mine = own_cgroups()
        v1 = {c: self._where("cgroup", c, mine) for c in V1_CONTROLLERS}
        try:
            if v1.get("cpu") and v1.get("memory"):
                self.version = "v1"
                made = {}  # co-mounted controllers (cpu,cpuacct) share one directory
                for c, parent in v1.items():
                    if parent is None:
                        continue
                    if parent not in made:
                        made[parent] = os.path.join(parent, self.name)
                        os.mkdir(made[parent])
                    self.dirs[c] = made[parent]
                cpu, mem = self.dirs["cpu"], self.dirs["memory"]
                write(os.path.join(cpu, "cpu.cfs_period_us"), str(self.period_us))
                write(os.path.join(cpu, "cpu.cfs_quota_us"), str(self.quota_us))
                write(os.path.join(mem, "memory.limit_in_bytes"), str(self.memory))
                if "pids" in self.dirs:
                    write(os.path.join(self.dirs["pids"], "pids.max"), str(self.pids))
                if "blkio" in self.dirs and self.device:
                    write(os.path.join(self.dirs["blkio"], "blkio.throttle.read_bps_device"),
                          "%s %d" % (self.device, 8 * 1024 * 1024))
                return True
            parent = self._where("cgroup2", "", mine)
            if parent is None:
                self.reason = "no writable cpu and memory controllers (v1 or v2) mounted"
                return False
            self.version = "v2"
            with open(os.path.join(parent, "cgroup.controllers")) as f:
                have = f.read().split()
            if "cpu" not in have or "memory" not in have:
                self.reason = "the unified hierarchy has no cpu and memory controllers here"
                return False
            want = [c for c in ("cpu", "memory", "pids", "io") if c in have]
            # Fails (EBUSY) when the parent holds processes and is not the root: the "no
            # internal process" rule.
            write(os.path.join(parent, "cgroup.subtree_control"),
                  " ".join("+" + c for c in want))
            d = os.path.join(parent, self.name)
            os.mkdir(d)
            for c in want + ["cpuacct"]:
                self.dirs[c] = d
            write(os.path.join(d, "cpu.max"), "%d %d" % (self.quota_us, self.period_us))
            write(os.path.join(d, "memory.max"), str(self.memory))
            if "pids" in want:
                write(os.path.join(d, "pids.max"), str(self.pids))
            if "io" in want and self.device:
                write(os.path.join(d, "io.max"), "%s rbps=%d" % (self.device, 8 * 1024 * 1024))
            return True
        except OSError as e:
            self.reason = "cannot make a scratch cgroup: %s" % e
            self.close()
            return False

    def _enter(self):
        pid = str(os.getpid())
        for d in sorted(set(self.dirs.values())):
            write(os.path.join(d, "cgroup.procs"), pid)

    def spawn(self, argv, **kw):
        """A process started inside the scratch cgroup (killed by close())."""
        p = subprocess.Popen(argv, preexec_fn=self._enter, **kw)
        self.procs.append(p)
        return p

    def run(self, argv, timeout=120, **kw):
        """argv run inside the scratch cgroup: the CompletedProcess, text output."""
        p = self.spawn(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
        out, err = p.communicate(timeout=timeout)
        return subprocess.CompletedProcess(argv, p.returncode, out, err)

    def close(self):
        for p in self.procs:
            if p.poll() is None:
                p.send_signal(signal.SIGKILL)
            p.wait()
        self.procs = []
        for d in sorted(set(self.dirs.values()), key=len, reverse=True):
            for _ in range(50):  # a killed process leaves its cgroup a moment later
                try:
                    os.rmdir(d)
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.02)
        self.dirs = {}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
