#!/usr/bin/python3
"""Differential test: psinfo's sensors against psutil (Debian's python3-psutil 5.9.4).

psutil hard-codes /sys, so each fixture tree's sys/ is bind-mounted over /sys in a private
mount namespace (`unshare -m`) and psutil runs there; psinfo runs through the test driver
sensors_dump with its sysfs root pointed at the same tree. Values are compared exactly.
The differences between psutil 5.9.4 and psutil 8 (which psinfo follows) are named below and
checked as such, not tolerated silently. Exit 77 (ctest SKIP) where unshare/mount is not
permitted.

usage: diff_psutil.py SENSORS_DUMP REBUILT_SHARED_TREES OWN_FIXTURES
(the trees: REBUILT_SHARED_TREES/{node-exporter,procfs} and OWN_FIXTURES/sensors-*)
"""
import json
import os
import subprocess
import sys
import tempfile

PSUTIL_CODE = r'''
import json, psutil
def run(f):
    try:
        return f()
    except Exception as e:
        return {"error": type(e).__name__ + ": " + str(e)}
b = run(psutil.sensors_battery)
print(json.dumps({
    "t": run(psutil.sensors_temperatures),
    "tf": run(lambda: psutil.sensors_temperatures(fahrenheit=True)),
    "f": run(psutil.sensors_fans),
    "b": b,
    "b_percent_type": type(b.percent).__name__ if b is not None and not isinstance(b, dict) else None,
}))
'''

# Entries where psutil itself is not a reference: (tree, chip, index) -> why.
# psutil's thermal-zone loop converts an already converted trip temperature again (/1000)
# on each later trip point, in set (hash) order: with several trip points its high/critical
# change from run to run. tests/sensors/test_sensors.cpp checks these by hand instead.
UNRELIABLE_LIMITS = {
    ("sensors-thermal", "acpitz", 0): "3 trip points: psutil divides by 1000 again per later trip point, in hash order",
}

failures = []
checks = 0


def fail(msg):
    failures.append(msg)


def can_unshare():
    with tempfile.TemporaryDirectory() as d:
        r = subprocess.run(["unshare", "-m", "sh", "-c", 'mount --bind "$0" /mnt', d],
                           capture_output=True, text=True)
        return r.returncode == 0, (r.stderr or "").strip()


