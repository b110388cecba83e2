"""Tests of the psinfo CLI's disk, network and sensors functions and of `df`, `ifconfig`,
`netstat`, `sensors` and the overview's Disk and Net lines.

Every expected value comes from somewhere other than psinfo: os.statvfs, `df -B1`,
/proc/self/mounts, /proc/diskstats, /proc/net/dev, `ip -j`, /sys/class/net, sockets opened
here, and the files of the shared fixtures' node-exporter tree (its symlinks, which the checkout
stores as plain files, are restored from MANIFESTS/node-exporter.tsv in a temporary copy); where
unshare(1) can bind that copy over /sys, psutil itself too. Standard library only (psutil where
it is the reference).
"""

import glob
import importlib.util
import json
import os
import re
import shutil
import socket
import subprocess
import tempfile

import pytest

import test_cli as base  # the JSON runner and the type rules (base.type_ok)
from conftest import check, run_cli as run

run_json = base.run_json


def read(path):
    with open(path, "rb") as f:
        return f.read().decode("utf-8", "surrogateescape")


def bytes2human(n):
    """psutil's scripts' bytes2human: powers of 1024, one decimal."""
    for i in range(5, -1, -1):
        prefix = 1 << ((i + 1) * 10)
        if n >= prefix:
            return "%.1f%s" % (n / prefix, "KMGTPE"[i])
    return "%dB" % n


def human2bytes(s):
    if s.endswith("B"):
        return int(s[:-1])
    return float(s[:-1]) * (1 << (("KMGTPE".index(s[-1]) + 1) * 10))


# ---- psutil 8's shapes on Linux -------------------------------------------------------------
# F float, I int, S str, B bool, A address ({"ip", "port"}) ; a trailing ? means null allowed.
SHAPES = {
    "disk_partitions": [("device", "S"), ("mountpoint", "S"), ("fstype", "S"), ("opts", "S")],
    "disk_usage": [("total", "I"), ("used", "I"), ("free", "I"), ("percent", "F")],
    "disk_io_counters": [("read_count", "I"), ("write_count", "I"), ("read_bytes", "I"),
                         ("write_bytes", "I"), ("read_time", "I"), ("write_time", "I"),
                         ("read_merged_count", "I"), ("write_merged_count", "I"),
                         ("busy_time", "I")],
    "net_io_counters": [("bytes_sent", "I"), ("bytes_recv", "I"), ("packets_sent", "I"),
                        ("packets_recv", "I"), ("errin", "I"), ("errout", "I"), ("dropin", "I"),
                        ("dropout", "I")],
    "net_if_addrs": [("family", "S"), ("address", "S?"), ("netmask", "S?"), ("broadcast", "S?"),
                     ("ptp", "S?")],
    "net_if_stats": [("isup", "B"), ("duplex", "S"), ("speed", "I"), ("mtu", "I"),
                     ("flags", "S")],
    "net_connections": [("fd", "I"), ("family", "S"), ("type", "S"), ("laddr", "A?"),
                        ("raddr", "A?"), ("status", "S"), ("pid", "I?")],
    "sensors_temperatures": [("label", "S"), ("current", "F"), ("high", "F?"),
                             ("critical", "F?")],
    "sensors_fans": [("label", "S"), ("current", "I")],
    "sensors_battery": [("percent", "F"), ("secsleft", "I"), ("power_plugged", "B?")],
}
FAMILIES = {"AF_INET", "AF_INET6", "AF_LINK", "AF_UNIX", "AF_UNSPEC"}
TYPES = {"SOCK_STREAM", "SOCK_DGRAM", "SOCK_SEQPACKET"}
STATUSES = {"ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT",
            "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING", "NONE"}
DUPLEX = {"NIC_DUPLEX_FULL", "NIC_DUPLEX_HALF", "NIC_DUPLEX_UNKNOWN"}


def check_object(v, shape, what):
    types = SHAPES[shape]
    if shape == "net_connections" and isinstance(v, dict) and v.get("family") == "AF_UNIX":
        # psutil's shape for a unix socket: laddr is the path, raddr "".
        types = [(n, "S" if n in ("laddr", "raddr") else t) for n, t in types]
    return base.check_fields(v, types, what)


def check_list(v, shape, what):
    if not check(isinstance(v, list), "%s: a list" % what):
        return False
    return all([check_object(x, shape, "%s[%d]" % (what, i)) for i, x in enumerate(v)])


def check_keyed(v, shape, what, lists=False):
    if not check(isinstance(v, dict), "%s: an object keyed by name" % what):
        return False
    ok = True
    for k, x in v.items():
        if lists:
            ok &= check_list(x, shape, "%s[%r]" % (what, k))
        else:
            ok &= check_object(x, shape, "%s[%r]" % (what, k))
    return ok


# ---- 1. disks ---------------------------------------------------------------------------------
def mount_table():
    """(device, mountpoint, fstype, opts) of /proc/self/mounts, as getmntent decodes them."""
    def unescape(s):
        return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), s)
    out = []
    for line in read("/proc/self/mounts").splitlines():
        tok = line.split()
        if len(tok) >= 4:
            dev = unescape(tok[0])
            out.append(("" if dev == "none" else dev, unescape(tok[1]), unescape(tok[2]),
                        unescape(tok[3])))
    return out


def physical_fstypes():
    out = set()
    for line in read("/proc/filesystems").splitlines():
        if not line.startswith("nodev"):
            out.add(line.strip())
        elif line.split() == ["nodev", "zfs"]:
            out.add("zfs")
    return out


