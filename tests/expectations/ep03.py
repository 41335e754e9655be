"""Expectations for episode 3: processes (see __init__.py).

Every script here mentions multiprocessing, so each Run is tested under
spawn, forkserver and fork unless it says otherwise.
"""
import multiprocessing
import sys

from harness import Equals, Run


def sum_of_squares(n):
    """0² + 1² + ... + (n-1)²."""
    return (n - 1) * n * (2 * n - 1) // 6


METHODS = multiprocessing.get_all_start_methods()
# start_methods.py reports, per method, whether the child saw main()'s change:
# only a forked child shares the parent's memory at the moment of the fork.
SAW_CHANGE = {"fork": "yes", "spawn": "no", "forkserver": "no"}


def no_guard_fails_as_described(result):
    """Only the child's bootstrapping RuntimeError, and the exit code passed on."""
    errors = [line for line in result.stderr.splitlines() if line.endswith("Error") or "Error:" in line]
    assert errors and all(line.startswith("RuntimeError") for line in errors), result.describe()
    assert result.stderr.count("Traceback (most recent call last):") == 1, result.describe()


FORK_WARNING = "DeprecationWarning: This process"
WARNS = sys.version_info >= (3, 12)     # fork() with threads warns from Python 3.12


def warning_shown(result):
    assert (FORK_WARNING in result.stderr) == WARNS, result.describe()


def warning_hidden(result):
    assert FORK_WARNING not in result.stderr, result.describe()


COUNTS_DEFAULT = (r"^file0.txt: 0 lines longer than 20 characters$", r"^file1.txt: 10 lines",
                  r"^file2.txt: 25 lines", r"^Total: (?P<total>\d+)$")


def fails_on_the_open_file(result):
    """Only the parent's one traceback, at start(): nothing was counted."""
    assert result.stderr.count("Traceback (most recent call last):") == 1, result.describe()
    assert "process.start()" in result.stderr, result.describe()


