"""Episode 3: when lines printed by several processes get mixed up.

In a terminal Python's output is line-buffered, so a line written in pieces
still goes out whole; with `python -u` every piece goes out on its own, and
only a lock keeps lines whole.  The page shows both; these tests run the same
commands in a pseudo-terminal, as the build does, under every start method.
(The example table runs through pipes with PYTHONUNBUFFERED=1 set.)
"""
import os
import re

import pytest

from harness import START_METHODS, start_method_env
from lesson import runner

pytestmark = pytest.mark.skipif(os.name != "posix", reason="pseudo-terminals are POSIX only")
WHOLE = re.compile(r"^\[worker-[0-2]\] line [01] is whole$", re.M)


def in_terminal(example, *args, python_args=(), method):
    line = runner.command(example, args, python_args=python_args)
    result = runner.run(line, timeout=120, env=start_method_env(method), terminal=True)
    assert result.returncode == 0, result.stdout
    return result.stdout


@pytest.mark.parametrize("method", START_METHODS)
def test_terminal_output_keeps_lines_whole_without_a_lock(method):
    out = in_terminal("ep03_processes/print_lock.py", "--no-lock", "--lines", "2", method=method)
    assert len(WHOLE.findall(out)) == 6, out


@pytest.mark.parametrize("method", START_METHODS)
def test_unbuffered_output_needs_the_lock(method):
    mixed = in_terminal("ep03_processes/print_lock.py", "--no-lock", "--lines", "2",
                        python_args=("-u",), method=method)
    # Every piece arrives, in whatever order ...
    assert len(re.findall(r"\[worker-[0-2]\]", mixed)) == 6, mixed
    assert mixed.count(" whole") == 6, mixed
    # ... and with the lock the lines are whole again, unbuffered too.
    locked = in_terminal("ep03_processes/print_lock.py", "--lines", "2",
                         python_args=("-u",), method=method)
    assert len(WHOLE.findall(locked)) == 6, locked


@pytest.mark.parametrize("method", START_METHODS)
def test_greetings_are_whole_lines_in_a_terminal(method):
    out = in_terminal("ep03_processes/process_hello.py", "--processes", "4", method=method)
    assert len(re.findall(r"^Hello from worker-[0-3] \(pid \d+, parent pid \d+\)$", out, re.M)) == 4, out
