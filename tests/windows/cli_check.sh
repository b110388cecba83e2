#!/bin/sh
# windows_cli: psinfo.exe under Wine against what the host says. Wine passes the host's memory,
# CPU times, disks (Z: is /) and network counters through, so each --json result is compared
# with /proc and statvfs read here; Wine's own processes are compared with winedbg's list.
# Also: the text commands run, --help, and the one-line errors (unknown command, gone PID).
# Usage: cli_check.sh WINE PSINFO_EXE PYTHON. Exit 77 (skipped) when the CLI was not built.
wine=$1 exe=$2 py=$3
if [ ! -f "$exe" ]; then
  echo "windows_cli: $exe was not built: skipped"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() {
  printf 'windows_cli: FAILED: %s\n' "$*"
  fail=1
}

# run NAME ARGS...: psinfo.exe's stdout in $tmp/NAME.out, stderr in $tmp/NAME.err; its status.
run() {
  name=$1
  shift
  "$wine" "$exe" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
}

# Host facts just before and just after, so that moving counters can be bracketed.
facts() {
  {
    echo "nproc $(nproc)"
    echo "statvfs $(stat -f -c '%S %b %f %a' /)"
    grep -E '^(MemTotal|MemAvailable):' /proc/meminfo
    grep -E '^(cpu |btime)' /proc/stat
    tail -n +3 /proc/net/dev
  } >"$tmp/$1.facts"
}

facts before
for f in virtual_memory cpu_times cpu_count net_io_counters boot_time; do
  run "$f" "$f" --json || bad "$f --json: exit $?: $(head -n 1 "$tmp/$f.err")"
done
run disk_usage disk_usage --path 'Z:\' --json || bad "disk_usage --json: exit $?"
facts after

# Each check prints one line: what it compared, and ok or FAILED.
"$py" - "$tmp" <<'EOF' || fail=1
import json, os, sys
tmp = sys.argv[1]
def load(name):
    with open(os.path.join(tmp, name + ".out")) as f:
        return json.load(f)
def facts(which):
    d = {"nic": {}}
    for line in open(os.path.join(tmp, which + ".facts")):
        if ":" in line and not line.startswith(("Mem",)):  # /proc/net/dev
            nic, rest = line.split(":", 1)
            v = [int(x) for x in rest.split()]
            d["nic"][nic.strip()] = {"bytes_recv": v[0], "packets_recv": v[1], "bytes_sent": v[8],
                                     "packets_sent": v[9]}
            continue
        k, rest = line.replace(":", " ", 1).split(None, 1)
        d[k] = rest.split()
    return d
before, after = facts("before"), facts("after")
ok = True
def check(what, cond, detail):
    global ok
    print("windows_cli: %-16s %s: %s" % (what, detail, "ok" if cond else "FAILED"))
    ok &= bool(cond)

vm = load("virtual_memory")
host_total = int(before["MemTotal"][0]) * 1024
# Wine's total is MemTotal less at most one page (Wine's physical pages are numbered from 1);
# available moves with the rest of the host: 5% of the total.
page = os.sysconf("SC_PAGE_SIZE")
avail = [int(x["MemAvailable"][0]) * 1024 for x in (before, after)]
tol = host_total // 20
check("virtual_memory", 0 <= host_total - vm["total"] <= page
      and min(avail) - tol <= vm["available"] <= max(avail) + tol,
      "total %d (host %d), available %d (host %d..%d)" % (vm["total"], host_total, vm["available"],
                                                          min(avail), max(avail)))

# /proc/stat in USER_HZ (100): Wine's idle is the host's idle; user + system cover the rest.
hz = os.sysconf("SC_CLK_TCK")
def stat_cpu(f):
    v = [int(x) for x in f["cpu"]]
    return {"idle": v[3] / hz, "busy": (v[0] + v[1] + v[2] + v[4] + v[5] + v[6]) / hz}
b, a = stat_cpu(before), stat_cpu(after)
ct = load("cpu_times")
busy = ct["user"] + ct["system"]
check("cpu_times", b["idle"] - 1 <= ct["idle"] <= a["idle"] + 1
      and b["busy"] * 0.9 - 1 <= busy <= a["busy"] * 1.1 + 1,
      "idle %.2f (host %.2f..%.2f), user+system %.2f (host busy %.2f..%.2f)" % (
          ct["idle"], b["idle"], a["idle"], busy, b["busy"], a["busy"]))

