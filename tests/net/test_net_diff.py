"""Network functions of psinfo (through its CLI's --json) against independent sources: psutil
(Debian's 5.9.4) on fixture trees and live, iproute2's JSON (`ip -j`), `ss`, /proc/net/dev and
/sys/class/net read here directly; and the trees of scripts/record-fixture.sh against the
psutil results recorded with them.
"""
import json
import os
import socket
import subprocess
import time

import pytest

from conftest import load_expected, recorded_trees, trees

psutil = pytest.importorskip("psutil")

KINDS = ["inet", "inet4", "inet6", "tcp", "tcp4", "tcp6", "udp", "udp4", "udp6", "unix", "all"]
CLI_ARGS = {"net_io_counters_pernic": ("net_io_counters", "--pernic", "--no-nowrap"),
            "net_io_counters": ("net_io_counters", "--no-nowrap"),
            "net_if_addrs": ("net_if_addrs",), "net_if_stats": ("net_if_stats",),
            "net_connections": ("net_connections", "--kind")}
# psutil's numbers of the families the CLI names (AF_LINK is AF_PACKET on Linux).
FAMILY = {"AF_UNSPEC": 0, "AF_INET": socket.AF_INET, "AF_INET6": socket.AF_INET6, "AF_LINK": 17}


def ours(cli, fn, *args, procfs=None):
    """psinfo's answer and None, or None and its error line. net_if_addrs rows as psutil's
    tuples [family number, address, netmask, broadcast, ptp]."""
    p = (cli.on(procfs=procfs) if procfs else cli).run(*CLI_ARGS[fn], *args)
    if p.returncode != 0:
        return None, p.stderr.strip()
    r = json.loads(p.stdout)
    if fn == "net_if_addrs":
        r = {nic: [[FAMILY[a["family"]], a["address"], a["netmask"], a["broadcast"], a["ptp"]]
                   for a in rows] for nic, rows in r.items()}
    return r, None


def conn_key(fd, fam, typ, laddr, raddr, status, pid):
    def addr(a):
        if isinstance(a, dict):
            return (a["ip"], a["port"])
        return () if a is None else tuple(a) if isinstance(a, (list, tuple)) else a
    return (fd, fam, typ, addr(laddr), addr(raddr), status, pid)


def our_conns(cli, kind, procfs=None):
    rows, err = ours(cli, "net_connections", kind, procfs=procfs)
    if rows is None:
        return None, err
    return [conn_key(r["fd"], r["family"], r["type"], r["laddr"], r["raddr"], r["status"], r["pid"])
            for r in rows], None


def ps_conns(kind):
    return [conn_key(c.fd, c.family.name, c.type.name, c.laddr, c.raddr, c.status, c.pid)
            for c in psutil.net_connections(kind)]


def ps_io(pernic):
    return {k: v._asdict() for k, v in pernic.items()}


# ---- fixture trees: psutil pointed at the same tree -------------------------------------------

@pytest.mark.parametrize("tree", trees(shared=["procfs"], own=["net-owners", "net-noipv6"]),
                         indirect=True)
def test_net_on_tree(tree, checks, cli, psutil_procfs):
    proc = os.path.join(tree, "proc")
    with psutil_procfs(proc):
        for kind in KINDS:
            mine, err = our_conns(cli, kind, procfs=proc)
            theirs = ps_conns(kind)
            checks.check(mine is not None, f"{proc} {kind}: psinfo failed: {err}")
            if mine is None:
                continue
            checks.check(len(mine) == len(set(mine)), f"{proc} {kind}: duplicate rows in {mine}")
            checks.check(set(mine) == set(theirs),
                         f"{proc} {kind}: psinfo-only {set(mine) - set(theirs)}, "
                         f"psutil-only {set(theirs) - set(mine)}")
        if os.path.exists(os.path.join(proc, "net/dev")):
            mine, err = ours(cli, "net_io_counters_pernic", procfs=proc)
            checks.check(mine == ps_io(psutil.net_io_counters(pernic=True, nowrap=False)),
                         f"{proc}: net_io_counters_pernic {mine}")
            mine, err = ours(cli, "net_io_counters", procfs=proc)
            checks.check(mine == psutil.net_io_counters(nowrap=False)._asdict(),
                         f"{proc}: net_io_counters {mine}")


