"""psinfo's virtual_memory and swap_memory (through its CLI's --json) against psutil itself,
field by field (Debian's python3-psutil 5.9.4 of /usr/bin/python3): live, bracketed by a psutil
reading before and one after; on recorded /proc trees (psutil.PROCFS_PATH), exact; on the trees
of scripts/record-fixture.sh, against the psutil results recorded with them. psinfo follows
psutil 8 where the two differ; each such difference is named (conftest.KNOWN).
"""
import os
import shutil

import pytest

from conftest import is_num, load_expected, nt, psutil_quiet, recorded_trees, trees

psutil = pytest.importorskip("psutil")

MiB = 1024 * 1024


# virtual_memory field -> the meminfo keys it can come from.
VM_SOURCES = {"buffers": ("Buffers",), "cached": ("Cached",), "shared": ("Shmem", "MemShared"),
              "active": ("Active",), "inactive": ("Inactive", "Inact_dirty"), "slab": ("Slab",)}


def cmp_virtual_memory(checks, where, before, after, ours, tol, meminfo_keys=None):
    """tol == 0: exact (fixture). Otherwise every moving field is bracketed +- tol."""
    fields = before._fields
    if not checks.same_keys(where, fields, ours, extra_null=("wired",)):
        return
    for f in fields:
        if f == "used":
            continue
        src = VM_SOURCES.get(f)
        if (meminfo_keys is not None and src and not any(k in meminfo_keys for k in src)
                and getattr(before, f) == 0 and ours[f] is None):
            checks.known_diff("vm.absent", f"{where}.{f}", getattr(before, f), ours[f])
        elif f == "total" or tol == 0:
            checks.exact(f"{where}.{f}", getattr(before, f), ours[f])
        elif f == "percent":
            checks.bracket(f"{where}.{f}", before.percent, after.percent, ours[f],
                           tol / before.total * 100 + 0.1)
        else:
            checks.bracket(f"{where}.{f}", getattr(before, f), getattr(after, f), ours[f], tol)
    # used: the named formula change. psutil's own output tells which formula it used.
    old = before.total - before.free - before.buffers - before.cached
    if old < 0:
        old = before.total - before.free
    new_b, new_a = before.total - before.available, after.total - after.available
    o = ours["used"]
    if tol == 0:
        ok, rule = is_num(o) and o == new_b, "exact: total - available"
    else:
        ok = is_num(o) and min(new_b, new_a) - tol <= o <= max(new_b, new_a) + tol
        rule = f"psutil's total - available, bracketed +- {tol // MiB} MiB"
    if before.used == new_b and after.used == new_a:
        checks.compare(f"{where}.used", ok, before.used, o, rule)  # this psutil uses psutil 8's formula
        return
    checks.compare(f"{where}.used (psutil's own formula)", before.used == old, old, before.used,
                   "psutil 5.9.4: used = total - free - buffers - cached")
    if checks.compare(f"{where}.used == total - available", ok, new_b, o, rule):
        checks.known_diff("vm.used", f"{where}.used", before.used, o)


def cmp_swap(checks, where, before, after, ours, tol, ps_warnings):
    if not checks.same_keys(where, before._fields, ours):
        return
    for f in before._fields:
        p, o = getattr(before, f), ours[f]
        if f in ("sin", "sout") and p == 0 and o is None and any("'sin' and 'sout'" in w for w in ps_warnings):
            checks.known_diff("swap.sinsout", f"{where}.{f}", p, o)
        elif f == "total" or tol == 0:
            checks.exact(f"{where}.{f}", p, o)
        elif f == "percent":
            checks.bracket(f"{where}.{f}", before.percent, after.percent, o,
                           tol / before.total * 100 + 0.1 if before.total else 0.0)
        elif f in ("sin", "sout"):
            checks.bracket(f"{where}.{f}", p, getattr(after, f), o)  # counters: monotonic
        else:
            checks.bracket(f"{where}.{f}", p, getattr(after, f), o, tol)