check("cpu_count", load("cpu_count") == int(before["nproc"][0]),
      "%s (nproc %s)" % (load("cpu_count"), before["nproc"][0]))

# Z: is the host's /: the total is fixed, the free space moves with the host's writes.
frsize, blocks, bfree, bavail = (int(x) for x in before["statvfs"])
bavail2 = int(after["statvfs"][3])
du = load("disk_usage")
slack = 256 << 20
free_lo, free_hi = min(bavail, bavail2) * frsize - slack, max(bavail, bavail2) * frsize + slack
check("disk_usage Z:", du["total"] == blocks * frsize and free_lo <= du["free"] <= free_hi,
      "total %d (statvfs %d), free %d (statvfs %d..%d)" % (
          du["total"], blocks * frsize, du["free"], free_lo + slack, free_hi - slack))

# The sum over every interface Wine lists (the host's, lo included) lies between two readings.
nio = load("net_io_counters")
good = True
for k in ("bytes_recv", "bytes_sent", "packets_recv", "packets_sent"):
    lo = sum(n[k] for n in before["nic"].values())
    hi = sum(n[k] for n in after["nic"].values())
    good &= lo <= nio[k] <= hi
    if k == "bytes_recv":
        detail = "bytes_recv %d (host %d..%d)" % (nio[k], lo, hi)
check("net_io_counters", good, detail + ", sent and packets too")

bt = load("boot_time")
check("boot_time", abs(bt - int(before["btime"][0])) <= 2, "%.1f (btime %s)" % (bt, before["btime"][0]))
sys.exit(0 if ok else 1)
EOF

# A path that is not ASCII reaches the library intact (argv re-read as UTF-16, passed on as
# UTF-8): the total of the file system that holds it, as statvfs gives it.
mkdir "$tmp/dir-é"
wpath="Z:$(printf '%s' "$tmp/dir-é" | tr / '\\')"
set -- $(stat -f -c '%S %b' "$tmp/dir-é")
if run utf8 disk_usage --path "$wpath" --json; then
  total=$("$py" -c 'import json, sys; print(json.load(open(sys.argv[1]))["total"])' "$tmp/utf8.out")
  [ "$total" = $(($1 * $2)) ] || bad "disk_usage --path $wpath: total $total, statvfs $(($1 * $2))"
  printf 'windows_cli: disk_usage %s: total %s (statvfs %s)\n' "$wpath" "$total" $(($1 * $2))
else
  bad "disk_usage --path $wpath: exit $?: $(head -n 1 "$tmp/utf8.err")"
fi

# The text commands: they run, and say what the host has.
for c in overview free df ifconfig; do
  if [ $c = overview ]; then run $c; else run $c $c; fi || bad "$c: exit $?: $(head -n 1 "$tmp/$c.err")"
done
# free's total is virtual_memory's in KiB: MemTotal less at most a page.
memtotal=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)
tr -d '\r' <"$tmp/free.out" | awk -v t="$memtotal" '$1 == "Mem:" && (t - $2 < 0 || t - $2 > 4) {exit 1}
  $1 == "Mem:" {found = 1} END {exit !found}' || bad "free: its Mem: total is not MemTotal $memtotal"
grep -q '^Z:' "$tmp/df.out" || bad "df: no Z: line"
grep -q '^Mem ' "$tmp/overview.out" && grep -q '^CPU ' "$tmp/overview.out" ||
  bad "overview: no CPU or Mem line"
for nic in $(tail -n +3 /proc/net/dev | cut -d: -f1); do
  grep -q "^$nic:" "$tmp/ifconfig.out" || bad "ifconfig: host interface $nic missing"
done
run help --help || bad "--help: exit $?"
grep -q '^usage: psinfo' "$tmp/help.out" && grep -q 'virtual_memory' "$tmp/help.out" ||
  bad "--help: no usage line or no virtual_memory"
echo "windows_cli: overview, free, df, ifconfig, --help: checked"

# psinfo metrics: an exposition with "\n" line ends (binary stdout) that promtool accepts,
# where Debian's prometheus is installed.
run metrics metrics --collectors cpu,filesystem,diskstats,netdev,time ||
  bad "metrics: exit $?: $(head -n 1 "$tmp/metrics.err")"
if grep -q "$(printf '\r')" "$tmp/metrics.out"; then
  bad "metrics: \\r in the exposition"
