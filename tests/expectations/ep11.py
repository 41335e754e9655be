"""Expectations for episode 11, tightly coupled MPI (see __init__.py).

Every script here but scaling_laws.py imports mpi4py, so each Run goes under
`mpiexec -n 1..4` unless it says otherwise (ranks=).  Rank 0 prints the
report, so the patterns see it once.  On a bad value every rank prints the
same error line (no output redirection), so those runs accept it once per rank.
tests/test_ep11_coupled_mpi.py compares the heat equation with its serial
version for 1 to 4 ranks, on grids that do not divide evenly.  The starters
(ex_swap.py, ex_split_rows.py, ex_halo.py) are run as given: they fail the
way their exercises say.
"""
import re

from harness import Between, Equals, Run

RANKS = (1, 2, 3, 4)
FOLDER = "ep11_coupled_mpi"


def error_once_per_rank(ranks):
    """Each of the `ranks` ranks printed the same one error line."""
    def check(result):
        errors = [line for line in result.stderr.splitlines() if "error:" in line]
        assert len(errors) == ranks and len(set(errors)) == 1, result.describe()
    return check


def bad_value(args, message, ranks):
    """A bad value under mpiexec -n `ranks`: exit 2, the same error from every rank."""
    return Run(args=args, returncode=2, stderr=(re.escape(f"error: {message}"),), ranks=(ranks,),
               check=error_once_per_rank(ranks))


def ring_correct(result):
    """nonblocking.py: one line per rank, in order, both neighbours' data correct."""
    size = int(re.search(r"^Ranks in the ring: (\d+);", result.stdout, re.MULTILINE).group(1))
    lines = re.findall(r"^rank (\d+): from the left (\w+), from the right (\w+), own work [\d.]+$",
                       result.stdout, re.MULTILINE)
    assert [int(r) for r, _, _ in lines] == list(range(size)), result.describe()
    assert all(left == right == "correct" for _, left, right in lines), result.describe()


def shares(rows, cols):
    """scatterv_rows.py: counts and displacements add up, rows differ by at most one."""
    def check(result):
        def listed(label):
            found = re.search(rf"^{label}: \[([\d, ]*)\]$", result.stdout, re.MULTILINE)
            assert found, result.describe()
            return [int(x) for x in found.group(1).split(",") if x.strip()]
        per_rank, counts, displacements = (listed(label) for label in
                                           ("Rows per rank", "Counts", "Displacements"))
        assert sum(per_rank) == rows and max(per_rank) - min(per_rank) <= 1, result.describe()
        assert counts == [r * cols for r in per_rank], result.describe()
        assert displacements == [sum(counts[:i]) for i in range(len(counts))], result.describe()
        assert listed("Rows each rank received") == per_rank, result.describe()
    return check


def refused_by_every_rank(ranks):
    """ex_split_rows.py: each rank refused the uneven split with the same message (the
    ranks' messages and their line ends may interleave on the shared stderr)."""
    def check(result):
        assert result.stderr.count(f"11 rows do not divide among {ranks} ranks") == ranks, \
            result.describe()
    return check


# The explanation is one write, so it arrives whole before MPI_Abort tears the job down.
DEADLOCK_LINES = (r"^Deadlock: rank 0 has waited 2 s in Send \(8000 KB to rank 1\)",
                  r"^Stopping every rank with MPI_Abort \(exit status 3\)\.$")

