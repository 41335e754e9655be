"""Expectations for episode 5: concurrent.futures (see __init__.py).

The examples that use ProcessPoolExecutor run under spawn, forkserver and
fork.  Values, counts and orders are asserted, timings never.  Bad values are
tried by test_bad_input.py.
"""
import re
import sys

import numpy as np

from expectations.bootstrap import INTERVAL, INTERVAL_NEAR, RESAMPLES, SAMPLE_LINE, SEED, sample
from harness import Between, Run

# Divisor counts checked by factorising: 10¹² = 2¹²·5¹² has 13·13 = 169,
# 720720 = 2⁴·3²·5·7·11·13 has 5·3·2·2·2·2 = 240, 2⁴⁰ has 41, 999983 is prime.
DIVISORS = {10**12: 169, 720_720: 240, 2**40: 41, 999_983: 2, 360: 24}

CUBES = [x**3 for x in range(1, 11)]

# A run that presses Ctrl-C on itself (--ctrl-c-after): the parent alone reports
# it, on one line, and exits with 130; the rest of the run never happens.  Four
# seconds in: a worker that is still starting (spawn on a busy machine) has not
# run its initializer yet and would print a traceback of its own.
CTRL_C_RUN = ("--tasks", "1000", "--seconds", "0.2", "--ctrl-c-after", "4")


def one_line_interrupted(result):
    assert result.stderr.splitlines() == ["Interrupted"], result.describe()


def _results_match_cancels(result) -> None:
    """The cancelled tasks are the last ones, each raising CancelledError; the others give x².

    The example cancels from the last task back, so the executor can only have
    started a first run of tasks: True never comes before False in task order.
    The tasks running() called running are exactly those that cancel() refused.
    """
    stdout = result.stdout
    answers = {int(x): cancelled == "True" for x, cancelled in
               re.findall(r"^task (\d): cancel\(\) returned (True|False)$", stdout, re.M)}
    assert sorted(answers) == list(range(6)), stdout
    in_order = [answers[x] for x in sorted(answers)]
    assert in_order == sorted(in_order), f"a task was cancelled before one that ran:\n{stdout}"
    for x, cancelled in answers.items():
        if cancelled:
            expected = rf"^task {x}: cancelled, result\(\) raises CancelledError$"
        else:
            expected = rf"^task {x}: result {x ** 2}$"
        assert re.search(expected, stdout, re.M), f"task {x}: expected {expected!r}\n{stdout}"
    running = re.search(r"^Tasks that running\(\) calls running: \[([\d, ]*)\]$", stdout, re.M)
    assert running, stdout
    refused = [x for x, cancelled in sorted(answers.items()) if not cancelled]
    assert [int(x) for x in running.group(1).split(", ")] == refused, stdout


def _futures_interval(parts, resamples=RESAMPLES, seed=SEED):
    """Step 2's interval, by this test's reading: part p draws its share with default_rng((seed, p)).

    The parts and their seeds do not depend on the workers, so neither does
    the interval: the page says so, and the runs below check it digit for digit.
    """
    data = sample()
    share, extra = divmod(resamples, parts)
    means = []
    for p in range(parts):
        rng = np.random.default_rng((seed, p))
        means += [rng.choice(data, size=data.size).mean() for _ in range(share + (p < extra))]
    low, high = np.percentile(means, [2.5, 97.5])
    return rf"^95 % interval for the mean: {low:.4f} to {high:.4f} cm$"


FUTURES_INTERVAL = _futures_interval(20)


def _progress_in_order(parts):
    """A check: one line per finished part, counting 1, 2, ... parts in order."""
    def check(result) -> None:
        counts = re.findall(rf"^Done (\d+) of {parts} parts$", result.stdout, re.M)
        assert counts == [str(done) for done in range(1, parts + 1)], result.describe()
    return check


def _buffersize(result) -> None:
    """Python 3.14+: buffersize=4 takes 4 inputs when map() is called; older: a note."""
    if sys.version_info >= (3, 14):
        assert re.search(r"buffersize=4\):\n  map\(\) returned, no result asked for yet: "
                         r"4 of 100 inputs taken$", result.stdout, re.M), result.describe()
    else:
        assert re.search(r"^\(buffersize= needs Python 3\.14", result.stdout, re.M), result.describe()


