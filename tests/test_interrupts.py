"""Ctrl-C during a long run: the program stops at once, cleanly.

Pressing Ctrl-C makes the terminal send SIGINT to every process in the
foreground process group: the program and its workers.  These tests press it:
each long-running example starts in a pseudo-terminal of its own
(runner.start_in_terminal, with pexpect), the test waits until the example
reports that it has started (a pool: a finished task) and presses Ctrl-C
(pexpect's sendintr).  The example must exit within seconds, with status 130,
having printed after its first line only progress and the line "Interrupted"
(no traceback, no results), and none of its processes (workers, the
forkserver, the resource tracker) may survive it: each carries a marker in its
environment, so even a process reparented to init is found.

A failing worker (an exception, or a worker that dies) is tested through the
expectations table: task_raises.py, worker_exceptions.py and broken_pool.py.
"""
import io
import re
import signal
import sys
import time

import pexpect
import psutil
import pytest

from harness import START_METHODS, kill_group, merge_env, runner, start_method_env
from leftovers import blocks_left_behind, new_marker, processes_left_behind, shared_blocks

pytestmark = pytest.mark.skipif(
    sys.platform == "win32",
    reason="POSIX only: a pseudo-terminal (pexpect), and Windows has no SIGINT for process groups")

LONG_RUNS = ["ep04_pools/ctrl_c_pool.py", "ep05_futures/ctrl_c_executor.py"]
TASKS = 1000        # 1000 tasks of 0.2 s on 2 workers: 100 s if Ctrl-C did nothing
STARTUP_LIMIT = 60  # seconds to wait for the first finished task (spawn on a busy machine)
EXIT_LIMIT = 10     # seconds from Ctrl-C to exit: the prompt must come back quickly
PROGRESS = re.compile(r"^\d+ of \d+ tasks done$")  # a pool's, which may still come after Ctrl-C


def wait_for_line(child: pexpect.spawn, pattern: str) -> None:
    """Read until a line matches `pattern` (^ and $ match at each line); fail at the end or the limit."""
    try:
        child.expect(re.compile(pattern, re.M), timeout=STARTUP_LIMIT)
    except pexpect.EOF:
        pytest.fail(f"the program ended before printing {pattern!r}; got {child.before!r}")
    except pexpect.TIMEOUT:
        pytest.fail(f"no line matching {pattern!r} within {STARTUP_LIMIT} s; got {child.before!r}")


def ignores_sigint(pid: int) -> bool:
    """Does the process ignore SIGINT yet?  (Linux: the SigIgn mask in /proc.)"""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("SigIgn:"):
                    return bool(int(line.split()[1], 16) & (1 << (signal.SIGINT - 1)))
    except (FileNotFoundError, ProcessLookupError):
        pass  # gone already: nothing left to interrupt
    return True


def wait_until_workers_ignore_sigint(family: list[psutil.Process], timeout: float) -> None:
    """Wait until each worker has run its initializer (Linux only; elsewhere no wait).

    A worker that gets SIGINT before its initializer has run dies with a
    traceback of its own: the pattern cannot help there, and a person is not
    that quick.  The forkserver and resource tracker ignore SIGINT anyway.
    """
    if not sys.platform.startswith("linux"):
        return
    deadline = time.monotonic() + timeout
    while not all(ignores_sigint(process.pid) for process in family):
        if time.monotonic() > deadline:
            pytest.fail(f"the workers did not ignore SIGINT within {timeout} s")
        time.sleep(0.05)


def press_ctrl_c(example: str, args: tuple[str, ...], method: str, lines: list[str],
                 pause: float = 0.0) -> tuple[list[str], dict[str, str]]:
    """Run the example in a terminal; once it has printed a line matching each of `lines`
    and its workers are ready (and `pause` seconds more), press Ctrl-C.

    Checks that it exits within EXIT_LIMIT seconds with status 130; returns the lines the
    terminal showed and the marker of the run's processes.
    """
    marker = new_marker()
    child = runner.start_in_terminal(runner.command(example, args),
                                     env=merge_env(start_method_env(method), marker))
    child.logfile_read = shown = io.StringIO()  # every character the terminal showed
    try:
        for pattern in lines:
            wait_for_line(child, pattern)
        family = psutil.Process(child.pid).children(recursive=True)
        assert family, "the example started no processes"
        wait_until_workers_ignore_sigint(family, STARTUP_LIMIT)
        time.sleep(pause)
        child.sendintr()  # Ctrl-C: the terminal sends SIGINT to the program's process group
        _, returncode = runner.read_to_the_end(child, EXIT_LIMIT)
    finally:
        if child.isalive():
            kill_group(child)
            child.wait()
        child.close()
    printed = runner.as_shown_by_a_terminal(shown.getvalue()).splitlines()
    assert returncode is not None, f"still running {EXIT_LIMIT} s after Ctrl-C"
    assert returncode == 130, f"exit status {returncode}\n" + "\n".join(printed)
    return printed, marker


def check_stopped_cleanly(printed: list[str], marker: dict[str, str], results: tuple[str, ...]) -> None:
    """Stopped before any result; "Interrupted" alone after the first line (stdout and
    stderr share the terminal) but for progress; no process of the run left."""
    assert not any(line.startswith(results) for line in printed), \
        "the run was not stopped early:\n" + "\n".join(printed)
    assert [line for line in printed[1:] if not PROGRESS.match(line)] == ["Interrupted"], \
        "after the first line, not just progress and 'Interrupted':\n" + "\n".join(printed)
    left = processes_left_behind(marker)
    assert not left, f"processes left running after Ctrl-C: {left}"


@pytest.mark.parametrize("method", START_METHODS)
@pytest.mark.parametrize("example", LONG_RUNS)
def test_ctrl_c_stops_the_run_and_its_workers(example, method):
    printed, marker = press_ctrl_c(example, ("--tasks", str(TASKS), "--seconds", "0.2"), method,
                                   [rf"^Started {TASKS} tasks", rf"^1 of {TASKS} tasks done\r?$"])
    check_stopped_cleanly(printed, marker, ("Sum of",))


# Episode 9: Ctrl-C in the middle of a run that uses shared memory or a pipeline of
# processes.  Besides the checks above: no shared-memory block is left in /dev/shm.
SHARING_RUNS = {
    "ep09_sharing/shared_manager.py": ("--tasks", "1000", "--seconds", "0.2"),
    "ep09_sharing/pipeline.py": ("--items", "100000", "--seconds", "0.01"),
    # Episode 10: 20 000 requests one after the other, far longer than the test waits.
    "ep10_asyncio/fetch_three_ways.py": ("--sequential", "20000", "--requests", "20000"),
}
STARTED = {"ep10_asyncio/fetch_three_ways.py": r"^Server on "}


@pytest.mark.parametrize("method", START_METHODS)
@pytest.mark.parametrize("example", SHARING_RUNS)
def test_ctrl_c_leaves_no_shared_memory(example, method):
    before = shared_blocks()
    printed, marker = press_ctrl_c(example, SHARING_RUNS[example], method,
                                   [STARTED.get(example, r"^Started ")],
                                   pause=0.5)  # in the middle of the work
    check_stopped_cleanly(printed, marker, ("Sum of", "Items written", "Speedup"))
    assert not blocks_left_behind(before), "shared memory left in /dev/shm after Ctrl-C"
