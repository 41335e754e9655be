"""The one place that knows how the lesson's examples are found and run.

The Sphinx extension, the tests, the examples zip and the benchmark all import
this module, so there is a single definition of each of these:

- which episodes exist (``EPISODES``), in teaching order;
- which files under ``examples/`` are examples (``is_example_file``), and
  which of those are scripts, start processes or use MPI;
- the command that runs one (``command``), the ``mpiexec`` beside this
  Python (``MPIEXEC``), and the environment it runs in (``environment``);
- how a run is started, stopped at its timeout with its whole process group,
  and how much CPU it and its children received (``run``);
- how many cores this process may use (``usable_cores``).
"""
from __future__ import annotations

import contextlib
import importlib
import importlib.util
import os
import re
import signal
import subprocess
import sys
import threading
import time
import tokenize
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pexpect

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CONTENT = ROOT / "content"
PYTHON = sys.executable
MPIEXEC = str(Path(PYTHON).with_name("mpiexec.exe" if os.name == "nt" else "mpiexec"))


# --- Episodes -------------------------------------------------------------------

@dataclass(frozen=True)
class Episode:
    """One episode: its page (content/<page>.md), its examples folder and its slot."""
    number: int
    page: str       # docname, e.g. "04-pools"
    folder: str     # under examples/, e.g. "ep04_pools"
    day: int        # 1: the laptop day; 2: the second day
    minutes: int    # its slot in the schedule, teaching and exercises together
    learn: str      # "What you will learn", one line of the index's schedule (MyST)

    @property
    def path(self) -> Path:
        return CONTENT / f"{self.page}.md"


# In teaching order, with the one definition of each episode's minutes: the
# index's schedule and toctree, the instructor guide's schedules, the content
# budget (scripts/content_budget.py), the zip lines and the tests read this
# list; add a new episode here.
EPISODES = (
    Episode(1, "01-why", "ep01_why", 1, 20,
            "cores, speedup, efficiency, Amdahl's law; when parallel pays"),
    Episode(2, "02-threads", "ep02_threads", 1, 40,
            "what threads can and cannot speed up in Python; running other programs"),
    Episode(3, "03-processes", "ep03_processes", 1, 40,
            "`multiprocessing.Process`, start methods, pickling, notebooks"),
    Episode(4, "04-pools", "ep04_pools", 1, 50,
            "`Pool.map` and friends, chunksize, timeouts, errors; the bootstrap in a pool"),
    Episode(5, "05-futures", "ep05_futures", 1, 30,
            "executors, futures, `as_completed`, choosing a tool"),
    Episode(6, "06-scaling", "ep06_scaling", 1, 50,
            "timing right, the optimisation ladder, overheads, random numbers"),
    Episode(7, "07-mpi", "ep07_mpi", 1, 60,
            "ranks, point-to-point and collective communication, clusters"),
    Episode(8, "08-beyond", "ep08_beyond", 1, 40,
            "Dask, joblib, Numba, subinterpreters, GPUs"),
    Episode(9, "09-sharing", "ep09_sharing", 2, 50,
            "shared memory with NumPy, shared counters, pipelines, synchronisation"),
    Episode(10, "10-asyncio", "ep10_asyncio", 2, 40,
            "many requests at once with asyncio, limits, timeouts, errors"),
    Episode(11, "11-coupled-mpi", "ep11_coupled_mpi", 2, 60,
            "non-blocking messages, deadlocks, uneven splits, a heat equation with halo "
            "exchange, strong and weak scaling"),
    Episode(12, "12-cluster-runs", "ep12_cluster", 2, 50,
            "job arrays, resumable sweeps, task farms, profiling a running pool"),
)


def episode(number: int) -> Episode:
    return EPISODES[number - 1]


def episode_of_page(docname: str) -> Episode | None:
    """The episode whose page is `docname` ("04-pools"), or None for another page."""
    return next((e for e in EPISODES if e.page == docname), None)


