"""Ctrl-C during a long pool or executor run: the program stops at once, cleanly.

Pressing Ctrl-C makes the terminal send SIGINT to every process in the
foreground process group: the program and its workers.  These tests do the
same to the long-running examples: start one in a new session (so it has a
process group of its own), wait until it reports a finished task, send SIGINT
to the whole group, then check that it exits within seconds, with status 130
and the single line "Interrupted", and that none of its processes (workers,
the forkserver, the resource tracker) survive it.

A failing worker (an exception, or a worker that dies) is tested through the
expectations table: task_raises.py, worker_exceptions.py and broken_pool.py.
"""
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time

import psutil
import pytest

from harness import PYTHON, ROOT, START_METHODS, kill_group, merge_env, runner, start_method_env

pytestmark = pytest.mark.skipif(
    sys.platform == "win32",
    reason="POSIX only: Windows has no SIGINT for process groups (Ctrl-C is a console event)")

LONG_RUNS = ["ep04_pools/ctrl_c_pool.py", "ep05_futures/ctrl_c_executor.py"]
TASKS = 1000        # 1000 tasks of 0.2 s on 2 workers: 100 s if Ctrl-C did nothing
STARTUP_LIMIT = 60  # seconds to wait for the first finished task (spawn on a busy machine)
EXIT_LIMIT = 10     # seconds from SIGINT to exit: the prompt must come back quickly


@pytest.fixture(autouse=True)
def sigint_not_ignored():
    """Start the examples with SIGINT's default action, as a terminal does.

    A child inherits an *ignored* SIGINT, and a shell ignores SIGINT in the
    commands it runs in the background (`make test &` in a script, some CI
    runners); the examples would then never see Ctrl-C.  A Python handler,
    unlike SIG_IGN, goes back to the default action in the child.
    """
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
        yield
        return
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def read_lines(stream, lines: queue.Queue) -> None:
    """Put each line of `stream` on `lines`, then None at its end (runs in a thread)."""
    with stream:
        for line in stream:
            lines.put(line.rstrip("\n"))
    lines.put(None)


def wait_for_line(lines: queue.Queue, pattern: str, timeout: float) -> list[str]:
    """Lines read from the program until one matches `pattern`; fail at the timeout."""
    seen, deadline = [], time.monotonic() + timeout
    while True:
        try:
            line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            pytest.fail(f"no line matching {pattern!r} within {timeout} s; got {seen}")
        if line is None:
            pytest.fail(f"the program ended before printing {pattern!r}; got {seen}")
        seen.append(line)
        if re.search(pattern, line):
            return seen


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


def rest(lines: queue.Queue) -> list[str]:
    """Every line left on a finished reader's queue."""
    left = []
    while (line := lines.get_nowait()) is not None:
        left.append(line)
    return left


@pytest.mark.parametrize("method", START_METHODS)
@pytest.mark.parametrize("example", LONG_RUNS)
def test_ctrl_c_stops_the_run_and_its_workers(example, method):
    command = runner.command(example, ("--tasks", str(TASKS), "--seconds", "0.2"))
    # Its own process group, as a terminal gives the command it runs.
    process = runner.start(command, env=merge_env({"PYTHONUNBUFFERED": "1"},
                                                         start_method_env(method)))
    out, err = queue.Queue(), queue.Queue()
    readers = [threading.Thread(target=read_lines, args=(process.stdout, out), daemon=True),
               threading.Thread(target=read_lines, args=(process.stderr, err), daemon=True)]
    for reader in readers:
        reader.start()
    try:
        seen = wait_for_line(out, rf"^Started {TASKS} tasks", STARTUP_LIMIT)
        seen += wait_for_line(out, rf"^1 of {TASKS} tasks done$", STARTUP_LIMIT)
        family = psutil.Process(process.pid).children(recursive=True)
        assert family, "the example started no worker processes"
        wait_until_workers_ignore_sigint(family, STARTUP_LIMIT)

        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        try:
            process.wait(timeout=EXIT_LIMIT)
        except subprocess.TimeoutExpired:
            pytest.fail(f"still running {EXIT_LIMIT} s after SIGINT")
    finally:
        if process.poll() is None:
            kill_group(process)
            process.wait(timeout=10)
        # The readers stop when no process holds the pipes any more.
        for reader in readers:
            reader.join(timeout=10)

    assert not any(reader.is_alive() for reader in readers), \
        "a child process still holds the program's output open"
    seen += rest(out)
    errors = rest(err)
    assert process.returncode == 130, f"exit status {process.returncode}\n" + "\n".join(errors)
    assert errors == ["Interrupted"], "stderr is not the one line 'Interrupted':\n" + "\n".join(errors)
    assert not any(line.startswith("Sum of") for line in seen), "the run was not stopped early"
    # Workers, forkserver and resource tracker must all be gone (a short grace period).
    _, alive = psutil.wait_procs(family, timeout=5)
    assert not alive, f"processes left running after Ctrl-C: {[p.pid for p in alive]}"


# Episode 9: Ctrl-C in the middle of a run that uses shared memory or a pipeline of
# processes.  Besides the checks above: no shared-memory block is left in /dev/shm,
# and no process of the run survives (found by an environment marker, so even a
# process reparented to init is seen).
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
    from leftovers import blocks_left_behind, new_marker, processes_left_behind, shared_blocks

    marker = new_marker()
    command = [PYTHON, str(ROOT / "examples" / example), *SHARING_RUNS[example]]
    env = runner.environment(merge_env({"PYTHONUNBUFFERED": "1"}, start_method_env(method), marker))
    before = shared_blocks()
    process = subprocess.Popen(command, cwd=ROOT, env=env, text=True, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True)
    out, err = queue.Queue(), queue.Queue()
    readers = [threading.Thread(target=read_lines, args=(process.stdout, out), daemon=True),
               threading.Thread(target=read_lines, args=(process.stderr, err), daemon=True)]
    for reader in readers:
        reader.start()
    try:
        seen = wait_for_line(out, STARTED.get(example, r"^Started "), STARTUP_LIMIT)
        family = psutil.Process(process.pid).children(recursive=True)
        assert family, "the example started no processes"
        wait_until_workers_ignore_sigint(family, STARTUP_LIMIT)
        time.sleep(0.5)  # in the middle of the work
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=EXIT_LIMIT)
        except subprocess.TimeoutExpired:
            pytest.fail(f"still running {EXIT_LIMIT} s after SIGINT")
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        for reader in readers:
            reader.join(timeout=10)
    seen += rest(out)
    errors = rest(err)
    assert process.returncode == 130, f"exit status {process.returncode}\n" + "\n".join(errors)
    assert errors == ["Interrupted"], "stderr is not the one line 'Interrupted':\n" + "\n".join(errors)
    assert not any(line.startswith(("Sum of", "Items written", "Speedup")) for line in seen), \
        "the run was not stopped early"
    assert not processes_left_behind(marker), "processes left running after Ctrl-C"
    assert not blocks_left_behind(before), "shared memory left in /dev/shm after Ctrl-C"