def test_disk_partitions():
    v = run_json("disk_partitions", "--all")
    if check_list(v, "disk_partitions", "disk_partitions --all"):
        got = [(p["device"], p["mountpoint"], p["fstype"], p["opts"]) for p in v]
        want = mount_table()
        check(got == want, "disk_partitions --all %r != /proc/self/mounts %r" % (got, want))
    v = run_json("disk_partitions")
    if check_list(v, "disk_partitions", "disk_partitions"):
        got = [(p["device"], p["mountpoint"], p["fstype"], p["opts"]) for p in v]
        fs = physical_fstypes()
        want = [m for m in mount_table() if m[0] and m[2] in fs]
        check(got == want, "disk_partitions %r != physical mounts %r" % (got, want))
    rc, out, err = run("disk_partitions")
    check(rc == 0 and out.splitlines()[0].split() == ["device", "mountpoint", "fstype", "opts"],
          "disk_partitions text: a table: %r %r" % (out, err))


def statvfs_usage(path):
    st = os.statvfs(path)
    total = st.f_blocks * st.f_frsize
    used = (st.f_blocks - st.f_bfree) * st.f_frsize
    free = st.f_bavail * st.f_frsize
    return total, used, free


def test_disk_usage():
    slack = 256 << 20  # other programs write to the disk meanwhile
    for path in ("/", "/proc", os.path.dirname(os.path.abspath(__file__))):
        v = run_json("disk_usage", "--path", path)
        if not check_object(v, "disk_usage", "disk_usage --path " + path):
            continue
        total, used, free = statvfs_usage(path)
        check(v["total"] == total, "disk_usage %s total %r, statvfs %r" % (path, v["total"], total))
        check(abs(v["used"] - used) <= slack, "disk_usage %s used %r, statvfs %r"
              % (path, v["used"], used))
        check(abs(v["free"] - free) <= slack, "disk_usage %s free %r, statvfs %r"
              % (path, v["free"], free))
        u, f = v["used"], v["free"]
        check(v["percent"] == (round(u / (u + f) * 100, 1) if u + f else 0.0),
              "disk_usage %s percent %r is not round(used/(used+free)*100, 1)" % (path, v))
    # `--path=P` spelling, and the readable form.
    v = run_json("disk_usage", "--path=/")
    check(isinstance(v, dict) and v.get("total") == statvfs_usage("/")[0], "--path=/ %r" % v)
    rc, out, _ = run("disk_usage", "--path", "/")
    check(rc == 0 and re.search(r"^total: +%d \(" % statvfs_usage("/")[0], out, re.M),
          "disk_usage text %r" % out)

    # Against df(1): every mount both list, total and (within the slack) used and avail.
    p = subprocess.run(["df", "-B1", "--output=source,size,used,avail,target"],
                       capture_output=True, text=True)
    df = {}
    for line in p.stdout.splitlines()[1:]:
        tok = line.split(None, 4)
        if len(tok) == 5:
            df[tok[4]] = [int(x) for x in tok[1:4]]
    for target, (size, used, avail) in df.items():
        if not os.path.isdir(target):
            continue
        v = run_json("disk_usage", "--path", target)
        check(v["total"] == size and abs(v["used"] - used) <= slack
              and abs(v["free"] - avail) <= slack,
              "disk_usage --path %s %r, df -B1 says size %d used %d avail %d"
              % (target, v, size, used, avail))


def test_df():
    # Laid out as coreutils df (compared with it byte for byte in test_cli_df.py): here, the
    # mounts listed are the physical ones, with statvfs's numbers.
    rc, out, err = run("df")
    lines = out.splitlines()
    if not check(rc == 0 and lines, "psinfo df: exit %d %r" % (rc, err)):
        return
    check(lines[0].split() == ["Filesystem", "1K-blocks", "Used", "Available", "Use%",
                               "Mounted", "on"], "psinfo df header %r" % lines[0])
    fs = physical_fstypes()
    want = [m for m in mount_table() if m[0] and m[2] in fs]
    rows = [l.split(None, 5) for l in lines[1:]]
    check([(r[0], r[5]) for r in rows] == [(m[0], m[1]) for m in want],
          "psinfo df rows %r, physical mounts %r" % (rows, want))
    for r in rows:
        if len(r) != 6:
            continue
        total, used, free = statvfs_usage(r[5])
        check(int(r[1]) == (total + 1023) // 1024, "psinfo df %s 1K-blocks %s, statvfs %d"
              % (r[5], r[1], total))
        for col, want_b in ((2, used), (3, free)):
            check(abs(int(r[col]) * 1024 - want_b) <= max(want_b * 0.01, 256 << 20),
                  "psinfo df %s column %d %s, statvfs %d" % (r[5], col, r[col], want_b))
        pct = used / (used + free) * 100 if used + free else 0
        check(abs(int(r[4].rstrip("%")) - pct) <= 1.5, "psinfo df %s Use%% %s, statvfs %.1f"
              % (r[5], r[4], pct))


