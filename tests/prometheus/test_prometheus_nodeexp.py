"""psinfo against Debian's node_exporter 1.5.0, scraped at the same moment: node_exporter,
then psinfo, then node_exporter again. Every metric both export has the same type and HELP-
independent shape (name, labels); counters lie between node_exporter's two readings, sizes are
equal, and the gauges that move lie within what moved between the two readings."""
import collections
import os
import subprocess

import pytest

import exporters as ex  # tests/prometheus/exporters.py

COLLECTORS = ",".join(ex.SAME_COLLECTORS)

# Gauges that must be equal: sizes and facts that do not move.
EXACT = {"node_memory_MemTotal_bytes", "node_memory_SwapTotal_bytes", "node_boot_time_seconds",
         "node_filesystem_size_bytes", "node_filesystem_readonly", "node_filesystem_device_error",
         "node_network_mtu_bytes", "node_cpu_scaling_frequency_min_hertz",
         "node_cpu_scaling_frequency_max_hertz"}
# Gauges that move: within the readings' range widened by this much.
MOVING = {"node_memory_MemFree_bytes": 64 << 20, "node_memory_MemAvailable_bytes": 64 << 20,
          "node_memory_Buffers_bytes": 16 << 20, "node_memory_Active_bytes": 64 << 20,
          "node_memory_Inactive_bytes": 64 << 20, "node_memory_Shmem_bytes": 16 << 20,
          "node_memory_Slab_bytes": 16 << 20, "node_memory_SwapFree_bytes": 16 << 20,
          "node_filesystem_free_bytes": 256 << 20, "node_filesystem_avail_bytes": 256 << 20,
          # /proc/loadavg, which node_exporter reads, rounds to 0.01; psinfo's sysinfo() does not
          "node_load1": 0.01, "node_load5": 0.01, "node_load15": 0.01, "node_time_seconds": 0,
          "node_cpu_scaling_frequency_hertz": 2e9, "node_hwmon_temp_celsius": 5}
# Metrics psinfo labels differently from node_exporter (the README says so): hwmon's chip is
# the driver's name, not the device path.
DIFFERENT_LABELS = {"node_hwmon_temp_celsius", "node_hwmon_temp_max_celsius",
                    "node_hwmon_temp_crit_celsius", "node_hwmon_fan_rpm"}


def scrape_three():
    with ex.node_exporter() as ne, ex.psinfo_serve("--collectors", COLLECTORS) as ps:
        ex.scrape(ps.port)  # warm up (the sampler opens its files)
        a = ex.scrape(ne, strict=False)
        b = ex.scrape(ps.port)
        c = ex.scrape(ne, strict=False)
    return a, b, c


