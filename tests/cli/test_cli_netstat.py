"""`psinfo netstat`'s Recv-Q and Send-Q against ss on sockets the test holds: a listener with
connections not yet accepted, an accepted connection with unread bytes, a UDP socket with an
unread datagram."""
import socket
import time

import pytest

from cli_helpers import ok, tool
def rows(text):
    lines = text.splitlines()
    assert lines[0].split() == ["Proto", "Recv-Q", "Send-Q", "Local-Address", "Remote-Address",
                                "Status", "PID", "Program-name"]
    return [l.split() for l in lines[1:]]


def ss_queues(args):
    """(local, remote) -> (Recv-Q, Send-Q) from ss -n."""
    out = tool("ss", "-n", "-H", *args)
    q = {}
    for line in out.splitlines():
        f = line.split()
        # State Recv-Q Send-Q Local Peer (UDP: UNCONN ...)
        q[(f[3], f[4])] = (int(f[1]), int(f[2]))
    return q


@pytest.fixture
def sockets():
    held = []
    lst = socket.socket()
    lst.bind(("127.0.0.1", 0))
    lst.listen(8)
    held.append(lst)
    port = lst.getsockname()[1]
    # A connection the listener has accepted, with 1000 bytes unread; then two it has not.
    talker = socket.create_connection(("127.0.0.1", port))
    held.append(talker)
    a, _ = lst.accept()
    held.append(a)
    talker.sendall(b"x" * 1000)
    for _ in range(2):
        c = socket.create_connection(("127.0.0.1", port))
        held.append(c)
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind(("127.0.0.1", 0))
    held.append(u)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.sendto(b"y" * 10, u.getsockname())
    held.append(s)
    time.sleep(0.1)
    try:
        yield {"listen": lst.getsockname(), "accepted": (a.getsockname(), a.getpeername()),
               "udp": u.getsockname()}
    finally:
        for x in held:
            x.close()


def addr(a):
    return "%s:%d" % a


def test_queues_match_ss(sockets):
    got = {(r[3], r[4]): r for r in rows(ok("netstat", "--kind", "inet4"))}
    tcp = ss_queues(["-t", "-a"])
    udp = ss_queues(["-u", "-a"])
    # The listener: connections waiting to be accepted (2, the accepted one has left).
    lrow = got[(addr(sockets["listen"]), "-")]
    want = [v for k, v in tcp.items() if k[0] == addr(sockets["listen"]) and k[1].endswith("*")]
    assert lrow[0] == "tcp" and int(lrow[1]) == 2 == want[0][0]
    # The accepted end: the 1000 bytes not read yet.
    local, peer = sockets["accepted"]
    arow = got[(addr(local), addr(peer))]
    assert (int(arow[1]), int(arow[2])) == (1000, 0) == tcp[(addr(local), addr(peer))]
    # UDP: the datagram's memory, as ss counts it.
    urow = got[(addr(sockets["udp"]), "-")]
    want = [v for k, v in udp.items() if k[0] == addr(sockets["udp"])]
    assert want and int(urow[1]) == want[0][0] > 0


def test_unix_queues_unknown():
    out = ok("netstat", "--kind", "unix")
    for r in rows(out):
        assert r[1] == "-" and r[2] == "-", r