def test_net_connections_broken_tables(checks, cli, psutil_procfs, own_fixtures):
    """Broken tables: psutil raises (RuntimeError), so must psinfo."""
    for tree, kind in [("net-udp-broken", "udp4"), ("net-udp-broken", "inet"),
                       ("net-unix-noinode", "unix"), ("net-unix-noinode", "all")]:
        path = os.path.join(own_fixtures, tree, "proc")
        with psutil_procfs(path):
            try:
                psutil.net_connections(kind)
                ps_raised = False
            except Exception:
                ps_raised = True
        mine, err = our_conns(cli, kind, procfs=path)
        checks.check(ps_raised and mine is None,
                     f"{tree} {kind}: psutil raised={ps_raised}, psinfo {mine or err}")
    # ...while the tables that are intact still read.
    mine, err = our_conns(cli, "tcp", procfs=os.path.join(own_fixtures, "net-udp-broken/proc"))
    checks.check(mine is not None and len(mine) > 0, f"net-udp-broken tcp: {err}")


@pytest.mark.parametrize("tree", recorded_trees())
def test_net_on_recorded_tree(tree, checks, cli):
    """A tree of this project (scripts/record-fixture.sh) against the psutil results recorded
    with it."""
    exp = load_expected(tree)
    proc = os.path.join(tree, "proc")
    for kind in KINDS:
        mine, err = our_conns(cli, kind, procfs=proc)
        theirs = [conn_key(*c) for c in exp["net_connections " + kind]]
        checks.check(mine is not None and sorted(mine) == sorted(theirs),
                     f"{proc} {kind}: psinfo {mine or err} psutil {theirs}")
    mine, err = ours(cli, "net_io_counters_pernic", procfs=proc)
    checks.check(mine == exp["net_io_counters --pernic"], f"{proc}: net_io_counters_pernic {mine}")
    mine, err = ours(cli, "net_io_counters", procfs=proc)
    checks.check(mine == exp["net_io_counters"], f"{proc}: net_io_counters {mine}")


# ---- live: net_io_counters --------------------------------------------------------------------

def read_proc_net_dev():
    out = {}
    with open("/proc/net/dev") as f:
        for line in f.readlines()[2:]:
            name, rest = line.rsplit(":", 1)
            v = [int(x) for x in rest.split()]
            out[name.strip()] = dict(bytes_sent=v[8], bytes_recv=v[0], packets_sent=v[9],
                                     packets_recv=v[1], errin=v[2], errout=v[10], dropin=v[3],
                                     dropout=v[11])
    return out


def ip_link_stats():
    out = {}
    for link in json.loads(subprocess.check_output(["ip", "-j", "-s", "link"])):
        rx, tx = link["stats64"]["rx"], link["stats64"]["tx"]
        out[link["ifname"]] = dict(bytes_sent=tx["bytes"], bytes_recv=rx["bytes"],
                                   packets_sent=tx["packets"], packets_recv=rx["packets"],
                                   errin=rx["errors"], errout=tx["errors"], dropin=rx["dropped"],
                                   dropout=tx["dropped"])
    return out


def test_net_io_counters_live(checks, cli):
    for source, reader in [("/proc/net/dev", read_proc_net_dev), ("ip -j -s link", ip_link_stats)]:
        before = reader()
        mine, err = ours(cli, "net_io_counters_pernic")
        after = reader()
        checks.check(mine is not None and set(mine) == set(before) == set(after),
              f"pernic names vs {source}: {mine and sorted(mine)} vs {sorted(before)}")
        for nic in (mine or {}):
            for field, v in mine[nic].items():
                lo, hi = before.get(nic, {}).get(field), after.get(nic, {}).get(field)
                # Counters move: ours was read between the two readings. ip's rx dropped also counts
                # some drops /proc/net/dev reports elsewhere, so only bracket where ip agrees.
                if lo is not None and hi is not None and lo <= hi:
                    checks.check(lo <= v <= hi, f"{nic}.{field} = {v}, {source} {lo}..{hi}")
    total, err = ours(cli, "net_io_counters")
    pernic_after = read_proc_net_dev()
    checks.check(total is not None and all(total[f] <= sum(n[f] for n in pernic_after.values()) for f in total),
          f"net_io_counters total {total}")
    checks.check(total is not None and total["bytes_recv"] >= pernic_after.get("lo", {}).get("bytes_recv", 0),
          "net_io_counters total includes lo")


