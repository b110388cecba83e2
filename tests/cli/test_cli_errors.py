"""Errors: a malformed file under PSINFO_PROCFS_PATH is named as read, with the bad token quoted
and no raw byte on the terminal (exit 1); every usage error exits 2 with one line that points
at the --help that explains it, and a near name is suggested."""
import re

import pytest

from conftest import run_cli as run
BAD_FILES = [
    ("stat", "cpu  1 2 x 4\n", ["cpu_times"], "malformed aggregate 'cpu' line: 'cpu  1 2 x 4'"),
    ("stat", "intr 5\n", ["cpu_times"], "no aggregate 'cpu' line"),
    ("stat", "cpu  1 2 3 4\ncpu0 1 \x1b[31mred\n", ["cpu_times", "--percpu"],
     "malformed line: 'cpu0 1 \\x1b[31mred'"),
    ("meminfo", "MemTotal: lots kB\nMemFree: 1 kB\n", ["virtual_memory"],
     "no MemTotal line with a number of kB"),
    ("meminfo", "MemTotal: 100 kB\n", ["virtual_memory"], "no MemFree line"),
    ("loadavg", "\x01\x02\xff garbage\n", ["getloadavg"], "not a load average: '\\x01\\x02\\xff'"),
    ("loadavg", "1.0 2.0\n", ["getloadavg"], "fewer than 3 load averages"),
]


@pytest.mark.parametrize("name,content,args,want", BAD_FILES)
def test_malformed_file_is_named_as_read(tmp_path, name, content, args, want):
    (tmp_path / name).write_bytes(content.encode("latin-1"))
    rc, out, err = run(*args, env={"PSINFO_PROCFS_PATH": str(tmp_path)})
    assert rc == 1 and out == "" and err.count("\n") == 1, err
    assert err.startswith("psinfo: %s/%s: " % (tmp_path, name)), err
    assert want in err, err
    assert "/proc/" not in err
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f]", err), "a raw control byte: %r" % err


# Each must exit 2, with one line on stderr naming what is wrong and the --help to read.
USAGE = [
    (["process", "name", "--pid", "4294967297"], "--pid", "psinfo process name --help"),
    (["process", "name", "--pid", "99999999999999999999"], "--pid", "psinfo process name --help"),
    (["process", "name", "--pid", "-1"], "--pid", "psinfo process name --help"),
    (["process", "nosuchmethod", "--pid", "1"], "nosuchmethod", "psinfo process --help"),
    (["top", "--interval", "0"], "--interval", "psinfo top --help"),
    (["iotop", "--interval", "0"], "--interval", "psinfo iotop --help"),
    (["pid_exists", "--pid", "x"], "--pid", "psinfo pid_exists --help"),
    (["process_iter", "--attrs", "nope"], "nope", "psinfo process_iter --help"),
    (["ps", "-o", "pid,nope"], "nope", "psinfo ps --help"),
    (["df", "--bogus"], "--bogus", "psinfo df --help"),
    (["free", "-x"], "-x", "psinfo free --help"),
    (["who", "extra"], "extra", "psinfo who --help"),
    (["process", "ionice", "--pid", "1", "--set", "idle,3"], "ionice", "psinfo process ionice"),
]


@pytest.mark.parametrize("args,names,helps", USAGE)
def test_usage_errors_exit_2(args, names, helps):
    rc, out, err = run(*args)
    assert rc == 2 and out == "" and err.count("\n") == 1, (args, rc, err)
    assert names.lower() in err.lower() and ("see %s" % helps) in err, err


@pytest.mark.parametrize("typo,guess,helps", [
    (["process", "nam", "--pid", "1"], "name", "psinfo process --help"),
    (["process", "memory_fulinfo", "--pid", "1"], "memory_full_info", "psinfo process --help"),
    (["cpu_time"], "cpu_times", "psinfo --help"),
    (["cpu_percent", "--percu"], "--percpu", "psinfo cpu_percent --help"),
    (["uptim"], "uptime", "psinfo --help"),
])
def test_near_names_are_suggested(typo, guess, helps):
    rc, out, err = run(*typo)
    assert rc == 2 and ("did you mean '%s'?" % guess) in err and ("see %s" % helps) in err, err


def test_the_suggested_help_works():
    # The hint of an unknown method points at a --help that prints help (exit 0).
    rc, out, err = run("process", "nosuchmethod", "--pid", "1")
    helps = re.search(r"see (psinfo[^)]*) --help", err).group(1).split()[1:]
    rc, out, err = run(*helps, "--help")
    assert rc == 0 and "methods:" in out
