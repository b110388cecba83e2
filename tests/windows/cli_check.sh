#!/bin/sh
# windows_cli: runs `psinfo.exe virtual_memory --json` under Wine and compares its total with
# the host's MemTotal (Wine passes the host's memory through, rounded to pages).
# Usage: cli_check.sh WINE PSINFO_EXE PYTHON. Exit 77 (skipped) when the CLI was not built.
wine=$1 exe=$2 py=$3
if [ ! -f "$exe" ]; then
  echo "windows_cli: $exe was not built (the CLI does not build for Windows yet): skipped"
  exit 77
fi
out=$("$wine" "$exe" virtual_memory --json) || { echo "windows_cli: psinfo.exe failed"; exit 1; }
printf '%s\n' "$out" | "$py" -c '
import json, sys
d = json.load(sys.stdin)
mem = dict(l.split(":", 1) for l in open("/proc/meminfo"))
host = int(mem["MemTotal"].split()[0]) * 1024
ok = abs(d["total"] - host) <= (1 << 20) and 0 <= d["available"] <= d["total"]
print("windows_cli: total %d host %d available %d: %s" % (d["total"], host, d["available"], "ok" if ok else "FAILED"))
sys.exit(0 if ok else 1)
'