# ---- live: net_if_addrs vs ip -j addr and psutil ----------------------------------------------

def prefix_to_mask(family, plen):
    if family == socket.AF_INET:
        bits = (0xFFFFFFFF << (32 - plen)) & 0xFFFFFFFF if plen else 0
        return socket.inet_ntop(socket.AF_INET, bits.to_bytes(4, "big"))
    bits = ((1 << 128) - 1) << (128 - plen) & ((1 << 128) - 1) if plen else 0
    return socket.inet_ntop(socket.AF_INET6, bits.to_bytes(16, "big"))


def test_net_if_addrs_live(checks, cli):
    addrs, err = ours(cli, "net_if_addrs")
    checks.check(addrs is not None, f"net_if_addrs: {err}")
    addrs = addrs or {}
    for link in json.loads(subprocess.check_output(["ip", "-j", "addr"])):
        name = link["ifname"]
        rows = addrs.get(name, [])
        checks.check(name in addrs, f"net_if_addrs lacks {name}")
        if link.get("address") and link.get("link_type") != "none":
            mac = [r for r in rows if r[0] == 17]
            checks.check(len(mac) == 1 and mac[0][1] == link["address"].lower(),
                  f"{name}: MAC {mac} vs ip {link['address']}")
            if "BROADCAST" in link["flags"]:
                checks.check(mac and mac[0][3] == link.get("broadcast"), f"{name}: link broadcast {mac}")
        for a in link.get("addr_info", []):
            fam = socket.AF_INET if a["family"] == "inet" else socket.AF_INET6
            ip = a["local"]
            if fam == socket.AF_INET6 and ip.lower().startswith("fe80"):
                ip += "%" + name
            mask = prefix_to_mask(fam, a["prefixlen"])
            got = [r for r in rows if r[0] == fam and r[1] == ip]
            checks.check(len(got) == 1, f"{name}: address {ip} not in {rows}")
            if got:
                checks.check(got[0][2] == mask, f"{name}: {ip} netmask {got[0][2]} vs prefixlen {a['prefixlen']}")
                if fam == socket.AF_INET and "broadcast" in a and a["prefixlen"] != 32:
                    checks.check(got[0][3] == a["broadcast"], f"{name}: {ip} broadcast {got[0][3]} vs {a['broadcast']}")
            if "address" in a and "POINTOPOINT" in link["flags"]:
                checks.check(got and got[0][4] == a["address"], f"{name}: {ip} ptp {got}")
        ours_ips = sorted(r[1] for r in rows if r[0] in (2, 10))
        ip_ips = sorted(a["local"] + ("%" + name if a["family"] == "inet6" and a["local"].startswith("fe80") else "")
                        for a in link.get("addr_info", []))
        checks.check(ours_ips == ip_ips, f"{name}: addresses {ours_ips} vs ip {ip_ips}")
    # psutil 5.9.4: same rows, except what psutil 8 changed (named here): (1) an entry without an
    # address is an AF_UNSPEC row in 8, skipped in 5.9.4; (2) a /32 IPv4 address has no broadcast in 8.
    ps = {}
    for name, lst in psutil.net_if_addrs().items():
        ps[name] = [[int(a.family), a.address, a.netmask, a.broadcast, a.ptp] for a in lst]
    for name in set(ps) | set(addrs):
        mine = [r for r in addrs.get(name, []) if r[0] != 0]
        theirs = [r[:3] + ([None] if r[0] == 2 and r[2] == "255.255.255.255" else [r[3]]) + r[4:]
                  for r in ps.get(name, [])]
        checks.check(mine == theirs, f"net_if_addrs[{name}]: psinfo {mine} psutil {theirs}")