def episode_pages() -> list[str]:
    return [episode.page for episode in EPISODES]


# --- Which files are examples -------------------------------------------------------

def is_example_file(relative: Path | str) -> bool:
    """Is this path (relative to examples/) part of the examples?

    Leaves out caches and hidden files and folders (``.ipynb_checkpoints``,
    ``.DS_Store``): the same rule decides what the tests run and what the zip holds.
    """
    relative = Path(relative)
    return not any(part == "__pycache__" or part.startswith(".") for part in relative.parts) \
        and relative.suffix not in {".pyc", ".pyo"}


def example_files(folder: Path = EXAMPLES) -> list[str]:
    """Every example file, as a POSIX path relative to `folder` ('ep01_why/amdahl.py')."""
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*")
                  if path.is_file() and is_example_file(path.relative_to(folder)))


def source(example: str) -> str:
    return (EXAMPLES / example).read_text(encoding="utf-8")


GUARD = re.compile(r"^if __name__ == ['\"]__main__['\"]:", re.M)


def is_script(example: str) -> bool:
    """A script is a .py file with the __main__ guard; other .py files are modules."""
    return example.endswith(".py") and GUARD.search(source(example)) is not None


def scripts() -> list[str]:
    return [example for example in example_files() if is_script(example)]


@cache
def _code_names(path: Path, mtime: float) -> frozenset[str]:
    with open(path, "rb") as file:
        return frozenset(token.string for token in tokenize.tokenize(file.readline)
                         if token.type == tokenize.NAME)


def code_names(example: str) -> frozenset[str]:
    """The names in the example's code, leaving out its strings and comments."""
    path = EXAMPLES / example
    return _code_names(path, path.stat().st_mtime)


def uses_processes(example: str) -> bool:
    """Does the example start processes (so the start method matters)?

    A docstring that only mentions ProcessPoolExecutor does not count.
    """
    return bool({"multiprocessing", "ProcessPoolExecutor"} & code_names(example))


def uses_mpi(example: str) -> bool:
    return "mpi4py" in code_names(example)


def local_imports(example: str) -> list[Path]:
    """Files beside the example that it imports (``import pi_serial``), recursively.

    The build's cache of example outputs is keyed on these too.
    """
    found: list[Path] = []
    todo = [EXAMPLES / example]
    while todo:
        path = todo.pop()
        folder = path.parent
        for name in _code_names(path, path.stat().st_mtime):
            candidate = folder / f"{name}.py"
            if candidate.is_file() and candidate != path and candidate not in found \
                    and candidate != EXAMPLES / example:
                found.append(candidate)
                todo.append(candidate)
    return sorted(found)


def import_example(example: str):
    """Import examples/<example> as the module named after its file, as Python finds it
    when a learner runs a script of that folder: the folder goes on sys.path, so its
    sibling imports work, and pool workers (which inherit sys.path) unpickle its functions."""
    folder = str((EXAMPLES / example).parent)
    if folder not in sys.path:
        sys.path.insert(0, folder)
    return importlib.import_module(Path(example).stem)


# --- Commands and environments --------------------------------------------------------

def command(example: str, args=(), *, ranks: int | None = None, python_args=(),
            launcher=(), shown: bool = False) -> list[str]:
    """The command that runs ``examples/<example>`` from the repository's root.

    `launcher` goes in front of it all (``taskset -c 0``).  With
    ``shown=True``: the same command as a learner types it, with ``python``
    and ``mpiexec`` by name instead of this environment's paths.
    """
    python = "python" if shown else PYTHON
    line = [python, *python_args, f"examples/{example}", *args]
    if ranks:
        line = ["mpiexec" if shown else MPIEXEC, "-n", str(ranks), *line]
    return [*launcher, *line]


