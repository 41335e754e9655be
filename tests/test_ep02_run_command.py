"""The subprocess-control class of episode 2 (examples/ep02_threads/run_command.py).

What its promises rest on: reading both pipes at once (no deadlock however
much the program writes), a timeout that ends the program *and* the processes
it started, a clear error for a program that does not exist, and arguments
that reach the program as they are (no shell).
"""
import sys
import threading
import time

import psutil
import pytest

from lesson.runner import import_example

Command, CommandError = (getattr(import_example("ep02_threads/run_command.py"), name)
                         for name in ("Command", "CommandError"))

PYTHON = sys.executable
MB = 1024 * 1024

# Writes 5 MB to stdout and 5 MB to stderr, in turns of 64 kB, so that each
# pipe fills up while the other one is being written: a reader that drained
# the pipes one after the other would deadlock on the first turn.
BOTH_STREAMS = """
import sys
line = "y" * 99 + "\\n"                     # 100 bytes a line
for _ in range(5 * 1024 * 1024 // (100 * 655)):
    sys.stdout.write(line * 655)
    sys.stderr.write(line * 655)
"""
BOTH_STREAMS_LINES = 5 * MB // (100 * 655) * 655

# Starts a grandchild, says both pids, then sleeps far past the test's timeout.
WITH_GRANDCHILD = """
import os, subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
print(os.getpid(), child.pid, flush=True)
time.sleep(120)
"""


def gone(pid, within=10.0):
    """True once `pid` no longer runs (a zombie waiting to be reaped counts as gone)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        time.sleep(0.05)
    return False


def test_no_deadlock_with_megabytes_on_both_streams():
    outcome = Command([PYTHON, "-c", BOTH_STREAMS], timeout=60).run()
    assert not outcome.timed_out, "the program was stopped at the timeout: a deadlock"
    assert outcome.returncode == 0
    assert len(outcome.stdout) == len(outcome.stderr) == BOTH_STREAMS_LINES
    assert sum(len(line) + 1 for line in outcome.stdout) >= 5 * MB - 100 * 655
    assert set(outcome.stdout) == set(outcome.stderr) == {"y" * 99}


def test_timeout_stops_the_program_and_its_child():
    pids = []
    command = Command([PYTHON, "-c", WITH_GRANDCHILD], timeout=2,
                      on_line=lambda stream, line: pids.extend(map(int, line.split())))
    outcome = command.run()
    assert outcome.timed_out
    assert outcome.returncode != 0
    assert outcome.seconds < 30
    assert len(pids) == 2, f"expected the child's and the grandchild's pids, got {outcome.stdout}"
    child, grandchild = pids
    assert gone(child), f"the program (pid {child}) still runs"
    assert gone(grandchild), f"the program's child (pid {grandchild}) still runs"


def test_stop_from_another_thread():
    command = Command([PYTHON, "-c", "import time; print('up', flush=True); time.sleep(120)"],
                      timeout=60).start()
    stopper = threading.Timer(0.5, command.stop)
    stopper.start()
    outcome = command.wait()
    stopper.join()
    assert not outcome.timed_out
    assert outcome.returncode != 0
    assert outcome.seconds < 30
    assert outcome.stdout == ["up"]


def test_missing_program_is_a_clear_error():
    with pytest.raises(CommandError, match=r"^cannot run 'no-such-program-7f3a': program not found$"):
        Command(["no-such-program-7f3a", "--version"]).run()


def test_a_string_is_refused():
    with pytest.raises(TypeError, match="list of arguments"):
        Command("echo hello; rm -rf /")


def test_arguments_reach_the_program_unchanged():
    tricky = ["$HOME", "a b", "; echo hacked", "*", "'quoted'", '"double"', "|", ">out.txt"]
    outcome = Command([PYTHON, "-c", "import sys; print('\\n'.join(sys.argv[1:]))", *tricky],
                      timeout=60).run()
    assert outcome.stdout == tricky


def test_each_stream_keeps_its_order_and_the_exit_status_comes_back():
    """Lines of one stream arrive in order; between the two streams no order is
    promised (two reader threads), so only the set of (stream, line) is compared."""
    seen = []
    script = ("import sys\n"
              "for i in range(5):\n"
              "    print('out', i, flush=True)\n"
              "    print('err', i, file=sys.stderr, flush=True)\n"
              "sys.exit(3)\n")
    outcome = Command([PYTHON, "-c", script], timeout=60,
                      on_line=lambda stream, line: seen.append((stream, line))).run()
    assert outcome.returncode == 3 and not outcome.timed_out
    assert outcome.stdout == [f"out {i}" for i in range(5)]
    assert outcome.stderr == [f"err {i}" for i in range(5)]
    assert sorted(seen) == sorted([("stdout", f"out {i}") for i in range(5)]
                                  + [("stderr", f"err {i}") for i in range(5)])


def test_children_left_behind_are_ended_when_the_program_exits():
    # The program starts a child and exits at once; the child holds the pipes.
    script = ("import subprocess, sys\n"
              "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)'])\n"
              "print(child.pid, flush=True)\n")
    outcome = Command([PYTHON, "-c", script], timeout=60).run()
    assert outcome.returncode == 0 and not outcome.timed_out
    assert outcome.seconds < 30
    if sys.platform != "win32":
        assert gone(int(outcome.stdout[0]))