elif command -v promtool >/dev/null; then
  promtool check metrics <"$tmp/metrics.out" >"$tmp/promtool.out" 2>&1 ||
    bad "metrics: promtool: $(head -n 3 "$tmp/promtool.out")"
fi
grep -q '^node_cpu_seconds_total{cpu="0",mode="idle"} ' "$tmp/metrics.out" &&
  grep -q '^psinfo_scrape_collector_success{collector="time"} 1$' "$tmp/metrics.out" ||
  bad "metrics: no node_cpu_seconds_total or a failed time collector"
echo "windows_cli: metrics: checked"

# one_error NAME STATUS: exactly one line on stderr (Wine's own "wine: ..." notes aside) and
# that exit status.
one_error() {
  lines=$(grep -vc '^wine: ' "$tmp/$1.err")
  [ "$lines" = 1 ] || bad "$1: $lines lines on stderr, not 1"
  [ "$2" = "$3" ] || bad "$1: exit $2, not $3"
  printf 'windows_cli: %s: exit %s: %s\n' "$1" "$2" "$(grep -v '^wine: ' "$tmp/$1.err")"
}
run unknown no_such_command
one_error unknown $? 2
run serve serve  # not built for Windows (no cpp-httplib): a one-line error
one_error serve $? 1
grep -q 'serve: not available' "$tmp/serve.err" || bad "serve: $(cat "$tmp/serve.err")"

# Processes: a ping.exe started here must be seen under its PID as winedbg lists it, then,
# once it is gone, a process command on its PID is a one-line error.
"$wine" ping -n 60 127.0.0.1 >/dev/null 2>&1 &
ping_job=$!
pid=
for _ in 1 2 3 4 5 6 7 8 9 10; do
  pid=$("$wine" winedbg --command "info proc" 2>/dev/null | tr -d '\r' |
    awk "/'ping.exe'/ {print \$1}" | tr -d '=' | head -n 1)
  [ -n "$pid" ] && break
  sleep 1
done
if [ -z "$pid" ]; then
  bad "winedbg does not list the ping.exe started"
else
  pid=$((0x$pid))
  run name process name --pid "$pid" || bad "process name --pid $pid: exit $?: $(cat "$tmp/name.err")"
  [ "$(tr -d '\r' <"$tmp/name.out")" = ping.exe ] || bad "process name --pid $pid: $(cat "$tmp/name.out")"
  run ps ps || bad "ps: exit $?"
  tr -d '\r' <"$tmp/ps.out" | awk -v p="$pid" '$2 == p && /ping/ {f = 1} END {exit !f}' ||
    bad "ps: no line for ping.exe (PID $pid)"
  run pstree pstree || bad "pstree: exit $?"
  grep -q " $pid ping\.exe" "$tmp/pstree.out" || bad "pstree: no '$pid ping.exe'"
  run as_dict process as_dict --pid "$pid" --attrs pid,name,cmdline --json ||
    bad "process as_dict: exit $?"
  "$py" -c '
import json, sys
d = json.load(open(sys.argv[1]))
ok = d["pid"] == int(sys.argv[2]) and d["name"] == "ping.exe" and d["cmdline"][-1] == "127.0.0.1"
print("windows_cli: process as_dict  %s: %s" % (d, "ok" if ok else "FAILED"))
sys.exit(0 if ok else 1)' "$tmp/as_dict.out" "$pid" || fail=1
  echo "windows_cli: ping.exe PID $pid: process name, ps, pstree: checked"
fi
kill "$ping_job" 2>/dev/null
wait "$ping_job" 2>/dev/null
if [ -n "$pid" ]; then
  # Killing wine64 ends the Windows process; wineserver notices at once, allow it a moment.
  # wineserver hands a freed PID out again only after 256 others: it is not reused here.
  for _ in 1 2 3 4 5; do
    run gone process name --pid "$pid" && sleep 1 || break
  done
  run gone process name --pid "$pid"
  one_error gone $? 1
fi