def environment(extra: dict[str, str] | None = None, *, base: dict[str, str] | None = None) -> dict[str, str]:
    """os.environ (or `base`) with `extra` merged in.

    Path-like variables are joined, never replaced: a PYTHONPATH in `extra`
    goes in front of the one already set, so two additions (a test's and the
    start-method hook's) both take effect.
    """
    env = dict(os.environ if base is None else base)
    for name, value in (extra or {}).items():
        if name == "PYTHONPATH" and env.get(name):
            env[name] = os.pathsep.join(dict.fromkeys([*value.split(os.pathsep),
                                                       *env[name].split(os.pathsep)]))
        else:
            env[name] = value
    return env


# --- Running ------------------------------------------------------------------------------

@dataclass
class Result:
    command: list[str]
    returncode: int | None      # None: stopped at the timeout
    stdout: str
    stderr: str                 # empty when stderr was merged into stdout
    wall: float = 0.0           # seconds from start to exit
    cpu: float | None = None    # CPU seconds used by the run and every child it waited for
    busy: float | None = None   # CPU seconds the whole machine spent busy meanwhile

    def describe(self) -> str:
        return (f"command: {subprocess.list2cmdline(self.command)}\n"
                f"exit status: {self.returncode}\n"
                f"--- stdout ---\n{self.stdout}\n--- stderr ---\n{self.stderr}")


def _children_cpu() -> float | None:
    """CPU seconds of this process's finished, waited-for children (POSIX)."""
    try:
        import resource
    except ImportError:
        return None
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def machine_busy() -> float | None:
    """CPU seconds all cores have spent busy (not idle) since boot, or None."""
    try:
        import psutil
    except ImportError:
        return None
    times = psutil.cpu_times()
    idle = times.idle + getattr(times, "iowait", 0.0)
    return sum(times) - idle


# --- Shared memory that a run leaves behind (Linux: files in /dev/shm) -------------

SHM = Path("/dev/shm")
MPICH_SEGMENT = "mpich_shm_"  # MPICH's ranks on one machine talk through this file


def shm_files(prefix: str) -> set[str]:
    """Names of the shared-memory files that start with `prefix` (none off Linux)."""
    if not SHM.is_dir():
        return set()
    return {path.name for path in SHM.iterdir() if path.name.startswith(prefix)}


def shm_in_use(prefix: str) -> set[str]:
    """Those that some process maps or holds open (from /proc)."""
    used = set()
    for process in Path("/proc").iterdir():
        if not process.name.isdigit():
            continue
        try:
            for line in (process / "maps").read_text().splitlines():
                if f"/dev/shm/{prefix}" in line:
                    used.add(line.rsplit("/", 1)[-1].split()[0])
            for fd in (process / "fd").iterdir():
                target = os.readlink(fd)
                if target.startswith(f"/dev/shm/{prefix}"):
                    used.add(target.rsplit("/", 1)[-1].split()[0])
        except OSError:
            continue  # gone, or not ours to read
    return used


def remove_abandoned_mpi_segments(before: set[str], wait: float = 3.0) -> None:
    """An MPI job that is aborted (MPI_Abort, a rank killed) leaves MPICH's segment,
    2 to 4 MB, in /dev/shm until the machine restarts; remove those that appeared
    since `before` and that no process uses (another job's are in use).

    When mpiexec returns, the other ranks of an aborted job of 3 or 4 ranks may
    still be on their way out, their segment still mapped: a segment that
    appeared is looked at again for up to `wait` seconds, until no process uses it.
    """
    deadline = time.monotonic() + wait
    while True:
        appeared = shm_files(MPICH_SEGMENT) - before
        in_use = shm_in_use(MPICH_SEGMENT) & appeared
        for name in appeared - in_use:
            try:
                (SHM / name).unlink()
            except OSError:
                pass
        if not in_use or time.monotonic() >= deadline:
            return
        time.sleep(0.1)


