"""Expectations for episode 7, MPI with mpi4py (see __init__.py).

Every script here imports mpi4py, so each Run goes under `mpiexec -n 1..4`
unless it says otherwise (ranks=).  Only rank 0 prints its report, so the
patterns see one report, not lines from several ranks mixed together
(every_rank_prints.py is the exception, on purpose).  Every rank parses the
command line: with a bad value each rank prints the same error line and the
job exits with status 2.  The generated bad-input test runs each script
plainly and under mpiexec -n 2; the few bad-value runs here add other rank
counts, mpi4py.futures, and bounds it does not try.
"""
import re

from expectations.bootstrap import INTERVAL_EXACT, RESAMPLES, SAMPLE_LINE
from expectations.setup_ep01 import USABLE  # episode 1's rule outside Slurm
from harness import Equals, Run, near

# What the seeded pi runs must give (the same for every number of ranks):
# 1 000 003 darts in 16 blocks, seed 2024.  tests/test_ep07_mpi.py also
# compares the three pi programs with each other, rank count by rank count.
PI_HITS = 785869
PI_ESTIMATE = "3.143467"

RANKS = (1, 2, 3, 4)
NO_SLURM = {"SLURM_NTASKS": "", "SLURM_CPUS_PER_TASK": ""}  # in case the tests run inside a job


def same_error_on_every_rank(ranks):
    """Each of the `ranks` ranks reported the bad value: the same error line, once each."""
    def check(result):
        errors = [line for line in result.stderr.splitlines() if "error:" in line]
        assert len(errors) == ranks and len(set(errors)) == 1, result.describe()
    return check


def bad_value(args, message, ranks=3, **kwargs):
    """A run with a bad value under mpiexec -n `ranks`: exit 2, the message once per rank."""
    return Run(args=args, returncode=2, stderr=(re.escape(f"error: {message}"),),
               check=same_error_on_every_rank(ranks), ranks=(ranks,), **kwargs)


def per_rank_lines(result):
    """hello_ranks.py: one line per rank, in rank order, sharing out all the numbers."""
    size = int(re.search(r"^Number of ranks \(size\): (\d+)$", result.stdout, re.M).group(1))
    lines = re.findall(r"^rank (\d+) \(process \d+ on \S+\): numbers \[([\d, ]*)\], sum (\d+)$",
                       result.stdout, re.M)
    assert [int(rank) for rank, _, _ in lines] == list(range(size)), result.describe()
    numbers = sorted(int(x) for _, listed, _ in lines for x in listed.split(",") if x.strip())
    assert numbers == list(range(20)), result.describe()


def blocks_shared_out(darts, blocks, hits=None):
    """pi_gather.py: every rank reports; blocks and darts add up to the whole."""
    def check(result):
        lines = re.findall(r"^rank (\d+): (\d+) blocks, (\d+) darts, (\d+) hits$", result.stdout, re.M)
        assert lines, result.describe()
        assert [int(r) for r, *_ in lines] == list(range(len(lines))), result.describe()
        counts = [int(b) for _, b, _, _ in lines]
        assert sum(counts) == blocks and max(counts) - min(counts) <= 1, result.describe()
        assert sum(int(d) for _, _, d, _ in lines) == darts, result.describe()
        assert hits is None or sum(int(h) for *_, h in lines) == hits, result.describe()
    return check


def tasks_add_up(result):
    """futures_pi.py: the workers between them did every one of the 16 tasks."""
    listed = re.search(r"^Tasks per worker rank: (.*)$", result.stdout, re.M).group(1)
    done = [int(part.split(":")[1]) for part in listed.split(", ")]
    assert sum(done) == 16, result.describe()


def ring_order(result, laps):
    """send_recv.py: the token went round in rank order, every lap, and summed the ranks."""
    size = int(re.search(r"^Ranks in the ring: (\d+)$", result.stdout, re.M).group(1))
    order = re.search(r"^Order of the first lap: ([\d ]+)$", result.stdout, re.M).group(1)
    assert order.split() == [str(r) for r in range(size)], result.describe()
    assert f"Messages sent: {laps * size} in {laps} laps" in result.stdout, result.describe()
    total = laps * size * (size - 1) // 2
    assert f"Sum of the ranks it collected: {total}" in result.stdout, result.describe()


def scattered(result, n):
    """collectives.py: the slices are rank r's every size-th number, and cover 1..n."""
    slices = re.findall(r"^scatter: rank (\d+) received \[([\d, ]*)\]$", result.stdout, re.M)
    size = len(slices)
    assert [int(r) for r, _ in slices] == list(range(size)), result.describe()
    for r, listed in slices:
        got = [int(x) for x in listed.split(",") if x.strip()]
        assert got == list(range(int(r) + 1, n + 1, size)), result.describe()


