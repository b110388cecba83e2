"""psinfo's sensors (through its CLI's --json) against psutil (Debian's python3-psutil 5.9.4).

psutil hard-codes /sys, so each fixture tree's sys/ is bind-mounted over /sys in a private
mount namespace (`unshare -m`) and psutil runs there; psinfo runs with its sysfs root pointed at
the same tree. Values are compared exactly. The differences between psutil 5.9.4 and psutil 8
(which psinfo follows) are named below and checked as such, not tolerated silently. Skipped
where unshare/mount is not permitted.

The trees: the shared ones with their sys/ rebuilt by make_trees.py ($PSINFO_SENSORS_TREES,
the ctest fixture sensors_trees) and the hand-made tests/fixtures/sensors-*.
"""
import json
import os

import pytest

from conftest import PYTHON, own_fixtures_dir

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
# change from run to run. tests/sensors/test_sensors_fixtures.cpp checks these by hand instead.
UNRELIABLE_LIMITS = {
    ("sensors-thermal", "acpitz", 0): "3 trip points: psutil divides by 1000 again per later trip point, in hash order",
}

OWN_TREES = sorted(t for t in os.listdir(own_fixtures_dir()) if t.startswith("sensors-"))


def psutil_on(sys_namespace, tree):
    r = sys_namespace(os.path.join(tree, "sys"), [PYTHON, "-c", PSUTIL_CODE])
    assert r.returncode == 0, f"psutil on {tree} failed: {r.stderr}"
    return json.loads(r.stdout)


def psinfo_on(cli, tree):
    """psinfo's results in the shape of psutil's JSON (namedtuples as lists); an error as
    {"error": its message}."""
    c = cli.on(sysfs=os.path.join(tree, "sys"))

    def run(*args):
        r = c.run(*args)
        if r.returncode != 0:
            return {"error": r.stderr.strip()}
        return json.loads(r.stdout)

    def rows(v):
        return {chip: [list(x.values()) for x in lst] for chip, lst in v.items()} \
            if "error" not in v or isinstance(v["error"], list) else v
    b = run("sensors_battery")
    return {"t": rows(run("sensors_temperatures")),
            "tf": rows(run("sensors_temperatures", "--fahrenheit")),
            "f": rows(run("sensors_fans")),
            "b": list(b.values()) if isinstance(b, dict) and "error" not in b else b}


def same(a, b):
    return a == b or (isinstance(a, float) and isinstance(b, float) and a != a and b != b)


def compare_temps(checks, name, what, ps, pi):
    if isinstance(ps, dict) and "error" in ps and isinstance(ps["error"], str):
        return checks.error(f"{name} {what}", f"psutil raised {ps['error']}")
    if isinstance(pi, dict) and "error" in pi and len(pi) == 1 and not isinstance(pi["error"], list):
        return checks.error(f"{name} {what}", f"psinfo raised {pi['error']}")
    if not checks.check(set(ps) == set(pi), "%s %s: chips differ: psutil %s, psinfo %s"
                        % (name, what, sorted(ps), sorted(pi))):
        return
    for chip in ps:
        if not checks.check(len(ps[chip]) == len(pi[chip]), "%s %s[%s]: %d sensors in psutil, %d "
                            "in psinfo" % (name, what, chip, len(ps[chip]), len(pi[chip]))):
            continue
        for i, (a, b) in enumerate(zip(ps[chip], pi[chip])):
            for f, x, y in zip(("label", "current", "high", "critical"), a, b):
                if f in ("high", "critical") and (name, chip, i) in UNRELIABLE_LIMITS:
                    continue
                checks.check(same(x, y), "%s %s[%s][%d].%s: psutil %r, psinfo %r"
                             % (name, what, chip, i, f, x, y))


def compare_fans(checks, name, ps, pi):
    ps_err = isinstance(ps, dict) and "error" in ps and isinstance(ps["error"], str)
    pi_err = isinstance(pi, dict) and "error" in pi and isinstance(pi["error"], str)
    if ps_err or pi_err:
        # psutil raises when a fan's hwmon directory has no readable `name`; so does psinfo.
        checks.check(ps_err and pi_err, "%s fans: psutil %r, psinfo %r" % (name, ps, pi))
        return
    checks.check(ps == pi, "%s fans: psutil %r, psinfo %r" % (name, ps, pi))


def compare_battery(checks, name, tree, ps, pi, ps_percent_type):
    # psutil lists /sys/class/power_supply without a guard and raises FileNotFoundError
    # where it does not exist; psinfo reports no battery.
    if (isinstance(ps, dict) and ps.get("error", "").startswith("FileNotFoundError")
            and not os.path.isdir(os.path.join(tree, "sys/class/power_supply"))):
        print("  %s: no class/power_supply: psutil raises FileNotFoundError, psinfo gives None" % name)
        checks.check(pi is None, "%s battery: expected None without class/power_supply, psinfo %r"
                     % (name, pi))
        return
    if ps is None or pi is None or isinstance(ps, dict) or isinstance(pi, dict):
        checks.check(ps == pi, "%s battery: psutil %r, psinfo %r" % (name, ps, pi))
        return
    checks.check(True, f"{name} battery: both report one")
    percent, secsleft, plugged = ps
    # 5.9.4 vs 8 (1): percent from `capacity` is an int in 5.9.4, a float in 8.
    if ps_percent_type == "int":
        print("  %s: percent from capacity: int %r in psutil 5.9.4, float in psutil 8" % (name, percent))
    if ps_percent_type == "int" and not isinstance(pi[0], float):
        checks.error(f"{name} battery.percent",
                     "psinfo should give a float (psutil 8) for capacity %r" % percent)
    # 5.9.4 vs 8 (2): 5.9.4 divides energy by power_now as is, so a negative current_now
    # gives a negative secsleft; psutil 8 divides by |power|.
    expected_secs = -secsleft if secsleft < -2 else secsleft
    if secsleft < -2:
        print("  %s: secsleft %d in psutil 5.9.4, %d expected from psutil 8 (|power|)"
              % (name, secsleft, expected_secs))
    for f, x, y in (("percent", percent, pi[0]), ("secsleft", expected_secs, pi[1]),
                    ("power_plugged", plugged, pi[2])):
        checks.check(same(x, y), "%s battery.%s: psutil %r, psinfo %r" % (name, f, x, y))


def compare_tree(checks, cli, sys_namespace, tree):
    name = os.path.basename(os.path.normpath(tree))
    ps = psutil_on(sys_namespace, tree)
    pi = psinfo_on(cli, tree)
    compare_temps(checks, name, "temperatures", ps["t"], pi["t"])
    compare_temps(checks, name, "temperatures(fahrenheit)", ps["tf"], pi["tf"])
    compare_fans(checks, name, ps["f"], pi["f"])
    compare_battery(checks, name, tree, ps["b"], pi["b"], ps["b_percent_type"])


@pytest.mark.shared
@pytest.mark.parametrize("name", ["node-exporter", "procfs"])
def test_sensors_on_shared_tree(name, checks, cli, sys_namespace, shared_fixtures):
    rebuilt = os.environ.get("PSINFO_SENSORS_TREES")
    assert rebuilt, "PSINFO_SENSORS_TREES is not set: run through ctest (fixture sensors_trees)"
    compare_tree(checks, cli, sys_namespace, os.path.join(rebuilt, name))


@pytest.mark.parametrize("name", OWN_TREES)
def test_sensors_on_tree(name, checks, cli, sys_namespace, own_fixtures):
    compare_tree(checks, cli, sys_namespace, os.path.join(own_fixtures, name))