def diskstats():
    """{name: [9 psutil fields]} from /proc/diskstats (14, 18 or 20 fields per line)."""
    out = {}
    for line in read("/proc/diskstats").splitlines():
        tok = line.split()
        if len(tok) == 15:
            name, reads, rest = tok[3], int(tok[2]), [int(x) for x in tok[4:]]
            v = [reads] + rest
        elif len(tok) == 14 or len(tok) >= 18:
            name, v = tok[2], [int(x) for x in tok[3:14]]
        elif len(tok) == 7:
            name = tok[2]
            r, rs, w, ws = (int(x) for x in tok[3:7])
            v = [r, 0, rs, 0, w, 0, ws, 0, 0, 0, 0]
        else:
            continue
        reads, rmerged, rsect, rtime, writes, wmerged, wsect, wtime, _, busy = v[:10]
        out[name] = [reads, writes, rsect * 512, wsect * 512, rtime, wtime, rmerged, wmerged, busy]
    return out


DISK_FIELDS = [n for n, _ in SHAPES["disk_io_counters"]]


def test_disk_io_counters():
    before = diskstats()
    per = run_json("disk_io_counters", "--perdisk")
    total = run_json("disk_io_counters")
    raw = run_json("disk_io_counters", "--perdisk", "--no-nowrap")
    after = diskstats()
    if check_keyed(per, "disk_io_counters", "disk_io_counters --perdisk"):
        check(sorted(per) == sorted(before), "disk_io_counters --perdisk names %s, /proc/diskstats %s"
              % (sorted(per), sorted(before)))
        for name, d in per.items():
            if name in before and name in after:
                for i, f in enumerate(DISK_FIELDS):
                    check(before[name][i] <= d[f] <= after[name][i],
                          "disk_io_counters --perdisk %s.%s = %r, /proc/diskstats %r..%r"
                          % (name, f, d[f], before[name][i], after[name][i]))
    check_keyed(raw, "disk_io_counters", "disk_io_counters --perdisk --no-nowrap")
    whole = [n for n in before if os.path.exists("/sys/block/" + n.replace("/", "!"))]
    if not whole:
        check(total is None, "disk_io_counters: null without a disk: %r" % total)
    elif check_object(total, "disk_io_counters", "disk_io_counters"):
        for i, f in enumerate(DISK_FIELDS):
            lo = sum(before[n][i] for n in whole)
            hi = sum(after[n][i] for n in whole if n in after)
            check(lo <= total[f] <= hi, "disk_io_counters.%s = %r, whole disks of /proc/diskstats"
                  " %r..%r" % (f, total[f], lo, hi))
    rc, out, _ = run("disk_io_counters", "--perdisk")
    lines = out.splitlines()
    check(rc == 0 and lines and lines[0].split() == ["disk"] + DISK_FIELDS
          and len(lines) == 1 + len(per), "disk_io_counters --perdisk text %r" % out[:200])


# ---- 2. network -------------------------------------------------------------------------------
def net_dev():
    """{nic: [8 psutil fields]} from /proc/net/dev."""
    out = {}
    for line in read("/proc/net/dev").splitlines()[2:]:
        name, _, rest = line.rpartition(":")
        v = [int(x) for x in rest.split()]
        # rx: bytes packets errs drop fifo frame compressed multicast; tx: bytes packets errs drop
        out[name.strip()] = [v[8], v[0], v[9], v[1], v[2], v[10], v[3], v[11]]
    return out


NET_FIELDS = [n for n, _ in SHAPES["net_io_counters"]]


def test_net_io_counters():
    before = net_dev()
    per = run_json("net_io_counters", "--pernic")
    total = run_json("net_io_counters", "--no-nowrap")
    p = subprocess.run(["ip", "-j", "-s", "link"], capture_output=True, text=True)
    after = net_dev()
    iplink = {l["ifname"]: l for l in json.loads(p.stdout)} if p.returncode == 0 else {}
    if check_keyed(per, "net_io_counters", "net_io_counters --pernic"):
        check(sorted(per) == sorted(before), "net_io_counters --pernic names %s, /proc/net/dev %s"
              % (sorted(per), sorted(before)))
        for nic, c in per.items():
            if nic not in before or nic not in after:
                continue
            for i, f in enumerate(NET_FIELDS):
                check(before[nic][i] <= c[f] <= after[nic][i],
                      "net_io_counters --pernic %s.%s = %r, /proc/net/dev %r..%r"
                      % (nic, f, c[f], before[nic][i], after[nic][i]))
            s = iplink.get(nic, {}).get("stats64")
            if s:
                for f, v in (("bytes_recv", s["rx"]["bytes"]), ("bytes_sent", s["tx"]["bytes"]),
                             ("packets_recv", s["rx"]["packets"]),
                             ("packets_sent", s["tx"]["packets"]), ("errin", s["rx"]["errors"]),
                             ("errout", s["tx"]["errors"])):
                    check(c[f] <= v, "net_io_counters --pernic %s.%s = %r, later `ip -s link` %r"
                          % (nic, f, c[f], v))
    if check_object(total, "net_io_counters", "net_io_counters"):
        for i, f in enumerate(NET_FIELDS):
            lo, hi = sum(v[i] for v in before.values()), sum(v[i] for v in after.values())
            check(lo <= total[f] <= hi, "net_io_counters.%s = %r, /proc/net/dev sum %r..%r"
                  % (f, total[f], lo, hi))


def prefix_mask(family, n):
    if family == "inet":
        bits = (0xFFFFFFFF << (32 - n)) & 0xFFFFFFFF
        return socket.inet_ntop(socket.AF_INET, bits.to_bytes(4, "big"))
    bits = ((1 << 128) - 1) ^ ((1 << (128 - n)) - 1)
    return socket.inet_ntop(socket.AF_INET6, bits.to_bytes(16, "big"))


