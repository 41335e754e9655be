"""Expectations for episode 6, measuring and scaling (see __init__.py).

Timings are printed by the timed examples here and checked by none (the
pages declare what they must show, with :expect:).  The pi
estimates are checked within about six standard deviations of the dart count
used (sigma = 1.64 / sqrt(darts)), so a wrong formula or lost darts fail and a
correct run practically never does.  That random numbers in parallel give the
same estimate for any number of workers is tested in tests/test_ep06_scaling.py.
"""
import math
import re

from harness import Between, Equals, Run, near

PI = math.pi


def sum_of_squares_below(n):
    return (n - 1) * n * (2 * n - 1) // 6


def pi_tolerance(darts):
    return 6 * 1.64 / math.sqrt(darts)


def timing_ordered(result):
    """The median of the repeats lies between their minimum and maximum."""
    median, low, high = map(float, re.search(
        r"median of \d+: ([\d.]+) ms \(min ([\d.]+), max ([\d.]+)\)", result.stdout).groups())
    assert low <= median <= high, result.describe()


def workers_use_parents_blas_threads(result):
    """Without a working limit, each worker has as many BLAS threads as the parent."""
    parent = re.search(r"^BLAS threads in the parent: (\S+)$", result.stdout, re.M).group(1)
    workers = re.search(r"^BLAS threads in each worker: (\S+)$", result.stdout, re.M).group(1)
    assert workers == parent, result.describe()


BLAS_SMALL = ("--size", "60", "--tasks", "4", "--repeats", "2")
ONE_THREAD = {name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}

