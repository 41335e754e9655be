"""Episode 9: no example leaves a shared-memory block or a process behind.

Each example of the episode runs once more, as its first entry in
tests/expectations/ep09.py says (the output is checked again), and then
/dev/shm and the process table are compared with before.  forgot_unlink.py
leaks on purpose: its block must be gone too, removed by the resource
tracker, which is what its page says.  Ctrl-C in the middle of a run is
tested in tests/test_interrupts.py, with the same checks.
"""
import os
import subprocess
import sys
from dataclasses import replace

import pytest
from leftovers import blocks_left_behind, new_marker, processes_left_behind, shared_blocks

from expectations import EXPECTATIONS
from harness import check_result, run_example

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="/dev/shm and /proc are Linux's")

EPISODE = sorted(name for name in EXPECTATIONS if name.startswith("ep09_sharing/"))


@pytest.mark.parametrize("example", EPISODE)
def test_nothing_left_behind(example):
    marker = new_marker()
    run = replace(EXPECTATIONS[example][0], env={**EXPECTATIONS[example][0].env, **marker})
    before = shared_blocks()
    result = run_example(example, run)
    check_result(result, run)
    assert not processes_left_behind(marker), f"processes left running after {example}"
    assert not blocks_left_behind(before), f"shared memory left in /dev/shm after {example}"


def test_leftover_checks_can_fail():
    """The checks see a block that nobody removes, and a process that keeps running."""
    before = shared_blocks()
    # A block whose creator tells the resource tracker to forget it: it stays.
    leak = ("from multiprocessing import resource_tracker, shared_memory\n"
            "block = shared_memory.SharedMemory(create=True, size=4096)\n"
            "resource_tracker.unregister(block._name, 'shared_memory')\n"
            "block.close()\n"
            "print(block.name)\n")
    name = subprocess.run([sys.executable, "-c", leak], capture_output=True, text=True,
                          timeout=60, check=True).stdout.strip()
    try:
        assert name in blocks_left_behind(before, grace=0.5)
    finally:
        os.unlink(f"/dev/shm/{name}")
    marker = new_marker()
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"],
                               env={**os.environ, **marker})
    try:
        assert processes_left_behind(marker, grace=0.5)
    finally:
        sleeper.wait(timeout=10)