def test_net_if_addrs():
    v = run_json("net_if_addrs")
    p = subprocess.run(["ip", "-j", "addr"], capture_output=True, text=True)
    if not check_keyed(v, "net_if_addrs", "net_if_addrs", lists=True):
        return
    for nic, addrs in v.items():
        for a in addrs:
            check(a["family"] in FAMILIES, "net_if_addrs %s family %r" % (nic, a["family"]))
    if not check(p.returncode == 0, "ip -j addr runs"):
        return
    for link in json.loads(p.stdout):
        nic = link["ifname"]
        if not check(nic in v, "net_if_addrs lacks %s (ip -j addr has it)" % nic):
            continue
        got = {(a["family"], a["address"], a["netmask"]) for a in v[nic]
               if a["family"] in ("AF_INET", "AF_INET6")}
        want = set()
        for a in link.get("addr_info", []):
            fam = "AF_INET" if a["family"] == "inet" else "AF_INET6"
            addr = a["local"]
            if fam == "AF_INET6" and a.get("scope") == "link":
                addr += "%" + nic
            want.add((fam, addr, prefix_mask(a["family"], a["prefixlen"])))
        check(got == want, "net_if_addrs %s %r, ip -j addr %r" % (nic, sorted(got), sorted(want)))
        for a in link.get("addr_info", []):
            if a["family"] == "inet" and "broadcast" in a and a["prefixlen"] < 32:
                check(any(x["address"] == a["local"] and x["broadcast"] == a["broadcast"]
                          for x in v[nic]), "net_if_addrs %s broadcast %s" % (nic, a["broadcast"]))
        if link.get("address"):
            macs = [a["address"] for a in v[nic] if a["family"] == "AF_LINK"]
            check(macs == [link["address"]], "net_if_addrs %s AF_LINK %r, ip says %r"
                  % (nic, macs, link["address"]))


IFF_NAMES = [("up", 0x1), ("broadcast", 0x2), ("debug", 0x4), ("loopback", 0x8),
             ("pointopoint", 0x10), ("notrailers", 0x20), ("running", 0x40), ("noarp", 0x80),
             ("promisc", 0x100), ("allmulti", 0x200), ("master", 0x400), ("slave", 0x800),
             ("multicast", 0x1000), ("portsel", 0x2000), ("automedia", 0x4000),
             ("dynamic", 0x8000)]


def test_net_if_stats():
    v = run_json("net_if_stats")
    if not check_keyed(v, "net_if_stats", "net_if_stats"):
        return
    sysnet = {os.path.basename(d) for d in glob.glob("/sys/class/net/*")}
    check(set(v) == sysnet, "net_if_stats names %s, /sys/class/net %s" % (sorted(v), sorted(sysnet)))
    for nic, s in v.items():
        d = "/sys/class/net/" + nic
        if not os.path.isdir(d):
            continue
        mtu = int(read(d + "/mtu"))
        check(s["mtu"] == mtu, "net_if_stats %s mtu %r, %s/mtu %d" % (nic, s["mtu"], d, mtu))
        check(s["duplex"] in DUPLEX, "net_if_stats %s duplex %r" % (nic, s["duplex"]))
        # IFF_RUNNING is not in the flags file: the kernel reports it for an operational link.
        running = read(d + "/operstate").strip() in ("up", "unknown")
        check(s["isup"] == running, "net_if_stats %s isup %r, operstate %r"
              % (nic, s["isup"], read(d + "/operstate").strip()))
        bits = int(read(d + "/flags"), 16) | (0x40 if running else 0)
        want = ",".join(n for n, b in IFF_NAMES if bits & b)
        check(s["flags"] == want, "net_if_stats %s flags %r, /sys flags %r" % (nic, s["flags"], want))
        try:
            speed = int(read(d + "/speed"))
        except (OSError, ValueError):
            speed = None
        if speed is not None and 0 < speed < 2**31 - 1:
            check(s["speed"] == speed, "net_if_stats %s speed %r, /sys %r" % (nic, s["speed"], speed))


def find(conns, **want):
    return [c for c in conns if all(c.get(k) == v for k, v in want.items())]