EXPECTATIONS: dict[str, list[Run]] = {
    "ep03_processes/process_hello.py": [
        Run(args=("--processes", "4"),
            stdout=(r"^The main program runs in MainProcess \(pid \d+\)$",),
            # Not anchored: the tests run unbuffered, where print() writes the
            # text and the newline separately, so two greetings can share a line.
            count={r"Hello from worker-[0-3] \(pid \d+, parent pid \d+\)": 4,
                   r"^worker-[0-3] finished with exit code 0$": 4}),
    ],
    "ep03_processes/queue_results.py": [
        # 7 workers do not divide 100 003 evenly: every number must still be summed once.
        Run(args=("--n", "100003", "--workers", "7"),
            stdout=(r"^Blocks in the order they finished: \[(?P<blocks>[\d, ]+)\]$",
                    r"^Sum of squares below 100003: (?P<total>\d+)$"),
            values={"total": Equals(sum_of_squares(100003)),
                    "blocks": lambda text: sorted(map(int, text.split(","))) == list(range(7))}),
    ],
    "ep03_processes/print_lock.py": [
        # With the lock every line is whole, even unbuffered: exactly workers x lines.
        Run(args=("--workers", "3", "--lines", "3"), python_args=("-u",),
            count={r"^\[worker-[0-2]\] line [0-2] is whole$": 9},
            stdout=(r"^3 workers printed 3 lines each with a lock$",)),
        # Without it, unbuffered, the same pieces arrive, maybe mixed up: count
        # them (test_ep03_buffering.py runs it in a terminal, line-buffered).
        Run(args=("--workers", "2", "--lines", "2", "--no-lock"), python_args=("-u",),
            count={r"\[worker-[01]\]": 4, r" whole": 4},
            stdout=(r"^2 workers printed 2 lines each without a lock$",)),
    ],
    "ep03_processes/start_methods.py": [
        Run(stdout=(r"^Start methods available here: (?P<methods>.+)$",
                    r"^Default start method here: (?P<default>\w+)$",
                    *[rf"^ *{method}: result (?P<result_{method}>\d+), "
                      rf"child saw main\(\)'s change: (?P<saw_{method}>\w+)$" for method in METHODS]),
            values={"methods": Equals(", ".join(METHODS)),
                    "default": lambda text: text in METHODS,
                    **{f"result_{method}": Equals(285) for method in METHODS},
                    **{f"saw_{method}": Equals(SAW_CHANGE[method]) for method in METHODS}},
            count={r"^Time \w+: first child \d+ ms, second child \d+ ms": len(METHODS)}),
    ],
    "ep03_processes/no_guard.py": [
        # Broken on purpose (see BROKEN): the spawned child imports the script,
        # tries to start a process while bootstrapping, and fails.
        Run(returncode=1, traceback_ok=True, check=no_guard_fails_as_described,
            stdout=(r"^Top of the main module, running as __main__$",
                    r"^Top of the main module, running as __mp_main__$",
                    r"^Child exit code: 1$"),
            stderr=(r"^RuntimeError: ", r"bootstrapping phase"),
            absent=(r"Hello from the child",), start_methods=()),
    ],
    "ep03_processes/with_guard.py": [
        Run(stdout=(r"^The program we started runs this file as __main__$",
                    r"^Hello from the child, which imported this file as __mp_main__$",
                    r"^Child exit code: 0$")),
    ],
    "ep03_processes/fork_threads.py": [
        # With -W default the warning shows where this Python raises it (3.12+,
        # with fork); test_ep03_fork_warning.py runs it on a 3.12+ as well.
        Run(python_args=("-W", "default"), check=warning_shown, start_methods=(),
            stdout=(r"^Threads in this process: 2; starting a child with fork$",
                    r"^The child runs$",
                    r"warns about this fork with a DeprecationWarning" if WARNS
                    else r"does not warn about this fork; Python 3\.12 and later do$")),
        # Without it the default filters hide the warning on every version.
        Run(stdout=(r"^The child runs$",), check=warning_hidden, start_methods=()),
    ],
    "ep03_processes/pickling.py": [
        Run(args=("--lines", "5"),
            stdout=(r"^  no   lambda x: x \*\* 3\n +\w+: .*lambda",
                    r"^  no   an open file\n +TypeError: ",
                    r"^  no   threading.Lock\(\)\n +TypeError: ",
                    r"^  no   multiprocessing.Lock\(\)\n +RuntimeError: .*inheritance",
                    r"^  yes  functools.partial\(power, exponent=3\) \(\d+ bytes\)$",
                    r"^In a child process: cube_of\(2\) = (?P<cubed>\d+), "
                    r"lines in the file = (?P<lines>\d+)$"),
            values={"cubed": Equals(8), "lines": Equals(5)},
            count={r"^  no ": 5, r"^  yes ": 3}),
    ],
    "ep03_processes/pickle_danger.py": [
        Run(stdout=(r"^The sender made \d+ bytes; they name builtins.print: yes$",
                    r"^The receiver calls pickle.loads\(\) on them:\n"
                    r"This line was printed by pickle.loads\(\), not by the receiver's code.\n"
                    r"pickle.loads\(\) returned None, not a Surprise object$",
                    r"gives back only data: \{'darts': 1000, 'hits': 785\}$")),
    ],
    "ep03_processes/ex_copies.py": [
        Run(stdout=(r"^Process: the child saw  \[1, 2, 3, 99\], COUNTER = 1$",
                    r"^Process: the parent has \[1, 2, 3\], COUNTER = 0$",
                    r"^Thread:  the thread saw \[1, 2, 3, 99\], COUNTER = 1$",
                    r"^Thread:  the parent has \[1, 2, 3, 99\], COUNTER = 1$")),
    ],
    # Exercise 2: the serial starter and its solution with processes and a Queue print the same.
    **{example: [
        # File i has lines of length 1 .. 15(i+1): 15(i+1) - 20 of them are longer than 20.
        Run(stdout=COUNTS_DEFAULT, values={"total": Equals(35)}),
        Run(args=("--files", "4", "--min-length", "0"),
            stdout=(r"^file3.txt: 60 lines longer than 0 characters$", r"^Total: (?P<total>\d+)$"),
            values={"total": Equals(15 + 30 + 45 + 60)}),
    ] for example in ("ep03_processes/ex_count_lines.py", "ep03_processes/ex_count_lines_solution.py")},
    # Exercise 4: the starter asks for spawn and fails on its first argument that
    # cannot be pickled, the open file; the solution runs under every method.
    "ep03_processes/ex_spawn_safe.py": [
        Run(returncode=1, traceback_ok=True, check=fails_on_the_open_file, start_methods=(),
            stderr=(r"^TypeError: cannot pickle '(_io\.)?TextIOWrapper'",),
            absent=(r"^Total: ",)),
    ],
    "ep03_processes/ex_spawn_safe_solution.py": [
        Run(stdout=COUNTS_DEFAULT, values={"total": Equals(35)}),
    ],
}

MODULES = {
    "ep03_processes/line_files.py":
        "imported, not run: the test files and the argparse types of the exercises that count long "
        "lines (ex_count_lines.py, ex_spawn_safe.py and their solutions)",
    "ep03_processes/notebook_work.py":
        "imported, not run: the notebook cells on episode 3's page (and "
        "processes_notebook.ipynb) import square() from it, so that spawn workers can import it too",
}

BROKEN = {
    "ep03_processes/no_guard.py":
        "starts a process without the __main__ guard, to show the RuntimeError a spawned child "
        "raises, and is the starter of exercise 3 (add the guard); it has no command line and "
        "exits with the child's exit code, 1",
}
