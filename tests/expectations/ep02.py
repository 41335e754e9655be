"""Expectations for episode 2: threads and the GIL (see __init__.py)."""
import hashlib

from harness import Between, Equals, Run


def sum_of_squares(n):
    """0² + 1² + ... + (n-1)²."""
    return (n - 1) * n * (2 * n - 1) // 6


def sha256_prefix(index, mb):
    """What gil_release.py computes for task `index`: its first 16 hex digits."""
    return hashlib.sha256(str(index).encode() + bytes(range(256)) * (mb * 4096)).hexdigest()[:16]


CHATTY = ("python", "examples/ep02_threads/chatty.py")

EXPECTATIONS: dict[str, list[Run]] = {
    "ep02_threads/hello_threads.py": [
        Run(args=("--threads", "5", "--wait", "0.05"),
            stdout=(r"^Started 5 threads", r"^Sum of the results: (?P<total>\d+)$",
                    r"^Time: [\d.]+ s for 5 threads"),
            values={"total": Equals(0 + 1 + 4 + 9 + 16)},
            count={r"^worker-[0-4] computed \d+$": 5}),
    ],
    "ep02_threads/io_vs_cpu.py": [
        # Both kinds of work, serial and threaded, give the same answers; the
        # speedups are printed (timings are never asserted).
        Run(args=("--tasks", "3", "--wait", "0.02", "--n", "1000"),
            stdout=(r"^I/O-bound result: serial (?P<io_serial>\d+), threads (?P<io_threads>\d+)$",
                    r"^CPU-bound result: serial (?P<cpu_serial>\d+), threads (?P<cpu_threads>\d+)$",
                    r"^Speedup I/O-bound: [\d.]+$", r"^Speedup CPU-bound: [\d.]+$"),
            values={"io_serial": Equals(3), "io_threads": Equals(3),
                    "cpu_serial": Equals(3 * sum_of_squares(1000)),
                    "cpu_threads": Equals(3 * sum_of_squares(1000))}),
    ],
    "ep02_threads/race_condition.py": [
        # The locked version is exactly right every time, with few threads and
        # many; the unlocked one may lose updates (not asserted: it is chance).
        *[Run(args=("--threads", str(threads), "--times", "300", "--repeat", "3"),
              stdout=(rf"^{threads} threads each add 1 .* expected (?P<expected>\d+)$",
                      r"^Without a lock: counter = (?P<unsafe>\d+) "),
              values={"expected": Equals(threads * 300), "unsafe": Between(1, threads * 300)},
              count={rf"^With a lock:    counter = {threads * 300} \(0 updates lost\)$": 3,
                     r"^With a lock:": 3})
          for threads in (2, 5, 10)],
    ],
    "ep02_threads/gil_release.py": [
        Run(args=("--mb", "2", "--tasks", "3"),
            stdout=(r"^Digest of task 0: (?P<digest>[0-9a-f]{16})\.\.\.$",
                    r"^Threads give the same digests: yes$", r"^Speedup with threads: [\d.]+$"),
            values={"digest": Equals(sha256_prefix(0, 2))}),
        # Small pieces: a different path through hashlib, the same digest.
        Run(args=("--mb", "1", "--tasks", "2", "--chunk", "1000"),
            stdout=(r"in pieces of 1000 bytes$", r"^Digest of task 0: (?P<digest>[0-9a-f]{16})\.\.\.$",
                    r"^Threads give the same digests: yes$"),
            values={"digest": Equals(sha256_prefix(0, 1))}),
    ],
    "ep02_threads/gil_status.py": [
        # This test suite runs on an ordinary (not free-threaded) build.
        Run(stdout=(r"^Python 3\.\d+", r"^Free-threaded build: no$", r"^GIL enabled now: yes$",
                    r"^Threads take turns running Python code")),
    ],
    "ep02_threads/chatty.py": [
        Run(args=("--lines", "4", "--delay", "0"),
            stdout=(r"^done$",), stderr=(r"^line 4 on stderr$",),
            count={r"^line \d on stdout$": 4}),
        Run(args=("--lines", "0", "--mb", "1"),
            count={r"^x{63}$": 16384, r"^done$": 1}),
        Run(args=("--lines", "1", "--delay", "0", "--grandchild"),
            stdout=(r"^grandchild pid \d+$", r"^line 1 on stdout$", r"^done$")),
    ],
    "ep02_threads/run_command.py": [
        Run(args=("--", *CHATTY, "--lines", "3", "--delay", "0"),
            stdout=(r"^Exit status: 0$", r"^Lines read: 4 from stdout, 3 from stderr$",
                    r"^Timed out: no$", r"^Time: [\d.]+ s$"),
            count={r"^stdout\| line \d on stdout$": 3, r"^stderr\| line \d on stderr$": 3}),
        # Megabytes on both streams at once: no deadlock, every line counted.
        Run(args=("--quiet", "--", *CHATTY, "--lines", "0", "--mb", "5"),
            stdout=(r"^Lines read: 81921 from stdout, 81920 from stderr$", r"^Timed out: no$"),
            absent=(r"^stdout\|",), timeout=60),
        # The timeout stops a program that would run for ever (and its child:
        # tests/test_ep02_run_command.py checks the pids are gone).
        Run(args=("--timeout", "1", "--", *CHATTY, "--forever", "--grandchild"),
            stdout=(r"^stdout\| grandchild pid \d+$", r"^Timed out: yes$", r"^Exit status: -?\d+$"),
            returncode=124, timeout=60),
        Run(args=("--", "python", "-c", "import sys; sys.exit(3)"),
            stdout=(r"^Exit status: 3$",), returncode=3),
        Run(args=("--", "no-such-program-7f3a"), returncode=2,
            stderr=(r"^run_command.py: error: cannot run 'no-such-program-7f3a': program not found$",)),
        Run(returncode=2, stderr=(r"error: give the program to run after --",)),
        Run(args=("--timeout", "0", "--", "python"), returncode=2,
            stderr=(r"error: argument --timeout: 0 is not more than 0$",)),
    ],
    # Exercise 2's starter fetches one file after the other; its solution in threads.
    "ep02_threads/ex_downloads.py": [
        Run(args=("--files", "3", "--wait", "0.05"),
            stdout=(r"^First file: readings of station-1\.csv$",
                    r"^Fetched 3 files, (?P<chars>\d+) characters in all$",
                    r"^Time: [\d.]+ s for 3 files that each wait 0\.05 s$"),
            values={"chars": Equals(3 * 2600)}),
        Run(args=("--wait", "fast"), returncode=2,
            stderr=(r"error: argument --wait: invalid not_negative value: 'fast'$",)),
    ],
    "ep02_threads/ex_downloads_solution.py": [
        # The same texts in the same order as the starter's, from one thread each.
        Run(args=("--files", "12", "--wait", "0.05"),
            stdout=(r"^First file: readings of station-1\.csv$",
                    r"^Fetched 12 files, (?P<chars>\d+) characters in all$",
                    r"^Time: [\d.]+ s for 12 files that each wait 0\.05 s$"),
            values={"chars": Equals(9 * 2600 + 3 * 2700)}),
    ],
    # Exercise 3's starter: threads share one dictionary without a lock. The
    # losses are chance (not asserted); the run must finish and say so.
    "ep02_threads/ex_word_count.py": [
        Run(args=("--words", "2000", "--threads", "3"),
            stdout=(r"^2000 words counted by 3 threads$",
                    r"^Counts of the threads: (?P<total>\d+) words in all \((?P<lost>\d+) lost\)$",
                    r"^Same as a serial Counter: (yes|NO)$"),
            values={"total": Between(1, 2000), "lost": Between(0, 1999)}),
        # One thread has nobody to race with: nothing is lost.
        Run(args=("--words", "500", "--threads", "1"),
            stdout=(r"^Counts of the threads: 500 words in all \(0 lost\)$",
                    r"^Same as a serial Counter: yes$")),
    ],
    "ep02_threads/ex_word_count_solution.py": [
        Run(args=("--words", "2000", "--threads", "3"),
            stdout=(r"^2000 words, (?P<distinct>\d+) different, counted by 3 threads$",
                    r"^Shared dictionary with a lock gives the serial counts: yes$",
                    r"^Own dictionary per thread gives the serial counts: yes$",
                    r"^Time shared dictionary with a lock: [\d.]+ s", r"^Time own dictionary per thread: "),
            values={"distinct": Equals(10)}),
        # More threads than words: some parts are empty, counts still right.
        Run(args=("--words", "5", "--threads", "8"),
            stdout=(r"^5 words, ", r"counts: yes$"), count={r"counts: yes$": 2}),
    ],
    "ep02_threads/ex_numpy_threads.py": [
        Run(args=("--size", "200000", "--tasks", "3"),
            stdout=(r"^3 arrays of 200000 numbers",
                    r"^Every array in order: yes; threads agree with serial: yes$",
                    r"^Time in 1 thread: [\d.]+ s", r"^Time in 3 threads: [\d.]+ s",
                    r"^Speedup with threads: [\d.]+$")),
    ],
    "ep02_threads/run_command_start.py": [
        # The starter: output goes straight through, the exit status comes back.
        Run(args=("--", *CHATTY, "--lines", "2", "--delay", "0"),
            stdout=(r"^line 2 on stdout$", r"^done$", r"^Exit status: 0$", r"^Timed out: no$"),
            stderr=(r"^line 2 on stderr$",)),
        Run(args=("--", "python", "-c", "import sys; sys.exit(3)"),
            stdout=(r"^Exit status: 3$", r"^Timed out: no$")),
        # At the timeout the program is killed.
        Run(args=("--timeout", "1", "--", *CHATTY, "--forever", "--delay", "0.2"),
            stdout=(r"^line 1 on stdout$", r"^Timed out: yes$", r"^Exit status: -?\d+$"),
            absent=(r"^done$",), timeout=60),
        Run(args=("--", "no-such-program-7f3a"), returncode=2,
            stderr=(r"^run_command_start.py: error: cannot run 'no-such-program-7f3a': "
                    r"program not found$",)),
        Run(returncode=2, stderr=(r"error: give the program to run after --",)),
        Run(args=("--timeout", "0", "--", "python"), returncode=2,
            stderr=(r"error: argument --timeout: 0 is not more than 0$",)),
    ],
}