def test_net_connections():
    pid = os.getpid()
    comm = read("/proc/self/comm").strip()
    tmp = tempfile.mkdtemp(prefix="psinfo-cli-")
    tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    uxs = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        tcp.bind(("127.0.0.1", 0))
        tcp.listen(1)
        port = tcp.getsockname()[1]
        udp.bind(("127.0.0.1", 0))
        uport = udp.getsockname()[1]
        path = os.path.join(tmp, "sock")
        uxs.bind(path)
        uxs.listen(1)
        laddr = {"ip": "127.0.0.1", "port": port}

        v = run_json("net_connections", "--kind", "tcp4")
        if check_list(v, "net_connections", "net_connections --kind tcp4"):
            for c in v:
                check(c["family"] == "AF_INET" and c["type"] == "SOCK_STREAM"
                      and c["status"] in STATUSES, "net_connections --kind tcp4: %r" % c)
            mine = find(v, laddr=laddr)
            check(mine == [{"fd": tcp.fileno(), "family": "AF_INET", "type": "SOCK_STREAM",
                            "laddr": laddr, "raddr": None, "status": "LISTEN", "pid": pid}],
                  "net_connections --kind tcp4: our listener on %d: %r" % (port, mine))
        v = run_json("net_connections")  # inet, the default
        check(len(find(v, laddr=laddr, status="LISTEN", pid=pid)) == 1,
              "net_connections (inet): our listener")
        check(len(find(v, laddr={"ip": "127.0.0.1", "port": uport}, type="SOCK_DGRAM",
                       status="NONE", pid=pid, raddr=None)) == 1,
              "net_connections (inet): our UDP socket")
        for kind in ("tcp6", "udp", "udp4", "inet6", "unix"):
            v = run_json("net_connections", "--kind", kind)
            check(find(v, laddr=laddr) == [], "net_connections --kind %s: no tcp4 listener" % kind)
        v = run_json("net_connections", "--kind", "udp4")
        check(len(find(v, laddr={"ip": "127.0.0.1", "port": uport}, fd=udp.fileno())) == 1,
              "net_connections --kind udp4: our UDP socket")
        v = run_json("net_connections", "--kind", "unix")
        if check_list(v, "net_connections", "net_connections --kind unix"):
            mine = [c for c in v if c["laddr"] == path]
            check(mine == [{"fd": uxs.fileno(), "family": "AF_UNIX", "type": "SOCK_STREAM",
                            "laddr": path, "raddr": "", "status": "NONE", "pid": pid}],
                  "net_connections --kind unix: our socket %s: %r" % (path, mine))
            check(all(isinstance(c["laddr"], str) and c["raddr"] == "" for c in v),
                  "net_connections --kind unix: laddr a path, raddr \"\" (psutil's shape)")

        # Against ss(8): the IPv4 TCP listeners, bracketed by two runs of ss (other programs
        # open and close sockets meanwhile).
        def ss_listeners():
            p = subprocess.run(["ss", "-tlnH", "-4"], capture_output=True, text=True)
            return {re.sub(r"%[^:]*:", ":", l.split()[3]) for l in p.stdout.splitlines()
                    if len(l.split()) >= 5} if p.returncode == 0 else None
        ss0 = ss_listeners()
        v = run_json("net_connections", "--kind", "tcp4")
        ss1 = ss_listeners()
        if ss0 is not None and ss1 is not None:
            ours = {"%s:%d" % (c["laddr"]["ip"], c["laddr"]["port"]) for c in v
                    if c["status"] == "LISTEN"}
            check(ss0 & ss1 <= ours <= ss0 | ss1, "net_connections --kind tcp4 listeners %s, "
                  "ss -tln4 says %s then %s" % (sorted(ours), sorted(ss0), sorted(ss1)))
            check("127.0.0.1:%d" % port in ss0, "ss sees our listener")

        rc, out, err = run("netstat")
        lines = out.splitlines()
        check(rc == 0 and lines and lines[0].split() == ["Proto", "Recv-Q", "Send-Q",
                                                         "Local-Address", "Remote-Address",
                                                         "Status", "PID", "Program-name"],
              "psinfo netstat header: %r %r" % (lines[:1], err))
        # The queues (Recv-Q, Send-Q) are tested against ss in test_cli_netstat.py.
        rows = [l.split()[:1] + l.split()[3:] for l in lines[1:]]
        want = ["tcp", "127.0.0.1:%d" % port, "-", "LISTEN", str(pid), comm]
        check(want in rows, "psinfo netstat: %r among %r" % (want, rows))
        want = ["udp", "127.0.0.1:%d" % uport, "-", "NONE", str(pid), comm]
        check(want in rows, "psinfo netstat: %r among %r" % (want, rows))
        rc, out, _ = run("netstat", "--kind", "unix")
        check(["u_str", "-", "-", path, "-", "NONE", str(pid), comm]
              in [l.split() for l in out.splitlines()],
              "psinfo netstat --kind unix: our socket in %r" % out)
    finally:
        tcp.close()
        udp.close()
        uxs.close()
        shutil.rmtree(tmp, ignore_errors=True)
    v = run_json("net_connections", "--kind", "tcp4")
    check(find(v, laddr=laddr, status="LISTEN") == [], "net_connections: the closed listener is gone")


# ---- 3. sensors, on the node-exporter tree ----------------------------------------------------
def restored_sys(fixtures, tmp):
    """A copy of node-exporter/sys with the symlinks and empty dirs the checkout lost, made by
    tests/sensors/make_trees.py (the sensors tests' trees): TMP/node-exporter/sys."""
    spec = importlib.util.spec_from_file_location(
        "make_trees", os.path.join(os.path.dirname(__file__), "..", "sensors", "make_trees.py"))
    make_trees = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_trees)
    make_trees.make(fixtures, tmp, "node-exporter")
    return os.path.join(tmp, "node-exporter", "sys")


def read_int(path):
    try:
        return int(read(path).strip())
    except (OSError, ValueError):
        return None


def expected_temps(sysfs, fahrenheit=False):
    """psutil's sensors_temperatures() on a tree, from its files (no thermal-zone fallback
    needed: the tree's hwmon list is not empty)."""
    files = glob.glob(sysfs + "/class/hwmon/hwmon*/temp*_*")
    files += glob.glob(sysfs + "/class/hwmon/hwmon*/device/temp*_*")
    bases = sorted({os.path.join(os.path.dirname(f), os.path.basename(f).split("_")[0])
                    for f in files})
    out = {}
    for b in bases:
        cur = read_int(b + "_input")
        try:
            chip = read(os.path.join(os.path.dirname(b), "name")).strip()
        except OSError:
            continue
        if cur is None:
            continue
        high, crit = read_int(b + "_max"), read_int(b + "_crit")
        try:
            label = read(b + "_label").strip()
        except OSError:
            label = ""
        vals = [cur / 1000, high / 1000 if high is not None else None,
                crit / 1000 if crit is not None else None]
        if fahrenheit:
            vals = [x * 9 / 5 + 32 if x is not None else None for x in vals]
        cur, high, crit = vals
        if high and not crit:
            crit = high
        elif crit and not high:
            high = crit
        out.setdefault(chip, []).append({"label": label, "current": cur, "high": high,
                                         "critical": crit})
    return out


