"""Expectations for episode 9: sharing data between processes (see __init__.py).

Sizes are small here; the page runs the 200 MB comparison.  What each example
computed is asserted (sums, counts, order), never a time.  Memory figures are
measured, not computed, so only the one whose size is decided by the example
itself (pickling copies the whole array) is checked, with a wide margin.
tests/test_ep09_sharing.py checks that no example leaves a shared-memory
block or a process behind, what the page says of shared memory (a crash
after close(), what the manager and the resource tracker do), and that the
pipeline ends when a stage dies; test_interrupts.py presses Ctrl-C.
"""
from expectations.bootstrap import INTERVAL_EXACT, RESAMPLES, SAMPLE_LINE
from harness import Between, Equals, Run

# np.arange(n) summed: n (n - 1) / 2, exact in float64 for these sizes.
ARANGE_SUM_8MB = (8 * 1024 * 1024 // 8) * (8 * 1024 * 1024 // 8 - 1) // 2  # 549755289600
COLLATZ_STEPS_1_TO_300 = 14167  # sum of the Collatz steps of 1 .. 300, computed apart


def no_leak_warning(result):
    assert "leaked" not in result.stderr, result.describe()


EXPECTATIONS: dict[str, list[Run]] = {
    "ep09_sharing/pickle_vs_share.py": [
        Run(args=("--megabytes", "8"),
            stdout=(rf"^Sum of the array in every worker: \[{ARANGE_SUM_8MB}\.0\]$",
                    r"^Memory added per worker, pickling: (?P<pickled>[\d.]+) MB$",
                    r"^Memory added per worker, sharing: [\d.]+ MB$",
                    r"^Time pickling: [\d.]+ s", r"^Time sharing: [\d.]+ s"),
            # each worker unpickles its own 8 MB copy (and, under fork, copies some inherited pages)
            values={"pickled": Between(7, 40)}),
    ],
    "ep09_sharing/fork_copy_on_write.py": [
        # It asks for the fork context itself, so no start method is set from outside.
        Run(args=("--items", "100000"), start_methods=(),
            stdout=(r"^Sum of the array in the child: 4999950000$",
                    r"^Sum of the list in the child: 100004999950000$",
                    r"^Memory added reading the array: [\d.]+ MB$",
                    r"^Memory added reading the list: [\d.]+ MB$")),
    ],
    "ep09_sharing/forgot_unlink.py": [
        # The resource tracker's warning is the point of the example.
        Run(stdout=(r"^Created shared block '\w+'; sum of its array: 1000$",),
            stderr=(r"resource_tracker: There appear to be 1 leaked shared_memory objects",)),
    ],
    "ep09_sharing/ex_fix_unlink.py": [
        Run(args=("--numbers", "10"),
            stdout=(r"^Created shared block '\w+'; sum of its array: 10$",
                    r"^Closed and unlinked"), check=no_leak_warning),
    ],
    "ep09_sharing/shared_manager.py": [
        Run(args=("--numbers", "1000", "--tasks", "4", "--seconds", "0"),
            stdout=(r"^Started 4 tasks on 2 workers", r"^Sum of the shared array: 499500$")),
        # More tasks than numbers: empty slices add nothing.
        Run(args=("--numbers", "3", "--tasks", "5", "--seconds", "0"),
            stdout=(r"^Sum of the shared array: 3$",)),
    ],
    "ep09_sharing/shared_counters.py": [
        Run(args=("--times", "2000"),
            stdout=(r"^Value with its lock: 4000 of 4000 additions kept$",
                    r"^Value without the lock: (?P<unlocked>\d+) of 4000 additions kept$",
                    r"^Array element with its lock: 4000 of 4000 additions kept$",
                    r"^Manager dict with a Manager lock: 80 of 80 additions kept$",
                    r"^Time per access, Manager dict with a Manager lock: [\d.]+ us"),
            values={"unlocked": Between(1, 4000)},
            count={r"^Time per access, ": 4}),
    ],
    "ep09_sharing/pipeline.py": [
        Run(args=("--items", "300", "--seconds", "0"),
            stdout=(r"^Items read: 300 of 300$",
                    r"^Items written: 300 \(lines in the output file: 300\)$",
                    rf"^Sum of the Collatz steps written: {COLLATZ_STEPS_1_TO_300}$",
                    r"^Times the reader waited for room in the queue: \d+$")),
        # Slow processors and a queue of 2: the reader must have waited for room.
        Run(args=("--items", "100", "--seconds", "0.005", "--maxsize", "2"),
            stdout=(r"^Items written: 100 \(lines in the output file: 100\)$",
                    r"^Times the reader waited for room in the queue: (?P<waits>\d+)$"),
            values={"waits": Between(1, 100)}),
        # The Event stops it early; the queues hold 8 each, so the reader is not far ahead.
        Run(args=("--items", "2000", "--stop-after", "50"),
            stdout=(r"^Items read: (?P<read>\d+) of 2000$",
                    r"^Items written: 50 \(lines in the output file: 50\)$"),
            values={"read": Between(50, 200)}),

        # A line that is not a number kills the reader: no sentinel comes, and the
        # parent, which looks at the stages' exit codes, stops the others and says so.
        Run(args=("--items", "300", "--bad-line", "100"), returncode=1, traceback_ok=True,
            stdout=(r"^Started 4 stages \(reader \d+, processor 1 \d+, processor 2 \d+, writer \d+\)",),
            stderr=(r"^ValueError: invalid literal for int\(\) with base 10: 'not a number\\n'$",
                    r"^Pipeline stopped: reader \(process \d+\) ended with exit status 1 "
                    r"before the work was done$"),
            absent=(r"^Items written",), timeout=60),
    ],
    "ep09_sharing/limit_memory.py": [
        Run(args=("--tasks", "6", "--megabytes", "5", "--workers", "3", "--limit", "2"),
            stdout=(r"^Sum over all buffers: 3932160$",
                    r"^Most buffers in use at the same time: (?P<most>\d+)$"),
            values={"most": Between(1, 2)}),
        Run(args=("--tasks", "3", "--megabytes", "1", "--workers", "3", "--limit", "1"),
            stdout=(r"^Most buffers in use at the same time: 1$",)),
    ],
    "ep09_sharing/ordered_writes.py": [
        Run(args=("--blocks", "6", "--size", "50"),
            stdout=(r"^Lines in the file: 300; blocks in order: True$",
                    r"^Order in which the blocks were ready: \[[\d, ]+\]$")),
    ],
    "ep09_sharing/tasks_per_child.py": [
        # Under every start method the replacing pool is a spawn pool (never forked
        # from a process that runs the pool's threads), and no worker runs more than
        # 2 tasks: at least 8 / 2 workers, more when a worker's last tasks go elsewhere.
        Run(args=("--tasks", "8", "--per-child", "2"),
            stdout=(r"^Pool, workers kept: 8 tasks ran in [12] worker processes",
                    r"^Pool, maxtasksperchild=2, spawn: 8 tasks ran in (?P<made>\d+) worker "
                    r"processes, at most (?P<most>\d+) in one;"),
            values={"made": Between(4, 8), "most": Between(1, 2)}),
    ],
    "ep09_sharing/tracker_after_kill.py": [
        # The tracker outlives kill -9 of the program, and removes the block (with
        # its warning); killed with its process group, it removes nothing.
        Run(stdout=(r"^kill -9 of the program: block gone from /dev/shm; tracker's warning: yes$",
                    r"^kill -9 of its whole process group: block still in /dev/shm; "
                    r"tracker's warning: no$",
                    r"^  removed it by hand: SharedMemory\(name='\w+'\)\.unlink\(\)$")),
    ],
    "ep09_sharing/ex_shared_rows.py": [
        Run(args=("--rows", "200", "--columns", "100"),
            stdout=(r"^Rows standardised by the workers: 200 of 200$",
                    r"^Every row has mean 0 and standard deviation 1: True$")),
    ],
    # Step 6 of Amira's bootstrap: the sample in one shared block, the chunks of
    # bootstrap_streams.plan; the interval to the digit for 1, 2 and 4 workers.
    "bootstrap/bootstrap_shared.py": [
        Run(args=("--resamples", str(RESAMPLES), "--workers", str(workers)),
            stdout=(SAMPLE_LINE, rf"^Resamples: {RESAMPLES}$", INTERVAL_EXACT,
                    r"^Workers: (?P<workers>\d+)$"),
            values={"workers": Equals(workers)}, check=no_leak_warning)
        for workers in (1, 2, 4)
    ] + [
        Run(args=("--workers", "0"), returncode=2,
            stderr=(r"error: argument --workers: 0 is not 1 or more$",)),
    ],
}

EXEMPT: dict[str, dict[str, str]] = {}
