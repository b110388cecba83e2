"""`cmake --install` puts the psinfo program, its man page and its bash completion where
Debian's man and bash-completion look, and the installed program runs on its own (the library
is linked in: no RPATH or ldconfig needed)."""
import os
import shutil
import subprocess

import pytest


def test_install_puts_program_man_page_and_completion(tmp_path):
    build = os.environ.get("PSINFO_BUILD_DIR")
    if not build:
        pytest.fail("PSINFO_BUILD_DIR is not set: run this test through ctest", pytrace=False)
    if not os.path.exists(os.path.join(build, "examples", "psinfo", "psinfo.1")):
        pytest.skip("no man page in this build (a cross-build makes none)")
    prefix = tmp_path / "prefix"
    # The program's component (cmake --install without it installs the library too).
    p = subprocess.run(["cmake", "--install", build, "--prefix", str(prefix), "--component",
                        "Cli"],
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stdout + p.stderr
    program = prefix / "bin" / "psinfo"
    man = prefix / "share" / "man" / "man1" / "psinfo.1"
    completion = prefix / "share" / "bash-completion" / "completions" / "psinfo"
    for f in (program, man, completion):
        assert f.exists(), "%s not installed" % f
    out = subprocess.run([str(program), "--version"], capture_output=True, text=True,
                         env={"PATH": "/usr/bin:/bin"})
    assert out.returncode == 0 and out.stdout.startswith("psinfo "), out
    ldd = subprocess.run(["ldd", str(program)], capture_output=True, text=True).stdout
    assert "libpsinfo" not in ldd and "not found" not in ldd, ldd
    if shutil.which("man"):
        p = subprocess.run(["man", str(man)], capture_output=True, text=True,
                           env=dict(os.environ, MANWIDTH="80", MANPAGER="cat", PAGER="cat"))
        assert p.returncode == 0 and "psinfo - what psutil tells Python" in p.stdout
    # bash-completion loads the file by the command's name: it defines the completion.
    p = subprocess.run(["bash", "-c", "source %s && complete -p psinfo" % completion],
                       capture_output=True, text=True)
    assert p.stdout.strip() == "complete -F _psinfo psinfo", p