EXPECTATIONS: dict[str, list[Run]] = {
    # --- Wall time, CPU time, repeats -------------------------------------------------
    "ep06_scaling/wall_vs_cpu.py": [
        # A sleep lasts at least as long as asked (a guarantee of time.sleep, not a speed).
        Run(args=("--sleep", "0.2", "--n", "100000"),
            stdout=(r"^Sum of the squares below 100000: (?P<total>\d+)$",
                    r"^Time, sleeping job: wall (?P<wall>[\d.]+) s, CPU [\d.]+ s$",
                    r"^CPU / wall, sleeping job: [\d.]+$",
                    r"^Time, computing job: wall [\d.]+ s, CPU [\d.]+ s$",
                    r"^CPU / wall, computing job: [\d.]+$"),
            values={"total": Equals(sum_of_squares_below(100000)), "wall": Between(0.2, 60)}),
        Run(args=("--sleep", "0"), returncode=2,
            stderr=(r"error: argument --sleep: 0 is not more than 0$",)),
    ],
    "ep06_scaling/timing.py": [
        Run(args=("--n", "1000", "--repeats", "5"),
            stdout=(r"^Sum of the squares below 1000: (?P<total>\d+)$",
                    r"^Time, median of 5: [\d.]+ ms \(min [\d.]+, max [\d.]+\)$"),
            values={"total": Equals(sum_of_squares_below(1000))},
            count={r"^Time of run \d+: [\d.]+ ms$": 5}, check=timing_ordered),
    ],

    # --- The ladder ---------------------------------------------------------------------
    "ep06_scaling/pi_serial.py": [
        Run(args=("--darts", "200000"),
            stdout=(r"^Darts thrown: (?P<darts>\d+)$", r"^Pi estimate: (?P<pi>[\d.]+)$",
                    r"^Time serial: [\d.]+ s \(median of 3\)$", r"^Time per dart: \d+ ns$"),
            values={"darts": Equals(200000), "pi": near(PI, pi_tolerance(200000))}),
    ],
    "ep06_scaling/pi_process_pool.py": [
        # 300001 darts do not divide by 3 workers: none may be lost.
        Run(args=("--darts", "300001", "--workers", "3"),
            stdout=(r"^Darts thrown: (?P<darts>\d+) in (?P<tasks>\d+) tasks$",
                    r"^Pi estimate: (?P<pi>[\d.]+)$", r"^Time serial: [\d.]+ s \(median of 3\)$",
                    r"^Time with 3 worker processes: [\d.]+ s \(median of 3\)$",
                    r"^Speedup: [\d.]+$"),
            values={"darts": Equals(300001), "tasks": Equals(3),
                    "pi": near(PI, pi_tolerance(300001))}),
        Run(args=("--darts", "100000", "--workers", "1"), start_methods=("spawn",),
            stdout=(r"^Time with 1 worker process: [\d.]+ s",)),
    ],
    "ep06_scaling/pi_thread_pool.py": [
        # Threads, not processes: the start method plays no part, so run it once.
        Run(args=("--darts", "300001", "--workers", "3"), start_methods=(),
            stdout=(r"^Darts thrown: (?P<darts>\d+) in (?P<tasks>\d+) tasks$",
                    r"^Pi estimate: (?P<pi>[\d.]+)$", r"^Time serial: [\d.]+ s \(median of 3\)$",
                    r"^Time with 3 worker threads: [\d.]+ s \(median of 3\)$",
                    r"^Speedup: [\d.]+$"),
            values={"darts": Equals(300001), "tasks": Equals(3),
                    "pi": near(PI, pi_tolerance(300001))}),
    ],
    "ep06_scaling/pi_numpy.py": [
        # Not a multiple of the batch size: the last, short batch must count.
        Run(args=("--darts", "1000003"),
            stdout=(r"^Darts thrown: (?P<darts>\d+)$", r"^Pi estimate: (?P<pi>[\d.]+)$",
                    r"^Time pure Python: [\d.]+ s for (?P<python_darts>\d+) darts \(median of 3\)$",
                    r"^Time NumPy: [\d.]+ s for 1000003 darts \(median of 3\)$",
                    r"^Time per dart: \d+ ns pure Python, [\d.]+ ns NumPy$", r"^Speedup: \d+$"),
            values={"darts": Equals(1000003), "pi": near(PI, pi_tolerance(1000003)),
                    "python_darts": Equals(1000003 // 60)}),
    ],
    "ep06_scaling/pi_numpy_pool.py": [
        Run(args=("--darts", "2000001", "--workers", "3"),
            stdout=(r"^Darts thrown: (?P<darts>\d+) in (?P<tasks>\d+) tasks$",
                    r"^Pi estimate: (?P<pi>[\d.]+)$",
                    r"^Time NumPy serial: [\d.]+ s \(median of 3\)$",
                    r"^Time with 3 worker processes: [\d.]+ s \(median of 3\)$",
                    r"^Speedup: [\d.]+$"),
            values={"darts": Equals(2000001), "tasks": Equals(3),
                    "pi": near(PI, pi_tolerance(2000001))}),
    ],

    # --- Overhead: the parallel sum -----------------------------------------------------
    "ep06_scaling/parallel_sum.py": [
        Run(args=("--n", "100000", "--workers", "2", "--chunks", "7"),
            stdout=(r"^  sum, serial: +(?P<serial>\d+)$",
                    r"^  sum, one call per number: +(?P<naive>\d+)$",
                    r"^  sum, 7 chunks: +(?P<chunked>\d+)$",
                    r"^Time, serial: +[\d.]+ s \(median of 3\)$",
                    r"^Time, one call per number: +[\d.]+ s \(median of 3\)$",
                    r"^Time, 7 chunks: +[\d.]+ s \(median of 3\)$", r"^The sums agree\.$"),
            values={name: Equals(sum_of_squares_below(100000))
                    for name in ("serial", "naive", "chunked")}),
    ],

    # --- Hidden BLAS threads ----------------------------------------------------------
    "ep06_scaling/blas_threads.py": [
        Run(args=("--limit", "threadpoolctl", *BLAS_SMALL),
            stdout=(r"^BLAS threads in each worker: (?P<workers>\S+)$",
                    r"^Products computed: (?P<products>\d+) by 2 workers$"),
            values={"workers": Equals("1"), "products": Equals(8)}),
        # No timing line: the example is about thread counts.
        Run(args=("--limit", "threadpoolctl", *BLAS_SMALL), start_methods=(),
            stdout=(r"^Products computed: 8 by 2 workers$",), absent=(r"^Time",)),
        # Set before Python starts, the variables are read when BLAS loads.
        Run(args=BLAS_SMALL, env=ONE_THREAD,
            stdout=(r"^BLAS threads in the parent: (?P<parent>\S+)$",
                    r"^BLAS threads in each worker: (?P<workers>\S+)$"),
            values={"parent": Equals("1"), "workers": Equals("1")}),
        # Set in the pool's initializer, they come too late to change anything.
        Run(args=("--limit", "initializer", *BLAS_SMALL),
            stdout=(r"^Limit in the workers: initializer$",), check=workers_use_parents_blas_threads),
        Run(args=("--limit", "none", *BLAS_SMALL),
            stdout=(r"^Limit in the workers: none$",), check=workers_use_parents_blas_threads),
        Run(args=("--limit", "all"), returncode=2, start_methods=(),
            stderr=(r"error: argument --limit: invalid choice",)),
    ],

    # --- Random numbers in parallel --------------------------------------------------
    "ep06_scaling/pi_seeded.py": [
        Run(args=("--darts", "400000", "--tasks", "5", "--workers", "2"),
            stdout=(r"^Seed 2026, 5 tasks, 2 workers$", r"^Darts thrown: (?P<darts>\d+)$",
                    r"^Pi estimate: (?P<pi>[\d.]+)$"),
            values={"darts": Equals(400000), "pi": near(PI, pi_tolerance(400000))}),
    ],
    # The example chooses its start method itself (--start-method): run each once.
    # That the forked workers repeat np.random.seed(42)'s very stream is checked
    # in tests/test_ep06_scaling.py.
    "ep06_scaling/random_after_fork.py": [
        Run(args=("--parent", "seed"), start_methods=(),
            stdout=(r"^Parent: seed; start method: fork$", r"^Different draws: (?P<different>\d+) of 3$",
                    r"^Every worker drew the same numbers\.$"),
            count={r"^Worker \d drew: [\d.]+, [\d.]+, [\d.]+$": 3},
            values={"different": Equals(1)}),
        Run(args=("--parent", "draw", "--workers", "2"), start_methods=(),
            stdout=(r"^Different draws: (?P<different>\d+) of 2$",), values={"different": Equals(1)}),
        Run(args=("--parent", "nothing"), start_methods=(),
            stdout=(r"^Different draws: (?P<different>\d+) of 3$",),
            absent=(r"same numbers",), values={"different": Equals(3)}),
        Run(args=("--parent", "seed", "--start-method", "spawn"), start_methods=(),
            stdout=(r"^Parent: seed; start method: spawn$", r"^Different draws: (?P<different>\d+) of 3$"),
            values={"different": Equals(3)}),
        Run(args=("--parent", "seed", "--start-method", "forkserver"), start_methods=(),
            stdout=(r"^Different draws: (?P<different>\d+) of 3$",), values={"different": Equals(3)}),
        # Two workers at least: one worker cannot repeat another (a bound the
        # generated bad-value test, which tries -1 and 0, does not reach).
        Run(args=("--workers", "1"), returncode=2, start_methods=(),
            stderr=(r"error: argument --workers: 1 is not 2 or more$",)),
    ],

    # --- Exercise starters: they run as given and print the serial (or first) answer ------
    # Exercise 1: the parent's clocks only; the workers' CPU time is the learner's to add.
    "ep06_scaling/ex_cpu_time.py": [
        Run(args=("--darts", "200001", "--workers", "2"),
            stdout=(r"^Darts thrown: (?P<darts>\d+) in (?P<tasks>\d+) tasks$",
                    r"^Pi estimate: (?P<pi>[\d.]+)$", r"^Time, wall: +[\d.]+ s$",
                    r"^Time, CPU of the parent: +[\d.]+ s$", r"^CPU / wall, parent: [\d.]+$"),
            absent=(r"CPU of the workers", r"^Busy cores"),
            values={"darts": Equals(200001), "tasks": Equals(2),
                    "pi": near(PI, pi_tolerance(200001))}),
    ],
    # Exercise 3: the serial sum and one call per number; the chunks are the learner's to add.
    "ep06_scaling/ex_chunked_sum.py": [
        Run(args=("--n", "100000", "--workers", "2"),
            stdout=(r"^  sum, serial: +(?P<serial>\d+)$",
                    r"^  sum, one call per number: +(?P<naive>\d+)$",
                    r"^Time, serial: +[\d.]+ s \(median of 3\)$",
                    r"^Time, one call per number: +[\d.]+ s \(median of 3\)$", r"^The sums agree\.$"),
            absent=(r"chunks",),
            values={name: Equals(sum_of_squares_below(100000)) for name in ("serial", "naive")}),
    ],

    # --- Exercise solutions -----------------------------------------------------------
    "ep06_scaling/cpu_time_of_pool.py": [
        Run(args=("--darts", "200001", "--workers", "2"),
            stdout=(r"^Darts thrown: (?P<darts>\d+) in (?P<tasks>\d+) tasks$",
                    r"^Pi estimate: (?P<pi>[\d.]+)$", r"^Time, wall: +[\d.]+ s$",
                    r"^Time, CPU of the parent: +[\d.]+ s$", r"^Time, CPU of the workers: +[\d.]+ s$",
                    r"^Busy cores on average \(CPU of all / wall\): [\d.]+$"),
            values={"darts": Equals(200001), "tasks": Equals(2),
                    "pi": near(PI, pi_tolerance(200001))}),
    ],
    "ep06_scaling/fit_amdahl.py": [
        # The exercise's data.
        Run(stdout=(r"^ +8 +10\.40 +(?P<s8>[\d.]+) +(?P<e8>[\d.]+)$",
                    r"^Fitted parallel fraction: p = (?P<p>[\d.]+)$",
                    r"^Upper limit on the speedup: (?P<limit>[\d.]+)$"),
            values={"s8": Equals("5.77"), "e8": Equals("0.72"), "p": Equals("0.945"),
                    "limit": Equals("18.3")}),
        # Times made from Amdahl's law with p = 0.9 must give back p = 0.9.
        Run(args=("--workers", "1", "2", "4", "8", "--times", "1", "0.55", "0.325", "0.2125",
                  "--predict", "16"),
            stdout=(r"^Fitted parallel fraction: p = (?P<p>[\d.]+)$",
                    r"^Predicted on 16 workers: speedup (?P<s16>[\d.]+), efficiency (?P<e16>[\d.]+)$"),
            values={"p": Equals("0.900"), "s16": Equals("6.4"), "e16": Equals("0.40")}),
        Run(args=("--workers", "1", "2", "--times", "3"), returncode=2,
            stderr=(r"error: give as many --times as --workers",)),
        Run(args=("--workers", "2", "4", "--times", "3", "2"), returncode=2,
            stderr=(r"error: --workers must start with 1$",)),
    ],

    # --- The assignment ---------------------------------------------------------------
    "ep06_scaling/haversine_serial.py": [
        # Paris to London is about 344 km along the surface.
        Run(args=("--pairs", "20000"),
            stdout=(r"^Paris to London: (?P<km>[\d.]+) km$", r"^Pairs: (?P<pairs>\d+)$",
                    r"^Mean distance: (?P<mean>[\d.]+) km$"),
            values={"km": near(343.5, 1.0), "pairs": Equals(20000),
                    "mean": near(10043.769, 0.001)}),
    ],
    "ep06_scaling/haversine_numpy.py": [
        # Same pairs as the serial script: same mean, and every distance agrees to 1e-9.
        Run(args=("--pairs", "20000", "--workers", "3", "--repeats", "2"),
            stdout=(r"^Paris to London: (?P<km>[\d.]+) km$",
                    r"^Pairs: (?P<serial>\d+) serial, (?P<numpy>\d+) NumPy, (?P<pool>\d+) pool$",
                    r"^Mean distance: (?P<mean>[\d.]+) km$",
                    r"^Largest relative difference, NumPy vs loop: (?P<d_numpy>[\d.e+-]+)$",
                    r"^Largest relative difference, pool vs loop: (?P<d_pool>[\d.e+-]+)$",
                    r"^Speedup, NumPy: \d+$", r"^Speedup, NumPy in a pool: \d+$"),
            values={"km": near(343.5, 1.0), "serial": Equals(20000), "numpy": Equals(20000),
                    "pool": Equals(20000), "mean": near(10043.769, 0.001),
                    "d_numpy": Between(0, 1e-9), "d_pool": Between(0, 1e-9)}),
    ],
}
