"""`psinfo free` against procps free: the same made-up /proc/meminfo bound over the real one in
a private mount namespace, every unit flag, byte for byte; and the live machine, within what
moves between the two reads."""
import pytest

from conftest import run_cli as run
from cli_helpers import in_namespace, needs_namespace, ok, tool
# values sit at the edges of free -h's rounding (1023.95 MiB, 9.95 GiB, 999.9 kB).
MEMINFOS = {
    "small-swap": dict(MemTotal=2030000, MemFree=151234, MemAvailable=900001, Buffers=20480,
                       Cached=600000, SReclaimable=50000, Shmem=12345, SwapTotal=1048572,
                       SwapFree=524287),
    "large": dict(MemTotal=1056000000, MemFree=800000000, MemAvailable=1000000000,
                  Buffers=1000000, Cached=150000000, SReclaimable=3000000, Shmem=2500000,
                  SwapTotal=0, SwapFree=0),
    "edges": dict(MemTotal=10433332, MemFree=1048524, MemAvailable=5242879, Buffers=999,
                  Cached=1023, SReclaimable=1, Shmem=1024, SwapTotal=976, SwapFree=975),
}
FLAGS = [[], ["-b"], ["-k"], ["-m"], ["-g"], ["-h"], ["--si"], ["-h", "--si"], ["-t"],
         ["-w"], ["-b", "-t"], ["-m", "--si", "-t"], ["-b", "-h"], ["-h", "-m"],
         ["-k", "--si"], ["-h", "-w", "-t"]]


def meminfo_text(values):
    # The kernel's layout; the lines procps and psinfo skip are there too.
    keys = ["MemTotal", "MemFree", "MemAvailable", "Buffers", "Cached", "SwapCached", "Active",
            "Inactive", "SwapTotal", "SwapFree", "Shmem", "Slab", "SReclaimable", "SUnreclaim"]
    extra = dict(SwapCached=0, Active=values["MemTotal"] // 4, Inactive=values["MemTotal"] // 5,
                 Slab=values["SReclaimable"] + 7, SUnreclaim=7)
    return "".join("%-15s %8d kB\n" % (k + ":", values.get(k, extra.get(k, 0))) for k in keys)


@needs_namespace
@pytest.mark.parametrize("name", sorted(MEMINFOS))
def test_free_matches_procps_on_the_same_meminfo(tmp_path, name):
    tool("free", "--version")
    fake = tmp_path / "meminfo"
    fake.write_text(meminfo_text(MEMINFOS[name]))
    commands = []
    for flags in FLAGS:
        commands += ["free " + " ".join(flags), '"$PSINFO" free ' + " ".join(flags)]
    results = in_namespace("mount --bind %s /proc/meminfo" % fake, commands)
    for i, flags in enumerate(FLAGS):
        want, got = results[2 * i], results[2 * i + 1]
        assert want[0] == 0, want
        assert got[0] == 0 and got[2] == "", "psinfo free %s: %r" % (flags, got)
        assert got[1] == want[1], "free %s on %s:\nprocps:\n%s\npsinfo:\n%s" % (
            " ".join(flags), name, want[1], got[1])


def numbers(text):
    rows = {}
    for line in text.splitlines()[1:]:
        cells = line.split()
        rows[cells[0]] = [int(c) for c in cells[1:]]
    return rows


def test_free_live_against_procps():
    # Memory moves between the two reads: the same layout, totals equal, the rest close.
    for flags in ([], ["-b"], ["-m", "-t"], ["-w"]):
        want = tool("free", *flags)
        got = ok("free", *flags)
        assert got.splitlines()[0] == want.splitlines()[0]
        w, g = numbers(want), numbers(got)
        assert list(w) == list(g)
        for row in w:
            assert g[row][0] == w[row][0], (flags, row)  # total
            scale = 1024 ** 2 if "-b" in flags else 1024 if not flags or flags == ["-w"] else 1
            for a, b in zip(w[row][1:], g[row][1:]):
                assert abs(a - b) <= 64 * scale, (flags, row, w[row], g[row])


def test_free_h_is_human_not_help():
    out = ok("free", "-h")
    assert out.splitlines()[1].startswith("Mem:") and "i" in out.splitlines()[1]
    assert "usage:" in ok("free", "--help")


def test_free_one_unit_at_most():
    # procps: "Multiple unit options don't make sense" (its exit status 1; a usage error is
    # psinfo's 2).
    for flags in (["-g", "-b"], ["-b", "-b"], ["-k", "-m"]):
        rc, out, err = run("free", *flags)
        assert rc == 2 and out == "" and "one unit" in err and err.count("\n") == 1
