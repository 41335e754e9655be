"""Bad values get a one-line error and exit status 2, for every example.

No list to keep: each script's options come from argparse itself.  The
script is started once with the LESSON_OPTIONS_TO hook (tests/hooks/), whose
first parse_args() writes the parser's options and exits.  Every numeric
option is then tried with -1, and with 0 too when it counts things (workers,
tasks, repeats, ...) or when its own type= refuses 0.  An option that rightly
accepts such a value is listed in EXEMPT in its episode's expectations
module, with the reason; a script that fails on purpose (BROKEN) is not
probed.

A script that imports mpi4py is probed plainly and under ``mpiexec -n 2``:
there every rank parses the command line, so the same error line may come
once per rank (and only that line).
"""
import json
import re

import pytest

from expectations import BROKEN, EXEMPT
from harness import Run, check_result, hooks_env, run_command, runner, scripts, source, uses_mpi

# Option names that count things: zero of them makes no sense.
COUNTS = re.compile(r"worker|task|repeat|process|thread|job|chunk|rank|dart|sample|block|"
                    r"item|size|count|number|step|points|pairs|batch|files|inputs|parts|"
                    r"times|values|laps|^n$|^n_", re.I)
MPI_PROBE_RANKS = 2


def options(example: str, tmp_path) -> list[dict]:
    """The script's options with a value, as argparse holds them (see tests/hooks/sitecustomize.py)."""
    if "ArgumentParser" not in source(example):
        return []
    dump = tmp_path / "options.json"
    result = run_command(runner.command(example), timeout=60,
                         env=hooks_env(LESSON_OPTIONS_TO=str(dump)))
    assert result.returncode == 0 and dump.exists(), result.describe()
    return json.loads(dump.read_text())


def bad_values(option: dict) -> list[str]:
    """The values `option` must reject (see the module docstring)."""
    counts = option["kind"] == "int" and COUNTS.search(option["dest"])
    return ["-1", "0"] if counts or option["rejects_zero"] else ["-1"]


def probes(example: str, tmp_path) -> list[tuple[str, str]]:
    exempt = EXEMPT.get(example, {})
    return [(option["option"], value) for option in options(example, tmp_path)
            if option["kind"] and option["option"] not in exempt for value in bad_values(option)]


@pytest.mark.parametrize("example", [example for example in scripts() if example not in BROKEN])
def test_bad_values_are_rejected(example, tmp_path):
    for option, value in probes(example, tmp_path):
        for ranks in (None, MPI_PROBE_RANKS) if uses_mpi(example) else (None,):
            result = run_command(runner.command(example, (option, value), ranks=ranks), timeout=60)
            check_result(result, Run(returncode=2, stderr=(r"error: ",)))
            errors = [line for line in result.stderr.splitlines() if "error:" in line]
            assert errors and len(set(errors)) == 1, result.describe()
            assert len(errors) <= (ranks or 1), result.describe()


@pytest.mark.parametrize("example", sorted(EXEMPT))
def test_exemptions_name_real_options(example, tmp_path):
    known = {option["option"] for option in options(example, tmp_path) if option["kind"]}
    assert set(EXEMPT[example]) <= known, f"{example}: EXEMPT names unknown options"


def test_broken_names_real_scripts():
    files = runner.example_files()
    unknown = sorted(name for name in BROKEN if not name.endswith(".py") or name not in files)
    assert not unknown, f"BROKEN names files that are not Python files under examples/: {unknown}"


def test_options_come_from_argparse(tmp_path, monkeypatch):
    script = tmp_path / "script.py"
    script.write_text('''
import argparse
def at_least_one(text):
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)
parser = argparse.ArgumentParser()
parser.add_argument("-w", "--workers", type=int, default=2)
parser.add_argument("--darts", default=2 * 10**6)
parser.add_argument("--seconds", type=float, default=0.5)
parser.add_argument("--tasks", type=at_least_one, default=4)
parser.add_argument("--sizes", type=int, nargs="+", default=[1, 2])
parser.add_argument("--name", default="x")
parser.add_argument("--verbose", action="store_true")
parser.add_argument("path")
parser.parse_args()
raise SystemExit(1)   # never runs: the hook stops at parse_args
''')
    dump = tmp_path / "options.json"
    result = run_command([runner.PYTHON, str(script)], timeout=60,
                         env=hooks_env(LESSON_OPTIONS_TO=str(dump)))
    assert result.returncode == 0, result.describe()
    found = {option["option"]: option for option in json.loads(dump.read_text())}
    assert {name: option["kind"] for name, option in found.items()} == {
        "--workers": "int", "--darts": "int", "--seconds": "float",
        "--tasks": "int", "--sizes": "int", "--name": None}
    assert {name: bad_values(option) for name, option in found.items() if option["kind"]} == {
        "--workers": ["-1", "0"], "--darts": ["-1", "0"], "--seconds": ["-1"],
        "--tasks": ["-1", "0"], "--sizes": ["-1", "0"]}
