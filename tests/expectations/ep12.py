"""Expectations for episode 12, many runs on a cluster (see __init__.py).

These runs happen outside Slurm, with SLURM_ARRAY_TASK_ID or
SLURM_CPUS_PER_TASK set by hand where a script reads them.  The job scripts
themselves, the resumable sweep killed and rerun, and dask-jobqueue run on a
real Slurm in tests/test_ep12_cluster.py.

The result files go to one folder under _build/ shared by every run (and
every xdist worker): a result may already be there, written by an earlier
run, so the checks accept "Computed" and "Already done" alike, and check the
numbers, which are the same whoever computed them (each task has its own
seeded random stream).

Amira's bootstrap farm (step 7 of the chain) writes its chunk files into a
folder of this test session's own, one per number of workers, so that each
worker count really computes its chunks (the start methods after the first
find them done, and must print the same interval).  Splitting it over array
tasks, a rerun that computes nothing, and the job array on Slurm are in
tests/test_ep12_cluster.py.
"""
import os
import re
import uuid
from pathlib import Path

from expectations.bootstrap import INTERVAL_EXACT, RESAMPLES, SAMPLE_LINE
from expectations.setup_ep01 import USABLE  # episode 1's rule outside Slurm
from harness import START_METHODS, Equals, Run

RESULTS = str(Path(__file__).resolve().parents[2] / "_build" / "test" / "ep12-results")
SMALL = ("--epidemics", "5000")
NO_SLURM = {"SLURM_ARRAY_TASK_ID": "", "SLURM_CPUS_PER_TASK": ""}
DONE = r"(?:Computed|Already done, not computed again:|Already done)"

# Task 7 (R0 4.0, population 1000) with 5000 epidemics, seed 2026: always these numbers.
TASK7 = (rf"^{DONE} task 7: R0 4\.0, population 1000: mean final size (?P<mean>[\d.]+), "
         r"major outbreak (?P<major>[\d.]+)$")
TASK7_VALUES = {"mean": Equals("0.9590"), "major": Equals("0.9782")}

# One folder per test session (every xdist worker of a session shares it).
SESSION = os.environ.get("PYTEST_XDIST_TESTRUNUID") or uuid.uuid4().hex
BOOTSTRAP = f"{RESULTS}/bootstrap-{SESSION}"
# A temporary folder of this session's own, for a run that must leave nothing in it.
SCRATCH = f"{RESULTS}/scratch-{SESSION}"
Path(SCRATCH, "tmp").mkdir(parents=True, exist_ok=True)


def leaves_temporary_folder_empty(folder):
    def check(result):
        left = sorted(path.name for path in Path(folder).iterdir())
        assert not left, f"left in the temporary folder: {left}\n{result.describe()}"
    return check
CHUNKS_LINE = r"^Chunks: 20 of 20 for this run, \d+ of them already done$"


def every_missing_task_reported(result):
    """farm.py: as many results printed as tasks were missing, and all eight exist."""
    missing = int(re.search(r"^Tasks: 8, missing: (\d+)$", result.stdout, re.M).group(1))
    reported = re.findall(rf"^{DONE} task (\d+):", result.stdout, re.M)
    assert len(reported) == missing == len(set(reported)), result.describe()
    assert len(list(Path(RESULTS, "farm").glob("task-*.json"))) == 8, result.describe()


def ends_with_interval_and_every_chunk(folder):
    """bootstrap_farm.py: the interval is the last line, and all 20 chunk files are whole."""
    def check(result):
        assert re.fullmatch(INTERVAL_EXACT, result.stdout.splitlines()[-1]), result.describe()
        assert len(list(Path(folder).glob("chunk-*.npy"))) == 20, result.describe()
        assert not list(Path(folder).glob(".chunk-*")), "a temporary file was left behind"
    return check


def one_block(indices):
    def check(result):
        reported = [int(i) for i in re.findall(rf"^{DONE} task (\d+):", result.stdout, re.M)]
        assert reported == indices, result.describe()
    return check


