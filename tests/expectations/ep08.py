"""Expectations for episode 8: beyond one machine and beyond pure Python (see __init__.py)."""
import re
import sys
from pathlib import Path

from expectations.bootstrap import INTERVAL_EXACT, RESAMPLES, SAMPLE_LINE
from harness import Between, Equals, Run, near

FAKES = Path(__file__).resolve().parent.parent / "fakes"

# Step 5 of Amira's bootstrap (examples/bootstrap/): the chunks and streams of
# step 3, so the interval of step 3 to the last digit for any number of workers.
BOOTSTRAP_STEP = (SAMPLE_LINE, rf"^Resamples: {RESAMPLES}$", INTERVAL_EXACT)


def bootstrap_dask(workers, scheduler, **options):
    """bootstrap_dask.py: the interval of step 3 with any scheduler and any number of workers."""
    return Run(args=("--resamples", str(RESAMPLES), "--workers", str(workers), "--scheduler", scheduler),
               stdout=(r"^Tasks in the graph: 21$", *BOOTSTRAP_STEP,
                       r"^Same interval as the synchronous scheduler: True$", rf"^Workers: {workers}$",
                       r"^Time serial: [\d.]+ s with the synchronous scheduler$",
                       rf"^Time Dask: [\d.]+ s with the {scheduler} scheduler$", r"^Speedup: [\d.]+$"),
               **options)


# A known, harmless race in distributed (dask/distributed#7105, open): as the
# cluster shuts down, a worker's heartbeat can find the scheduler's connection
# closed, and the worker logs an ERROR with a traceback.  The results are not
# affected.  Such log records are allowed; any other traceback still fails.
# A record runs from its first line to the CommClosedError that ends its traceback.
HEARTBEAT_NOISE = re.compile(
    r"^\S+ \S+ - distributed\.worker - ERROR - Failed to communicate with scheduler "
    r"during heartbeat\.$.*?^distributed\.comm\.core\.CommClosedError: [^\n]*$", re.M | re.S)


def _no_traceback_but_heartbeat_noise(result) -> None:
    rest = HEARTBEAT_NOISE.sub("", result.stderr)
    assert "Traceback (most recent call last)" not in rest, \
        f"a traceback other than the heartbeat race:\n{result.describe()}"


# Primes below 100 000 (9592), split into 7 blocks that do not divide it evenly.
PRIMES_100K = (r"^Primes below 100000: serial (?P<serial>\d+), threads (?P<threads>\d+), "
               r"interpreters (?P<interpreters>\d+)$",
               r"^Time serial: [\d.]+ s$", r"^Time threads: [\d.]+ s with 3 threads$",
               r"^Time interpreters: [\d.]+ s with 3 interpreters",
               r"^Speedup of the interpreters over serial: [\d.]+$")
PRIMES_100K_VALUES = {"serial": Equals(9592), "threads": Equals(9592), "interpreters": Equals(9592)}

if sys.version_info >= (3, 14):
    # A real InterpreterPoolExecutor: the whole comparison runs.
    SUBINTERPRETERS_DEFAULT = Run(
        args=("--limit", "100000", "--tasks", "7", "--workers", "3"),
        stdout=PRIMES_100K, values=PRIMES_100K_VALUES, absent=(r"Skipped",))
else:
    # Older Pythons: one line, exit status 0, nothing computed.
    SUBINTERPRETERS_DEFAULT = Run(
        stdout=(r"\ASkipped: InterpreterPoolExecutor needs Python 3\.14 or newer; "
                r"this is Python 3\.\d+\.\d+\.\n\Z",),
        absent=(r"Primes",))

def nogil_result(threads):
    """numba_nogil.py: both versions give the midpoint sum of one call in one thread."""
    return Run(args=("--n", "1000003", "--threads", str(threads)),
               stdout=(rf"^pi with {threads} threads?, GIL held: (?P<held>[\d.]+)$",
                       rf"^pi with {threads} threads?, nogil=True: (?P<free>[\d.]+)$",
                       r"^Same as one call in one thread: True$",
                       r"^Speedup with threads, GIL held: [\d.]+$",
                       r"^Speedup with threads, nogil=True: [\d.]+$"),
               values={"held": near(3.14159265359, 1e-9), "free": near(3.14159265359, 1e-9)})


