"""Every public function of the library is a CLI command with --json, and every method of
psinfo::process a `process` method, read from the public headers, so that none can go missing
again; the man page and the bash completion (made from the same table as --help) hold every
command, function, method and option."""
import os
import re
import subprocess

import pytest

from cli_helpers import ok
SOURCE = os.environ.get("PSINFO_SOURCE_DIR") or os.path.join(os.path.dirname(__file__), "..", "..")
INCLUDE = os.path.join(SOURCE, "include", "psinfo")

# Public functions that are not commands, and why.
NOT_COMMANDS = {
    "set_procfs_path": "the environment variable PSINFO_PROCFS_PATH",
    "set_sysfs_path": "the environment variable PSINFO_SYSFS_PATH",
    "procfs_path": "the environment variable PSINFO_PROCFS_PATH",
    "sysfs_path": "the environment variable PSINFO_SYSFS_PATH",
    "cache_clear": "a CLI run keeps no state between runs",
    "version": "psinfo --version",
    "to_string": "names the JSON prints",
    "supported_attrs": "the default of process as_dict --attrs",
    "attr_from_string": "--attrs reads the names",
    "as_dict": "psinfo process as_dict",
}
# The flag that selects a suffixed variant: cpu_times_percpu is cpu_times --percpu.
SUFFIX_FLAGS = {"_percpu": "--percpu", "_perdisk": "--perdisk", "_pernic": "--pernic"}
# psinfo::process members that are not methods, and why.
NOT_METHODS = {"self": "psutil.Process() itself: --pid", "pid": "given as --pid",
               "oneshot": "a CLI run calls one method"}
SETTERS = {"nice", "ionice", "rlimit", "cpu_affinity"}


def strip_comments(text):
    return re.sub(r"//[^\n]*", "", re.sub(r"/\*.*?\*/", "", text, flags=re.S))


def public_functions():
    names = set()
    for f in sorted(os.listdir(INCLUDE)):
        if not f.endswith(".hpp"):
            continue
        with open(os.path.join(INCLUDE, f)) as h:
            text = strip_comments(h.read())
        for m in re.finditer(r"\bPSINFO_API\s+(?!class\b)[^;{(]*?\b(\w+)\s*\(", text):
            names.add(m.group(1))
    return names


def process_methods():
    with open(os.path.join(INCLUDE, "process.hpp")) as h:
        text = strip_comments(h.read())
    body = text[text.index("class PSINFO_API process {"):]
    body = body[:body.index("\n};")]
    body = re.sub(r"class PSINFO_API oneshot_guard \{.*?\n  \};", "", body, flags=re.S)
    public = body.split("public:", 1)[1].split("private:", 1)[0]
    names = set()
    for m in re.finditer(r"^\s+(?:static\s+)?(?:explicit\s+)?[\w:<>,\s*&]*?\b(\w+)\s*\(",
                         public, re.M):
        name = m.group(1)
        if name not in ("process", "operator", "state") and not name.startswith("operator"):
            names.add(name)
    return names


def help_list(args, heading):
    out = ok(*args, "--help")
    names = []
    for line in out.split("\n%s:\n" % heading, 1)[1].splitlines():
        if not line.startswith("  "):
            break
        names.append(line.split()[0])
    return names


def test_every_public_function_is_a_command():
    functions = set(help_list([], "functions"))
    commands = set(help_list([], "commands"))
    names = public_functions()
    assert {"cpu_times", "pids", "pid_exists", "process_iter", "wait_procs"} <= names
    missing = []
    for name in sorted(names - set(NOT_COMMANDS)):
        base, flag = name, None
        for suffix, f in SUFFIX_FLAGS.items():
            if name.endswith(suffix):
                base, flag = name[:-len(suffix)], f
        if base not in functions:
            missing.append(name)
        elif flag and flag not in ok(base, "--help"):
            missing.append("%s (%s)" % (name, flag))
    assert not missing, "public functions without a CLI command: %s" % missing
    # And the other way: every function listed is the library's.
    assert functions <= names, functions - names
    assert not (functions & commands)