def test_same_values():
    a, b, c = scrape_three()
    ours = {n for n in b.types if n.startswith("node_")}
    assert ours, "psinfo exports no node_ metric"
    compared = 0
    problems = []
    for name in sorted(ours):
        # Each node_ family of psinfo is one node_exporter has, with the same type.
        if name not in a.types:
            # Only where node_exporter has nothing to show here (no cpufreq, no sensors).
            # And the PSI lines node_exporter 1.5 leaves out, under the names later ones gave
            # them (cpu full: 1.6, irq full: 1.9).
            assert name.startswith(("node_cpu_scaling", "node_hwmon")) or name in (
                "node_pressure_cpu_stalled_seconds_total",
                "node_pressure_irq_stalled_seconds_total"), \
                f"{name}: node_exporter has no such metric"
            continue
        assert a.types[name] == b.types[name], name
        if name in DIFFERENT_LABELS:
            continue
        ne_a, ne_c, mine = a.series(name), c.series(name), b.series(name)
        # The same label names.
        label_names = {frozenset(dict(k)) for k in ne_a} | {frozenset(dict(k)) for k in mine}
        assert len(label_names) == 1, f"{name}: labels {label_names}"
        common = set(mine) & set(ne_a) & set(ne_c)
        if name.startswith("node_filesystem_"):
            # node_exporter reads PID 1's mount table, psinfo its own: compare what both see.
            assert any(dict(k)["mountpoint"] == "/" for k in common), name
        elif name == "node_network_speed_bytes":
            common = {k for k in common if ne_a[k] >= 0}  # node_exporter: -125000 if unknown
            assert set(mine) == {k for k in ne_a if ne_a[k] >= 0}, name
        else:
            assert set(mine) == set(ne_a), f"{name}: {set(mine) ^ set(ne_a)}"
        for k in common:
            compared += 1
            v, lo, hi = mine[k], min(ne_a[k], ne_c[k]), max(ne_a[k], ne_c[k])
            where = f"{name}{dict(k)}: psinfo {v}, node_exporter {ne_a[k]} then {ne_c[k]}"
            if b.types[name] == "counter":
                ok = ex.within(v, ne_a[k], ne_c[k])
            elif name in EXACT:
                ok = v == ne_a[k] == ne_c[k] or (v == lo or v == hi) and lo != hi
            elif name in MOVING:
                ok = ex.within(v, lo - MOVING[name], hi + MOVING[name])
            elif name == "node_network_speed_bytes":
                ok = v == ne_a[k]
            else:
                raise AssertionError(f"{name}: a gauge the test does not know how to compare")
            if not ok:
                problems.append(where)
    print(f"\n{compared} series of {len(ours)} node_ families compared with node_exporter, "
          f"{len(problems)} disagree")
    assert problems == [], "\n".join(problems)
    assert compared > 50, compared
    # And the ones node_exporter has that psinfo does not, among those psinfo could: listed
    # here so that a change on either side shows.
    for name in ("node_cpu_seconds_total", "node_memory_MemTotal_bytes", "node_load1",
                 "node_boot_time_seconds", "node_context_switches_total", "node_intr_total",
                 "node_filesystem_avail_bytes", "node_disk_read_bytes_total",
                 "node_network_receive_bytes_total", "node_network_mtu_bytes", "node_time_seconds"):
        assert name in ours and name in a.types, name


@pytest.mark.shared
def test_hwmon_on_node_exporters_own_tree(shared_fixtures):
    """node_exporter's recorded sysfs (../shared/fixtures/node-exporter, its symlinks put back
    by tests/sensors/make_trees.py into $PSINFO_SENSORS_TREES: the ctest fixture
    sensors_trees), read by both: the same temperatures and fans for each chip name.
    node_exporter labels a chip by its device path and says which name it has in
    node_hwmon_chip_names; psinfo labels it by that name (psutil's key)."""
    rebuilt = os.environ.get("PSINFO_SENSORS_TREES")
    assert rebuilt, "PSINFO_SENSORS_TREES is not set: run through ctest (fixture sensors_trees)"
    sysfs = os.path.join(rebuilt, "node-exporter", "sys")
    assert os.path.isdir(sysfs), f"{sysfs} is missing (ctest's sensors_fixture_trees makes it)"
    with ex.node_exporter(["hwmon"], [f"--path.sysfs={sysfs}"]) as ne:
        theirs = ex.scrape(ne, strict=False)
    r = subprocess.run([ex.cli(), "metrics", "--collectors", "hwmon"], capture_output=True,
                       text=True, env=dict(os.environ, PSINFO_SYSFS_PATH=sysfs), check=True,
                       timeout=60)
    ours = ex.parse(r.stdout)
    names = collections.defaultdict(set)
    for k in theirs.series("node_hwmon_chip_names"):
        names[dict(k)["chip"]].add(dict(k)["chip_name"])
    compared = 0
    for metric in ("node_hwmon_temp_celsius", "node_hwmon_temp_crit_celsius",
                   "node_hwmon_temp_max_celsius", "node_hwmon_fan_rpm"):
        expected, got = collections.defaultdict(list), collections.defaultdict(list)
        for k, v in theirs.series(metric).items():
            chip = dict(k)["chip"]
            if len(names.get(chip, ())) == 1:  # a device path with one chip name only
                expected[next(iter(names[chip]))].append(v)
        for k, v in ours.series(metric).items():
            got[dict(k)["chip"]].append(v)
        for name, values in expected.items():
            assert sorted(got.get(name, [])) == sorted(values), (metric, name)
            compared += len(values)
    print(f"\n{compared} hwmon values compared on node_exporter's recorded sysfs")
    assert compared >= 20, compared
