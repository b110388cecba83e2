#!/usr/bin/python3
"""Rebuilds the recorded sys/ trees of the shared fixtures with their symlinks.

The checkout of ../shared/fixtures has every symlink flattened into a regular file that
holds the link target (and no empty directories), so /sys/class/hwmon/hwmon0 is a text file
there instead of a link to ../../devices/platform/coretemp.0/hwmon/hwmon0. This copies each
tree's sys/ into OUT/<tree>/sys and restores the links and empty directories listed in
MANIFESTS/<tree>.tsv (type, mode, size, path, sha256 | link target | 'empty').

usage: make_trees.py OUT
The shared fixtures: $PSINFO_SHARED_FIXTURES, else $PSINFO_SHARED_FIXTURES_DEFAULT (set by
ctest). Exit 77 (ctest: skipped) where they are missing.
"""
import os
import shutil
import stat
import sys

TREES = ("node-exporter", "procfs")


def make(shared, out, tree):
    src = os.path.join(shared, tree, "sys")
    dst = os.path.join(out, tree, "sys")
    if os.path.isdir(dst):
        shutil.rmtree(dst)
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    shutil.copytree(src, dst, symlinks=True, copy_function=shutil.copyfile)
    links = dirs = 0
    with open(os.path.join(shared, "MANIFESTS", tree + ".tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            kind, _mode, _size, path, extra = line.rstrip("\n").split("\t")
            if not path.startswith("sys/"):
                continue
            full = os.path.join(out, tree, path)
            if kind == "l":
                if os.path.lexists(full) and not os.path.islink(full):
                    if os.path.isdir(full):
                        shutil.rmtree(full)
                    else:
                        os.unlink(full)
                if not os.path.lexists(full):
                    os.symlink(extra, full)
                links += 1
            elif kind == "d" and extra == "empty":
                os.makedirs(full, exist_ok=True)
                dirs += 1
    # The copies inherit the read-only modes of the shared tree; make them removable.
    for root, dnames, _ in os.walk(dst):
        for d in dnames:
            p = os.path.join(root, d)
            if not os.path.islink(p):
                os.chmod(p, os.stat(p).st_mode | stat.S_IWUSR)
    os.chmod(dst, os.stat(dst).st_mode | stat.S_IWUSR)
    return links, dirs


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = sys.argv[1]
    shared = (os.environ.get("PSINFO_SHARED_FIXTURES") or
              os.environ.get("PSINFO_SHARED_FIXTURES_DEFAULT", ""))
    if not os.path.isdir(shared):
        print("skipped: the shared fixtures are missing (%s; set PSINFO_SHARED_FIXTURES)" % shared)
        return 77
    for tree in TREES:
        links, dirs = make(shared, out, tree)
        print("%s: sys/ rebuilt with %d symlinks and %d empty directories" % (tree, links, dirs))
    print("make_trees: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