PI_LINES = (r"^Darts thrown: (?P<darts>\d+) of 1000003$", r"^Hits: (?P<hits>\d+)$",
            r"^Pi estimate: (?P<pi>\d\.\d{6}) \(error [\d.e+-]+\)$")
PI_VALUES = {"darts": Equals(1_000_003), "hits": Equals(PI_HITS), "pi": Equals(PI_ESTIMATE)}

EXPECTATIONS: dict[str, list[Run]] = {
    # Step 4 of Amira's bootstrap: the chunks dealt out to the ranks.  The interval
    # is the reference one, digit for digit, for every number of ranks (1 to 4).
    "bootstrap/bootstrap_mpi.py": [
        Run(args=("--resamples", str(RESAMPLES)),
            stdout=(SAMPLE_LINE, rf"^Resamples: {RESAMPLES}$", INTERVAL_EXACT, r"^Ranks: [1-4]$"),
            count={r"^95 % interval": 1}),
        # As the page runs it: under -m mpi4py.
        Run(args=("--resamples", str(RESAMPLES)), python_args=("-m", "mpi4py"), ranks=(2,),
            stdout=(INTERVAL_EXACT, r"^Ranks: 2$")),
        bad_value(("--resamples", "0"), "argument --resamples: 0 is not 1 or more", ranks=2),
    ],
    "ep07_mpi/hello_ranks.py": [
        *[Run(ranks=(n,), stdout=(rf"^Number of ranks \(size\): {n}$",
                                  r"^Sum of 0 to 19: (?P<total>\d+) \(formula n\(n-1\)/2 gives 190\)$"),
              values={"total": Equals(190)}, count={r"^Number of ranks": 1}, check=per_rank_lines)
          for n in RANKS],
        # Every rank parses the options: a bad value stops every rank, each saying why.
        bad_value(("--n", "0"), "argument --n: 0 is not 1 or more", ranks=3),
        bad_value(("--n", "0"), "argument --n: 0 is not 1 or more", ranks=1),
    ],
    "ep07_mpi/pi_gather.py": [
        *[Run(ranks=(n,), stdout=PI_LINES,
              values=PI_VALUES, count={r"^rank \d+: ": n, r"^Pi estimate": 1},
              check=blocks_shared_out(1_000_003, 16, PI_HITS))
          for n in RANKS],
        # Fewer blocks than ranks: some ranks throw nothing, no dart is lost.
        Run(args=("--darts", "1001", "--blocks", "3"),
            stdout=(r"^Darts thrown: (?P<darts>\d+) of 1001$",), values={"darts": Equals(1001)},
            check=blocks_shared_out(1001, 3)),
    ],
    "ep07_mpi/pi_reduce.py": [
        *[Run(ranks=(n,), stdout=(rf"^Ranks: {n}$", *PI_LINES, r"^Time on the slowest rank: [\d.]+ s$"),
              values=PI_VALUES, count={r"^Pi estimate": 1})
          for n in RANKS],
        # 7 darts in 5 blocks over up to 4 ranks: nothing divides evenly.
        Run(args=("--darts", "7", "--blocks", "5"),
            stdout=(r"^Darts thrown: (?P<darts>\d+) of 7$",), values={"darts": Equals(7)}),
    ],
    "ep07_mpi/send_recv.py": [
        *[Run(ranks=(n,),
              stdout=(rf"^Ranks in the ring: {n}$", r"^Messages sent: \d+ in 2 laps$",
                      r"^Sum of the ranks it collected: \d+$"),
              count={r"^Ranks in the ring": 1}, check=lambda result: ring_order(result, laps=2))
          for n in (2, 3, 4)],
        Run(ranks=(1,), stdout=(r"^Only one rank: there is nobody to send the token to\.$",)),
    ],
    "ep07_mpi/collectives.py": [
        Run(stdout=(r"^bcast: +every rank received \{'power': 2\}: (?P<same>\w+)$",
                    r"^reduce: +rank 0 received their total (?P<total>\d+)$",
                    r"^Sum of squares 1\.\.10: (?P<sum>\d+) \(formula n\(n\+1\)\(2n\+1\)/6 gives 385\)$"),
            values={"same": Equals("yes"), "total": Equals(385), "sum": Equals(385)},
            count={r"^bcast:": 1}, check=lambda result: scattered(result, n=10)),
        # Fewer numbers than ranks: some ranks get an empty slice.
        Run(args=("--n", "2"), stdout=(r"^reduce: +rank 0 received their total (?P<total>\d+)$",),
            values={"total": Equals(5)}, check=lambda result: scattered(result, n=2)),
    ],
    "ep07_mpi/buffers_vs_pickle.py": [
        Run(args=("--megabytes", "2"),
            stdout=(r"^Array: 250000 float64 numbers \(2 MB\); ranks: [234]$",
                    r"^Time bcast \(pickled\): [\d.]+ ms$", r"^Time Bcast \(buffer\): [\d.]+ ms$",
                    r"^Received data correct on every rank: (?P<ok>\w+)$"),
            values={"ok": Equals("yes")}, ranks=(2, 3, 4),
            count={r"^Array:": 1, r"^Time send/recv \(pickled\): [\d.]+ ms$": 1,
                   r"^Time Send/Recv \(buffer\): [\d.]+ ms$": 1}),
        Run(args=("--megabytes", "1"), ranks=(1,),
            stdout=(r"^send/recv needs 2 ranks",
                    r"^Received data correct on every rank: (?P<ok>\w+)$"),
            values={"ok": Equals("yes")}, absent=(r"^Time send/recv",)),
    ],
    "ep07_mpi/global_stats.py": [
        Run(stdout=(r"^Values: 100000; ranks: [1-4]$", r"^Mean: (?P<mean>[\d.]+)$",
                    r"^Standard deviation: (?P<std>[\d.]+)$",
                    r"^More than 2 standard deviations from the mean: (?P<out>\d+) ",
                    r"^Check against all data on one rank: (?P<check>\w+)$"),
            # The same data whatever the number of ranks: seed 7 gives these.
            values={"mean": Equals("14.992228"), "std": Equals("4.004522"), "out": Equals(4558),
                    "check": Equals("agrees")}, count={r"^Mean:": 1}),
        # Fewer blocks than ranks: ranks without data still take part.
        Run(args=("--values", "50", "--blocks", "2"),
            stdout=(r"^Values: (?P<n>\d+); ranks: \d$", r"^Mean: (?P<mean>[\d.]+)$",
                    r"^Check against all data on one rank: (?P<check>\w+)$"),
            values={"n": Equals(50), "mean": near(15, 2.5), "check": Equals("agrees")}),
        # Two values at least (a standard deviation needs two): a bound -1 and 0 do not probe.
        bad_value(("--values", "1"), "argument --values: 1 is not 2 or more", ranks=2),
    ],
    # Its docstring names ProcessPoolExecutor, which would run it under every
    # start method; it starts no processes itself (mpiexec does), so once is enough.
    "ep07_mpi/futures_pi.py": [
        # Rank 0 runs the script, the other ranks are the pool's workers.
        # With -n 1 there are no other ranks, and rank 0 runs the tasks itself.
        *[Run(python_args=("-m", "mpi4py.futures"), ranks=(n,), start_methods=(),
              stdout=(rf"^Workers in the pool: {max(1, n - 1)}$", *PI_LINES),
              values=PI_VALUES, check=tasks_add_up)
          for n in RANKS],
        Run(args=("--blocks", "0"), python_args=("-m", "mpi4py.futures"), ranks=(2,), start_methods=(),
            # Only rank 0 runs the script under mpi4py.futures: one error line.
            returncode=2, stderr=(r"error: argument --blocks: 0 is not 1 or more$",),
            check=same_error_on_every_rank(1)),
    ],
    "ep07_mpi/one_rank_fails.py": [
        # Rank 1 fails while rank 0 waits in reduce: -m mpi4py aborts the whole
        # job, quickly (the timeout fails a hang), with the error on stderr.
        # MPICH's own "called MPI_Abort" line is not required: it is printed
        # as the job is torn down, and a full test run once lost it.
        Run(python_args=("-m", "mpi4py"), ranks=(2, 3, 4), timeout=30, returncode=1,
            stderr=(r"^RuntimeError: rank 1 failed on purpose \(--fail-rank 1\)$",),
            absent=(r"^Ranks:",), traceback_ok=True),
        # Rank 0, the root of the reduce, fails instead.
        Run(args=("--fail-rank", "0"), python_args=("-m", "mpi4py"), ranks=(2,), timeout=30,
            returncode=1, stderr=(r"^RuntimeError: rank 0 failed on purpose",), traceback_ok=True),
        # No rank 1 to fail with one rank (or --fail-rank beyond the ranks): it just works.
        Run(python_args=("-m", "mpi4py"), ranks=(1,),
            stdout=(r"^Ranks: 1; sum of rank² over all ranks: (?P<total>\d+)$",),
            values={"total": Equals(0)}),
        Run(args=("--fail-rank", "9"), python_args=("-m", "mpi4py"), ranks=(4,),
            stdout=(r"^Ranks: 4; sum of rank² over all ranks: (?P<total>\d+)$",),
            values={"total": Equals(14)}),
    ],
    "ep07_mpi/cluster_cores.py": [
        # Outside Slurm: episode 1's usable cores, shared among the ranks of the node.
        *[Run(ranks=(n,), env=NO_SLURM,
              stdout=(rf"^MPI ranks \(size of COMM_WORLD\): {n}$", r"^SLURM_NTASKS: not set$",
                      rf"^Node \S+: ranks {n}, usable cores of a rank (?P<usable>\d+), "
                      r"cores they may use together (?P<together>\d+)$",
                      r"^Threads per rank: (?P<threads>\d+) \(a rank's usable cores, at most an "
                      r"equal share of the node's\); set OMP_NUM_THREADS=(?P=threads)$"),
              values={"usable": Equals(USABLE), "together": Equals(USABLE),
                      "threads": Equals(max(1, USABLE // n))})
          for n in RANKS],
        # Slurm's 1 core per task is the smallest limit: one thread per rank.
        Run(env={"SLURM_NTASKS": "", "SLURM_CPUS_PER_TASK": "1"},
            stdout=(r"^Node \S+: ranks \d, usable cores of a rank (?P<usable>\d+), ",
                    r"^Threads per rank: (?P<threads>\d+) "),
            values={"usable": Equals(1), "threads": Equals(1)}),
        # Inside a Slurm job (its variables set by hand): Slurm's 3 cores per task are one
        # limit of each rank, and the node's cores are shared among its 4 ranks.
        Run(ranks=(4,), env={"SLURM_NTASKS": "4", "SLURM_CPUS_PER_TASK": "3"},
            stdout=(r"^SLURM_NTASKS: 4$", r"^SLURM_CPUS_PER_TASK: 3$",
                    r"^Node \S+: ranks 4, usable cores of a rank (?P<usable>\d+), ",
                    r"^Threads per rank: (?P<threads>\d+) "),
            values={"usable": Equals(min(USABLE, 3)),
                    "threads": Equals(max(1, min(USABLE, 3, USABLE // 4)))},
            absent=(r"^Warning: Slurm gave",)),
        # Fewer ranks started than Slurm tasks: the script says so.
        Run(ranks=(2,), env={"SLURM_NTASKS": "4", "SLURM_CPUS_PER_TASK": "1"},
            stdout=(r"^Warning: Slurm gave 4 tasks but the MPI job has 2 ranks; start the ranks "
                    r"with mpiexec -n \$SLURM_NTASKS, or srun --mpi=pmi2$",
                    r"^Threads per rank: (?P<threads>\d+) "),
            values={"threads": Equals(1)}),
        # What plain srun does with the mpich wheel: one program of one rank per task.
        Run(ranks=(1,), env={"SLURM_NTASKS": "2", "SLURM_CPUS_PER_TASK": ""},
            stdout=(r"^Warning: Slurm gave 2 tasks but the MPI job has 1 rank; ",)),
        # More ranks than tasks: mpiexec in a job starts its ranks from a job step of
        # one task, whose SLURM_NTASKS (1) is not the job's; no warning then.
        Run(ranks=(2,), env={"SLURM_NTASKS": "1", "SLURM_CPUS_PER_TASK": ""},
            stdout=(r"^SLURM_NTASKS: 1 \(of the job step that started the ranks, not of the job\)$",),
            absent=(r"^Warning",)),
        # A value that is not a positive number counts as not set.
        *[Run(ranks=(1,), env={"SLURM_NTASKS": "", "SLURM_CPUS_PER_TASK": value},
              stdout=(r"^SLURM_CPUS_PER_TASK: not set$", r"^Threads per rank: (?P<threads>\d+) "),
              values={"threads": Equals(USABLE)}) for value in ("zero", "0")],
    ],
}

# Every rank prints, so lines may mix (the tests' runs are unbuffered): count
# the pieces, not the lines.  tests/test_ep07_mpi.py runs it in a terminal,
# buffered and with -u, as a learner does.
EXPECTATIONS["ep07_mpi/every_rank_prints.py"] = [
    Run(ranks=(n,), count={r"rank \d+:": n, r" step 3": n, r" done": n}) for n in RANKS
]

EXEMPT = {
    "ep07_mpi/one_rank_fails.py": {"--fail-rank": "any integer: a rank that does not exist (-1) never "
                                                  "fails, and rank 0 failing is the point of a run"},
}