def test_every_function_prints_json():
    import json
    for f in help_list([], "functions"):
        assert "--json" in ok(f, "--help"), f
    # The new ones, as psutil's shapes.
    assert isinstance(json.loads(ok("pids", "--json")), list)
    assert json.loads(ok("pid_exists", "--pid", "1", "--json")) is True
    assert json.loads(ok("process_iter", "--attrs", "pid", "--json"))[0] == {"pid": 1}


def test_every_process_method_is_a_method():
    methods = set(help_list(["process"], "methods"))
    declared = process_methods() - set(NOT_METHODS)
    assert {"send_signal", "suspend", "resume", "terminate", "kill", "wait"} <= declared
    assert declared - methods == set(), "psinfo::process methods missing from the CLI"
    assert methods - declared - {"as_dict"} == set()
    for m in SETTERS:
        assert "--set" in ok("process", m, "--help"), m


def test_man_page_and_completion_cover_the_table():
    doc = os.environ.get("PSINFO_DOC_DIR")
    if not doc or not os.path.exists(os.path.join(doc, "psinfo.1")):
        pytest.skip("no psinfo.1 in PSINFO_DOC_DIR (a cross-build makes none)")
    with open(os.path.join(doc, "psinfo.1")) as f:
        man = f.read().replace("\\-", "-").replace("\\e", "\\")
    with open(os.path.join(doc, "psinfo.bash")) as f:
        bash = f.read()
    entries = [[c] for c in help_list([], "commands") + help_list([], "functions")]
    entries += [["process", m] for m in help_list(["process"], "methods")]
    for words in entries:
        assert ('.SS "psinfo %s' % " ".join(words)) in man, words
        assert ('"%s")' % " ".join(words)) in bash, words
        text = ok(*words, "--help")
        for opt in set(re.findall(r"(?<![\w-])(--?[A-Za-z][\w-]*)", text.split("\n\n", 1)[1])):
            assert opt in man, (words, opt)
    # The man page is valid roff: man renders it without a warning.
    if subprocess.run(["which", "man"], capture_output=True).returncode == 0:
        p = subprocess.run(["man", "--warnings", "-l", os.path.join(doc, "psinfo.1")],
                           capture_output=True, text=True, env=dict(os.environ, MANWIDTH="80"))
        assert p.returncode == 0 and p.stderr == "", p.stderr
        assert "psinfo process kill" in p.stdout


def complete(line, doc):
    script = ('source %s; COMP_WORDS=(%s); COMP_CWORD=%d; _psinfo; printf "%%s\\n" '
              '"${COMPREPLY[@]}"')
    words = line.split(" ")
    quoted = " ".join("'%s'" % w for w in words)
    p = subprocess.run(["bash", "-c", script % (os.path.join(doc, "psinfo.bash"), quoted,
                                                len(words) - 1)],
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    return sorted(w for w in p.stdout.split("\n") if w)


def test_bash_completion():
    doc = os.environ.get("PSINFO_DOC_DIR")
    if not doc or not os.path.exists(os.path.join(doc, "psinfo.bash")):
        pytest.skip("no psinfo.bash in PSINFO_DOC_DIR")
    assert complete("psinfo fre", doc) == ["free"]
    assert complete("psinfo process memory_fu", doc) == ["memory_full_info"]
    assert complete("psinfo process memory_f", doc) == ["memory_footprint", "memory_full_info"]
    assert complete("psinfo top -o ", doc) == ["cpu", "mem", "pid", "time"]
    assert complete("psinfo net_connections --kind udp", doc) == ["udp", "udp4", "udp6"]
    assert "--human" in complete("psinfo free --h", doc)
    assert complete("psinfo process nice --pid 1 --s", doc) == ["--set"]
    assert str(os.getpid()) in complete("psinfo process name --pid %d" % os.getpid(), doc)
    # A value is not taken for the command: `--pid 12 na` completes the method.
    assert complete("psinfo process --pid 12 na", doc) == ["name"]