EXPECTATIONS: dict[str, list[Run]] = {
    f"{FOLDER}/nonblocking.py": [
        *[Run(ranks=(n,), args=("--numbers", "200000"),
              stdout=(rf"^Ranks in the ring: {n}; 200000 numbers to each neighbour$",
                      r"^Requests not completed after Waitall: (?P<pending>\d+)$"),
              values={"pending": Equals(0)}, count={r"^rank \d+: ": n}, check=ring_correct)
          for n in RANKS],
    ],
    # Large messages hang; the watchdog ends the job within its timeout, with exit status 3.
    f"{FOLDER}/deadlock.py": [
        Run(args=("--timeout", "2"), ranks=(2, 3, 4), timeout=30, returncode=3,
            stdout=DEADLOCK_LINES, absent=(r"^No deadlock",)),
        # Small messages go eagerly: the same code finishes at once.
        Run(args=("--kilobytes", "1", "--timeout", "20"), ranks=(2, 3, 4), timeout=30,
            stdout=(r"^Each pair of ranks swaps 1 KB: Send first, then Recv",
                    r"^No deadlock: finished in [\d.]+ ms; every rank received (?P<data>the right data)\.$",
                    r"^enough to be sent eagerly\.$"),
            values={"data": Equals("the right data")}, absent=(r"^Deadlock",)),
        Run(ranks=(1,), stdout=(r"^Run this with at least 2 ranks",)),
        # Ssend never goes eagerly: even 1 KB hangs (issue 23, point 16).
        Run(args=("--kilobytes", "1", "--synchronous", "--timeout", "2"), ranks=(2, 4), timeout=30,
            returncode=3,
            stdout=(r"^Each pair of ranks swaps 1 KB: Ssend first, then Recv",
                    r"^Deadlock: rank 0 has waited 2 s in Ssend \(1 KB to rank 1\)",
                    r"^Stopping every rank with MPI_Abort \(exit status 3\)\.$"),
            absent=(r"^No deadlock",)),
        # The watchdog calls Abort from a second thread: below MPI_THREAD_MULTIPLE every rank refuses.
        Run(ranks=(2,), env={"MPI4PY_RC_THREAD_LEVEL": "serialized"}, timeout=30, returncode=1,
            stderr=(r"The watchdog needs MPI_THREAD_MULTIPLE",), absent=(r"^Each pair",)),
        bad_value(("--timeout", "0"), "argument --timeout: 0 is not more than 0", ranks=2),
        bad_value(("--kilobytes", "-1"), "argument --kilobytes: -1 is not more than 0", ranks=2),
    ],
    # Exercises 1 and 2: the starter hangs like deadlock.py; the solutions are deadlock_fixed.py.
    f"{FOLDER}/ex_swap.py": [
        Run(args=("--timeout", "2"), ranks=(2, 3), timeout=30, returncode=3, stdout=DEADLOCK_LINES,
            absent=(r"^Every rank received",)),
        Run(args=("--kilobytes", "1"), ranks=(2, 3, 4), timeout=30,
            stdout=(r"^Ranks: \d; each pair swapped 1 KB in [\d.]+ ms$",
                    r"^Every rank received its partner's data: (?P<ok>\w+)$"),
            values={"ok": Equals("yes")}),
        Run(ranks=(1,), stdout=(r"^Run this with at least 2 ranks",)),
        bad_value(("--timeout", "0"), "argument --timeout: 0 is not more than 0", ranks=2),
    ],
    f"{FOLDER}/deadlock_fixed.py": [
        Run(ranks=(2, 3, 4), timeout=60,
            stdout=(r"^Ranks: \d; each pair swaps 8000 KB$",
                    r"^Sendrecv: every rank received its partner's data: (?P<a>\w+) \([\d.]+ ms\)$",
                    (r"^Isend/Irecv/Waitall: every rank received its partner's data: (?P<b>\w+) "
                     r"\([\d.]+ ms\)$")),
            values={"a": Equals("yes"), "b": Equals("yes")}),
        Run(ranks=(3,), args=("--kilobytes", "16"), stdout=(r"^rank 2 had no partner and sat it out$",)),
        Run(ranks=(1,), stdout=(r"^Run this with at least 2 ranks",)),
    ],
    f"{FOLDER}/scatterv_rows.py": [
        # 11 rows do not divide by 2, 3 or 4 ranks.
        *[Run(ranks=(n,), stdout=(rf"^Matrix: 11 rows x 4 columns on {n} ranks?$",
                                  r"^Same as normalising the whole matrix on one rank: (?P<same>\w+)$"),
              values={"same": Equals("yes")}, check=shares(11, 4))
          for n in RANKS],
        # Fewer rows than ranks: one rank gets none, and still takes part.
        Run(ranks=(4,), args=("--rows", "3", "--cols", "5"),
            stdout=(r"^Rows per rank: \[1, 1, 1, 0\]$",
                    r"^Same as normalising the whole matrix on one rank: (?P<same>\w+)$"),
            values={"same": Equals("yes")}, check=shares(3, 5)),
    ],
    # Exercise 3: the starter shares rows only when they divide by the ranks; scatterv_rows.py is
    # the solution.
    f"{FOLDER}/ex_split_rows.py": [
        Run(ranks=(1,), stdout=(r"^Rows each rank received: \[11\]$",
                                r"^Same as normalising the whole matrix on one rank: (?P<same>\w+)$"),
            values={"same": Equals("yes")}),
        *[Run(ranks=(n,), returncode=1, stderr=(rf"11 rows do not divide among {n} ranks",),
              absent=(r"^Matrix",), check=refused_by_every_rank(n))
          for n in (2, 3, 4)],
        Run(ranks=(4,), args=("--rows", "12"),
            stdout=(r"^Rows each rank received: \[3, 3, 3, 3\]$",
                    r"^Same as normalising the whole matrix on one rank: (?P<same>\w+)$"),
            values={"same": Equals("yes")}),
        bad_value(("--rows", "0"), "argument --rows: 0 is not 1 or more", ranks=2),
    ],
    f"{FOLDER}/heat_serial.py": [
        Run(args=("--rows", "41", "--cols", "57", "--steps", "30"),
            stdout=(r"^Grid: 41 x 57, 30 steps$", r"^Checksum \(sum of all temperatures\): [\d.]+$",
                    r"^Time: [\d.]+ s$")),
    ],
    f"{FOLDER}/heat.py": [
        *[Run(ranks=(n,), args=("--rows", "41", "--cols", "57", "--steps", "30"),
              stdout=(r"^Grid: 41 x 57, 30 steps, ranks on a \d x \d grid$",
                      r"^Largest difference from the serial run: (?P<diff>\S+)$",
                      r"^Time: [\d.]+ s$"),
              values={"diff": Equals(0)}, count={r"^rank \d+ at \(\d, \d\): ": n})
          for n in RANKS],
        Run(ranks=(2,), args=("--rows", "30", "--cols", "30", "--steps", "5", "--repeats", "3",
                              "--no-check"),
            stdout=(r"^Time: [\d.]+ s \(median of 3 runs\)$",), absent=(r"^Largest difference",)),
        # More ranks along a side than the inside has rows: refused by every rank.
        bad_value(("--rows", "3"), "the grid's inside is too small for 2 x 1 ranks", ranks=2),
    ],
    # Exercise 4: rows only, so right while the ranks form one column (1 x 1, 2 x 1, 3 x 1) and
    # wrong on 2 x 2; the solution is heat.py's exchange_halos.
    f"{FOLDER}/ex_halo.py": [
        *[Run(ranks=(n,), stdout=(rf"^Grid: 42 x 52, 50 steps, ranks on a {n} x 1 grid$",
                                  r"^Largest difference from the serial run: (?P<diff>\S+)$"),
              values={"diff": Equals(0)})
          for n in (1, 2, 3)],
        Run(ranks=(4,), stdout=(r"^Grid: 42 x 52, 50 steps, ranks on a 2 x 2 grid$",
                                r"^Largest difference from the serial run: (?P<diff>\S+)$"),
            values={"diff": Between(0.01, 10)}),
        # heat.py's check of the grid against the ranks, here for the columns of a 2 x 2 grid.
        bad_value(("--cols", "3"), "the grid's inside is too small for 2 x 2 ranks", ranks=4),
    ],
    f"{FOLDER}/heat_steady.py": [
        *[Run(ranks=(n,), args=("--rows", "22", "--cols", "31", "--tolerance", "0.002"),
              stdout=(r"^Steps until no point changed by more than 0\.002: (?P<steps>\d+) ",
                      r"^Steps in the serial run: (?P<serial>\d+)$",
                      r"^Largest difference from the serial run: (?P<diff>\S+)$"),
              values={"diff": Equals(0)},
              check=lambda result: _same_steps(result))
          for n in RANKS],
    ],
    f"{FOLDER}/scaling_laws.py": [
        Run(args=("--parallel-fraction", "0.9", "--ranks", "1", "10", "100"),
            stdout=(r"^ +1 +1\.00 +1\.00$", r"^ +10 +(?P<a10>[\d.]+) +(?P<g10>[\d.]+)$",
                    r"^ +100 +(?P<a100>[\d.]+) +(?P<g100>[\d.]+)$",
                    r"^Amdahl's limit for any number of ranks: (?P<limit>[\d.]+)$"),
            values={"a10": Equals(5.26), "g10": Equals(9.1), "a100": Equals(9.17),
                    "g100": Equals(90.1), "limit": Equals(10)}),
        Run(args=("--parallel-fraction", "1"),
            stdout=(r"^Amdahl's limit for any number of ranks: none$",)),
        Run(args=("--parallel-fraction", "1.5"), returncode=2,
            stderr=(r"error: argument --parallel-fraction: 1\.5 is not between 0 and 1$",)),
    ],
}


def _same_steps(result):
    """heat_steady.py: the ranks stopped at the same step as the serial loop."""
    steps = re.search(r"more than [\d.]+: (\d+) ", result.stdout).group(1)
    serial = re.search(r"^Steps in the serial run: (\d+)$", result.stdout, re.MULTILINE).group(1)
    assert steps == serial and int(steps) > 10, result.describe()