EXPECTATIONS: dict[str, list[Run]] = {
    "ep12_cluster/sweep.py": [
        # The array index from Slurm's variable, as in a job array.
        Run(args=("--results", f"{RESULTS}/sweep", *SMALL), env={"SLURM_ARRAY_TASK_ID": "7"},
            stdout=(TASK7,), values=TASK7_VALUES),
        # The same task from --index gives the same numbers.
        Run(args=("--index", "7", "--results", f"{RESULTS}/sweep", *SMALL), env=NO_SLURM,
            stdout=(TASK7,), values=TASK7_VALUES),
        Run(args=("--list",), stdout=(r"^3: R0 1\.5, population 1000$",
                                      r"^Tasks: 8; submit them with sbatch --array=0-7$")),
        # Neither --index nor SLURM_ARRAY_TASK_ID; an index past the last set.
        Run(env=NO_SLURM, returncode=2, stderr=(r"error: give --index, or run as a Slurm array task",)),
        Run(args=("--index", "8"), returncode=2, stderr=(r"error: --index must be between 0 and 7",)),
    ],
    "ep12_cluster/farm.py": [
        Run(args=("--results", f"{RESULTS}/farm", *SMALL), env={"SLURM_CPUS_PER_TASK": "2"},
            stdout=(r"^Workers: 2$", r"^Tasks: 8, missing: \d$",
                    rf"^All results are in {re.escape(RESULTS)}/farm$"),
            check=every_missing_task_reported),
    ],
    "ep12_cluster/collect.py": [
        # A folder with no results: all missing, and the array to submit again.
        Run(args=("--results", f"{RESULTS}/nothing-here"), returncode=1,
            stdout=(r"^Results: 0 of 8$",
                    (r"^Missing: 0-7; submit them again with: sbatch --array=0-7 "
                     r"examples/ep12_cluster/sweep_array\.sh$"))),
    ],
    # Workers: episode 1's usable cores, the same function (from this folder's copy).
    "ep12_cluster/pool_size.py": [
        Run(env={"SLURM_CPUS_PER_TASK": "1"},
            stdout=(r"^SLURM_CPUS_PER_TASK: 1$", r"^Workers: (?P<workers>\d+)$"),
            values={"workers": Equals(1)}, absent=(r"^Warning",)),
        # More cores promised than this process may use: the smallest limit, and the warning.
        Run(env={"SLURM_CPUS_PER_TASK": "4096"},
            stdout=(r"^SLURM_CPUS_PER_TASK: 4096$", r"^Cores this process may run on: \d+$",
                    r"^Workers: (?P<workers>\d+)$",
                    (r"^Warning: Slurm gave each task 4096 cores, but this process may run on \d+\. "
                     r"In a job step, start it with srun -c \"\$SLURM_CPUS_PER_TASK\"\.$")),
            values={"workers": Equals(USABLE)}),
        Run(env=NO_SLURM, stdout=(r"^SLURM_CPUS_PER_TASK: not set$", r"^Workers: (?P<workers>\d+)$"),
            values={"workers": Equals(USABLE)}, absent=(r"^Warning",)),
    ],
    "ep12_cluster/unbalanced.py": [
        Run(args=("--scale", "2000"),
            stdout=(r"^Tasks: 8 on 2 workers, chunksize 4$", r"^Primes counted: (?P<primes>\d+)$",
                    r"^Tasks per worker: \[[\d, ]+\]$", r"^Time: [\d.]+ s$"),
            # Primes below 2000, 4000, ..., 16000, added up.
            values={"primes": Equals(303 + 550 + 783 + 1007 + 1229 + 1438 + 1652 + 1862)}),
    ],
    # The exercise's starter: it runs as given, unbalanced (spy_on_pool.py shows that).
    "ep12_cluster/ex_balanced.py": [
        Run(args=("--scale", "2000"),
            stdout=(r"^Tasks: 8 on 2 workers$", r"^Primes counted: (?P<primes>\d+)$"),
            values={"primes": Equals(303 + 550 + 783 + 1007 + 1229 + 1438 + 1652 + 1862)}),
    ],
    "ep12_cluster/ex_balanced_solution.py": [
        Run(args=("--scale", "2000"),
            stdout=(r"^Tasks: 8 on 2 workers, chunksize 1, biggest first$",
                    r"^Primes counted: (?P<primes>\d+)$"),
            values={"primes": Equals(303 + 550 + 783 + 1007 + 1229 + 1438 + 1652 + 1862)}),
    ],
    "ep12_cluster/ex_sweep_chunks.py": [
        # 8 sets, 3 per array task: task 2 runs sets 6 and 7 only.
        Run(args=("--index", "2", "--results", f"{RESULTS}/sweep", *SMALL), env=NO_SLURM,
            stdout=(TASK7,), values=TASK7_VALUES, check=one_block([6, 7])),
        Run(args=("--results", f"{RESULTS}/sweep", "--per-task", "4", *SMALL),
            env={"SLURM_ARRAY_TASK_ID": "1"}, stdout=(TASK7,), values=TASK7_VALUES,
            check=one_block([4, 5, 6, 7])),
        Run(args=("--index", "3"), env=NO_SLURM, returncode=2,
            stderr=(r"error: --index must be between 0 and 2 \(submit with --array=0-2\)",)),
    ],
    "ep12_cluster/spy_on_pool.py": [
        # Colours forced, as Jupyter does: py-spy's own lines are still left out.
        Run(env={"CLICOLOR_FORCE": "1"},
            stdout=(r"^Profiling: python unbalanced\.py", r"^Primes counted: 56349$",
                    r"^Worker 1: \d+% of its samples in count_primes$",
                    r"^Worker 2: \d+% of its samples in count_primes$",
                    r"^Busiest worker: \d+% computing$", r"^Least busy worker: \d+% computing$"),
            absent=(r"^Worker 3", r"py-spy"), timeout=180),
        Run(args=("--script", "ex_balanced_solution.py"),
            stdout=(r"^Tasks: 8 on 2 workers, chunksize 1, biggest first$",
                    r"^Least busy worker: \d+% computing$"), timeout=180),
        # One snapshot (colours forced, as in Jupyter): the parent and two workers, one in count_primes.
        Run(args=("--dump",), env={"CLICOLOR_FORCE": "1"},
            stdout=(r"^Process \d+: .*unbalanced\.py$", r"^\s+count_primes \(unbalanced\.py:\d+\)$"),
            count={r"^Process \d+: ": 3}, timeout=180),
        # A balanced pool never has a worker waiting while the other computes.
        Run(args=("--dump", "--script", "ex_balanced_solution.py"), returncode=1,
            stderr=(r"^no snapshot caught a worker waiting in 3 runs of ex_balanced_solution\.py$",),
            timeout=180),
        Run(args=("--script", "nonexistent.py"), returncode=2,
            stderr=(r"error: argument --script: no nonexistent\.py beside spy_on_pool\.py$",)),
    ],
    "ep12_cluster/dask_slurm.py": [
        # No Slurm needed to see the job script it would submit.
        # ... and leaves nothing in the temporary folder (it used to leave dask-scratch-space).
        Run(args=("--print-script", "--cores", "2"), env={"TMPDIR": f"{SCRATCH}/tmp"},
            stdout=(r"^#SBATCH -J dask-worker$", r"^#SBATCH --cpus-per-task=2$", r"^#SBATCH -t 00:10:00$",
                    r"-m distributed\.cli\.dask_worker tcp://\S+ .*--nthreads 1 .*--nworkers 2"),
            timeout=120, check=leaves_temporary_folder_empty(f"{SCRATCH}/tmp")),
        # Not on a Slurm login node: one line at once (it used to print a traceback and hang).
        Run(env={"PATH": "/nonexistent"}, returncode=1, timeout=30,
            stderr=(r"^dask_slurm\.py needs a Slurm login node \(no sbatch here\); "
                    r"--print-script shows the job script without Slurm$",)),
        Run(env={"SLURM_CONF": "/nonexistent/slurm.conf"}, returncode=1, timeout=60,
            stderr=(r"^dask_slurm\.py needs a Slurm login node \((squeue cannot reach a Slurm cluster|"
                    r"squeue did not answer in 10 s|no sbatch here)\); --print-script shows",)),
    ],
    # Step 7 of Amira's bootstrap: chunk files, written atomically, skipped when done; the
    # interval to the digit for 1, 2 and 4 workers.
    "bootstrap/bootstrap_farm.py": [
        # A folder per start method: the three runs go side by side, and one run's
        # temporary file is not another's leftover.
        Run(args=("--resamples", str(RESAMPLES), "--workers", str(workers),
                  "--results", f"{BOOTSTRAP}/{workers}-workers-{method}"),
            stdout=(rf"^Workers: {workers}$", CHUNKS_LINE, SAMPLE_LINE, rf"^Resamples: {RESAMPLES}$",
                    INTERVAL_EXACT), start_methods=(method,),
            check=ends_with_interval_and_every_chunk(f"{BOOTSTRAP}/{workers}-workers-{method}"))
        for workers in (1, 2, 4) for method in START_METHODS
    ] + [
        # Without --workers: the cores the job may use (here Slurm's 1 core per task).
        Run(args=("--resamples", str(RESAMPLES), "--results", f"{BOOTSTRAP}/slurm-1-core"),
            env={"SLURM_CPUS_PER_TASK": "1"}, stdout=(r"^Workers: 1$", CHUNKS_LINE, INTERVAL_EXACT),
            check=ends_with_interval_and_every_chunk(f"{BOOTSTRAP}/slurm-1-core")),
        Run(args=("--task", "2", "--tasks", "2"), returncode=2,
            stderr=(r"error: --task must be between 0 and 1 \(--tasks - 1\)$",)),
        Run(args=("--workers", "0"), returncode=2,
            stderr=(r"error: argument --workers: 0 is not 1 or more$",)),
        Run(args=("--tasks", "0"), returncode=2,
            stderr=(r"error: argument --tasks: 0 is not 1 or more$",)),
    ],
}

EXEMPT = {
    "bootstrap/bootstrap_farm.py": {"--task": "array task 0 is the first (-1 is still refused)"},
}