def expected_fans(sysfs):
    files = glob.glob(sysfs + "/class/hwmon/hwmon*/fan*_*")
    if not files:
        files = glob.glob(sysfs + "/class/hwmon/hwmon*/device/fan*_*")
    bases = sorted({os.path.join(os.path.dirname(f), os.path.basename(f).split("_")[0])
                    for f in files})
    out = {}
    for b in bases:
        cur = read_int(b + "_input")
        if cur is None:
            continue
        chip = read(os.path.join(os.path.dirname(b), "name")).strip()
        try:
            label = read(b + "_label").strip()
        except OSError:
            label = ""
        out.setdefault(chip, []).append({"label": label, "current": cur})
    return out


def expected_battery(sysfs):
    ps = sysfs + "/class/power_supply"
    bats = sorted(n for n in os.listdir(ps) if n.startswith("BAT") or "battery" in n.lower())
    if not bats:
        return None
    b = os.path.join(ps, bats[0])

    def first(*names):
        for n in names:
            v = read_int(os.path.join(b, n))
            if v is not None:
                return v
        return None
    now, power = first("energy_now", "charge_now"), first("power_now", "current_now")
    full = first("energy_full", "charge_full")
    percent = 100.0 * now / full if now is not None and full else float(first("capacity"))
    plugged = None
    for ac in ("AC0", "AC"):
        v = read_int(os.path.join(ps, ac, "online"))
        if v is not None:
            plugged = v == 1
            break
    if plugged:
        secsleft = -2
    elif now is not None and power:
        secsleft = int(now / abs(power) * 3600)
    else:
        secsleft = -1
    return {"percent": percent, "secsleft": secsleft, "power_plugged": plugged}


def psutil_on(sysfs):
    """psutil's own answer with the tree bound over /sys in a private mount namespace, or
    None where that cannot be done (not root, no unshare)."""
    code = ("import json, psutil\n"
            "t = {k: [e._asdict() for e in v] for k, v in psutil.sensors_temperatures().items()}\n"
            "f = {k: [e._asdict() for e in v] for k, v in psutil.sensors_fans().items()}\n"
            "b = psutil.sensors_battery()\n"
            "print(json.dumps([t, f, b._asdict() if b else None]))\n")
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return None
    p = subprocess.run(["unshare", "--mount", "sh", "-c",
                        'mount --make-rprivate / && mount --bind "$0" /sys && exec "$1" -c "$2"',
                        sysfs, "/usr/bin/python3", code], capture_output=True, text=True,
                       timeout=30)
    if p.returncode != 0:
        return None
    return json.loads(p.stdout)


