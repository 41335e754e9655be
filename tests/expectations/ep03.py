"""Expectations for episode 3: processes (see __init__.py).

Every script here mentions multiprocessing, so each Run is tested under
spawn, forkserver and fork unless it says otherwise.
"""
import multiprocessing

from harness import Equals, Run


def sum_of_squares(n):
    """0² + 1² + ... + (n-1)²."""
    return (n - 1) * n * (2 * n - 1) // 6


METHODS = multiprocessing.get_all_start_methods()
# start_methods.py reports, per method, whether the child saw main()'s change:
# only a forked child shares the parent's memory at the moment of the fork.
SAW_CHANGE = {"fork": "yes", "spawn": "no", "forkserver": "no"}

EXPECTATIONS: dict[str, list[Run]] = {
    "ep03_processes/process_hello.py": [
        Run(args=("--processes", "4"),
            stdout=(r"^The main program runs in MainProcess \(pid \d+\)$",),
            # Not anchored: print() writes the text and the newline separately,
            # so two children's greetings can share a line (print_lock.py).
            count={r"Hello from worker-[0-3] \(pid \d+, parent pid \d+\)": 4,
                   r"^worker-[0-3] finished with exit code 0$": 4}),
        Run(args=("--processes", "0"), returncode=2,
            stderr=(r"error: --processes must be at least 1",), start_methods=()),
    ],
    "ep03_processes/queue_results.py": [
        # 7 workers do not divide 100 003 evenly: every number must still be summed once.
        Run(args=("--n", "100003", "--workers", "7"),
            stdout=(r"^Blocks in the order they finished: \[(?P<blocks>[\d, ]+)\]$",
                    r"^Sum of squares below 100003: (?P<total>\d+)$"),
            values={"total": Equals(sum_of_squares(100003)),
                    "blocks": lambda text: sorted(map(int, text.split(","))) == list(range(7))}),
        Run(args=("--workers", "0"), returncode=2,
            stderr=(r"error: --n and --workers must be at least 1",), start_methods=()),
    ],
    "ep03_processes/print_lock.py": [
        # With the lock every line is whole: exactly workers x lines of them.
        Run(args=("--workers", "3", "--lines", "3"),
            count={r"^\[worker-[0-2]\] line [0-2] is whole$": 9},
            stdout=(r"^3 workers printed 3 lines each with a lock$",)),
        # Without it the same words arrive, maybe mixed up: count the pieces.
        Run(args=("--workers", "2", "--lines", "2", "--no-lock"),
            count={r"\[worker-[01]\]": 4, r" whole": 4},
            stdout=(r"^2 workers printed 2 lines each without a lock$",)),
        Run(args=("--lines", "0"), returncode=2,
            stderr=(r"error: --workers and --lines must be at least 1",), start_methods=()),
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
            count={r"^Time +\w+: first child \d+ ms, second child \d+ ms": len(METHODS)}),
        Run(args=("--n", "0"), returncode=2, stderr=(r"error: --n must be at least 1",),
            start_methods=()),
    ],
    "ep03_processes/main_guard.py": [
        # Under spawn the unguarded program's child fails; the guarded one works.
        Run(stdout=(r"--- without the guard, start method spawn ---\n"
                    r"top of the main module, running as __main__\n"
                    r"top of the main module, running as __mp_main__\n"
                    r"child exit code: 1\n"
                    r"Its error output ends with:\n"
                    r" +RuntimeError: .*start a new process",
                    r"bootstrapping phase",
                    r"--- with the guard, start method spawn ---\n"
                    r"top of the main module, running as __main__\n"
                    r"top of the main module, running as __mp_main__\n"
                    r"hello from the child\n"
                    r"child exit code: 0$"),
            count={r"^child exit code: 1$": 1, r"^RuntimeError": 0}),
        # Under fork nothing is imported again: the mistake goes unnoticed.
        *([Run(args=("--method", "fork"),
               stdout=(r"--- without the guard, start method fork ---\n"
                       r"top of the main module, running as __main__\n"
                       r"hello from the child\n"
                       r"child exit code: 0$",),
               absent=(r"__mp_main__", r"RuntimeError"), start_methods=())]
          if "fork" in METHODS else []),
        Run(args=("--method", "thread"), returncode=2,
            stderr=(r"error: --method must be one of: ",), start_methods=()),
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
        Run(args=("--lines", "-2"), returncode=2, stderr=(r"error: --lines must not be negative",),
            start_methods=()),
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
    "ep03_processes/ex_count_lines.py": [
        # File i has lines of length 1 .. 15(i+1): 15(i+1) - 20 of them are longer than 20.
        Run(stdout=(r"^file0.txt: 0 lines", r"^file1.txt: 10 lines", r"^file2.txt: 25 lines",
                    r"^Total: (?P<total>\d+)$"),
            values={"total": Equals(35)}),
        Run(args=("--files", "4", "--min-length", "0"),
            stdout=(r"^file3.txt: 60 lines longer than 0 characters$", r"^Total: (?P<total>\d+)$"),
            values={"total": Equals(15 + 30 + 45 + 60)}),
        Run(args=("--files", "0"), returncode=2,
            stderr=(r"error: --files must be at least 1 and --min-length not negative",),
            start_methods=()),
    ],
}

MODULES = {
    "ep03_processes/notebook_work.py":
        "imported, not run: the notebook cells on episode 3's page import square() from it, "
        "so that spawn workers can import it too",
}
