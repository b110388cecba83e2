#!/usr/bin/env python3
"""The internal contract (src/platform.hpp) holds for every backend.

1. Layout: src/unsupported/ has exactly the contract's files (cmake/sources.cmake's
   PSINFO_CONTRACT_FILES, one .cpp per area), and every other OS directory of src/ has a
   namesake of each, so that two backends compare file by file.
2. Symbols: what the shared layer calls in psinfo::detail but does not define itself (nm of its
   objects) is exactly what src/unsupported defines. So every contract function is called by the
   shared layer, and a backend that forgets one cannot link (libpsinfo.so is linked with
   -z defs; the unsupported backend's test executable links the same objects).

Usage: check_contract.py SRC_DIR "file1;file2..." "shared.o;..." "unsupported.o;..."
Exit status 0 when both hold, 1 (with what differs) otherwise.
"""
import os
import subprocess
import sys


def symbols(objects, defined):
    """psinfo::detail functions defined (T/W) or needed (U) by the objects, demangled."""
    flag = "--defined-only" if defined else "--undefined-only"
    out = subprocess.run(["nm", "-C", flag, *objects], check=True, capture_output=True,
                         text=True).stdout
    names = set()
    for line in out.splitlines():
        parts = line.split(None, 2 if defined else 1)
        if defined:
            if len(parts) < 3 or parts[1] not in ("T", "W"):
                continue
            name = parts[2]
        else:
            if len(parts) < 2 or parts[0] != "U":
                continue
            name = parts[1]
        if name.startswith("psinfo::detail::") and "(" in name:
            names.add(name)
    return names


def main():
    src, files, shared, unsupported = sys.argv[1:5]
    contract = sorted(f + ".cpp" for f in files.split(";") if f)
    errors = []

    unsup_dir = os.path.join(src, "unsupported")
    have = sorted(f for f in os.listdir(unsup_dir) if f.endswith(".cpp"))
    if have != contract:
        errors.append(f"src/unsupported/ has {have}, the contract's files are {contract}")
    # src/posix holds helpers shared by the POSIX backends, not a backend of its own.
    os_dirs = [d for d in sorted(os.listdir(src))
               if os.path.isdir(os.path.join(src, d)) and d not in ("unsupported", "posix")]
    for d in os_dirs:
        missing = [f for f in contract if not os.path.isfile(os.path.join(src, d, f))]
        if missing:
            errors.append(f"src/{d}/ lacks the contract's files {missing}")

    shared_objs = [o for o in shared.split(";") if o]
    unsup_objs = [o for o in unsupported.split(";") if o]
    needed = symbols(shared_objs, False) - symbols(shared_objs, True)
    # The unsupported backend's inline helper is not part of the contract.
    provided = {s for s in symbols(unsup_objs, True) if not s.startswith("psinfo::detail::unsupported(")}
    for s in sorted(needed - provided):
        errors.append(f"the shared layer calls {s}, which src/unsupported does not define")
    for s in sorted(provided - needed):
        errors.append(f"src/unsupported defines {s}, which the shared layer never calls "
                      "(a backend could forget it and still link)")

    if errors:
        print("contract check FAILED:")
        for e in errors:
            print("  " + e)
        return 1
    print(f"contract: {len(contract)} files in src/unsupported and in each of "
          f"{', '.join('src/' + d for d in os_dirs)}; {len(needed)} functions, each called by "
          "the shared layer and defined by src/unsupported")
    return 0


if __name__ == "__main__":
    sys.exit(main())