# ---- live: net_if_stats vs /sys/class/net, ip -j link, psutil ---------------------------------

FLAG_NAMES = ["up", "broadcast", "debug", "loopback", "pointopoint", "notrailers", "running", "noarp",
              "promisc", "allmulti", "master", "slave", "multicast", "portsel", "automedia", "dynamic"]


def test_net_if_stats_live(checks, cli):
    stats, err = ours(cli, "net_if_stats")
    checks.check(stats is not None, f"net_if_stats: {err}")
    stats = stats or {}
    checks.check(set(stats) == set(read_proc_net_dev()), f"net_if_stats names {sorted(stats)}")
    links = {l["ifname"]: l for l in json.loads(subprocess.check_output(["ip", "-j", "link"]))}
    for name, s in stats.items():
        sysdir = "/sys/class/net/" + name
        with open(sysdir + "/mtu") as f:
            checks.check(s["mtu"] == int(f.read()), f"{name}: mtu {s['mtu']}")
        with open(sysdir + "/flags") as f:
            raw = int(f.read(), 16)
        flags = s["flags"].split(",") if s["flags"] else []
        checks.check(flags == [n for n in flags if n in FLAG_NAMES] and
              flags == sorted(flags, key=FLAG_NAMES.index), f"{name}: flag order {flags}")
        # /sys flags are dev->flags; the ioctl adds RUNNING (and LOWER_UP/DORMANT) from the state.
        sys_named = [FLAG_NAMES[b] for b in range(16) if raw & (1 << b) and FLAG_NAMES[b] != "running"]
        checks.check([f for f in flags if f != "running"] == sys_named, f"{name}: flags {flags} vs /sys {hex(raw)}")
        link = links.get(name)
        checks.check(link is not None and link["mtu"] == s["mtu"], f"{name}: mtu vs ip")
        if link:
            checks.check(("up" in flags) == ("UP" in link["flags"]), f"{name}: up vs ip {link['flags']}")
            checks.check(s["isup"] == ("running" in flags), f"{name}: isup is IFF_RUNNING")
            with open(sysdir + "/operstate") as f:
                oper = f.read().strip()
            if oper == "up":
                checks.check(s["isup"], f"{name}: operstate up but not running")
            if oper == "down" or "UP" not in link["flags"]:
                checks.check(not s["isup"], f"{name}: operstate {oper} but running")
        for fname, key in [("speed", "speed")]:
            try:
                with open(sysdir + "/" + fname) as f:
                    v = int(f.read())
                checks.check(s["speed"] == (v if v > 0 else 0), f"{name}: speed {s['speed']} vs /sys {v}")
            except OSError:
                checks.check(s["speed"] == 0, f"{name}: speed {s['speed']} where /sys has none")
    ps = psutil.net_if_stats()
    checks.check(set(ps) == set(stats), f"net_if_stats names vs psutil {sorted(ps)}")
    for name, p in ps.items():
        s = stats.get(name, {})
        checks.check(s and (s["isup"], s["duplex"], s["speed"], s["mtu"], s["flags"]) ==
                     (p.isup, p.duplex.name, p.speed, p.mtu, p.flags),
                     f"net_if_stats[{name}] {s} vs psutil {p}")


# ---- live: net_connections vs ss and psutil ---------------------------------------------------

SS_STATE = {"ESTAB": "ESTABLISHED", "LISTEN": "LISTEN", "SYN-SENT": "SYN_SENT", "SYN-RECV": "SYN_RECV",
            "FIN-WAIT-1": "FIN_WAIT1", "FIN-WAIT-2": "FIN_WAIT2", "TIME-WAIT": "TIME_WAIT",
            "CLOSE-WAIT": "CLOSE_WAIT", "LAST-ACK": "LAST_ACK", "CLOSING": "CLOSING", "UNCONN": "CLOSE",
            "CLOSED": "CLOSE"}