def close_values(a, b):
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(close_values(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(close_values(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) <= 1e-9 * max(1.0, abs(b))
    return a == b and type(a) == type(b)


def test_sensors_live():
    # This machine may have no sensor at all: shapes only.
    check_keyed(run_json("sensors_temperatures"), "sensors_temperatures", "sensors_temperatures",
                lists=True)
    check_keyed(run_json("sensors_fans"), "sensors_fans", "sensors_fans", lists=True)
    b = run_json("sensors_battery")
    check(b is None or check_object(b, "sensors_battery", "sensors_battery"),
          "sensors_battery: object or null")
    rc, out, err = run("sensors")
    check(rc == 0 and err == "" and out, "psinfo sensors: exit %d %r" % (rc, err))


@pytest.fixture(scope="module")
def node_tree(shared_fixtures):
    """The node-exporter tree with its /sys restored: (sysfs, the CLI's environment)."""
    node = os.path.join(shared_fixtures, "node-exporter")
    assert os.path.isdir(node + "/sys"), "fixture tree %s exists" % node
    tmp = tempfile.mkdtemp(prefix="psinfo-cli-")
    try:
        sysfs = restored_sys(shared_fixtures, tmp)
        yield sysfs, {"PSINFO_SYSFS_PATH": sysfs, "PSINFO_PROCFS_PATH": node + "/proc"}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.mark.shared
def test_sensors_fixture_temperatures(node_tree):
    sysfs, env = node_tree
    want = expected_temps(sysfs)
    check(sum(len(x) for x in want.values()) >= 10, "the restored tree has hwmon temperatures")
    v = run_json("sensors_temperatures", env=env)
    check_keyed(v, "sensors_temperatures", "fixture sensors_temperatures", lists=True)
    check(list(v.items()) == sorted(want.items()), "fixture sensors_temperatures %r != %r"
          % (v, want))
    v = run_json("sensors_temperatures", "--fahrenheit", env=env)
    want_f = expected_temps(sysfs, True)
    check(close_values(v, dict(sorted(want_f.items()))),
          "fixture sensors_temperatures --fahrenheit %r != %r" % (v, want_f))


@pytest.mark.shared
def test_sensors_fixture_fans(node_tree):
    sysfs, env = node_tree
    want = expected_fans(sysfs)
    check(want != {}, "the restored tree has a fan")
    v = run_json("sensors_fans", env=env)
    check_keyed(v, "sensors_fans", "fixture sensors_fans", lists=True)
    check(list(v.items()) == sorted(want.items()), "fixture sensors_fans %r != %r" % (v, want))


@pytest.mark.shared
def test_sensors_fixture_battery(node_tree):
    sysfs, env = node_tree
    want = expected_battery(sysfs)
    v = run_json("sensors_battery", env=env)
    check(v is not None and check_object(v, "sensors_battery", "fixture sensors_battery"),
          "fixture sensors_battery: an object")
    check(close_values(v, want), "fixture sensors_battery %r != %r" % (v, want))
    check(v is not None and v["secsleft"] > 0 and v["power_plugged"] is False,
          "fixture battery discharging with time left (AC/online = 0): %r" % v)


@pytest.mark.shared
def test_sensors_fixture_psutil(node_tree):
    sysfs, env = node_tree
    ref = psutil_on(sysfs)
    if ref is None:
        pytest.skip("psutil on the fixture tree (needs root and unshare)")
    t, f, b = ref
    v = run_json("sensors_temperatures", env=env)
    check(list(v.items()) == sorted(t.items()), "fixture sensors_temperatures %r, psutil %r" % (v, t))
    v = run_json("sensors_fans", env=env)
    check(list(v.items()) == sorted(f.items()), "fixture sensors_fans %r, psutil %r" % (v, f))
    v = run_json("sensors_battery", env=env)
    # psutil 5.9.4 and 8 agree here: the battery is discharging with power_now > 0.
    check(close_values(v, b), "fixture sensors_battery %r, psutil %r" % (v, b))


@pytest.mark.shared
def test_sensors_fixture_text(node_tree):
    sysfs, env = node_tree
    rc, out, err = run("sensors", env=env)
    check(rc == 0, "fixture psinfo sensors: exit %d %r" % (rc, err))
    temps, fans, bat = expected_temps(sysfs), expected_fans(sysfs), expected_battery(sysfs)
    for chip, entries in temps.items():
        check(re.search(r"^%s$" % re.escape(chip), out, re.M) is not None,
              "psinfo sensors: a %s line" % chip)
        for e in entries:
            line = "%-20s %r °C" % (e["label"] or chip, e["current"])
            check(line in out, "psinfo sensors: %r in %r" % (line, out))
    for chip, entries in fans.items():
        for e in entries:
            line = "%-20s %d RPM" % (e["label"] or chip, e["current"])
            check(line in out, "psinfo sensors: %r in %r" % (line, out))
    check("charge:     %s%%" % round(bat["percent"], 2) in out,
          "psinfo sensors: battery charge %s in %r" % (round(bat["percent"], 2), out))
    s = bat["secsleft"]
    check("left:       %d:%02d:%02d" % (s // 3600, s % 3600 // 60, s % 60) in out,
          "psinfo sensors: time left in %r" % out)
    check("plugged in: no" in out, "psinfo sensors: not plugged in")
    rc, out, _ = run("sensors", "--fahrenheit", env=env)
    check(rc == 0 and "°F" in out and "°C" not in out, "psinfo sensors --fahrenheit: %r" % out)


def test_sensors_empty_tree(tmp_path):
    """A tree without any hwmon, thermal zone or battery: empty results and null."""
    empty = str(tmp_path)
    os.makedirs(empty + "/class/power_supply")
    env = {"PSINFO_SYSFS_PATH": empty, "PSINFO_PROCFS_PATH": empty}
    check(run_json("sensors_temperatures", env=env) == {}, "no hwmon: {}")
    check(run_json("sensors_fans", env=env) == {}, "no hwmon: no fans")
    check(run_json("sensors_battery", env=env) is None, "no battery: null")


# ---- 4. ifconfig and the overview -------------------------------------------------------------
def test_ifconfig():
    rc, out, err = run("ifconfig")
    if not check(rc == 0 and err == "", "psinfo ifconfig: exit %d %r" % (rc, err)):
        return
    blocks = {}
    for block in out.strip("\n").split("\n\n"):
        head, _, body = block.partition("\n")
        blocks[head.rstrip(":")] = body
    sysnet = sorted(os.path.basename(d) for d in glob.glob("/sys/class/net/*"))
    check(sorted(blocks) == sysnet, "psinfo ifconfig interfaces %s, /sys/class/net %s"
          % (sorted(blocks), sysnet))
    p = subprocess.run(["ip", "-j", "addr"], capture_output=True, text=True)
    links = {l["ifname"]: l for l in json.loads(p.stdout)} if p.returncode == 0 else {}
    for nic, body in blocks.items():
        if os.path.exists("/sys/class/net/%s/mtu" % nic):
            mtu = int(read("/sys/class/net/%s/mtu" % nic))
            check(re.search(r"mtu=%d," % mtu, body) is not None, "ifconfig %s mtu %d" % (nic, mtu))
        for a in links.get(nic, {}).get("addr_info", []):
            if a["family"] == "inet":
                check(re.search(r"^    IPv4 address   : %s$" % re.escape(a["local"]), body, re.M),
                      "ifconfig %s: IPv4 %s in %r" % (nic, a["local"], body))
        mac = links.get(nic, {}).get("address")
        if mac:
            check("    MAC  address   : %s\n" % mac in body + "\n", "ifconfig %s: MAC %s" % (nic, mac))


def test_overview():
    out, lines = base.overview()
    check(len(lines) <= 24, "overview: %d lines" % len(lines))
    for head in ("Disk", "Net"):
        check(any(l.startswith(head + " ") for l in lines), "overview: a %s line: %r" % (head, out))
    m = re.search(r"^Disk  / +\[[| ]*\] +(\d+\.\d)%", out, re.M)
    if m:
        total, used, free = statvfs_usage("/")
        check(abs(float(m.group(1)) - used / (used + free) * 100) <= 0.5,
              "overview: / at %s%%, statvfs says %.1f%%" % (m.group(1), used / (used + free) * 100))
    nics = [n for n in net_dev() if n != "lo"]
    for nic in nics[:3]:
        check(re.search(r"^(Net  |     ) %s +rx " % re.escape(nic), out, re.M) is not None,
              "overview: a Net line for %s: %r" % (nic, out))


# ---- 5. usage errors, errors, --help ----------------------------------------------------------
NEW_FUNCTIONS = ["disk_partitions", "disk_usage", "disk_io_counters", "net_io_counters",
                 "net_if_addrs", "net_if_stats", "net_connections", "sensors_temperatures",
                 "sensors_fans", "sensors_battery"]
NEW_COMMANDS = ["df", "ifconfig", "netstat", "sensors"]


def test_usage():
    usage = [
        ["net_connections", "--kind", "bogus"], ["net_connections", "--kind"],
        ["net_connections", "--kind="], ["net_connections", "--kind", "TCP"],
        ["netstat", "--kind", "bogus"], ["disk_usage"], ["disk_usage", "--json"],
        ["disk_usage", "--path"], ["disk_usage", "--path", ""],
        ["disk_usage", "--perdisk", "--path", "/"], ["disk_usage", "--path", "/", "/"],
        ["disk_io_counters", "--pernic"], ["net_io_counters", "--perdisk"],
        ["disk_partitions", "--kind", "tcp"], ["sensors_fans", "--fahrenheit"],
        ["sensors_battery", "--all"], ["net_if_addrs", "--pernic"], ["df", "--json"],
        ["ifconfig", "--json"], ["netstat", "--json"], ["sensors", "--json"], ["df", "--bogus"],
        ["disk_partitions", "--percpu"], ["cpu_times", "--perdisk"], ["net_if_stats", "--path", "/"],
    ]
    def one_line_error(args, want_rc, must_say, about):
        rc, out, err = run(*args)
        what = "psinfo " + " ".join(args)
        check(rc == want_rc, "%s: exit %d, expected %d (stderr %r)" % (what, rc, want_rc, err))
        check(err.count("\n") == 1 and err.startswith("psinfo: ") and must_say in err,
              "%s: one stderr line %s: %r" % (what, about, err))
        check(out == "", "%s: nothing on stdout: %r" % (what, out))

    for args in usage:
        one_line_error(args, 2, "--help", "with a hint to --help")
    rc, _, err = run("net_connections", "--kind", "bogus")
    check("inet" in err and "unix" in err, "--kind bogus names psutil's kinds: %r" % err)
    for args in (["disk_usage", "--path", "/nonexistent"],
                 ["disk_usage", "--path", "/nonexistent", "--json"]):
        one_line_error(args, 1, "/nonexistent", "naming the path")

    for name in NEW_FUNCTIONS + NEW_COMMANDS:
        rc, out, err = run(name, "--help")
        check(rc == 0 and out.startswith("usage: psinfo " + name) and err == "",
              "psinfo %s --help: exit %d %r" % (name, rc, out[:60]))
        check(all(len(l) <= 80 for l in out.splitlines()), "psinfo %s --help within 80 columns"
              % name)
    for name, opts in (("disk_partitions", ["--all"]), ("disk_usage", ["--path"]),
                       ("disk_io_counters", ["--perdisk", "--no-nowrap"]),
                       ("net_io_counters", ["--pernic", "--no-nowrap"]),
                       ("net_connections", ["--kind", "tcp4", "unix"]),
                       ("sensors_temperatures", ["--fahrenheit"]), ("netstat", ["--kind"]),
                       ("sensors", ["--fahrenheit"])):
        out = run(name, "--help")[1]
        for o in opts:
            check(o in out, "psinfo %s --help names %s" % (name, o))
    rc, out, _ = run("--help")
    for name in NEW_FUNCTIONS + NEW_COMMANDS:
        check(re.search(r"^  %s " % name, out, re.M) is not None, "psinfo --help lists %s" % name)


def test_shapes_live():
    """Every new function's JSON parses and has psutil's shape (values tested above)."""
    for args, shape, kind in ((["disk_partitions"], "disk_partitions", "list"),
                              (["disk_io_counters", "--perdisk", "--no-nowrap"],
                               "disk_io_counters", "keyed"),
                              (["net_io_counters", "--pernic", "--no-nowrap"], "net_io_counters",
                               "keyed"),
                              (["net_if_stats"], "net_if_stats", "keyed"),
                              (["net_connections", "--kind", "all"], "net_connections", "list")):
        v = run_json(*args)
        if kind == "list":
            check_list(v, shape, " ".join(args))
        else:
            check_keyed(v, shape, " ".join(args))
        if shape == "net_connections":
            for c in v:
                check(c["family"] in FAMILIES and c["type"] in TYPES and c["status"] in STATUSES,
                      "net_connections --kind all: psutil's names: %r" % c)

