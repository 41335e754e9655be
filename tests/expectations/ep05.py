"""Expectations for episode 5: concurrent.futures (see __init__.py).

The examples that use ProcessPoolExecutor run under spawn, forkserver and
fork.  Values, counts and orders are asserted, timings never.
"""
import re

from harness import Between, Run

# Divisor counts checked by factorising: 10¹² = 2¹²·5¹² has 13·13 = 169,
# 720720 = 2⁴·3²·5·7·11·13 has 5·3·2·2·2·2 = 240, 2⁴⁰ has 41, 999983 is prime.
DIVISORS = {10**12: 169, 720_720: 240, 2**40: 41, 999_983: 2, 360: 24}

CUBES = [x**3 for x in range(1, 11)]


def _results_match_cancels(stdout: str) -> None:
    """The cancelled tasks are the last ones, each raising CancelledError; the others give x².

    The example cancels from the last task back, so the executor can only have
    started a first run of tasks: True never comes before False in task order.
    """
    answers = {int(x): cancelled == "True" for x, cancelled in
               re.findall(r"^task (\d): cancel\(\) returned (True|False)$", stdout, re.M)}
    in_order = [answers[x] for x in sorted(answers)]
    assert in_order == sorted(in_order), f"a task was cancelled before one that ran:\n{stdout}"
    for x, cancelled in answers.items():
        if cancelled:
            expected = rf"^task {x}: cancelled, result\(\) raises CancelledError$"
        else:
            expected = rf"^task {x}: result {x ** 2}$"
        assert re.search(expected, stdout, re.M), f"task {x}: expected {expected!r}\n{stdout}"


EXPECTATIONS: dict[str, list[Run]] = {
    "ep05_futures/executor_map.py": [
        # Below 3000 the longest Collatz chain starts at 2919 (216 steps); all
        # three runs (threads, processes one by one, processes in chunks) agree.
        Run(args=("--n", "3000", "--workers", "2"),
            stdout=(r"^ +threads, chunksize +1: longest chain starts at 2919 \(216 steps\)",
                    r"^processes, chunksize +1: longest chain starts at 2919 \(216 steps\)",
                    r"^processes, chunksize +374: longest chain starts at 2919 \(216 steps\)"),
            count={r"longest chain starts at 2919 \(216 steps\); time [\d.]+ s$": 3}),
        Run(args=("--n", "1"), returncode=2,
            stderr=(r"error: --n must be at least 2",), start_methods=()),
    ],
    "ep05_futures/submit_as_completed.py": [
        Run(args=("--numbers", *map(str, DIVISORS)),
            stdout=(r"^Submitted 5 tasks$",
                    *(rf"^[1-5]\. {n} has {d} divisors$" for n, d in DIVISORS.items())),
            count={r"^[1-5]\. \d+ has \d+ divisors$": 5}),
        Run(args=("--numbers", "12", "0"), returncode=2,
            stderr=(r"error: --numbers must all be at least 1",), start_methods=()),
    ],
    "ep05_futures/callbacks.py": [
        # One callback per task, and they saw every result: 0² + ... + 5² = 55.
        Run(args=("--tasks", "6"),
            stdout=(r"^Callbacks run: 6; sum of the squares: 55$",),
            count={r"^callback: \d of 6 done, this one gave \d+$": 6}),
        Run(args=("--tasks", "0"), returncode=2,
            stderr=(r"error: --tasks must be at least 1",), start_methods=()),
    ],
    "ep05_futures/cancel_futures.py": [
        # Threads, one worker: task 0 is running and cannot be cancelled; the
        # other four are pending and can.  No processes, so run once.  Half a
        # second per task: the loop must reach task 1 before task 0 ends.
        Run(args=("--tasks", "5", "--seconds", "0.5"),
            stdout=(r"^task 0: cancel\(\) returned False$", r"^task 0: result 0$",
                    r"^Cancelled 4 of 5 tasks \(thread executor\)$"),
            count={r"^task [1-4]: cancel\(\) returned True$": 4,
                   r"^task [1-4]: cancelled, result\(\) raises CancelledError$": 4},
            check=lambda result: _results_match_cancels(result.stdout), start_methods=()),
        # Processes: task 0 runs and one or two more may already be queued for
        # the worker (counted as running); the rest are cancelled.  Half a
        # second per task keeps task 0 busy while the loop cancels, even on a
        # loaded machine.
        Run(args=("--executor", "process", "--tasks", "6", "--seconds", "0.5"),
            stdout=(r"^task 0: cancel\(\) returned False$", r"^task 0: result 0$",
                    r"^task 5: cancel\(\) returned True$",
                    r"^task 5: cancelled, result\(\) raises CancelledError$",
                    r"^Cancelled (?P<cancelled>\d) of 6 tasks \(process executor\)$"),
            values={"cancelled": Between(3, 5)},
            check=lambda result: _results_match_cancels(result.stdout)),
        Run(args=("--tasks", "1"), returncode=2,
            stderr=(r"error: --tasks must be at least 2",), start_methods=()),
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
            stdout=(r"^  BrokenProcessPool: A (process in the process pool was|child process)"
                    r" terminated abruptly",
                    r"^  no results after 1 s",
                    r"^Worker processes still running: 0$"),
            absent=(r"results: \[",), timeout=20),
        Run(args=("--crash-at", "-1", "--tasks", "4"),
            stdout=(r"^Worker processes still running: 0$",),
            count={r"^  results: \[0, 1, 2, 3\]$": 2}, timeout=20),
        Run(args=("--tasks", "3", "--crash-at", "3"), returncode=2,
            stderr=(r"error: --crash-at must be -1 or the number of a task",), start_methods=()),
    ],
    "ep05_futures/ctrl_c_executor.py": [
        # Run to the end here; tests/test_interrupts.py presses Ctrl-C.
        Run(args=("--tasks", "6", "--seconds", "0.01"),
            stdout=(r"^Started 6 tasks on 2 workers", r"^Sum of the squares of 0 \.\. 5: 55$"),
            count={r"^\d+ of 6 tasks done$": 6}),
        Run(args=("--seconds", "-1"), returncode=2,
            stderr=(r"error: --seconds must not be negative",), start_methods=()),
    ],
    "ep05_futures/exercise_submit.py": [
        # Ten results as they finish (any order, right values), then all ten
        # complete and in input order.
        Run(stdout=(r"^As they finish:$",
                    *(rf"^  slow_cube\({x}\) = {x**3}$" for x in range(1, 11)),
                    rf"^All 10 of 10 done, in input order: \[{', '.join(map(str, CUBES))}\]$"),
            count={r"^  slow_cube\(\d+\) = \d+$": 10}),
        Run(args=("--inputs", "0"), returncode=2,
            stderr=(r"error: --inputs must be at least 1",), start_methods=()),
    ],
}

EXEMPT = {
    "ep05_futures/worker_exceptions.py": {"--readings": "a negative reading is what makes the task "
                                                        "raise, which is the point"},
    "ep05_futures/broken_pool.py": {"--crash-at": "-1 means that no task crashes"},
}
