"""Bad values get a one-line error and exit status 2, for every example.

No list to keep: each script's options are read from its source (tests/options.py
parses its add_argument calls; nothing is started to collect these tests).
Every numeric option is tried with -1.  Zero is tried too for an integer
option that counts things (workers, tasks, repeats, ...) and for any option
the script itself rejects at zero (``if args.seconds <= 0: parser.error(...)``);
an integer the script bounds from below (``if args.limit < 2``) is also tried
one below its bound.  An option that rightly accepts such a value is listed in
EXEMPT in its episode's expectations module, with the reason; a script that
fails on purpose (BROKEN) is not probed.

A script that imports mpi4py is probed plainly and under ``mpiexec -n 2``:
there every rank parses the command line, so the same error line may come
once per rank (and only that line).
"""
import re

import pytest

from expectations import BROKEN, EXEMPT
from harness import EXAMPLES, Run, check_result, example_files, lesson_runner, run_command, scripts, uses_mpi
from options import options

# Option names that count things: zero of them makes no sense.
COUNTS = re.compile(r"worker|task|repeat|process|thread|job|chunk|rank|dart|sample|block|"
                    r"item|size|count|number|step|points|pairs|batch|files|inputs|parts|"
                    r"times|values|laps|^n$|^n_", re.I)
MPI_PROBE_RANKS = 2


def bad_values(option) -> list[str]:
    """The values `option` must reject (see the module docstring)."""
    values = ["-1"]
    rejects_zero = any((strict and bound > 0) or (not strict and bound >= 0)
                       for strict, bound in ((op == "<", bound) for op, bound in option.bounds))
    if (option.integer and COUNTS.search(option.dest)) or rejects_zero:
        values.append("0")
    if option.integer:
        for op, bound in option.bounds:
            below = bound - 1 if op == "<" else bound
            if below >= 1 and float(below).is_integer():
                values.append(str(int(below)))
    return list(dict.fromkeys(values))


def probed_scripts() -> list[str]:
    return [example for example in scripts() if example not in BROKEN]


def probes():
    for example in probed_scripts():
        for option in options(EXAMPLES / example):
            if not option.numeric or option.option in EXEMPT.get(example, {}):
                continue
            for value in bad_values(option):
                for ranks in ((None, MPI_PROBE_RANKS) if uses_mpi(example) else (None,)):
                    tag = f"{example}-{option.option}={value}" + (f"-mpiexec{ranks}" if ranks else "")
                    yield pytest.param(example, option.option, value, ranks, id=tag)


@pytest.mark.parametrize("example, option, value, ranks", list(probes()))
def test_bad_value_is_rejected(example, option, value, ranks):
    result = run_command(lesson_runner.command(example, (option, value), ranks=ranks), timeout=60)
    check_result(result, Run(returncode=2, stderr=(r"error: ",)))
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert errors and len(set(errors)) == 1, result.describe()
    assert len(errors) <= (ranks or 1), result.describe()


def test_exemptions_name_real_options():
    for example, exempt in EXEMPT.items():
        known = {o.option for o in options(EXAMPLES / example) if o.numeric}
        assert set(exempt) <= known, f"{example}: EXEMPT names unknown options {set(exempt) - known}"


def test_broken_names_real_scripts():
    unknown = sorted(name for name in BROKEN if not name.endswith(".py") or name not in example_files())
    assert not unknown, f"BROKEN names files that are not Python files under examples/: {unknown}"


def write(tmp_path, text):
    path = tmp_path / "script.py"
    path.write_text(text)
    return options(path)


def test_options_are_read_without_running_the_script(tmp_path):
    found = write(tmp_path, '''
import argparse
DEFAULT = 2 * 10**6
def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-w", "--workers", type=int, default=2)
    parser.add_argument("--darts", default=DEFAULT)
    parser.add_argument("--seconds", type=float, default=0.5)
    parser.add_argument("--limit", type=int, default=10)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--name", default="x")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--level", type=str.upper)
    parser.add_argument("--fraction", dest="p", default=0.9)
    parser.add_argument("--timeout", type=float)
    parser.add_argument("path")
    args = parser.parse_args()
    if args.seconds <= 0 or args.limit < 3:
        parser.error("--seconds must be positive, --limit at least 3")
    if not 0 <= args.p <= 1:
        parser.error("--fraction must be between 0 and 1")
    if not (0 < args.seconds <= 60 and args.darts >= 1):
        parser.error("--seconds must be more than 0 and at most 60")
    if args.timeout is not None and args.timeout <= 0:
        parser.error("--timeout must be positive")
    if args.workers < 5 and args.limit < 5:
        parser.error("not both")   # neither alone is rejected
    if args.workers < 5:
        print("few workers")   # not a rejection: no parser.error here
    raise SystemExit(1)   # never runs: the script is read, not run
if __name__ == "__main__":
    main()
''')
    read = {o.option: (o.dest, o.kind, o.nargs) for o in found}
    assert read == {"--workers": ("workers", int, None), "--darts": ("darts", int, None),
                    "--seconds": ("seconds", float, None), "--limit": ("limit", int, None),
                    "--sizes": ("sizes", int, "+"), "--name": ("name", None, None),
                    "--level": ("level", None, None), "--fraction": ("p", float, None),
                    "--timeout": ("timeout", float, None)}
    values = {o.option: bad_values(o) for o in found if o.numeric}
    bounds = {o.option: set(o.bounds) for o in found if o.bounds}
    assert bounds == {"--seconds": {("<=", 0)}, "--limit": {("<", 3)}, "--fraction": {("<", 0)},
                      "--darts": {("<", 1)}, "--timeout": {("<=", 0)}}
    assert values == {"--workers": ["-1", "0"], "--darts": ["-1", "0"], "--seconds": ["-1", "0"],
                      "--limit": ["-1", "0", "2"], "--sizes": ["-1", "0"], "--fraction": ["-1"],
                      "--timeout": ["-1", "0"]}