def kill_group(process: subprocess.Popen | pexpect.spawn) -> None:
    """Stop the process and everything it started (its process group)."""
    if not hasattr(os, "killpg"):
        process.kill()  # Windows: a Popen (pexpect is POSIX only), no process groups
        return
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass  # the group has ended (macOS: EPERM when only zombies are left)


def let_children_take_ctrl_c() -> None:
    """Let the runs we start receive Ctrl-C (SIGINT), as in a learner's terminal.

    A program started with SIGINT ignored (a background job of a script,
    `make test &`, as some CI systems start it) hands that on to every process
    it starts, and the examples about Ctrl-C then run on as if nothing had been
    pressed.  Python's own handler, unlike "ignore", is not inherited: child
    programs start with the default.  Only the main thread may change it.
    """
    if (signal.getsignal(signal.SIGINT) is signal.SIG_IGN
            and threading.current_thread() is threading.main_thread()):
        signal.signal(signal.SIGINT, signal.default_int_handler)


def start(line: list[str], *, env: dict[str, str] | None = None, cwd: Path | None = None,
          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE) -> subprocess.Popen:
    """Start `line` in a process group (session) of its own, with `env` merged into
    os.environ, from ROOT unless `cwd` says otherwise; text streams, UTF-8.

    ``run`` uses this (``start_in_terminal`` for a run in a terminal); stop the
    group with ``kill_group``.
    """
    let_children_take_ctrl_c()
    return subprocess.Popen(line, cwd=ROOT if cwd is None else cwd, env=environment(env), text=True,
                            encoding="utf-8", errors="replace", stdin=stdin, stdout=stdout,
                            stderr=stderr, start_new_session=True)


def run(line: list[str], *, timeout: float, env: dict[str, str] | None = None,
        cwd: Path | None = None, input: str | None = None, terminal: bool = False) -> Result:
    """Run `line` in a process group of its own; at the timeout kill the whole group.

    Killing the group, not just the child, is what stops a hung pool or an
    mpiexec and all its ranks.  `env` is merged into os.environ (see
    ``environment``).  `cwd` defaults to the repository's root (ROOT, read
    when called, so a test can point the runner at a project of its own).

    terminal=False: stdout and stderr are captured apart, through pipes.
    terminal=True:  the run writes to a pseudo-terminal, as in a learner's
        terminal window (``start_in_terminal``; POSIX, pipes elsewhere): output
        is line-buffered, both streams arrive in the order they were written,
        and a line rewritten with a carriage return (a progress bar) shows its
        last state.
    """
    full_env = environment(env)
    cwd = ROOT if cwd is None else cwd
    segments = shm_files(MPICH_SEGMENT) if line[:1] == [MPIEXEC] else None
    cpu_before, busy_before = _children_cpu(), machine_busy()
    started = time.perf_counter()
    if terminal and os.name == "posix":
        child = start_in_terminal(line, env=full_env, cwd=cwd)
        try:
            stdout, returncode = read_to_the_end(child, timeout)
        finally:
            child.ptyproc.delayafterclose = 0  # it has been waited for: no need to give it time
            child.close()
        stderr = ""
    else:
        process = start(line, env=full_env, cwd=cwd,
                        stdin=subprocess.PIPE if input is not None else subprocess.DEVNULL,
                        stderr=subprocess.STDOUT if terminal else subprocess.PIPE)
        try:
            stdout, stderr = process.communicate(input, timeout=timeout)
            returncode = process.returncode
        except subprocess.TimeoutExpired:
            kill_group(process)
            stdout, stderr = process.communicate()
            returncode = None
        stderr = stderr or ""
    wall = time.perf_counter() - started
    cpu_after, busy_after = _children_cpu(), machine_busy()
    if returncode is None:
        stderr += f"\n[killed after {timeout} s]"
    if segments is not None and returncode != 0:
        remove_abandoned_mpi_segments(segments)
    return Result(line, returncode, stdout, stderr, wall,
                  None if cpu_before is None else cpu_after - cpu_before,
                  None if busy_before is None else busy_after - busy_before)