# Windows services: win_service_iter --json against `reg query` of the Services key (each
# service's DisplayName, ImagePath, ObjectName, Start, Description, Type: the SCM's
# configuration), win_service_get --name of each of a few against `sc query` (its STATE), and a
# missing name: a one-line error.
run services win_service_iter --json || bad "win_service_iter --json: exit $?: $(head -n 1 "$tmp/services.err")"
"$wine" reg query 'HKLM\System\CurrentControlSet\Services' /s 2>/dev/null | tr -d '\r' >"$tmp/reg.txt"
for svc in Spooler RpcSs PlugPlay MountMgr; do
  run "svc_$svc" win_service_get --name "$svc" --json || bad "win_service_get --name $svc: exit $?"
  "$wine" sc query "$svc" 2>/dev/null | tr -d '\r' >"$tmp/sc_$svc.txt"
done
"$py" - "$tmp" <<'EOF2' || fail=1
import json, os, sys
tmp = sys.argv[1]
reg, key = {}, None
for line in open(os.path.join(tmp, "reg.txt")):
    line = line.rstrip("\n")
    prefix = "HKEY_LOCAL_MACHINE\\System\\CurrentControlSet\\Services\\"
    if line.startswith("HKEY_"):
        rest = line[len(prefix):] if line.startswith(prefix) else ""
        key = rest if rest and "\\" not in rest else None
        if key:
            reg[key] = {}
    elif key and line.startswith("    "):
        parts = line[4:].split("    ", 2)
        if len(parts) >= 2:
            reg[key][parts[0]] = parts[2] if len(parts) == 3 else ""
START = {2: "automatic", 3: "manual", 4: "disabled"}
ok = True
svcs = json.load(open(os.path.join(tmp, "services.out")))
win32 = sorted(k for k, v in reg.items() if int(v.get("Type", "0"), 16) & 0x30)
names = [s["name"] for s in svcs]
# Wine's services.exe makes a service of each driver host (winedevice.exe) it starts,
# "Winedevice<N>", and keeps it out of the registry.
hosts = [s for s in svcs if s["name"] not in reg and s["name"].startswith("Winedevice")
         and s["name"][10:].isdigit() and s["binpath"].endswith("\\winedevice.exe")]
svcs = [s for s in svcs if s not in hosts]
good = sorted(s["name"] for s in svcs) == win32
print("windows_cli: win_service_iter %d services (%d Wine driver hosts), the registry's Win32 "
      "ones %d: %s" % (len(names), len(hosts), len(win32),
                       "ok" if good else "FAILED: %s" % sorted(set(names) ^ set(win32))))
ok &= good
bad = []
for s in svcs:
    r = reg.get(s["name"], {})
    want = {"display_name": r.get("DisplayName", s["name"]), "binpath": r.get("ImagePath", ""),
            "username": r.get("ObjectName", "LocalSystem"),
            "start_type": START.get(int(r.get("Start", "0x0"), 16), "unknown"),
            "description": r.get("Description", "")}
    for k, v in want.items():
        if s[k] != v:
            bad.append("%s.%s %r, registry %r" % (s["name"], k, s[k], v))
    if list(s) != ["display_name", "binpath", "username", "start_type", "status", "pid", "name",
                   "description"]:
        bad.append("%s: keys %s" % (s["name"], list(s)))
    if (s["status"] == "running") != (s["pid"] is not None) and s["status"] in ("running", "stopped"):
        bad.append("%s: status %s, pid %s" % (s["name"], s["status"], s["pid"]))
print("windows_cli: win_service_iter fields vs the registry: %s"
      % ("ok" if not bad else "FAILED: %s" % bad))
ok &= not bad
for svc in ("Spooler", "RpcSs", "PlugPlay", "MountMgr"):
    d = json.load(open(os.path.join(tmp, "svc_%s.out" % svc)))
    state = [l.split(":", 1)[1].split()[1].lower() for l in open(os.path.join(tmp, "sc_%s.txt" % svc))
             if l.strip().startswith("STATE")]
    good = d["name"] == svc and state == [d["status"]] and \
        d["display_name"] == reg[svc].get("DisplayName")
    print("windows_cli: win_service_get %-9s status %s (sc query %s), pid %s: %s"
          % (svc, d["status"], state, d["pid"], "ok" if good else "FAILED"))
    ok &= good
sys.exit(0 if ok else 1)
EOF2
run nosvc win_service_get --name psinfo-no-such-service
one_error nosvc $? 1
grep -q "service 'psinfo-no-such-service' does not exist" "$tmp/nosvc.err" ||
  bad "win_service_get of a missing service: $(cat "$tmp/nosvc.err")"

[ $fail = 0 ] && echo "windows_cli: all ok"
exit $fail
