"""The ctypes structures of the psinfo Python package (python/psinfo/_lib.py) against the C layout.

PSINFO_CAPI_LAYOUT names the program built from tests/capi/layout.c, which prints every public
struct of psinfo.h as the C compiler lays it out, from capi/tables.h; PSINFO_LIBRARY the built
libpsinfo (the module loads it). For every struct: the same sizeof, the same members in the
same order, each at the same offset with the same size and the same present bit; no struct
missing on either side; and the same PSINFO_ATTR_* bits. The comparison is first shown to fail
on a deliberately misaligned copy of one structure.
"""

import ctypes
import json
import subprocess

import pytest

from conftest import built, check, load_psinfo

psinfo = load_psinfo()


def python_structs(module):
    """{C name: ctypes Structure} for the module's structs (each class is named after its C
    struct)."""
    out = {}
    for v in vars(module).values():
        if isinstance(v, type) and issubclass(v, ctypes.Structure) and \
                v.__name__.startswith("psinfo_"):
            out[v.__name__] = v
    return out


def python_layout(cls):
    """(sizeof, [[name, offset, size, present bit]]) of a ctypes Structure."""
    optional = getattr(cls, "_optional", {})
    fields = [[name, getattr(cls, name).offset, getattr(cls, name).size, optional.get(name, 0)]
              for name, _ in cls._fields_]
    return ctypes.sizeof(cls), fields


def compare(c_structs, py_structs):
    """The differences between the C layout and the ctypes structures, as lines of text."""
    diffs = []
    for name in sorted(set(c_structs) | set(py_structs)):
        if name not in py_structs:
            diffs.append("%s: no ctypes structure in psinfo.py" % name)
            continue
        if name not in c_structs:
            diffs.append("%s: in psinfo.py, not a struct of psinfo.h" % name)
            continue
        want = c_structs[name]
        size, fields = python_layout(py_structs[name])
        if size != want["size"]:
            diffs.append("%s: sizeof %d in C, %d in ctypes" % (name, want["size"], size))
        c_fields = [list(f) for f in want["fields"]]
        c_names = [f[0] for f in c_fields]
        py_names = [f[0] for f in fields]
        for f in c_fields:
            if f[0] not in py_names:
                diffs.append("%s.%s: missing in ctypes" % (name, f[0]))
        for f in fields:
            if f[0] not in c_names:
                diffs.append("%s.%s: in ctypes, not in C" % (name, f[0]))
        both_c = [n for n in c_names if n in py_names]
        both_py = [n for n in py_names if n in c_names]
        if both_c != both_py:
            i = next(i for i, (a, b) in enumerate(zip(both_c, both_py)) if a != b)
            diffs.append("%s: members in another order from the %dth on: C %s, ctypes %s"
                         % (name, i, both_c[i:i + 3], both_py[i:i + 3]))
        py_by_name = {f[0]: f for f in fields}
        for f in c_fields:
            g = py_by_name.get(f[0])
            if g is None:
                continue
            for i, what in ((1, "offset"), (2, "size"), (3, "present bit")):
                if f[i] != g[i]:
                    diffs.append("%s.%s: %s %d in C, %d in ctypes" % (name, f[0], what, f[i], g[i]))
    return diffs


@pytest.fixture(scope="module")
def layout():
    out = subprocess.run([built("PSINFO_CAPI_LAYOUT", "tests/capi/layout.c")], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def test_a_misaligned_member_is_found(layout):
    # A copy of psinfo_cpu_times_t without `nice` (a member added in C and forgotten in
    # Python) moves every member after it.
    fields = [(n, t) for n, t in psinfo._lib._CpuTimes._fields_ if n != "nice"]
    broken = type("psinfo_cpu_times_t", (ctypes.Structure,), {"_fields_": fields})
    broken._optional = psinfo._lib._CpuTimes._optional
    demo = compare({"psinfo_cpu_times_t": layout["structs"]["psinfo_cpu_times_t"]},
                   {"psinfo_cpu_times_t": broken})
    assert "psinfo_cpu_times_t.iowait: offset 40 in C, 32 in ctypes" in demo, demo


def test_every_struct_as_in_c(layout):
    c_structs = layout["structs"]
    check(len(c_structs) > 10, "the layout program printed %d structs" % len(c_structs))
    for d in compare(c_structs, python_structs(psinfo._lib)):
        check(False, d)
    nfields = sum(len(s["fields"]) for s in c_structs.values())
    print("%d structs, %d members compared" % (len(c_structs), nfields))


def test_attribute_bits_as_in_c(layout):
    py_attrs = dict(psinfo._lib._ATTR_BIT)
    assert py_attrs == layout["attrs"], "PSINFO_ATTR_* bits: C %r, ctypes %r" % (
        layout["attrs"], py_attrs)
