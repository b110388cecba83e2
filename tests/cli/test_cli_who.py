"""`psinfo who` against coreutils who on a made-up utmp (a tmpfs over /run in a private mount
namespace), in the C locale and another; `psinfo uptime` against procps uptime, -p and -s."""
import os
import re
import struct
import time

import pytest

from cli_helpers import in_namespace, needs_namespace, ok, tool
USER_PROCESS, LOGIN_PROCESS, DEAD_PROCESS = 7, 6, 8


def utmp_record(kind, pid, line, user, host, when):
    # glibc's struct utmp on x86-64: 384 bytes.
    return struct.pack("<hxxi32s4s32s256shhiii4i20x", kind, pid, line.encode(),
                       line[-4:].encode(), user.encode(), host.encode(), 0, 0, 0, when, 0,
                       0, 0, 0, 0)


def utmp(now):
    # who leaves out a session whose process is gone: these name live ones.
    return b"".join([
        utmp_record(LOGIN_PROCESS, 1, "tty2", "LOGIN", "", now - 7200),
        utmp_record(USER_PROCESS, os.getpid(), "pts/3", "alice", "10.1.2.3", now - 3600),
        utmp_record(USER_PROCESS, 1, "tty1", "bob", "", now - 86400 * 40),
        utmp_record(DEAD_PROCESS, 0, "pts/9", "", "", now - 60),
        utmp_record(USER_PROCESS, os.getppid(), "pts/4", "a-long-user-name", "example.org",
                    now - 30),
    ])


@needs_namespace
@pytest.mark.skipif(struct.calcsize("P") != 8, reason="the utmp layout written is x86-64's")
def test_who_matches_coreutils_on_a_made_up_utmp(tmp_path):
    tool("who", "--version")
    f = tmp_path / "utmp"
    f.write_bytes(utmp(int(time.time())))
    commands = []
    for loc in ("C", "C.UTF-8"):
        for flags in ("", "-H", "-q"):
            commands += ["LC_ALL=%s who %s" % (loc, flags),
                         'LC_ALL=%s "$PSINFO" who %s' % (loc, flags)]
    results = in_namespace("mount -t tmpfs tmpfs /run && cp %s /run/utmp" % f, commands)
    for i in range(0, len(results), 2):
        want, got = results[i], results[i + 1]
        assert want[0] == 0 and got[0] == 0, (commands[i], want, got)
        assert got[1] == want[1], "%s\nwho:\n%s\npsinfo:\n%s" % (commands[i], want[1], got[1])
    assert "alice" in results[0][1]  # the comparison was not of two empty outputs


def test_who_b_is_the_boot_time():
    out = ok("who", "-b", env={"LC_ALL": "C.UTF-8"})
    with open("/proc/stat") as f:
        btime = int(re.search(r"^btime (\d+)", f.read(), re.M).group(1))
    want = time.strftime("%Y-%m-%d %H:%M", time.localtime(btime))
    assert out == "         system boot  %s\n" % want


def same_second(cmd):
    """procps's and psinfo's lines, read within one second (up to five tries)."""
    for _ in range(5):
        want = tool("uptime", *cmd)
        got = ok("uptime", *cmd)
        if got == want:
            break
    return want, got


def test_uptime_matches_procps():
    want, got = same_second([])
    # The load may tick between the two reads: then compare the rest.
    if got != want:
        strip = lambda s: s.split("load average:")[0]  # noqa: E731
        assert strip(got) == strip(want), (want, got)
    else:
        assert got == want
    assert re.fullmatch(r" \d\d:\d\d:\d\d up .*,  load average: \d+\.\d\d, \d+\.\d\d, \d+\.\d\d\n",
                        got), got


@pytest.mark.parametrize("flag", ["-p", "-s"])
def test_uptime_pretty_and_since(flag):
    want, got = same_second([flag])
    if flag == "-s" and got != want:
        # procps: now - /proc/uptime; psinfo: /proc/stat's btime, a whole second.
        t = lambda s: time.mktime(time.strptime(s.strip(), "%Y-%m-%d %H:%M:%S"))  # noqa: E731
        assert abs(t(got) - t(want)) <= 1, (want, got)
    else:
        assert got == want
