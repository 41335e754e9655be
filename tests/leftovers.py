"""What an example may leave behind: shared-memory blocks and processes.

Used by tests/test_ep09_sharing.py and tests/test_interrupts.py.

Shared memory: on Linux every multiprocessing.shared_memory block is a file
in /dev/shm named psm_...  A block counts as left behind when it appeared
during the run, is still there a moment later, and no process maps it or has
it open: tests running at the same time may have blocks of their own, but
those are in use.

Processes: the run gets a marker in its environment, which every process it
starts inherits; a process still carrying the marker after the run was left
behind, even one that its parent no longer knows (reparented to init).
"""
from __future__ import annotations

import os
import time
import uuid

import psutil

from lesson import runner

MARKER = "LESSON_LEFTOVER_MARK"


PYTHON_BLOCK = "psm_"  # multiprocessing.shared_memory's files


def shared_blocks(prefix: str = PYTHON_BLOCK) -> set[str]:
    """Names of the shared-memory blocks that exist now (Linux): multiprocessing's,
    or those whose names start with `prefix` (runner.MPICH_SEGMENT: MPICH's)."""
    return runner.shm_files(prefix)


def blocks_in_use(prefix: str = PYTHON_BLOCK) -> set[str]:
    """Blocks that some process maps or holds open (from /proc)."""
    return runner.shm_in_use(prefix)


def blocks_left_behind(before: set[str], grace: float = 3.0, prefix: str = PYTHON_BLOCK) -> set[str]:
    """Blocks that appeared since `before` and stay there, unused, for `grace` seconds."""
    deadline = time.monotonic() + grace
    while True:
        left = shared_blocks(prefix) - before - blocks_in_use(prefix)
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.25)


def new_marker() -> dict[str, str]:
    """Environment for a run: a marker that its processes inherit."""
    return {MARKER: uuid.uuid4().hex}


def left_behind(find, grace: float = 5.0) -> list[str]:
    """Give the processes that find() returns `grace` seconds to end; kill and describe the rest."""
    deadline = time.monotonic() + grace
    while (left := find()) and time.monotonic() < deadline:
        time.sleep(0.2)
    described = []
    for process in left:
        try:
            described.append(f"{process.pid} ({' '.join(process.cmdline()[:4])})")
            process.kill()
        except psutil.Error:
            pass
    return described


def running(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def processes_left_behind(marker: dict[str, str], grace: float = 5.0) -> list[str]:
    """Processes still running with this run's marker; they are killed, and described."""
    value = marker[MARKER]

    def find():
        found = []
        for process in psutil.process_iter():
            try:
                if process.pid != os.getpid() and process.environ().get(MARKER) == value:
                    found.append(process)
            except (psutil.Error, OSError):
                continue
        return [process for process in found if running(process)]

    return left_behind(find, grace)