def ss_endpoint(text):
    host, port = text.rsplit(":", 1)
    if port == "*" or port == "0":
        return ()
    host = host.strip("[]").split("%")[0]
    if host == "*":
        host = "0.0.0.0"
    return (host, int(port))


def ss_rows():
    rows, owners = set(), {}
    for line in subprocess.check_output(["ss", "-tuanpH"], text=True).splitlines():
        t = line.split()
        proto, state, local, peer = t[0], t[1], t[4], t[5]
        status = SS_STATE[state] if proto == "tcp" else "NONE"
        key = (ss_endpoint(local), ss_endpoint(peer), status)
        rows.add(key)
        users = " ".join(t[6:])
        # Several sockets may share the endpoints (SO_REUSEPORT): their owners add up.
        owners.setdefault(key, set()).update(
            (int(p.split(",")[0]), int(f.split(")")[0]))
            for p, f in (u.split("pid=")[1].split(",fd=") for u in users.split("),(") if "pid=" in u))
    return rows, owners


def our_inet_rows(cli):
    mine, err = our_conns(cli, "inet")
    return mine, {(r[3], r[4], r[5]) for r in (mine or [])}


def test_net_connections_live(checks, cli):
    # Sockets of this test, so the comparison is not of empty lists.
    held = []
    for fam, host in [(socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")]:
        srv = socket.socket(fam, socket.SOCK_STREAM)
        srv.bind((host, 0))
        srv.listen(4)
        conn = socket.create_connection(srv.getsockname()[:2])
        acc, _ = srv.accept()
        udp = socket.socket(fam, socket.SOCK_DGRAM)
        udp.bind((host, 0))
        held += [srv, conn, acc, udp]
    me = os.getpid()
    ok = False
    for attempt in range(5):  # other processes open and close sockets meanwhile: retry until stable
        mine1, set1 = our_inet_rows(cli)
        ss_set, ss_owners = ss_rows()
        ps_list = ps_conns("inet")
        mine2, set2 = our_inet_rows(cli)
        if mine1 is None or set1 != set2 or mine1 != mine2 and set(mine1) != set(mine2):
            time.sleep(0.05)
            continue
        ps_set = {(r[3], r[4], r[5]) for r in ps_list}
        if set1 == ss_set and set1 == ps_set and set(mine1) == set(ps_list):
            ok = True
            break
        time.sleep(0.05)
    checks.check(ok, f"net_connections('inet') vs ss and psutil: psinfo-only {set1 - ss_set}, "
                     f"ss-only {ss_set - set1}, psutil-only {ps_set - set1}; "
                     f"rows psinfo-only {set(mine1 or []) - set(ps_list)}")
    for r in mine1 or []:
        key = (r[3], r[4], r[5])
        if r[6] is not None and ss_owners.get(key):
            checks.check((r[6], r[0]) in ss_owners[key], f"{r}: (pid, fd) not among ss's {ss_owners[key]}")
    # This test's own sockets, with the pid and fds Python gave them.
    mine = set(mine1 or [])
    for s in held:
        if s.type != socket.SOCK_STREAM and s.type != socket.SOCK_DGRAM:
            continue
        la = s.getsockname()[:2]
        try:
            ra = s.getpeername()[:2]
        except OSError:
            ra = ()
        fam = "AF_INET" if s.family == socket.AF_INET else "AF_INET6"
        typ = "SOCK_STREAM" if s.type == socket.SOCK_STREAM else "SOCK_DGRAM"
        status = "NONE" if typ == "SOCK_DGRAM" else ("ESTABLISHED" if ra else "LISTEN")
        checks.check((s.fileno(), fam, typ, la, ra, status, me) in mine, f"own socket {la}->{ra} fd {s.fileno()} not found")
    for kind in KINDS:
        mine, err = our_conns(cli, kind)
        checks.check(mine is not None, f"live {kind}: {err}")
    bad, err = our_conns(cli, "tcp7")
    # (the CLI rejects it as a usage error before the library's invalid_argument)
    checks.check(bad is None and "invalid" in err and "tcp7" in err, f"kind tcp7 must be rejected: {err}")
    for s in held:
        s.close()