EXPECTATIONS: dict[str, list[Run]] = {
    "ep05_futures/executor_map.py": [
        # Below 3000 the longest Collatz chain starts at 2919 (216 steps); all
        # three (serial, threads, processes) agree, and each is timed once.
        Run(args=("--n", "3000"),
            stdout=(r"^Longest chain for the starts below 3000: from 2919, 216 steps$",
                    r"^The same answer serial, with threads and with processes: True$",
                    r"^Time serial: [\d.]+ s$", r"^Time with 2 threads: [\d.]+ s$",
                    r"^Time with 2 processes: [\d.]+ s$",
                    r"^Speedup with threads: [\d.]+$", r"^Speedup with processes: [\d.]+$"),
            count={r"^Longest chain": 1}),
    ],
    "ep05_futures/map_takes_all.py": [
        # Built-in map() would take one input per result; executor.map takes all at once.
        Run(args=("--count", "100"),
            stdout=((r"^executor\.map\(square, inputs\):\n"
                     r"  map\(\) returned, no result asked for yet: 100 of 100 inputs taken\n"
                     r"  first result 0: 100 of 100 inputs taken\n"
                     r"  sum of all results 328350: 100 of 100 inputs taken$"),),
            check=_buffersize),
    ],
    "ep05_futures/submit_as_completed.py": [
        Run(args=("--numbers", *map(str, DIVISORS)),
            stdout=(r"^Submitted 5 tasks$",
                    *(rf"^[1-5]\. {n} has {d} divisors$" for n, d in DIVISORS.items())),
            count={r"^[1-5]\. \d+ has \d+ divisors$": 5}),
    ],
    "ep05_futures/callbacks.py": [
        # One callback per task, and they saw every result: 0² + ... + 5² = 55.
        Run(args=("--tasks", "6"),
            stdout=(r"^Callbacks run: 6; sum of the squares: 55$",),
            count={r"^callback: \d of 6 done, this one gave \d+$": 6}),
    ],
    "ep05_futures/cancel_futures.py": [
        # Threads, one worker: only task 0 is running; the other five are
        # pending and are cancelled.  No processes, so run once.
        Run(stdout=(r"^Tasks that running\(\) calls running: \[0\]$",
                    r"^task 0: cancel\(\) returned False$", r"^task 0: result 0$",
                    r"^Cancelled: 5 of 6 tasks$", r"^Not cancelled: 1 task, with 1 worker$"),
            count={r"^task [1-5]: cancel\(\) returned True$": 5,
                   r"^task [1-5]: cancelled, result\(\) raises CancelledError$": 5},
            check=_results_match_cancels, start_methods=()),
        # Processes, one worker: task 0 and task 1 (in the queue to the worker)
        # count as running, sometimes task 2 as well; never only one.
        Run(args=("--executor", "process"),
            stdout=(r"^Tasks that running\(\) calls running: \[0, 1(, 2)?\]$",
                    r"^task 1: cancel\(\) returned False$",
                    r"^task 5: cancelled, result\(\) raises CancelledError$",
                    r"^Cancelled: (?P<cancelled>\d) of 6 tasks$",
                    r"^Not cancelled: [23] tasks, with 1 worker$"),
            values={"cancelled": Between(3, 4)},
            check=_results_match_cancels),
    ],
    "ep05_futures/worker_exceptions.py": [
        # The worker's ValueError reaches the caller through exception(),
        # result() (with the traceback naming check_reading) and map(); the
        # executor shuts down and nothing hangs.
        Run(stdout=(r"^  -1\.0: exception\(\) returned ValueError: negative reading: -1\.0$",
                    r"^  16\.0: result 4\.0$",
                    r'^ +File "worker_exceptions\.py", line \d+, in check_reading$',
                    r"^ +ValueError: negative reading: -1\.0$",
                    r"^  map\(\) raised ValueError: negative reading: -1\.0 after 2 of 4 results$",
                    r"^Worker processes still running: 0$"),
            timeout=20),
        Run(args=("--readings", "1", "4"),
            stdout=(r"^  all 2 results: \[1\.0, 2\.0\]$", r"^Worker processes still running: 0$"),
            absent=(r"exception\(\) returned",), timeout=20),
    ],
    "ep05_futures/broken_pool.py": [
        # A worker dies: the executor raises BrokenProcessPool, the Pool's
        # result never comes (the timeout ends the wait); no worker survives.
        # The executor's message depends on where the error surfaces: from a
        # result ("A process in the process pool ...") or, when the worker
        # died while map() was still submitting, from submit() ("A child
        # process ..."). CI met the second once under load.
        Run(args=("--timeout", "1"),
            stdout=((r"^  BrokenProcessPool: A (process in the process pool was|child process)"
                     r" terminated abruptly"),
                    r"^  no results after 1 s",
                    r"^Worker processes still running: 0$"),
            absent=(r"results: \[",), timeout=20),
        Run(args=("--no-crash",),
            stdout=(r"^Worker processes still running: 0$",),
            count={r"^  results: \[0, 1, 2, 3, 4, 5\]$": 2}, timeout=20),
    ],
    "ep05_futures/ctrl_c_executor.py": [
        # Run to the end; tests/test_interrupts.py presses Ctrl-C from outside.
        Run(args=("--tasks", "6", "--seconds", "0.01"),
            stdout=(r"^Started 6 tasks on 2 workers", r"^Sum of the squares of 0 \.\. 5: 55$"),
            count={r"^\d+ of 6 tasks done$": 6}),
        # The page's run: the script presses Ctrl-C itself.
        Run(args=CTRL_C_RUN, returncode=130,
            stdout=(r"^Started 1000 tasks on 2 workers",), absent=(r"^Sum of",),
            check=one_line_interrupted, timeout=60),
        Run(args=("--tasks", "2", "--seconds", "0.01", "--workers", "1", "--ctrl-c-after", "30"),
            stdout=(r"^Started 2 tasks on 1 worker;", r"^Sum of the squares of 0 \.\. 1: 1$"),
            timeout=20),
    ],
    "ep05_futures/exercise_submit.py": [
        # Ten results as they finish (any order, right values), then all ten
        # complete and in input order.
        Run(stdout=(r"^As they finish:$",
                    *(rf"^  slow_cube\({x}\) = {x**3}$" for x in range(1, 11)),
                    rf"^All 10 of 10 done, in input order: \[{', '.join(map(str, CUBES))}\]$"),
            count={r"^  slow_cube\(\d+\) = \d+$": 10}),
    ],
    # Step 2 of Amira's bootstrap: 20 parts (the default) submitted one by one,
    # one progress line per finished part, and the interval within the
    # bootstrap's noise of the reference and, to the digit, the same for 1, 2
    # and 4 workers.
    "bootstrap/bootstrap_futures.py": [
        Run(args=("--resamples", str(RESAMPLES), "--workers", str(workers)),
            stdout=(SAMPLE_LINE, rf"^Resamples: {RESAMPLES}$", INTERVAL, FUTURES_INTERVAL,
                    rf"^Workers: {workers}$"),
            values=INTERVAL_NEAR, count={r"^Done \d+ of 20 parts$": 20},
            check=_progress_in_order(20))
        for workers in (1, 2, 4)
    ] + [
        # Fewer parts than workers, and one line per part still.
        Run(args=("--resamples", str(RESAMPLES), "--tasks", "3", "--workers", "4"),
            stdout=(SAMPLE_LINE, rf"^Resamples: {RESAMPLES}$", INTERVAL, _futures_interval(3)),
            values=INTERVAL_NEAR, count={r"^Done \d+ of 3 parts$": 3},
            check=_progress_in_order(3)),
        Run(args=("--tasks", "0"), returncode=2,
            stderr=(r"error: argument --tasks: 0 is not 1 or more$",)),
    ],
}

EXEMPT = {
    "ep05_futures/worker_exceptions.py": {"--readings": "a negative reading is what makes the task "
                                                        "raise, which is the point"},
}