EXPECTATIONS: dict[str, list[Run]] = {
    "ep08_beyond/dask_delayed.py": [
        # 4 parts of 1000: 0² + ... + 3999² = 3999·4000·7999/6.
        Run(stdout=(r"^Tasks in the graph: (?P<tasks>\d+) \(4 loads, 4 sums, 1 combine\)$",
                    r"^Sum of squares of 0\.\.3999: (?P<total>\d+)$",
                    r"^Equal to \(n-1\)n\(2n-1\)/6: True$",
                    r"^Time: [\d.]+ s with the threads scheduler$",
                    r"^Speedup over waiting one after another: [\d.]+ \(the loads alone wait 0\.80 s\)$"),
            values={"tasks": Equals(9), "total": Equals(21_325_334_000)}),
        Run(args=("--parts", "3", "--size", "10", "--wait", "0", "--scheduler", "synchronous"),
            stdout=(r"^Tasks in the graph: (?P<tasks>\d+) ",
                    r"^Sum of squares of 0\.\.29: (?P<total>\d+)$", r"^Equal to .*: True$"),
            values={"tasks": Equals(7), "total": Equals(8555)},
            absent=(r"^Speedup",)),  # nothing waited: no speedup to speak of
        Run(args=("--parts", "2", "--size", "5", "--wait", "0", "--scheduler", "processes"),
            stdout=(r"^Sum of squares of 0\.\.9: (?P<total>\d+)$", r"^Equal to .*: True$",
                    r"with the processes scheduler"),
            values={"total": Equals(285)}),
        Run(args=("--scheduler", "cluster"), returncode=2,
            stderr=(r"error: argument --scheduler: invalid choice",)),
    ],
    "ep08_beyond/dask_array.py": [
        # 4 000 000 uniform numbers: the mean is 0.5 give or take 0.0002.
        Run(stdout=(r"^Chunks: 4 x 4 = (?P<chunks>\d+)$",
                    r"^Tasks in the graph of the mean: (?P<tasks>\d+)$",
                    r"^Mean: (?P<mean>[\d.]+) \(NumPy: (?P<numpy>[\d.]+)\)$",
                    r"^Mean agrees with NumPy: True$", r"^Column maxima agree with NumPy: True$",
                    r"^Time with Dask: [\d.]+ ms$", r"^Time with NumPy: [\d.]+ ms$"),
            values={"chunks": Equals(16), "tasks": Between(17, 200),
                    "mean": near(0.5, 0.001), "numpy": near(0.5, 0.001)}),
        # Chunks that do not divide the array evenly (300 + 300 + 300 + 101).
        Run(args=("--size", "1001", "--chunk", "300"),
            stdout=(r"^Chunks: 4 x 4 = 16$", r"^Mean agrees with NumPy: True$",
                    r"^Column maxima agree with NumPy: True$")),
    ],
    "ep08_beyond/dask_cluster.py": [
        # 17 984 primes below 200 000; both workers ran tasks, the client none.
        Run(stdout=(r"^Workers in the cluster: (?P<workers>\d+)$",
                    r"^Primes below 200000: (?P<primes>\d+) \(from 8 tasks\)$",
                    r"^Worker processes that ran tasks: (?P<used>\d+), none of them this one: True$",
                    r"^Time to start the cluster: [\d.]+ s$", r"^Time in all: [\d.]+ s$"),
            values={"workers": Equals(2), "primes": Equals(17984), "used": Equals(2)},
            traceback_ok=True, check=_no_traceback_but_heartbeat_noise),
        Run(args=("--limit", "100000", "--tasks", "7", "--workers", "3"),
            stdout=(r"^Workers in the cluster: (?P<workers>\d+)$",
                    r"^Primes below 100000: (?P<primes>\d+) \(from 7 tasks\)$",
                    r"^Worker processes that ran tasks: (?P<used>\d+), none of them this one: True$"),
            values={"workers": Equals(3), "primes": Equals(9592), "used": Equals(3)},
            traceback_ok=True, check=_no_traceback_but_heartbeat_noise),
    ],
    "bootstrap/bootstrap_joblib.py": [
        Run(args=("--resamples", str(RESAMPLES), "--workers", str(workers)),
            stdout=(*BOOTSTRAP_STEP, rf"^Workers: {workers}$"))
        for workers in (1, 2, 4)
    ] + [
        Run(args=("--workers", "0"), returncode=2,
            stderr=(r"error: argument --workers: 0 is not 1 or more$",)),
    ],
    # Only the processes scheduler starts processes: the others run under one start method.
    "bootstrap/bootstrap_dask.py": [
        bootstrap_dask(workers, "processes") for workers in (1, 2, 4)
    ] + [
        bootstrap_dask(2, "threads", start_methods=()),
        bootstrap_dask(4, "synchronous", start_methods=()),
        Run(args=("--scheduler", "cluster"), returncode=2, start_methods=(),
            stderr=(r"error: argument --scheduler: invalid choice",)),
    ],
    "ep08_beyond/joblib_parallel.py": [
        # The numbers go in largest-first, yet the results come back in input order.
        Run(stdout=(r"^\s+2162160 has  320 divisors \(worker \d+\)$",
                    r"^\s+1048576 has   21 divisors",
                    r"^\s+999983 has    2 divisors",
                    r"^\s+1000 has   16 divisors",
                    r"^Results in the order of the inputs: True$",
                    r"^Same as the serial loop: True$",
                    r"^Processes that ran tasks: (?P<pids>\d+) \(this one among them: False\)$",
                    r"^Time serial: [\d.]+ s$", r"^Time with 2 workers: [\d.]+ s$",
                    r"^Speedup: [\d.]+$"),
            values={"pids": Between(1, 2)}, count={r" divisors \(worker \d+\)$": 6}),
        # n_jobs=1: joblib runs the loop in this process.
        Run(args=("--jobs", "1", "--numbers", "12", "7", "36"),
            stdout=(r"\A\s+12 has\s+6 divisors.*\n\s+7 has\s+2 divisors.*\n\s+36 has\s+9 divisors",
                    r"^Results in the order of the inputs: True$",
                    r"^Processes that ran tasks: 1 \(this one among them: True\)$",
                    r"^Time with 1 worker: [\d.]+ s$")),
        Run(args=("--numbers", "5", "0"), returncode=2,
            stderr=(r"error: argument --numbers: 0 is not 1 or more$",)),
    ],
    "ep08_beyond/numba_prange.py": [
        Run(stdout=(r"^Numba threads: (?P<threads>\d+) \(threading layer: \w+\)$",
                    r"^pi, pure Python: (?P<python>[\d.]+)$", r"^pi, Numba: +(?P<numba>[\d.]+)$",
                    r"^Agree within 1e-9: True$",
                    r"^Error of the Numba result: (?P<error>[\d.e+-]+)$",
                    r"^Time to compile: [\d.]+ s", r"^Time pure Python: [\d.]+ s$",
                    r"^Time Numba, 1 thread: [\d.]+ s$", r"^Speedup of compiling: \d+$"),
            values={"threads": Between(1, 4096), "python": near(3.14159265359, 1e-10),
                    "numba": near(3.14159265359, 1e-10), "error": Between(0, 1e-10)},
            count={r"^Time Numba, 1 thread:": 1}),
        # Two threads (allowed however many cores there are): both timing lines, once each.
        Run(args=("--n", "100000", "--threads", "2"), env={"NUMBA_NUM_THREADS": "2"},
            stdout=(r"^Numba threads: (?P<threads>\d+) ", r"^Time Numba, 2 threads: [\d.]+ s$",
                    r"^Speedup of the threads: [\d.]+$"),
            values={"threads": Equals(2)}, count={r"^Time Numba, 1 thread:": 1}),
        # Seven steps: the midpoint rule is off in the third decimal, and both
        # versions must be off by exactly as much.
        Run(args=("--n", "7", "--threads", "1"),
            stdout=(r"^Numba threads: (?P<threads>\d+) ", r"^pi, pure Python: (?P<python>[\d.]+)$",
                    r"^pi, Numba: +(?P<numba>[\d.]+)$", r"^Agree within 1e-9: True$"),
            values={"threads": Equals(1), "python": near(3.143293317527, 1e-11),
                    "numba": near(3.143293317527, 1e-11)},
            # One thread: one timing line for Numba, and no speedup of threads.
            count={r"^Time Numba, 1 thread:": 1}, absent=(r"^Speedup of the threads",)),
        # Numba cannot use more threads than NUMBA_NUM_THREADS allows.
        Run(args=("--threads", "2"), env={"NUMBA_NUM_THREADS": "1"}, returncode=2,
            stderr=(r"error: --threads must be between 1 and 1$",)),
    ],
    "ep08_beyond/numba_distances.py": [
        Run(stdout=(r"^Distance matrix: 400 x 400$",
                    r"^Largest difference from NumPy: pure Python (?P<python>[\d.e+-]+), "
                    r"Numba (?P<numba>[\d.e+-]+)$",
                    r"^Symmetric with a zero diagonal: True$", r"^Numba threads: \d+$",
                    r"^Time pure Python: [\d.]+ s$", r"^Time Numba: [\d.]+ s$", r"^Speedup: \d+$"),
            values={"python": Between(0, 1e-12), "numba": Between(0, 1e-12)}),
        Run(args=("--points", "37", "--dims", "5"),
            stdout=(r"^Distance matrix: 37 x 37$",
                    r"^Largest difference from NumPy: .*Numba (?P<numba>[\d.e+-]+)$",
                    r"^Symmetric with a zero diagonal: True$"),
            values={"numba": Between(0, 1e-12)}),
    ],
    "ep08_beyond/subinterpreters.py": [
        SUBINTERPRETERS_DEFAULT,
        # The 3.14 part, with a stand-in pool (threads) on an older Python:
        # the counts must be right whatever runs them.
        Run(args=("--limit", "100000", "--tasks", "7", "--workers", "3"),
            env={"PYTHONPATH": str(FAKES / "interpreter_pool")},
            stdout=PRIMES_100K, values=PRIMES_100K_VALUES, absent=(r"Skipped",)),
    ],
    "ep08_beyond/numba_nogil.py": [
        nogil_result(2),
        nogil_result(3),   # slices that do not divide the steps evenly
        nogil_result(1),
    ],
    "ep08_beyond/dask_pure.py": [
        # Identical calls: one task and one value without pure=False, five with it.
        Run(stdout=(r"^pure=True \(the default\): (?P<pure_tasks>\d+) task for 5 calls$",
                    r"^Different values with pure=True: (?P<pure_values>\d+)$",
                    r"^pure=False: (?P<tasks>\d+) tasks for 5 calls$",
                    r"^Different values with pure=False: (?P<values>\d+)$"),
            values={"pure_tasks": Equals(1), "pure_values": Equals(1),
                    "tasks": Equals(5), "values": Equals(5)},
            traceback_ok=True, check=_no_traceback_but_heartbeat_noise),
    ],
}
