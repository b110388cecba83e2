"""The package installs offline with Debian's setuptools and pip, as the README says:

    python3 -m venv --system-site-packages VENV && VENV/bin/pip install --no-build-isolation ./python

into a venv, from a copy of python/ (pip builds in the source folder), then imports in a fresh
interpreter: once finding the library through PSINFO_LIBRARY, once with the library bundled
next to the package (copied into the package folder before the install, which the
package-data patterns pick up), without PSINFO_LIBRARY. Both installs carry py.typed. And
`cmake --install BUILD --component Python` into a prefix, imported from there with the copy of
the library it puts next to the package.
"""

import os
import shutil
import subprocess
import sys

import pytest

from conftest import check

SRC = os.environ.get("PSINFO_SOURCE_DIR") or os.path.join(os.path.dirname(__file__), "..", "..")
LIB = os.environ.get("PSINFO_LIBRARY", "")
SONAME = "libpsinfo.so.0.2"

PROBE = ("import json, os, psinfo, psinfo.ext; print(json.dumps({'file': psinfo.__file__, "
         "'lib': psinfo.ext.library_path, 'version': psinfo.__version__, "
         "'typed': os.path.exists(os.path.join(os.path.dirname(psinfo.__file__), 'py.typed')), "
         "'mem': psinfo.virtual_memory().total, 'me': psinfo.Process().pid == os.getpid()}))")


def install(tmp_path, name, bundle):
    src = tmp_path / (name + "-src")
    shutil.copytree(os.path.join(SRC, "python"), src,
                    ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    if bundle:
        shutil.copy(LIB, src / "psinfo" / SONAME)
    venv = tmp_path / name
    env = dict(os.environ, PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)],
                   check=True, env=env)
    r = subprocess.run([str(venv / "bin" / "pip"), "install", "--no-build-isolation", str(src)],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    return venv


def probe(venv, tmp_path, env_lib):
    import json
    env = dict(os.environ)
    env.pop("PSINFO_LIBRARY", None)
    env.pop("PYTHONPATH", None)
    if env_lib:
        env["PSINFO_LIBRARY"] = env_lib
    r = subprocess.run([str(venv / "bin" / "python"), "-c", PROBE], capture_output=True,
                       text=True, env=env, cwd=str(tmp_path))
    assert r.returncode == 0, r.stderr[-3000:]
    return json.loads(r.stdout)


@pytest.fixture
def lib():
    if not LIB or not os.path.exists(LIB):
        pytest.skip("PSINFO_LIBRARY is not set: run through ctest")
    return LIB


def test_pip_install_in_venv_with_psinfo_library(tmp_path, lib):
    venv = install(tmp_path, "venv", bundle=False)
    got = probe(venv, tmp_path, lib)
    check(got["file"].startswith(str(venv)), "imported from %s" % got["file"])
    check(os.path.realpath(got["lib"]) == os.path.realpath(lib), "loaded %s" % got["lib"])
    check(got["typed"] and got["me"] and got["mem"] > 0, "probe %r" % got)
    with open(os.path.join(SRC, "include", "psinfo", "export.h")) as f:
        text = f.read()
    want = ".".join(line.split()[-1] for line in text.splitlines()
                    if line.startswith("#define PSINFO_VERSION_") and
                    line.split()[1] in ("PSINFO_VERSION_MAJOR", "PSINFO_VERSION_MINOR",
                                        "PSINFO_VERSION_PATCH"))
    check(got["version"] == want, "__version__ %s, header %s" % (got["version"], want))
    with open(os.path.join(SRC, "python", "pyproject.toml")) as f:
        check('version = "%s"' % want in f.read(), "pyproject.toml's version is %s" % want)
    # Without PSINFO_LIBRARY and nothing bundled or installed: an ImportError naming the fix.
    env = {k: v for k, v in os.environ.items() if k not in ("PSINFO_LIBRARY", "LD_LIBRARY_PATH")}
    r = subprocess.run([str(venv / "bin" / "python"), "-c", "import psinfo"],
                       capture_output=True, text=True, env=env, cwd=str(tmp_path))
    if r.returncode == 0:
        pytest.skip("a libpsinfo is installed system-wide: the not-found case is not testable")
    check("ImportError" in r.stderr and "PSINFO_LIBRARY" in r.stderr, r.stderr[-500:])


def test_pip_install_bundled_library(tmp_path, lib):
    venv = install(tmp_path, "bundled", bundle=True)
    got = probe(venv, tmp_path, None)
    bundled = os.path.join(os.path.dirname(got["file"]), SONAME)
    check(got["lib"] == bundled and os.path.exists(bundled), "loaded %s" % got["lib"])
    check(got["typed"] and got["me"], "probe %r" % got)


def test_cmake_install_component_python(tmp_path, lib):
    build = os.environ.get("PSINFO_BINARY_DIR")
    if not build or os.environ.get("PSINFO_INSTALL_PYTHON") != "1":
        pytest.skip("not configured with PSINFO_INSTALL_PYTHON (or not run through ctest)")
    prefix = tmp_path / "prefix"
    r = subprocess.run(["cmake", "--install", build, "--prefix", str(prefix), "--component",
                        "Python"], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    inits = list(prefix.glob("lib/python3*/*-packages/psinfo/__init__.py"))
    assert len(inits) == 1, sorted(str(p) for p in prefix.rglob("*"))
    site = inits[0].parent.parent
    env = {k: v for k, v in os.environ.items() if k not in ("PSINFO_LIBRARY", "PYTHONPATH")}
    env["PYTHONPATH"] = str(site)
    r = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env,
                       cwd=str(tmp_path))
    assert r.returncode == 0, r.stderr[-3000:]
    import json
    got = json.loads(r.stdout)
    check(got["lib"] == str(site / "psinfo" / SONAME) and got["typed"] and got["me"],
          "probe %r" % got)
