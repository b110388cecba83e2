"""psinfo's nowrap engine (src/nowrap.hpp, through the nowrap_replay driver) against psutil's
own psutil._common._WrapNumbers (Debian's python3-psutil), on seeded random call sequences:
devices appearing, vanishing and coming back, 32-bit wraps, resets to zero, equal values,
several names, clear() of one name or all. Each call goes to both through std::map (name
order, as the free functions and the sampler call it) and, separately, through a session fed
the devices in a shuffled order. Every result must be equal.
"""
import random
import subprocess

import pytest

from conftest import built

_WrapNumbers = pytest.importorskip("psutil._common")._WrapNumbers
POOL = ["sda", "sda1", "sda10", "sda2", "loop0", "vdb", "nvme0n1", "zram0", "dm-0", "md127",
        "a", "b", "sr0", "mmcblk0p1"]


def fmt(devs):
    return " ".join("%s=%d,%d,%d" % (k, *v) for k, v in devs)


def run(driver, seed, calls):
    rng = random.Random(seed)
    psutil_wrap = _WrapNumbers()
    values = {}  # (name, dev) -> current raw tuple
    script, expected = [], []
    for _ in range(calls):
        r = rng.random()
        name = rng.choice(["disk", "net"])
        if r < 0.03:
            target = rng.choice(["disk", "net", "-"])
            script.append("clear " + target)
            if target == "-":
                psutil_wrap.cache.clear()
                psutil_wrap.reminders.clear()
                psutil_wrap.reminder_keys.clear()
            else:
                for d in (psutil_wrap.cache, psutil_wrap.reminders, psutil_wrap.reminder_keys):
                    d.pop(target, None)
            continue
        # Usually the same devices as before; sometimes a few appear or vanish.
        k = rng.choice([1, 2, 3, 5, 8, 8, 8, 8])
        rng2 = random.Random(hash((name, k)) & 0xffff if rng.random() < 0.8 else rng.random())
        devs = sorted(rng2.sample(POOL, k))
        out = []
        for d in devs:
            cur = list(values.get((name, d), (rng.randrange(1 << 32),) * 3))
            for i in range(3):
                x = rng.random()
                if x < 0.08:
                    cur[i] = rng.randrange(1000)                 # wrapped / reset
                elif x < 0.12:
                    cur[i] = 0                                   # reset to zero
                elif x < 0.3:
                    pass                                         # unchanged
                else:
                    cur[i] = cur[i] + rng.randrange(1 << 20)
            values[(name, d)] = tuple(cur)
            out.append((d, tuple(cur)))
        want = psutil_wrap.run(dict(out), name)
        mode = rng.choice(["map", "seq"])
        if mode == "seq":
            rng.shuffle(out)
            order = [d for d, _ in out]
        else:
            order = sorted(d for d, _ in out)
        script.append("%s %s %s" % (mode, name, fmt(out)))
        expected.append(fmt((d, want[d]) for d in order))
    got = subprocess.run([driver], input="\n".join(script) + "\n", capture_output=True,
                         text=True, check=True).stdout.splitlines()
    return script, expected, got


@pytest.mark.parametrize("seed", range(40))
def test_nowrap_against_psutil(seed, checks):
    script, expected, got = run(built("PSINFO_NOWRAP_REPLAY", "the nowrap_replay driver"), seed, 400)
    if not checks.check(len(got) == len(expected),
                        "seed %d: %d results, want %d" % (seed, len(got), len(expected))):
        return
    calls = [s for s in script if not s.startswith("clear")]
    for i, (e, g) in enumerate(zip(expected, got)):
        if not checks.check(e == g, "seed %d call %d: %s\n  psutil: %s\n  psinfo: %s"
                            % (seed, i, calls[i], e, g)):
            break