def start_in_terminal(line: list[str], *, env: dict[str, str] | None = None,
                      cwd: Path | None = None) -> pexpect.spawn:
    """Start `line` in a pseudo-terminal (pexpect), as in a learner's terminal window:
    80 columns (progress bars size themselves by it), line-buffered output, stdout and
    stderr in the order they were written, a session and process group of its own;
    `env` merged into os.environ, from ROOT unless `cwd` says otherwise.

    ``run(terminal=True)`` uses this, and so do the Ctrl-C tests (``sendintr``, what
    Ctrl-C does); stop the group with ``kill_group``.
    """
    env = environment(env)
    env["TERM"] = env.get("TERM") or "dumb"
    env.pop("PYTHONUNBUFFERED", None)  # a terminal is line-buffered, not unbuffered
    let_children_take_ctrl_c()
    # stdin stays /dev/null, as for a piped run: a run that reads it gets end-of-file at once.
    # ignore_sighup: the run's exit would hang up what it leaves running; a learner's shell does not.
    return pexpect.spawn(line[0], list(line[1:]), cwd=ROOT if cwd is None else cwd, env=env,
                         dimensions=(24, 80), echo=False, encoding="utf-8",
                         codec_errors="replace", maxread=65536, ignore_sighup=True,
                         preexec_fn=lambda: os.dup2(os.open(os.devnull, os.O_RDONLY), 0))


def read_to_the_end(child: pexpect.spawn, timeout: float) -> tuple[str, int | None]:
    """What the run in `child` writes from now until it ends, as a terminal shows it,
    and its exit status; at `timeout` seconds its whole group is killed (status None)."""
    deadline = time.monotonic() + timeout
    # EOF: every writer has closed the terminal, or the run has ended and what it left
    # there is read (pexpect does not wait for a child of its that still holds it).
    while not child.eof() and time.monotonic() < deadline:
        with contextlib.suppress(pexpect.TIMEOUT):
            child.expect(pexpect.EOF, timeout=min(0.5, max(0.0, deadline - time.monotonic())))
    while child.eof() and child.isalive() and time.monotonic() < deadline:
        time.sleep(0.01)  # pexpect's wait() has no timeout
    if child.isalive() or not child.eof():
        kill_group(child)  # pexpect stops the run alone, not the processes it started
        child.wait()
        return as_shown_by_a_terminal(child.before), None
    returncode = child.exitstatus if child.signalstatus is None else -child.signalstatus
    return as_shown_by_a_terminal(child.before), returncode


# Terminal control sequences (colours, cursor moves): a terminal acts on them
# and shows nothing; a page would show them as stray characters.
CONTROL_SEQUENCE = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")


def as_shown_by_a_terminal(text: str) -> str:
    """What a terminal shows for `text`: CRLF as newlines, each line's last rewrite,
    no control sequences."""
    text = CONTROL_SEQUENCE.sub("", text.replace("\r\n", "\n"))
    return "\n".join(line.rsplit("\r", 1)[-1] if "\r" in line.rstrip("\r") else line.rstrip("\r")
                     for line in text.split("\n"))


# --- Cores --------------------------------------------------------------------------------

@cache
def _count_cores_module():
    """examples/ep01_why/count_cores.py, the lesson's own answer, imported as a module."""
    path = EXAMPLES / "ep01_why" / "count_cores.py"
    spec = importlib.util.spec_from_file_location("lesson_count_cores", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def usable_cores() -> int:
    """Cores this process may use: the smallest of its limits.

    The definition is the one episode 1 teaches (examples/ep01_why/count_cores.py:
    affinity mask, cgroup CPU quota, Slurm's allocation), imported rather than
    copied, so the machine line under every output agrees with that example.
    """
    return _count_cores_module().usable_cores()