def meminfo_of(path):
    keys = {}
    with open(path) as f:
        for line in f:
            k, _, v = line.partition(":")
            if v.split():
                keys[k] = int(v.split()[0])
    return keys


# ---- live -----------------------------------------------------------------------------------

def test_virtual_memory_live(checks, cli):
    b, _ = psutil_quiet(psutil.virtual_memory)
    ours = cli("virtual_memory")
    a, _ = psutil_quiet(psutil.virtual_memory)
    # The CLI is another process, alive between the two psutil readings: its own pages and
    # the page cache move meanwhile. 32 MiB beyond the bracket covers that.
    cmp_virtual_memory(checks, "live virtual_memory", b, a, ours, 32 * MiB)


def test_swap_memory_live(checks, cli):
    b, wb = psutil_quiet(psutil.swap_memory)
    ours = cli("swap_memory")
    a, _ = psutil_quiet(psutil.swap_memory)
    cmp_swap(checks, "live swap_memory", b, a, ours, 32 * MiB, wb)


# ---- trees ----------------------------------------------------------------------------------

@pytest.mark.parametrize("tree", trees(shared=["procfs", "node-exporter"],
                                       own=["old-kernel", "memavailable-zero"]), indirect=True)
def test_memory_on_tree(tree, checks, cli, psutil_procfs, tmp_path):
    proc = os.path.join(tree, "proc")
    c = cli.on(procfs=proc)
    w = f"tree {os.path.basename(tree)}"
    keys = meminfo_of(os.path.join(proc, "meminfo"))
    with psutil_procfs(proc):
        ps, warn = psutil_quiet(psutil.virtual_memory)
    for m in warn:
        print(f"note  {w} psutil warned: {m}")
    ours = c("virtual_memory")
    if keys.get("MemAvailable") == 0:
        # psutil 8 treats MemAvailable: 0 as missing. Give psutil 5.9.4 the same tree
        # without the line: its estimate is then psutil 8's value.
        checks.known_diff("vm.avail0", f"{w} virtual_memory.available", ps.available,
                          ours.get("available") if isinstance(ours, dict) else ours)
        copy = os.path.join(tmp_path, "proc")
        shutil.copytree(proc, copy, symlinks=True, dirs_exist_ok=True)
        with open(os.path.join(proc, "meminfo")) as f:
            text = "".join(line for line in f if not line.startswith("MemAvailable:"))
        with open(os.path.join(copy, "meminfo"), "w") as f:
            f.write(text)
        with psutil_procfs(copy):
            ps, _ = psutil_quiet(psutil.virtual_memory)
        w_vm = f"{w} (without MemAvailable, for psutil) virtual_memory"
    else:
        w_vm = f"{w} virtual_memory"
    cmp_virtual_memory(checks, w_vm, ps, ps, ours, 0, keys)

    with psutil_procfs(proc):
        ps, warn = psutil_quiet(psutil.swap_memory)
    for m in warn:
        print(f"note  {w} psutil warned: {m}")
    cmp_swap(checks, f"{w} swap_memory", ps, ps, c("swap_memory"), 0, warn)


@pytest.mark.parametrize("tree", recorded_trees())
def test_memory_on_recorded_tree(tree, checks, cli):
    """A tree of this project (scripts/record-fixture.sh) against the psutil results recorded
    with it."""
    exp = load_expected(tree)
    proc = os.path.join(tree, "proc")
    c = cli.on(procfs=proc, sysfs=os.path.join(tree, "sys"))
    w = f"recorded {os.path.basename(tree)}"
    ps = nt("svmem", exp["virtual_memory"])
    cmp_virtual_memory(checks, f"{w} virtual_memory", ps, ps, c("virtual_memory"), 0,
                       meminfo_of(os.path.join(proc, "meminfo")))
    ps = nt("sswap", exp["swap_memory"])
    cmp_swap(checks, f"{w} swap_memory", ps, ps, c("swap_memory"), 0,
             exp["swap_memory warnings"])
