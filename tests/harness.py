"""Machinery shared by the tests: run the examples and check what they print.

Which files are examples, the command that runs one, the process-group kill,
the ``mpiexec`` path, the environment merge and usable cores all come from
``lesson/runner.py``: the build, the tests, the zip and the
benchmark share one definition of each.  This module adds what only the
tests need: the expectation types (``Run``, ``Equals``, ``Between``,
``near``), the start-method and MPI variants, ``check_result``, and reading
the built HTML (lesson/site.py, re-exported).

An example's expectations are plain data (see tests/expectations/): the
arguments to run it with, regular expressions its output must match, and
checks on the values those expressions capture.
"""
from __future__ import annotations

import multiprocessing
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lesson import runner
from lesson.build import sphinx_command
from lesson.runner import (  # noqa: F401  (re-exported for the test modules)
    CONTENT,
    EPISODES,
    EXAMPLES,
    MPIEXEC,
    PYTHON,
    ROOT,
    Result,
    code_names,
    example_files,
    is_example_file,
    is_script,
    kill_group,
    scripts,
    source,
    usable_cores,
    uses_mpi,
    uses_processes,
)
from lesson.site import (  # noqa: F401  (re-exported for the test modules)
    Element,
    built_page,
    built_pages,
    episode_docnames,
    page_references,
    parse_html,
)

HOOKS = Path(__file__).resolve().parent / "hooks"  # holds sitecustomize.py
START_METHODS = tuple(m for m in ("spawn", "forkserver", "fork")
                      if m in multiprocessing.get_all_start_methods())
MPI_RANKS = (1, 2, 3, 4)
# A shorter pass (noxfile.py's quick session, under the other Pythons):
# LESSON_TEST_START_METHODS=spawn LESSON_TEST_MPI_RANKS=1,2 narrow the variants.
if os.environ.get("LESSON_TEST_START_METHODS"):
    START_METHODS = tuple(m for m in os.environ["LESSON_TEST_START_METHODS"].split(",")
                          if m in START_METHODS)
if os.environ.get("LESSON_TEST_MPI_RANKS"):
    MPI_RANKS = tuple(int(n) for n in os.environ["LESSON_TEST_MPI_RANKS"].split(","))


# --- Checks on captured values --------------------------------------------------

@dataclass(frozen=True)
class Between:
    """A captured number must lie in [low, high]."""
    low: float
    high: float

    def __call__(self, value: str) -> bool:
        return self.low <= float(value) <= self.high


def near(target: float, tolerance: float) -> Between:
    """A captured number must be within `tolerance` of `target`."""
    return Between(target - tolerance, target + tolerance)


@dataclass(frozen=True)
class Equals:
    """A captured value must equal this (compared as a number when it is one)."""
    expected: object

    def __call__(self, value: str) -> bool:
        if isinstance(self.expected, (int, float)):
            return float(value) == float(self.expected)
        return value == str(self.expected)


# --- Expectations -------------------------------------------------------------

@dataclass(frozen=True)
class Run:
    """One run of an example and what must come out of it.

    stdout, stderr: regular expressions (multi-line mode) that must each match.
    absent:         regular expressions that must not match stdout.
    values:         named groups of the stdout patterns -> a check on the text captured.
    count:          pattern -> how many times it must match stdout.
    returncode:     the expected exit status.
    start_methods:  run under each of these; None means all of them when the
                    example starts processes, else just once.
    ranks:          run under `mpiexec -n N` for each N; None means MPI_RANKS when
                    the example imports mpi4py, else no mpiexec.
    python_args:    put between python and the script, e.g. ("-m", "mpi4py").
    env:            extra environment variables, merged into the test's own
                    (a PYTHONPATH here is joined with the start-method hook's).
    check:          a function of the finished Result for anything the table cannot say.
    traceback_ok:   a traceback on stderr is part of the lesson (it is a failure otherwise).
    """
    args: tuple[str, ...] = ()
    stdout: tuple[str, ...] = ()
    stderr: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    values: dict[str, Callable[[str], bool]] = field(default_factory=dict)
    count: dict[str, int] = field(default_factory=dict)
    returncode: int = 0
    start_methods: tuple[str, ...] | None = None
    ranks: tuple[int, ...] | None = None
    python_args: tuple[str, ...] = ()
    env: dict[str, str] = field(default_factory=dict)
    timeout: float = 120
    check: Callable[[Result], None] | None = None
    traceback_ok: bool = False


# --- Running --------------------------------------------------------------------

def merge_env(*parts: dict[str, str] | None) -> dict[str, str]:
    """Merge environment additions, later ones first on PYTHONPATH (runner.environment)."""
    merged: dict[str, str] = {}
    for part in parts:
        merged = runner.environment(part, base=merged)
    return merged


def run_command(command: list[str], *, timeout: float, env: dict[str, str] | None = None,
                cwd: Path = ROOT, input: str | None = None) -> Result:
    """runner.run with pipes, unbuffered output, and `env` merged into os.environ."""
    return runner.run(command, timeout=timeout, cwd=cwd, input=input,
                             env=merge_env({"PYTHONUNBUFFERED": "1"}, env))


def example_command(example: str, run: Run, ranks: int | None = None) -> list[str]:
    return runner.command(example, run.args, ranks=ranks, python_args=run.python_args)