def psutil_on(tree):
    r = subprocess.run(
        ["unshare", "-m", "sh", "-c", 'mount --bind "$0/sys" /sys && exec /usr/bin/python3 -c "$1"',
         tree, PSUTIL_CODE], capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        raise RuntimeError("psutil on %s failed: %s" % (tree, r.stderr))
    return json.loads(r.stdout)


def psinfo_on(dump, tree):
    r = subprocess.run([dump, tree], capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        raise RuntimeError("sensors_dump %s failed: %s" % (tree, r.stderr))
    return json.loads(r.stdout)


def same(a, b):
    return a == b or (isinstance(a, float) and isinstance(b, float) and a != a and b != b)


def compare_temps(name, what, ps, pi):
    global checks
    if isinstance(ps, dict) and "error" in ps:
        fail("%s %s: psutil raised %s" % (name, what, ps["error"]))
        return
    if isinstance(pi, dict) and "error" in pi and len(pi) == 1 and not isinstance(pi["error"], list):
        fail("%s %s: psinfo raised %s" % (name, what, pi["error"]))
        return
    if set(ps) != set(pi):
        fail("%s %s: chips differ: psutil %s, psinfo %s" % (name, what, sorted(ps), sorted(pi)))
        return
    for chip in ps:
        if len(ps[chip]) != len(pi[chip]):
            fail("%s %s[%s]: %d sensors in psutil, %d in psinfo" % (name, what, chip, len(ps[chip]), len(pi[chip])))
            continue
        for i, (a, b) in enumerate(zip(ps[chip], pi[chip])):
            fields = ("label", "current", "high", "critical")
            for f, x, y in zip(fields, a, b):
                if f in ("high", "critical") and (name, chip, i) in UNRELIABLE_LIMITS:
                    continue
                checks += 1
                if not same(x, y):
                    fail("%s %s[%s][%d].%s: psutil %r, psinfo %r" % (name, what, chip, i, f, x, y))


def compare_fans(name, ps, pi):
    global checks
    ps_err = isinstance(ps, dict) and "error" in ps and isinstance(ps["error"], str)
    pi_err = isinstance(pi, dict) and "error" in pi and isinstance(pi["error"], str)
    checks += 1
    if ps_err or pi_err:
        # psutil raises when a fan's hwmon directory has no readable `name`; so does psinfo.
        if not (ps_err and pi_err):
            fail("%s fans: psutil %r, psinfo %r" % (name, ps, pi))
        return
    if ps != pi:
        fail("%s fans: psutil %r, psinfo %r" % (name, ps, pi))


def compare_battery(name, tree, ps, pi, ps_percent_type):
    global checks
    checks += 1
    # psutil lists /sys/class/power_supply without a guard and raises FileNotFoundError
    # where it does not exist; psinfo reports no battery.
    if (isinstance(ps, dict) and ps.get("error", "").startswith("FileNotFoundError")
            and not os.path.isdir(os.path.join(tree, "sys/class/power_supply"))):
        print("  %s: no class/power_supply: psutil raises FileNotFoundError, psinfo gives None" % name)
        if pi is not None:
            fail("%s battery: expected None without class/power_supply, psinfo %r" % (name, pi))
        return
    if ps is None or pi is None or isinstance(ps, dict) or isinstance(pi, dict):
        if ps != pi:
            fail("%s battery: psutil %r, psinfo %r" % (name, ps, pi))
        return
    percent, secsleft, plugged = ps
    # 5.9.4 vs 8 (1): percent from `capacity` is an int in 5.9.4, a float in 8.
    if ps_percent_type == "int":
        print("  %s: percent from capacity: int %r in psutil 5.9.4, float in psutil 8" % (name, percent))
    if ps_percent_type == "int" and not isinstance(pi[0], float):
        fail("%s battery.percent: psinfo should give a float (psutil 8) for capacity %r" % (name, percent))
    # 5.9.4 vs 8 (2): 5.9.4 divides energy by power_now as is, so a negative current_now
    # gives a negative secsleft; psutil 8 divides by |power|.
    expected_secs = -secsleft if secsleft < -2 else secsleft
    if secsleft < -2:
        print("  %s: secsleft %d in psutil 5.9.4, %d expected from psutil 8 (|power|)" % (name, secsleft, expected_secs))
    for f, x, y in (("percent", percent, pi[0]), ("secsleft", expected_secs, pi[1]), ("power_plugged", plugged, pi[2])):
        checks += 1
        if not same(x, y):
            fail("%s battery.%s: psutil %r, psinfo %r" % (name, f, x, y))


def main():
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    ok, why = can_unshare()
    if not ok:
        print("SKIP: cannot bind-mount a tree over /sys in a private mount namespace (%s)" % why)
        return 77
    dump = sys.argv[1]
    trees = [os.path.join(sys.argv[2], t) for t in ("node-exporter", "procfs")]
    trees += sorted(os.path.join(sys.argv[3], t) for t in os.listdir(sys.argv[3])
                    if t.startswith("sensors-"))
    for tree in trees:
        name = os.path.basename(os.path.normpath(tree))
        ps = psutil_on(tree)
        pi = psinfo_on(dump, tree)
        before = checks
        compare_temps(name, "temperatures", ps["t"], pi["t"])
        compare_temps(name, "temperatures(fahrenheit)", ps["tf"], pi["tf"])
        compare_fans(name, ps["f"], pi["f"])
        compare_battery(name, tree, ps["b"], pi["b"], ps["b_percent_type"])
        print("%s: %d fields compared" % (name, checks - before))
    for f in failures:
        print("FAIL:", f)
    if failures:
        print("diff_psutil: %d failures in %d checks" % (len(failures), checks))
        return 1
    print("diff_psutil: OK (%d checks over %d trees)" % (checks, len(trees)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
