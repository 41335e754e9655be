"""Expectations for the preflight check and episode 1 (see __init__.py)."""
import importlib.util
from pathlib import Path

from harness import EXAMPLES, Between, Equals, Run

FAKES = Path(__file__).resolve().parent.parent / "fakes"

# Episode 1's count_cores.py and its copies beside the scripts that import it.
COUNT_CORES = ["ep01_why/count_cores.py", "ep07_mpi/count_cores.py", "ep12_cluster/count_cores.py",
               "bootstrap/count_cores.py"]
_spec = importlib.util.spec_from_file_location("lesson_count_cores", EXAMPLES / COUNT_CORES[0])
count_cores = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(count_cores)
# Its rule for a process of these tests run with SLURM_CPUS_PER_TASK unset.
USABLE = min(value for name, value in count_cores.core_limits().items()
             if value is not None and name != "SLURM_CPUS_PER_TASK")

EXPECTATIONS: dict[str, list[Run]] = {
    # --- Setup ---------------------------------------------------------------------
    "check_setup.py": [
        Run(stdout=(r"^\[ok\] +Python 3\.\d+",
                    r"^\[ok\] +(?P<usable>\d+) usable cores? \(os\.cpu_count\(\) \d+",
                    r"^\[ok\] +all \d+ packages of examples/requirements\.txt import",
                    r"^\[info\] +default start method for processes: (fork|spawn|forkserver)$",
                    r"^\[ok\] +NumPy \d", r"^\[ok\] +mpiexec -n 2 ran two ranks",
                    r"^All checks passed"),
            values={"usable": Between(1, 4096)}, absent=(r"FAIL",), start_methods=(), ranks=()),
        # Failure paths: one [FAIL] line each and exit status 1.
        Run(args=("--mpiexec", "/nonexistent/mpiexec"),
            stdout=(r"^\[FAIL\] +mpiexec not found", r"^1 check\(s\) failed"),
            count={r"^\[FAIL\]": 1}, returncode=1, start_methods=(), ranks=()),
        Run(args=("--no-mpi",), env={"PYTHONPATH": str(FAKES / "no_numpy")},
            # numpy, or a package that imports it (numba), is named, with the reason.
            stdout=(r"^\[FAIL\] +cannot import .*\(simulated for a test: numpy is not installed\)",),
            absent=(r"mpi4py",), count={r"^\[FAIL\]": 1}, returncode=1, start_methods=(), ranks=()),
        Run(env={"PYTHONPATH": str(FAKES / "no_mpi4py")},
            stdout=(r"^\[FAIL\] +mpi4py cannot be imported \(simulated for a test",),
            count={r"^\[FAIL\]": 1}, returncode=1, start_methods=(), ranks=()),
        # Slurm's share counts as a limit: one core gets the "no speedup" note.
        Run(args=("--no-mpi",), env={"SLURM_CPUS_PER_TASK": "1"},
            stdout=(r"^\[ok\] +1 usable core \(.*; SLURM_CPUS_PER_TASK 1\)$",
                    r"^\[info\] +only 1 core", r"^All checks passed"),
            start_methods=(), ranks=()),
    ],

    # --- Episode 1: why and when to go parallel ----------------------------------
    # The lesson's one rule for usable cores; episodes 7 and 12 and the bootstrap
    # farm import it from copies of the same file (tests/test_usable_cores.py).
    **{name: [
        Run(env={"SLURM_CPUS_PER_TASK": ""},
            stdout=(r"^\s+os\.cpu_count\(\): (?P<logical>\d+)$", r"^\s+SLURM_CPUS_PER_TASK: not set$",
                    r"^Usable cores: (?P<usable>\d+)$"),
            values={"logical": Between(1, 4096), "usable": Equals(USABLE)}),
        # The smallest limit wins: Slurm saying 1 core overrides the rest.
        Run(env={"SLURM_CPUS_PER_TASK": "1"},
            stdout=(r"^\s+SLURM_CPUS_PER_TASK: 1$", r"^Usable cores: (?P<usable>\d+)$"),
            values={"usable": Equals(1)}),
        # A Slurm number above the others limits nothing; 0 is no number of cores.
        *[Run(env={"SLURM_CPUS_PER_TASK": value}, stdout=(r"^Usable cores: (?P<usable>\d+)$",),
              values={"usable": Equals(USABLE)}) for value in ("4096", "0")],
    ] for name in COUNT_CORES},
    "ep01_why/serial_vs_parallel.py": [
        # 9592 primes below 100 000; 7 tasks do not divide the range evenly.
        Run(args=("--limit", "100000", "--tasks", "7", "--workers", "3", "--repeats", "1"),
            stdout=(r"^Primes below 100000: serial (?P<serial>\d+), parallel (?P<parallel>\d+)$",
                    r"^Time serial: [\d.]+ s \(median of 1\)$",
                    r"^Time parallel: [\d.]+ s with 3 workers \(median of 1\)$",
                    r"^Speedup: [\d.]+$"),
            values={"serial": Equals(9592), "parallel": Equals(9592)}),
    ],
    "ep01_why/amdahl.py": [
        Run(stdout=(r"^Parallel fraction p = 0\.9$",
                    r"^\s+4\s+(?P<s4>[\d.]+)\s+(?P<e4>[\d.]+)$",
                    r"^Upper limit on the speedup: (?P<limit>[\d.]+)$"),
            values={"s4": Equals("3.08"), "e4": Equals("0.77"), "limit": Equals("10.00")}),
        # The exercise's question: p = 0.95 on 4, 8 and 32 workers.
        Run(args=("--parallel-fraction", "0.95", "--workers", "4", "8", "32"),
            stdout=(r"^\s+4\s+3\.48\s+0\.87$", r"^\s+8\s+5\.93\s+0\.74$",
                    r"^\s+32\s+12\.55\s+0\.39$", r"^Upper limit on the speedup: 20\.00$")),
        Run(args=("--parallel-fraction", "1", "--workers", "8"),
            stdout=(r"^\s+8\s+8\.00\s+1\.00$", r"none \(perfectly parallel\)")),
        Run(args=("--parallel-fraction", "1.5"), returncode=2,
            stderr=(r"error: argument --parallel-fraction: 1\.5 is not between 0 and 1$",)),
        Run(args=("--workers", "4", "0"), returncode=2,
            stderr=(r"error: argument --workers: 0 is not 1 or more$",)),
    ],
    # The exercise's starter: it runs, and shows perfect scaling until the learner
    # writes Amdahl's law into amdahl_speedup().
    "ep01_why/ex_amdahl.py": [
        Run(args=("--parallel-fraction", "0.95", "--workers", "4", "8", "32"),
            stdout=(r"^Parallel fraction p = 0\.95$", r"^\s+4\s+4\.00\s+1\.00$",
                    r"^\s+8\s+8\.00\s+1\.00$", r"^\s+32\s+32\.00\s+1\.00$"),
            absent=(r"Upper limit",)),
        Run(args=("--parallel-fraction", "1.5"), returncode=2,
            stderr=(r"error: argument --parallel-fraction: 1\.5 is not between 0 and 1$",)),
        Run(args=("--workers", "4", "0"), returncode=2,
            stderr=(r"error: argument --workers: 0 is not 1 or more$",)),
    ],
}
