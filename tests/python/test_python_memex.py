"""psutil 8's Process.memory_info_ex() and memory_footprint() in the Python package, on Linux:
the namedtuples' names and field order (psutil 8's _ntuples.py, written out here), the values
of a sleeping child against /proc/PID/status and smaps_rollup read here, a kernel thread's
absent fields, memory_percent over the new fields, and the attributes of as_dict() /
process_iter() (psutil 8's Process.attrs: memory_info_ex and memory_footprint by default,
memory_full_info only when named)."""

import os
import sys
import typing

import pytest

from conftest import check, load_psinfo, wait_state

psinfo = load_psinfo()

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux")

# psutil 8's Linux tuples (psutil/_ntuples.py).
PMEM_EX = ("rss", "vms", "shared", "text", "data", "peak_rss", "peak_vms", "rss_anon",
           "rss_file", "rss_shmem", "swap", "hugetlb")
PFOOTPRINT = ("uss", "pss", "swap")
STATUS_KEYS = {"peak_rss": "VmHWM", "peak_vms": "VmPeak", "rss_anon": "RssAnon",
               "rss_file": "RssFile", "rss_shmem": "RssShmem", "swap": "VmSwap",
               "hugetlb": "HugetlbPages"}


def kb_lines(path):
    out = {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and parts[0].endswith(":") and parts[2] == "kB":
                out[parts[0][:-1]] = int(parts[1]) * 1024
    return out


def stable(path, fn):
    """fn() between two equal reads of path: (value, the read), or None after 5 tries."""
    for _ in range(5):
        before = kb_lines(path)
        got = fn()
        if kb_lines(path) == before:
            return got, before
    return None


def test_tuples_are_psutil8s():
    hints = typing.get_type_hints(psinfo.Process.memory_info_ex)
    check(hints.get("return").__name__ == "pmem_ex", "memory_info_ex -> %r" % hints)
    m = psinfo.Process().memory_info_ex()
    check(type(m).__name__ == "pmem_ex" and m._fields == PMEM_EX, "pmem_ex %r" % (m._fields,))
    f = psinfo.Process().memory_footprint()
    check(type(f).__name__ == "pfootprint" and f._fields == PFOOTPRINT,
          "pfootprint %r" % (f._fields,))
    check(psinfo.Process().memory_full_info().uss > 0, "memory_full_info still works")


def test_values_against_proc(children):
    c = children.popen(["sleep", "60"])
    check(wait_state(c.pid, "S"), "sleeping")
    p = psinfo.Process(c.pid)
    status = "/proc/%d/status" % c.pid
    got = stable(status, p.memory_info_ex)
    check(got is not None, "status stable")
    m, ref = got
    for field, key in STATUS_KEYS.items():
        check(getattr(m, field) == ref.get(key), "%s %r vs %s %r" % (field, getattr(m, field),
                                                                      key, ref.get(key)))
    check(m.rss == ref["VmRSS"], "rss %r vs VmRSS %r" % (m.rss, ref["VmRSS"]))
    check(m[:5] == tuple(p.memory_info()), "memory_info's fields first")
    with p.oneshot():
        check(p.memory_info_ex() == m, "under oneshot")

    rollup = "/proc/%d/smaps_rollup" % c.pid
    if os.path.exists(rollup):
        got = stable(rollup, p.memory_footprint)
        check(got is not None, "smaps_rollup stable")
        f, ref = got
        uss = sum(v for k, v in ref.items() if k.startswith("Private_"))
        check(f == (uss, ref["Pss"], ref["Swap"]), "%r vs uss %d %r" % (f, uss, ref))

    # memory_percent over pmem_ex / pfootprint fields: value / MemTotal * 100.
    total = kb_lines("/proc/meminfo")["MemTotal"]
    pct = p.memory_percent("peak_rss")
    check(abs(pct - m.peak_rss / total * 100) < 1e-9, "peak_rss %% %r" % pct)
    check(p.memory_percent("hugetlb") == m.hugetlb / total * 100, "hugetlb %")
    for bad in ("wired", "virtual", "nope"):
        with pytest.raises(ValueError):
            p.memory_percent(bad)

    # as_dict / process_iter: psutil 8's attrs.
    d = p.as_dict()
    check("memory_info_ex" in d and "memory_footprint" in d and "memory_full_info" not in d,
          "as_dict keys %r" % sorted(d))
    check(d["memory_info_ex"].peak_rss == m.peak_rss, "as_dict memory_info_ex")
    d = p.as_dict(["memory_full_info", "memory_info_ex"])
    check(list(d) == ["memory_full_info", "memory_info_ex"], "named %r" % list(d))
    rows = [q for q in psinfo.process_iter(["memory_info_ex", "memory_footprint"],
                                           ad_value="AD") if q.pid == c.pid]
    check(len(rows) == 1 and rows[0].info["memory_info_ex"].peak_vms == m.peak_vms,
          "process_iter memory_info_ex")

    c.kill()
    c.wait()
    with pytest.raises(psinfo.NoSuchProcess):
        p.memory_info_ex()
    with pytest.raises(psinfo.NoSuchProcess):
        p.memory_footprint()


def test_kernel_thread_has_none():
    try:
        with open("/proc/2/status") as f:
            text = f.read()
    except OSError:
        pytest.skip("no PID 2 here")
    if "VmPeak:" in text or ("Kthread:\t1" not in text and "PPid:\t0" not in text):
        pytest.skip("PID 2 is not a kernel thread here")
    m = psinfo.Process(2).memory_info_ex()
    check(all(getattr(m, f) is None for f in STATUS_KEYS), "kernel thread %r" % (m,))
