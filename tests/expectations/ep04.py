"""Expectations for episode 4: pools (see __init__.py).

Every example here starts processes, so each run is repeated under spawn,
forkserver and fork.  Sleeping tasks sleep briefly; CPU-bound ones get small
inputs.  Orders and values are asserted, timings never.  Bad values are tried
by test_bad_input.py; the runs below with exit status 2 test what it cannot
(a bad value inside a list).
"""

from expectations.bootstrap import INTERVAL, INTERVAL_NEAR, RESAMPLES, SAMPLE_LINE
from harness import Between, Run

# Divisor counts checked by factorising: 10⁹ = 2⁹·5⁹ has 10·10 = 100 divisors,
# 10⁹ + 1 = 7·11·13·19·52579 has 2⁵ = 32, and so on.
DIVISORS = {1_000_000_000: 100, 1_000_000_001: 32, 1_000_000_002: 32,
            1_000_000_003: 8, 1_000_000_004: 18, 1_000_000_005: 8}

# Sum of the divisor counts of 1 .. n equals the sum of n // k for k = 1 .. n.
DIVISOR_SUM_3000 = sum(3000 // k for k in range(1, 3001))  # 24496


def primes_between(low, high):
    """How many primes p with low <= p < high, by a sieve (not the example's method)."""
    sieve = bytearray([1]) * high
    sieve[:2] = b"\0\0"
    for d in range(2, int(high**0.5) + 1):
        if sieve[d]:
            sieve[d * d::d] = bytes(len(range(d * d, high, d)))
    return sum(sieve[low:high])


PRIMES_2000 = primes_between(1_000_000, 1_002_000)

CUBES_IN_ORDER = r"\n".join(rf"^slow_cube\({x}\) = {x**3}$" for x in range(1, 11))

# A run that presses Ctrl-C on itself (--ctrl-c-after): the parent alone reports
# it, on one line, and exits with 130; the rest of the run never happens.  Four
# seconds in: a worker that is still starting (spawn on a busy machine) has not
# run its initializer yet and would print a traceback of its own.
CTRL_C_RUN = ("--tasks", "1000", "--seconds", "0.2", "--ctrl-c-after", "4")


def one_line_interrupted(result):
    assert result.stderr.splitlines() == ["Interrupted"], result.describe()


EXPECTATIONS: dict[str, list[Run]] = {
    "ep04_pools/map_starmap.py": [
        Run(args=("--n", "6", "--workers", "3"),
            stdout=(r"^Squares: +\[0, 1, 4, 9, 16, 25\]$",
                    r"^Powers of 2: \[1, 2, 4, 8, 16, 32\]$")),
    ],
    "ep04_pools/imap_order.py": [
        # Task i sleeps (4 - i) x 0.15 s: imap keeps input order, imap_unordered
        # gives the shortest (last) task first.
        Run(args=("--tasks", "4", "--step", "0.15"),
            stdout=(r"^Order from imap: +\[0, 1, 2, 3\]$",
                    r"^Order from imap_unordered: \[3, 2, 1, 0\]$",
                    r"^imap_unordered:\n  task 3 arrived after [\d.]+ s$"),
            count={r"^  task \d arrived after [\d.]+ s$": 8}),
    ],
    "ep04_pools/apply_async_timeout.py": [
        # The task outlasts the first get(): TimeoutError, then the value.
        Run(args=("--seconds", "0.8", "--timeout", "0.1"),
            stdout=(r"^apply_async returned at once; ready\(\) is False$",
                    r"^get\(timeout=0\.1\) raised multiprocessing\.TimeoutError",
                    r"^Result: 49; ready\(\) is True$")),
        # A quick task and a long timeout: no TimeoutError at all.
        Run(args=("--seconds", "0", "--timeout", "30"),
            stdout=(r"^Result: 49; ready\(\) is True$",), absent=(r"TimeoutError",)),
    ],
    "ep04_pools/leaving_the_block.py": [
        Run(args=("--seconds", "0.3"),
            stdout=(r"^Worker processes left after the block: 0$",
                    r"^Left the block early: no result after 0\.6 s \(ready\(\) is False\)",
                    r"^close\(\) and join\(\) first: ready\(\) is True, result 9$"),
            absent=(r"arrived anyway",)),
    ],
    "ep04_pools/sleep_throughput.py": [
        # Every pool size reports its time once, the comparison once, and a
        # singular "1 worker".
        Run(args=("--tasks", "4", "--seconds", "0.05", "--workers", "1", "2"),
            stdout=(r"^Time with 1 worker: [\d.]+ s for 4 tasks \(at best 0\.20 s\)",
                    r"^Time with 2 workers: [\d.]+ s for 4 tasks \(at best 0\.10 s\)",
                    r"^Speedup of 2 over 1 worker: [\d.]+$"),
            absent=(r"1 workers",)),
        Run(args=("--workers", "4", "0"), returncode=2,
            stderr=(r"error: argument --workers: 0 is not 1 or more$",), start_methods=()),
    ],
    "ep04_pools/count_divisors.py": [
        Run(args=("--start", "1000000000", "--count", "6", "--workers", "2"),
            stdout=(*(rf"^{n} has {d} divisors$" for n, d in DIVISORS.items()),
                    r"^Same counts serial and parallel: True$",
                    r"^Time serial: [\d.]+ s$", r"^Time with 2 workers: [\d.]+ s$",
                    r"^Speedup: [\d.]+$"),
            count={r"^\d+ has \d+ divisors$": 6}),
        # A perfect square: its root is counted once (36 = 2²·3², 9 divisors).
        Run(args=("--start", "36", "--count", "1", "--workers", "1"),
            stdout=(r"^36 has 9 divisors$", r"^Time with 1 worker: [\d.]+ s$")),
    ],
    "ep04_pools/chunksize.py": [
        # The same primes whatever the chunksize (two given + map's default).
        Run(args=("--n", "2000", "--chunksizes", "1", "50"),
            stdout=(rf"^Time with chunksize 1: [\d.]+ s \({PRIMES_2000} primes\)$",
                    rf"^Time with chunksize 50: [\d.]+ s \({PRIMES_2000} primes\)$",
                    rf"^Time with map's default chunksize \(250\): [\d.]+ s \({PRIMES_2000} primes\)$",
                    (rf"^Primes from 1000000 to 1001999: {PRIMES_2000}; "
                     r"the same for every chunksize: True$")),
            count={r"^Time with ": 3}),
        Run(args=("--chunksizes", "10", "0"), returncode=2,
            stderr=(r"error: argument --chunksizes: 0 is not 1 or more$",), start_methods=()),
    ],
    "ep04_pools/progress_bar.py": [
        # The answer on stdout; the bar, finished, on stderr.
        Run(args=("--n", "3000"),
            stdout=(rf"^Sum of the divisor counts of 1 \.\. 3000: {DIVISOR_SUM_3000}$",),
            stderr=(r"100%\|.*\| 3000/3000 ",), absent=(r"%\|",)),
    ],
    "ep04_pools/task_raises.py": [
        # The worker's ValueError reaches the caller with the worker's traceback
        # (naming the worker's function), the pool is shut down, nothing hangs.
        Run(stdout=(r"^The caller caught ValueError: negative reading: -1\.0$",
                    r"^Its __cause__ is a RemoteTraceback, the worker's traceback:$",
                    r'^ +File "task_raises\.py", line \d+, in check_reading$',
                    r"^ +raise ValueError",
                    r"^ +ValueError: negative reading: -1\.0$",
                    r"^Worker processes still running: 0$"),
            absent=(r"^Square roots",), timeout=20),
        Run(args=("--readings", "1", "4", "0"),
            stdout=(r"^Square roots: \[1\.0, 2\.0, 0\.0\]$", r"^Worker processes still running: 0$"),
            absent=(r"caught",), timeout=20),
    ],
    "ep04_pools/ctrl_c_pool.py": [
        # Run to the end; tests/test_interrupts.py presses Ctrl-C from outside.
        Run(args=("--tasks", "6", "--seconds", "0.01"),
            stdout=(r"^Started 6 tasks on 2 workers", r"^6 of 6 tasks done$",
                    r"^Sum of the squares of 0 \.\. 5: 55$"),
            count={r"^\d+ of 6 tasks done$": 6}),
        # The page's run: the script presses Ctrl-C itself.
        Run(args=CTRL_C_RUN, returncode=130,
            stdout=(r"^Started 1000 tasks on 2 workers",), absent=(r"^Sum of",),
            check=one_line_interrupted, timeout=60),
        # A timer that has not fired when the run ends changes nothing.
        Run(args=("--tasks", "2", "--seconds", "0.01", "--workers", "1", "--ctrl-c-after", "30"),
            stdout=(r"^Started 2 tasks on 1 worker;", r"^Sum of the squares of 0 \.\. 1: 1$"),
            timeout=20),
    ],
    # The starter of exercise 2: the serial loop prints the same lines as the solution.
    "ep04_pools/ex_apply_async.py": [
        Run(stdout=(r"^Complete: 10 of 10 results$", CUBES_IN_ORDER),
            count={r"^slow_cube\(\d+\) = \d+$": 10}),
    ],
    "ep04_pools/exercise_apply_async.py": [
        # Ten results, all complete, in input order, with the right values.
        Run(stdout=(r"^Complete: 10 of 10 results$", CUBES_IN_ORDER),
            count={r"^slow_cube\(\d+\) = \d+$": 10}),
        # Question 2: leaving the block without get().  Every task sleeps at
        # least 0.1 s, so (almost) none is done when the pool is terminated,
        # and the last one, which waits for a free worker, never is.
        Run(args=("--leave-early",),
            stdout=(r"^After the block: (?P<ready>\d+) of 10 results ready$",
                    r"^print\(pending\[-1\]\) shows "
                    r"<multiprocessing\.pool\.ApplyResult object at 0x[0-9a-fA-F]+>$",
                    r"^pending\[-1\]\.get\(timeout=1\) raised TimeoutError"),
            values={"ready": Between(0, 5)}, absent=(r"^slow_cube",)),
    ],
    # Step 1 of Amira's bootstrap (exercise 3): one part of the resamples per
    # worker, each with a seed of its own.  The parts' streams depend on the
    # number of workers, so the interval agrees with the reference within the
    # bootstrap's noise, not to the digit.
    "bootstrap/bootstrap_pool.py": [
        Run(args=("--resamples", str(RESAMPLES), "--workers", str(workers)),
            stdout=(SAMPLE_LINE, rf"^Resamples: {RESAMPLES}$", INTERVAL, rf"^Workers: {workers}$"),
            values=INTERVAL_NEAR)
        for workers in (1, 2, 4)
    ] + [
        # More workers than resamples: the spare parts draw nothing.
        Run(args=("--resamples", "3", "--workers", "4"),
            stdout=(r"^Resamples: 3$", r"^Workers: 4$"), start_methods=("spawn",)),
    ],
}

EXEMPT = {
    "ep04_pools/task_raises.py": {"--readings": "readings are sensor values; a negative one is what "
                                                "makes the task raise, which is the point"},
}