def hooks_env(**variables: str) -> dict[str, str]:
    """Environment that turns on the start-up hooks in tests/hooks/sitecustomize.py."""
    return {**variables, "PYTHONPATH": str(HOOKS)}


def start_method_env(method: str | None) -> dict[str, str]:
    return {} if method is None else hooks_env(LESSON_START_METHOD=method)


def run_example(example: str, run: Run, *, start_method: str | None = None,
                ranks: int | None = None) -> Result:
    env = merge_env(run.env, start_method_env(start_method))
    return run_command(example_command(example, run, ranks), timeout=run.timeout, env=env)


def variants(example: str, run: Run) -> list[tuple[str | None, int | None]]:
    """The (start method, ranks) pairs this run is tested under."""
    methods = run.start_methods
    if methods is None:
        methods = START_METHODS if uses_processes(example) else (None,)
    ranks = run.ranks
    if ranks is None:
        ranks = MPI_RANKS if uses_mpi(example) else (None,)
    return [(m, n) for m in (methods or (None,)) for n in (ranks or (None,))]


def check_result(result: Result, run: Run) -> None:
    """Assert everything `run` expects of `result`; the message shows the whole run."""
    problems = []
    if result.returncode != run.returncode:
        problems.append(f"exit status {result.returncode}, expected {run.returncode}")
    if not run.traceback_ok and "Traceback (most recent call last)" in result.stderr:
        problems.append("a traceback was printed")
    for pattern in run.stdout:
        match = re.search(pattern, result.stdout, re.M)
        if match is None:
            problems.append(f"stdout does not match {pattern!r}")
            continue
        for name, value in match.groupdict().items():
            test = run.values.get(name)
            if test is not None and not test(value):
                problems.append(f"{name} = {value!r} fails {test}")
    captured = {name for pattern in run.stdout for name in re.compile(pattern).groupindex}
    for name in set(run.values) - captured:
        problems.append(f"values names {name!r}, which no stdout pattern captures")
    for pattern in run.stderr:
        if re.search(pattern, result.stderr, re.M) is None:
            problems.append(f"stderr does not match {pattern!r}")
    for pattern in run.absent:
        if re.search(pattern, result.stdout, re.M):
            problems.append(f"stdout matches {pattern!r}, which must not appear")
    for pattern, expected in run.count.items():
        found = len(re.findall(pattern, result.stdout, re.M))
        if found != expected:
            problems.append(f"{pattern!r} matches {found} times, expected {expected}")
    assert not problems, "\n".join(problems) + "\n" + result.describe()
    if run.check is not None:
        run.check(result)


# --- The built site (read by lesson/site.py) ---------------------------------------

# How the tests build the site and its other formats (build_site says why); the
# formats then find every run of the site build in the example cache.  The tests
# build both other formats, so the menu links them (as make html singlehtml pdf does).
TEST_BUILD_SETTINGS = ("-D", "lesson_measure_attempts=1", "-D", "lesson_timed_runs_alone=0",
                       "-D", "lesson_other_formats=one-page,pdf")


def build_site(outdir: Path, timeout: float = 900) -> Result:
    """Build the site strictly (warnings are errors), from scratch, into outdir.

    A timed example that misses its expectation is run once, not again up to
    three times as for the published site, and the timed runs go side by side
    with the others instead of alone at the end: the tests never judge a timing
    (the other workers are running examples beside the build), only that the
    page shows what the run printed and, when it missed, says so.
    """
    command = sphinx_command("html", outdir, doctrees=outdir.parent / "doctrees",
                             options=("-E", *TEST_BUILD_SETTINGS))
    return run_command(command, timeout=timeout)


# --- Tools the tests need: skip without them, but not under CI ----------------------

def under_ci() -> bool:
    """CI=true: .ci/run has installed the browser and Slurm, so their tests must run."""
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def skip_or_fail(reason: str, hint: str) -> None:
    """Skip where a tool is missing (a learner's laptop), saying how to get it; under
    CI, where it must be there, fail instead."""
    import pytest

    if under_ci():
        pytest.fail(f"{reason} (CI=true, so this fails instead of skipping). {hint}", pytrace=False)
    pytest.skip(f"{reason}. {hint}")


# --- The other formats: make singlehtml and make pdf ------------------------------

# Beside the tests' site, not in it: the browser tests check every page under
# _build/test/html, and the one-page lesson prints its solutions open.
FORMATS = ROOT / "_build" / "test" / "formats"


def build_other_formats() -> Path:
    """The Makefile's singlehtml and pdf commands, into FORMATS; returns FORMATS."""
    single = run_command(sphinx_command("singlehtml", FORMATS / "one-page",
                                        doctrees=FORMATS / "doctrees-singlehtml",
                                        options=("-E", *TEST_BUILD_SETTINGS)), timeout=900)
    assert single.returncode == 0, f"the one-page build failed:\n{single.describe()}"
    pdf = run_command([PYTHON, str(ROOT / "scripts" / "print_pdf.py"), "--single-page",
                       str(FORMATS / "one-page" / "index.html"),
                       "--out", str(FORMATS / "parallel-python.pdf")], timeout=600)
    assert pdf.returncode == 0, f"printing the PDF failed:\n{pdf.describe()}"
    return FORMATS
