"""`psinfo df` against coreutils df: tmpfs mounts of chosen sizes, holding files of chosen sizes,
in a private mount namespace (nothing else writes there), every option, byte for byte; and the
live machine's physical mounts, within what moves."""
import os


from conftest import run_cli as run
from cli_helpers import in_namespace, needs_namespace, ok, tool
# one page used of many (Use% 1, rounded up), nearly full, an empty one.
MOUNTS = [("psinfo-a", "10m", 123), ("psinfo-b", "1000k", 4), ("psinfo-c", "3g", 20480),
          ("psinfo-d", "64k", 60), ("psinfo-e", "5m", 0)]
FLAGS = [[], ["-h"], ["-H"], ["-T"], ["-hT"], ["-a"], ["-aT", "-H"]]


def mount_script(root):
    lines = []
    for name, size, kib in MOUNTS:
        d = os.path.join(root, name)
        os.makedirs(d, exist_ok=True)
        lines.append("mount -t tmpfs -o size=%s %s %s" % (size, name, d))
        if kib:
            lines.append("dd if=/dev/zero of=%s/f bs=1k count=%d status=none" % (d, kib))
    return " && ".join(lines)


@needs_namespace
def test_df_paths_match_coreutils(tmp_path):
    tool("df", "--version")
    paths = " ".join(os.path.join(tmp_path, m[0]) for m in MOUNTS)
    commands = []
    for flags in FLAGS:
        commands += ["df %s %s" % (" ".join(flags), paths),
                     '"$PSINFO" df %s %s' % (" ".join(flags), paths)]
    # A file inside a mount names that mount.
    commands += ["df -h %s/psinfo-a/f" % tmp_path, '"$PSINFO" df -h %s/psinfo-a/f' % tmp_path]
    results = in_namespace(mount_script(str(tmp_path)), commands)
    for i in range(0, len(results), 2):
        want, got = results[i], results[i + 1]
        assert want[0] == 0 and got[0] == 0, (commands[i], want, got)
        assert got[1] == want[1], "%s\ncoreutils:\n%s\npsinfo:\n%s" % (commands[i], want[1],
                                                                          got[1])


@needs_namespace
def test_df_all_lists_our_mounts_as_coreutils(tmp_path):
    # Without PATHs: every mount with -a; our tmpfs rows as df -a has them.
    results = in_namespace(mount_script(str(tmp_path)), ["df -a -T", '"$PSINFO" df -a -T'])
    mine = {}
    for rc, out, err in results:
        assert rc in (0, 1), (rc, err)
        rows = [l for l in out.splitlines() if str(tmp_path) in l]
        mine.setdefault("rows", []).append([r.split() for r in rows])
    want, got = mine["rows"]
    assert len(got) == len(MOUNTS) and got == want


def test_df_live_physical_mounts():
    out = ok("df")
    lines = out.splitlines()
    assert lines[0].split() == ["Filesystem", "1K-blocks", "Used", "Available", "Use%",
                                "Mounted", "on"]
    want = {l.split()[-1]: l.split() for l in tool("df").splitlines()[1:]}
    for line in lines[1:]:
        cells = line.split()
        ref = want.get(cells[-1])
        assert ref is not None, "psinfo df lists %s, df does not" % cells[-1]
        assert cells[0] == ref[0] and cells[1] == ref[1], (cells, ref)  # device, size
        # Used and Available move with the machine's writes.
        for a, b in zip(cells[2:4], ref[2:4]):
            assert abs(int(a) - int(b)) <= max(int(b) // 100, 65536), (cells, ref)


def test_df_bad_path():
    rc, out, err = run("df", "/nonexistent/psinfo-df")
    assert rc == 1 and "/nonexistent/psinfo-df" in err and "No such file" in err
    # The good ones are still listed.
    rc, out, err = run("df", "/", "/nonexistent/psinfo-df")
    assert rc == 1 and out.splitlines()[1].split()[-1] == "/"


def test_df_h_is_human_not_help():
    assert "G" in ok("df", "-h", "/") or "M" in ok("df", "-h", "/")
    assert "usage:" in ok("df", "--help")
