"""Machinery shared by the tests: find the examples, run them, check the output.

An example's expectations are plain data (see expectations.py): the arguments
to run it with, regular expressions its output must match, and checks on the
values those expressions capture.  This module turns them into subprocess runs
and assertions.
"""
from __future__ import annotations

import multiprocessing
import os
import re
import signal
import subprocess
import sys
import tokenize
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CONTENT = ROOT / "content"
HOOKS = Path(__file__).resolve().parent / "hooks"  # holds sitecustomize.py
PYTHON = sys.executable
MPIEXEC = str(Path(PYTHON).with_name("mpiexec"))
START_METHODS = tuple(m for m in ("spawn", "forkserver", "fork")
                      if m in multiprocessing.get_all_start_methods())
MPI_RANKS = (1, 2, 3, 4)


# --- Discovery ---------------------------------------------------------------

def example_files() -> list[str]:
    """Every file under examples/, as a path relative to it ('ep01_why/amdahl.py')."""
    return sorted(
        path.relative_to(EXAMPLES).as_posix()
        for path in EXAMPLES.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
        and not path.name.startswith(".") and path.suffix != ".pyc"
    )


def source(example: str) -> str:
    return (EXAMPLES / example).read_text(encoding="utf-8")


def is_script(example: str) -> bool:
    """A script is a .py file with the __main__ guard; other .py files are modules."""
    return example.endswith(".py") and re.search(
        r"^if __name__ == ['\"]__main__['\"]:", source(example), re.M) is not None


def scripts() -> list[str]:
    return [example for example in example_files() if is_script(example)]


def code_names(example: str) -> set[str]:
    """The names in the example's code, leaving out its strings and comments."""
    with open(EXAMPLES / example, "rb") as file:
        return {token.string for token in tokenize.tokenize(file.readline)
                if token.type == tokenize.NAME}


def uses_processes(example: str) -> bool:
    """Does the example start processes (so the start method matters)?

    A docstring that only mentions ProcessPoolExecutor does not count.
    """
    return bool({"multiprocessing", "ProcessPoolExecutor"} & code_names(example))


def uses_mpi(example: str) -> bool:
    return "mpi4py" in code_names(example)


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
    env:            extra environment variables.
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
    check: Callable[["Result"], None] | None = None
    traceback_ok: bool = False


@dataclass
class Result:
    command: list[str]
    returncode: int | None  # None: killed at the timeout
    stdout: str
    stderr: str

    def describe(self) -> str:
        return (f"command: {subprocess.list2cmdline(self.command)}\n"
                f"exit status: {self.returncode}\n"
                f"--- stdout ---\n{self.stdout}\n--- stderr ---\n{self.stderr}")


# --- Running --------------------------------------------------------------------

def run_command(command: list[str], *, timeout: float, env: dict[str, str] | None = None,
                cwd: Path = ROOT, input: str | None = None) -> Result:
    """Run a command in its own process group; at the timeout kill the whole group.

    Killing the group, not just the child, is what stops a hung pool or an
    mpiexec and all its ranks.
    """
    full_env = dict(os.environ, PYTHONUNBUFFERED="1", **(env or {}))
    process = subprocess.Popen(
        command, cwd=cwd, env=full_env, text=True,
        stdin=subprocess.PIPE if input is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(input, timeout=timeout)
        return Result(command, process.returncode, stdout, stderr)
    except subprocess.TimeoutExpired:
        kill_group(process)
        stdout, stderr = process.communicate()
        return Result(command, None, stdout, stderr + f"\n[killed after {timeout} s]")


def kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        process.kill()


def example_command(example: str, run: Run, ranks: int | None = None) -> list[str]:
    command = [PYTHON, *run.python_args, str(Path("examples") / example), *run.args]
    if ranks:
        command = [MPIEXEC, "-n", str(ranks), *command]
    return command


def hooks_env(**variables: str) -> dict[str, str]:
    """Environment that turns on the start-up hooks in tests/hooks/sitecustomize.py."""
    path = os.pathsep.join(filter(None, [str(HOOKS), os.environ.get("PYTHONPATH")]))
    return {**variables, "PYTHONPATH": path}


def start_method_env(method: str | None) -> dict[str, str]:
    return {} if method is None else hooks_env(LESSON_START_METHOD=method)


def run_example(example: str, run: Run, *, start_method: str | None = None,
                ranks: int | None = None) -> Result:
    env = {**run.env, **start_method_env(start_method)}
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


# --- Pages -------------------------------------------------------------------

INCLUDE = re.compile(r"(?:\{literalinclude\}|literalinclude::)[ \t]+(\S+)")
RUN_OUTPUT = re.compile(r"\{example-output\}[ \t]+(\S+)")


def pages() -> list[Path]:
    return sorted(p for p in CONTENT.rglob("*")
                  if p.suffix in {".md", ".rst", ".ipynb"} and "_build" not in p.parts
                  and "jupyter_execute" not in p.parts)


def page_references() -> list[tuple[Path, str, Path]]:
    """(page, kind, resolved path) for every literalinclude and example-output."""
    found = []
    for page in pages():
        text = page.read_text(encoding="utf-8")
        for target in INCLUDE.findall(text):
            found.append((page, "literalinclude", (page.parent / target).resolve()))
        for target in RUN_OUTPUT.findall(text):
            found.append((page, "example-output", (EXAMPLES / target).resolve()))
    return found


def build_site(outdir: Path, timeout: float = 900) -> Result:
    """Build the site strictly (warnings are errors), from scratch, into outdir."""
    command = [PYTHON, "-m", "sphinx", "-b", "html", "-c", str(ROOT), "-W", "--keep-going",
               "-n", "-E", "-d", str(outdir.parent / "doctrees"), str(CONTENT), str(outdir)]
    return run_command(command, timeout=timeout)
