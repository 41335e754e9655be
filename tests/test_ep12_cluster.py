"""Episode 12 checks the expectations table cannot express.

- The resumable sweep (farm.py) killed at a random point three times: after
  the reruns its results equal those of an uninterrupted run, no result file
  is half written, and no task is computed again once its result was written.
  Its temporary files have unique names (a process id alone repeats across nodes).
- Amira's bootstrap farm (examples/bootstrap/bootstrap_farm.py): split over two
  array tasks and collected, the interval of episode 6 to the digit; a rerun
  computes nothing and rewrites no file; another run's chunks are refused.
- The job scripts' shape, and the lines every one of them shows a learner
  (the commented --account and --partition, module load).
- On the test Slurms (tests/slurm_cluster.py: the machine's 22.05 and Debian
  13's 24.11), through sbatch: episode 7's job.sh (no warning), cluster_cores.py
  with --cpus-per-task=2, mpiexec's ranks with and without SRUN_CPUS_PER_TASK,
  a job step's cores, srun -n 2 in a job of one task of two cores, two steps
  side by side only with --exact, an array index past MaxArraySize refused, a
  4-task job array of the sweep, the farm cancelled by scancel and submitted
  again, the bootstrap's job array, and a dask-jobqueue cluster of two workers.
  Where the versions differ, the test reads the version (srun --version in the
  job) and expects what that version does.
"""
from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

import slurm_cluster
from expectations.bootstrap import INTERVAL_EXACT, RESAMPLES
from harness import EXAMPLES, PYTHON, ROOT, run_command
from lesson.runner import import_example
from slurm_cluster import job_output, value

FOLDER = EXAMPLES / "ep12_cluster"
BOOTSTRAP = EXAMPLES / "bootstrap"
sweep = import_example("ep12_cluster/sweep.py")

TASKS = len(sweep.parameter_sets())
DONE = re.compile(r"^(?:Computed|Already done) task (\d+):", re.M)


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """Every task's result from an uninterrupted run, in this process, with the default size."""
    folder = tmp_path_factory.mktemp("reference")
    for index in range(TASKS):
        sweep.run_task(index, folder, 50_000)
    return results_in(folder)


def results_in(folder: Path) -> dict[str, dict]:
    """{file name: its result} for every result file; each must be complete JSON."""
    return {path.name: json.loads(path.read_text(encoding="utf-8"))
            for path in sorted(Path(folder).glob("task-*.json"))}


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Identity of each result file (inode, modification time): a rewrite changes it."""
    return {path.name: (path.stat().st_ino, path.stat().st_mtime_ns)
            for path in Path(folder).glob("task-*.json")}


def assert_untouched(before: dict, folder: Path, output: str) -> None:
    after = snapshot(folder)
    for name, identity in before.items():
        assert after.get(name) == identity, f"{name} was written again:\n{output}"
    recomputed = [int(i) for i in re.findall(r"^Computed task (\d+):", output, re.M)
                  if f"task-{int(i):03d}.json" in before]
    assert not recomputed, f"tasks computed again although their results existed: {recomputed}"


# --- The resumable sweep, killed and rerun (no Slurm needed) ----------------------

def farm_killed_after(folder: Path, results_before_kill: int, extra: float) -> str:
    """Start farm.py; once `results_before_kill` results exist, wait `extra` s and
    kill its whole process group with SIGKILL (as a node failure would); its output."""
    process = subprocess.Popen(
        [PYTHON, str(FOLDER / "farm.py"), "--results", str(folder)], cwd=ROOT,
        env={**os.environ, "SLURM_CPUS_PER_TASK": "2", "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    deadline = time.monotonic() + 60
    try:
        while len(snapshot(folder)) < results_before_kill and process.poll() is None:
            assert time.monotonic() < deadline, "farm.py made no progress in 60 s"
            time.sleep(0.01)
        time.sleep(extra)
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        output, _ = process.communicate(timeout=30)
    return output


def test_resumable_sweep_killed_three_times(tmp_path, reference):
    seed = random.randrange(10**6)
    chance = random.Random(seed)
    folder = tmp_path / "results"
    computed = []
    for attempt in range(3):
        done = len(snapshot(folder))
        before = snapshot(folder)
        # Kill once one or two more results are in (at most six in all), or at
        # once after the start: a random point in the run, never after its end.
        target = min(chance.randint(done + 1, done + 2), TASKS - 2)
        output = farm_killed_after(folder, target, chance.uniform(0, 0.05))
        assert_untouched(before, folder, output)
        computed += re.findall(r"^Computed task (\d+):", output, re.M)
        results_in(folder)       # every file there is complete (json fails otherwise)
        assert not list(folder.glob("task-*.tmp")), "a temporary file took a result's name"
        if attempt == 0:
            assert len(snapshot(folder)) < TASKS, f"the first kill came too late (seed {seed})"

    before = snapshot(folder)
    result = run_command([PYTHON, str(FOLDER / "farm.py"), "--results", str(folder)], timeout=120,
                         env={"SLURM_CPUS_PER_TASK": "2"})
    assert result.returncode == 0, result.describe()
    assert value(result.stdout, "Tasks") == f"{TASKS}, missing: {TASKS - len(before)}"
    assert_untouched(before, folder, result.stdout)
    computed += re.findall(r"^Computed task (\d+):", result.stdout, re.M)
    assert len(computed) == len(set(computed)), f"a task reported computed twice: {computed} (seed {seed})"
    assert results_in(folder) == reference, f"results differ from an uninterrupted run (seed {seed})"


def test_sweep_task_writes_atomically(tmp_path, monkeypatch):
    """A write that fails half-way leaves no result file under the real name."""
    path = tmp_path / "task-000.json"

    def broken_replace(source, target):
        raise OSError("disk full, say")

    monkeypatch.setattr(sweep.os, "replace", broken_replace)
    with pytest.raises(OSError):
        sweep.write_atomically(path, {"index": 0})
    assert not path.exists()
    assert not list(tmp_path.iterdir()), "the failed write left its temporary file behind"


def test_sweep_temporary_files_are_unique(tmp_path, monkeypatch):
    """Two writes of one result never share a temporary file, even with the same process id
    (two nodes can give two array tasks the same one): each is a new file in the folder."""
    sources = []

    def replace(source, target):
        sources.append(Path(source))
        assert Path(source).parent == Path(target).parent, "the temporary file must be in the folder"
        os.remove(source)

    monkeypatch.setattr(sweep.os, "replace", replace)
    monkeypatch.setattr(sweep.os, "getpid", lambda: 4242)
    for _ in range(2):
        sweep.write_atomically(tmp_path / "task-003.json", {"index": 3})
    assert len(set(sources)) == 2, sources


# --- Amira's bootstrap farm (no Slurm needed) -------------------------------------------

def bootstrap_farm(*args, env=None):
    result = run_command([PYTHON, str(BOOTSTRAP / "bootstrap_farm.py"), *map(str, args)],
                         timeout=120, env=env)
    assert result.returncode in (0, 1), result.describe()
    return result


def chunk_files(folder: Path) -> dict[str, tuple[int, int]]:
    return {path.name: (path.stat().st_ino, path.stat().st_mtime_ns)
            for path in Path(folder).glob("chunk-*.npy")}


def test_bootstrap_farm_split_over_two_array_tasks_then_collected(tmp_path):
    folder = tmp_path / "results"
    first = bootstrap_farm("--resamples", RESAMPLES, "--results", folder, "--task", 0, "--tasks", 2,
                           "--workers", 2)
    assert value(first.stdout, "Chunks") == "10 of 20 for this run, 0 of them already done"
    assert value(first.stdout, "Chunks done").startswith("10 of 20; once every array task has ended")
    assert not re.search(r"interval", first.stdout), first.describe()
    assert sorted(chunk_files(folder)) == [f"chunk-{c:04d}.npy" for c in range(0, 20, 2)]

    early = bootstrap_farm("--collect", "--results", folder)
    assert early.returncode == 1 and "Chunks done: 10 of 20" in early.stdout, early.describe()

    second = bootstrap_farm("--resamples", RESAMPLES, "--results", folder, "--task", 1, "--tasks", 2,
                            "--workers", 2)
    assert re.fullmatch(INTERVAL_EXACT, second.stdout.splitlines()[-1]), second.describe()
    collected = bootstrap_farm("--collect", "--results", folder)
    assert collected.returncode == 0, collected.describe()
    assert re.fullmatch(INTERVAL_EXACT, collected.stdout.splitlines()[-1]), collected.describe()


def test_bootstrap_farm_rerun_computes_nothing_again(tmp_path):
    folder = tmp_path / "results"
    bootstrap_farm("--resamples", RESAMPLES, "--results", folder, "--workers", 2)
    before = chunk_files(folder)
    assert len(before) == 20
    again = bootstrap_farm("--resamples", RESAMPLES, "--results", folder, "--workers", 2)
    assert value(again.stdout, "Chunks") == "20 of 20 for this run, 20 of them already done"
    assert chunk_files(folder) == before, "a chunk file was written again"
    assert re.fullmatch(INTERVAL_EXACT, again.stdout.splitlines()[-1]), again.describe()

    # A lost chunk (its array task died) is the only one computed by the next run.
    (folder / "chunk-0007.npy").unlink()
    resumed = bootstrap_farm("--resamples", RESAMPLES, "--results", folder, "--workers", 2)
    assert value(resumed.stdout, "Chunks") == "20 of 20 for this run, 19 of them already done"
    after = chunk_files(folder)
    assert {name: after[name] for name in before if name != "chunk-0007.npy"} == \
        {name: identity for name, identity in before.items() if name != "chunk-0007.npy"}
    assert re.fullmatch(INTERVAL_EXACT, resumed.stdout.splitlines()[-1]), resumed.describe()


def test_bootstrap_farm_refuses_another_runs_chunks(tmp_path):
    folder = tmp_path / "results"
    bootstrap_farm("--resamples", RESAMPLES, "--results", folder, "--workers", 1)
    other = bootstrap_farm("--resamples", 2 * RESAMPLES, "--results", folder, "--workers", 1)
    assert other.returncode == 1, other.describe()
    assert other.stderr.strip().endswith(
        f"holds {RESAMPLES} resamples, not {2 * RESAMPLES}: give each run a --results folder of its own")


def test_bootstrap_chunk_writes_atomically(tmp_path, monkeypatch):
    farm_module = import_example("bootstrap/bootstrap_farm.py")

    def broken_replace(source, target):
        raise OSError("disk full, say")

    monkeypatch.setattr(farm_module.os, "replace", broken_replace)
    with pytest.raises(OSError):
        farm_module.write_atomically(tmp_path / "chunk-0003.npy", [1.0, 2.0])
    assert not list(tmp_path.iterdir()), "a failed write left a file behind"


# --- The job scripts, without Slurm ----------------------------------------------------

JOB_SCRIPTS = sorted([*FOLDER.glob("*.sh"), *BOOTSTRAP.glob("*.sh")])


@pytest.mark.parametrize("script", JOB_SCRIPTS, ids=lambda path: path.name)
def test_job_script_shape(script):
    """bash can parse it, Slurm reads all its #SBATCH lines, and what it runs exists."""
    text = script.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "#!/bin/bash"
    if shutil.which("bash"):
        result = run_command(["bash", "-n", str(script)], timeout=30)
        assert result.returncode == 0, result.describe()
    first_command = next(i for i, line in enumerate(lines)
                         if line.strip() and not line.lstrip().startswith("#"))
    directives = [i for i, line in enumerate(lines) if re.match(r"#\s*SBATCH", line)]
    assert directives and all(i < first_command for i in directives), "Slurm stops at the first command"
    for i in directives:
        assert re.match(r"#SBATCH --[a-z-]+=\S+$", lines[i]), f"malformed: {lines[i]!r}"
    assert "set -euo pipefail" in text
    for path in re.findall(r"examples/\S+\.py", text):
        assert (ROOT / path).is_file(), path
    # What a learner changes for a real cluster, shown in every script (commented out).
    for line in ("##SBATCH --account=", "##SBATCH --partition=", "#   module load "):
        assert any(text_line.startswith(line) for text_line in lines), f"no {line!r} line"


# --- The test Slurm: skipped on a laptop, a failure under CI --------------------

@pytest.mark.parametrize("ci, outcome", [("", pytest.skip.Exception), ("true", pytest.fail.Exception)])
def test_slurm_that_cannot_start_skips_or_fails_under_ci(monkeypatch, tmp_path, ci, outcome):
    def cannot_start(folder, **options):
        raise slurm_cluster.slurm_script.SlurmUnavailable("not installed: slurmctld")

    monkeypatch.setattr(slurm_cluster.slurm_script, "start", cannot_start)
    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match="no test Slurm: not installed: slurmctld"):
        slurm_cluster.start_or_skip(tmp_path)


@pytest.mark.parametrize("ci, outcome", [("", pytest.skip.Exception), ("true", pytest.fail.Exception)])
def test_slurm_24_11_without_its_chroot_skips_or_fails_under_ci(monkeypatch, tmp_path, ci, outcome):
    """Where 24.11's chroot was never installed (or cannot be: not Debian), its tests skip, and
    under CI fail, saying how to install it."""
    monkeypatch.setattr(slurm_cluster.slurm_script, "CHROOT_HOME", tmp_path / "nothing-here")
    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match=r"no test Slurm 24\.11: .*install --version 24\.11"):
        slurm_cluster.start_or_skip(tmp_path / "cluster", version="24.11")
    assert not (tmp_path / "cluster").exists()


# --- On the test Slurm -------------------------------------------------------------------


@pytest.mark.slurm
def test_episode7_job_script(slurm, tmp_path):
    """job.sh through sbatch, as episode 7 says; two tasks, as this node has two cores."""
    output = tmp_path / "pi-mpi-%j.out"
    job = slurm.sbatch(EXAMPLES / "ep07_mpi" / "job.sh", "--ntasks=2",
                       "--export=ALL,DARTS=100003", output=output)
    assert slurm.wait(job) == "COMPLETED", slurm.describe(job, output)
    text = job_output(output, job)
    assert value(text, "MPI ranks (size of COMM_WORLD)") == "2", text
    assert value(text, "Ranks") == "2", text
    assert value(text, "Darts thrown") == "100003 of 100003", text
    assert float(value(text, "Pi estimate").split()[0]) == pytest.approx(3.14, abs=0.02)
    # Nothing to warn about: the ranks share the job's 2 cores (on 22.05 an exported
    # SRUN_CPUS_PER_TASK put both on one: test_mpiexec_ranks_and_srun_cpus_per_task).
    assert "Warning" not in text, text


@pytest.mark.slurm
def test_cluster_cores_in_an_allocation_of_two_cores(slurm, tmp_path):
    text = slurm.run(None, "--cpus-per-task=2", folder=tmp_path,
                     wrap=".venv/bin/python examples/ep07_mpi/cluster_cores.py")
    assert value(text, "SLURM_CPUS_PER_TASK") == "2", text
    assert value(text, "Threads per rank").endswith("; set OMP_NUM_THREADS=2"), text
    assert re.search(r"^Node \S+: ranks 1, ", text, re.M), text
    assert "Warning" not in text, text


@pytest.mark.slurm
def test_cluster_cores_under_srun_sees_the_jobs_tasks(slurm, tmp_path):
    """srun --mpi=pmi2 starts the ranks as the job's own tasks: SLURM_NTASKS is the job's."""
    text = slurm.run(None, "--ntasks=2", folder=tmp_path,
                     wrap="srun --mpi=pmi2 .venv/bin/python examples/ep07_mpi/cluster_cores.py")
    assert value(text, "MPI ranks (size of COMM_WORLD)") == "2", text
    assert value(text, "SLURM_NTASKS") == "2", text
    assert "Warning" not in text, text


@pytest.mark.slurm
def test_cluster_cores_under_mpiexec_says_whose_task_count_it_sees(slurm, tmp_path):
    """Under mpiexec in a batch job, MPICH's launcher starts its proxies with srun as a
    one-task step, so each rank sees SLURM_NTASKS=1: the script says whose count that
    is and does not warn (issue 23, point 23; it used to warn wrongly)."""
    text = slurm.run(None, "--ntasks=2", folder=tmp_path,
                     wrap=".venv/bin/mpiexec -n 2 .venv/bin/python examples/ep07_mpi/cluster_cores.py")
    assert value(text, "MPI ranks (size of COMM_WORLD)") == "2", text
    assert re.search(r"^SLURM_NTASKS: 1 \(of the job step that started the ranks, not of the job\)$",
                     text, re.M), text
    assert "Warning" not in text, text


# Each rank's line in one write: two ranks' print() pieces can mix.
CORES = ".venv/bin/python -c 'import os; os.write(1, b\"cores %d\\n\" % len(os.sched_getaffinity(0)))'"


def cores_seen(text: str) -> list[str]:
    return re.findall(r"^cores (\d+)$", text, re.M)


@pytest.mark.slurm
def test_mpiexec_ranks_and_srun_cpus_per_task(slurm, tmp_path):
    """mpiexec's launcher runs as one task per node with the job's cores there, so its 2 ranks
    may use both.  With SRUN_CPUS_PER_TASK exported, 22.05 gives that task one task's core for
    both ranks; 24.11 starts it as an --external-launcher step and ignores it (why job.sh
    exports nothing of the kind)."""
    text = slurm.run(None, "--ntasks=2", "--cpus-per-task=1", folder=tmp_path,
                     wrap=f"srun --version; echo ==; .venv/bin/mpiexec -n 2 {CORES}; echo ==; "
                          f"SRUN_CPUS_PER_TASK=1 .venv/bin/mpiexec -n 2 {CORES}")
    _, plain, exported = text.split("==")
    assert cores_seen(plain) == ["2", "2"], text
    assert cores_seen(exported) == (["1", "1"] if slurm_version(text) < (23, 11) else ["2", "2"]), text


@pytest.mark.slurm
def test_srun_n2_in_a_job_of_one_task_of_two_cores(slurm, tmp_path):
    """On 23.11 and later srun reads SLURM_CPUS_PER_TASK: 2 tasks of 2 cores do not fit, and
    it stops; 22.05 runs them with one core each (content/12-cluster-runs.md)."""
    text = slurm.run(None, "--ntasks=1", "--cpus-per-task=2", folder=tmp_path,
                     wrap=f"srun --version; srun -n 2 {CORES} || echo srun failed")
    if slurm_version(text) >= (23, 11):
        assert "More processors requested than permitted" in text and "srun failed" in text, text
    else:
        assert cores_seen(text) == ["1", "1"], text


def slurm_version(text: str) -> tuple[int, int]:
    """(major, minor) from `srun --version` in a job's output ("slurm-wlm 22.05.8", "slurm 24.11.5")."""
    found = re.search(r"^slurm(?:-wlm)? (\d+)\.(\d+)", text, re.M)
    assert found, f"no srun --version line:\n{text}"
    return int(found.group(1)), int(found.group(2))


@pytest.mark.slurm
def test_job_step_cores_on_every_slurm_version(slurm, tmp_path):
    """step_cores.sh: srun -c "$SLURM_CPUS_PER_TASK", or SRUN_CPUS_PER_TASK exported, gives a step
    the job's 2 cores on every version; plain srun --exact gives 1 on 22.05 and 23.02 only."""
    output = tmp_path / "step-cores-%j.out"
    job = slurm.sbatch(FOLDER / "step_cores.sh", output=output)
    assert slurm.wait(job) == "COMPLETED", slurm.describe(job, output)
    text = job_output(output, job)
    batch, with_c, plain, exported = text.split("== ")[1:]
    for part in (batch, with_c, exported):
        assert value(part, "Cores this process may run on") == "2", part
        assert value(part, "Workers") == "2", part
        assert "Warning" not in part, part
    plain_cores = 1 if (22, 5) <= slurm_version(text) < (23, 11) else 2
    assert value(plain, "Cores this process may run on") == str(plain_cores), text
    assert value(plain, "Workers") == str(plain_cores), plain
    assert ("Warning: Slurm gave each task 2 cores, but this process may run on 1." in plain) \
        == (plain_cores == 1), plain


STEP = ("python3 -c 'import sys, time; print(sys.argv[1], \"start\", time.time(), flush=True); "
        "time.sleep(2); print(sys.argv[1], \"end\", time.time())'")


@pytest.mark.slurm
@pytest.mark.parametrize("srun, side_by_side", [("srun -n 1", False), ("srun -n 1 --exact -c 1", True)],
                         ids=["default", "exact"])
def test_steps_run_side_by_side_only_with_exact(slurm, tmp_path, srun, side_by_side):
    """By default a step gets all of the job's cores on its node, so a second step waits;
    with --exact each gets what it asks for, and both run at once."""
    text = slurm.run(None, "--ntasks=1", "--cpus-per-task=2", folder=tmp_path,
                     wrap=f"srun --version; {srun} {STEP} A & {srun} {STEP} B & wait")
    times = {(name, event): float(at) for name, event, at in
             re.findall(r"^([AB]) (start|end) ([\d.]+)$", text, re.M)}
    assert len(times) == 4, text
    overlap = min(times["A", "end"], times["B", "end"]) - max(times["A", "start"], times["B", "start"])
    assert (overlap > 1) == side_by_side, text
    # What srun says about the step that waited, as the page quotes it.
    waiting = "step creation temporarily disabled, retrying" in text
    if not side_by_side and slurm_version(text) in ((22, 5), (24, 11)):
        assert "srun: Step created" in text and waiting == (slurm_version(text) == (22, 5)), text


@pytest.mark.slurm
def test_max_array_size_limits_the_index_not_the_count(slurm, tmp_path):
    """Eleven array tasks, but indices past MaxArraySize - 1: refused at submission."""
    limit = int(re.search(r"^MaxArraySize\s*=\s*(\d+)", slurm.command(
        ["scontrol", "show", "config"]).stdout, re.M).group(1))
    refused = slurm.command(["sbatch", f"--array={limit + 499}-{limit + 509}", "--wrap=true",
                             f"--output={tmp_path}/refused-%A_%a.out"])
    assert refused.returncode != 0, refused.stdout
    assert re.search(r"Invalid job array specification", refused.stderr), refused.stderr


@pytest.mark.slurm
def test_sweep_as_a_job_array(slurm, tmp_path, reference):
    results = tmp_path / "results"
    output = tmp_path / "sweep-%A_%a.out"
    job = slurm.sbatch(FOLDER / "sweep_array.sh", "--array=0-3", f"--export=ALL,RESULTS={results}",
                       output=output)
    assert slurm.wait(job) == "COMPLETED", slurm.describe(job, output)
    for index in range(4):
        text = (tmp_path / f"sweep-{job}_{index}.out").read_text()
        assert re.search(rf"^Computed task {index}: ", text, re.M), text
    found = results_in(results)
    assert found == {name: reference[name] for name in found} and len(found) == 4

    collected = run_command([PYTHON, str(FOLDER / "collect.py"), "--results", str(results)], timeout=60)
    assert collected.returncode == 1, collected.describe()
    assert value(collected.stdout, "Results") == "4 of 8"
    assert value(collected.stdout, "Missing").startswith("4-7; submit them again with: sbatch --array=4-7 ")


@pytest.mark.slurm
def test_farm_cancelled_and_submitted_again(slurm, tmp_path, reference):
    """The resumable sweep as one job: scancel it halfway, submit it again, nothing lost or redone."""
    results = tmp_path / "results"
    output = tmp_path / "farm-%j.out"
    options = ("--cpus-per-task=2", f"--export=ALL,RESULTS={results}")
    first = slurm.sbatch(FOLDER / "farm_job.sh", *options, output=output)
    slurm.wait_until(lambda: len(snapshot(results)) >= 2 or slurm.states(first) == ["COMPLETED"],
                     what="the first results")
    slurm.cancel(first)
    assert slurm.wait(first) in ("CANCELLED", "COMPLETED"), slurm.describe(first, output)
    before = snapshot(results)
    assert len(before) < TASKS, "the farm finished before it could be cancelled"

    second = slurm.sbatch(FOLDER / "farm_job.sh", *options, output=output)
    assert slurm.wait(second) == "COMPLETED", slurm.describe(second, output)
    text = job_output(output, second)
    assert value(text, "Workers") == "2", text
    assert value(text, "Tasks") == f"{TASKS}, missing: {TASKS - len(before)}", text
    assert_untouched(before, results, text)
    assert results_in(results) == reference


@pytest.mark.slurm
def test_bootstrap_as_a_job_array(slurm, tmp_path):
    """bootstrap_array.sh: four array tasks share the 20 chunks; the interval is episode 6's."""
    results = tmp_path / "results"
    output = tmp_path / "bootstrap-%A_%a.out"
    job = slurm.sbatch(BOOTSTRAP / "bootstrap_array.sh", "--cpus-per-task=1",
                       f"--export=ALL,RESULTS={results},RESAMPLES={RESAMPLES}", output=output)
    assert slurm.wait(job, timeout=240) == "COMPLETED", slurm.describe(job, output)
    for index in range(4):
        text = (tmp_path / f"bootstrap-{job}_{index}.out").read_text()
        assert value(text, "Workers") == "1", text          # from the job's one core per task
        assert value(text, "Chunks").startswith("5 of 20 for this run"), text
    assert len(chunk_files(results)) == 20
    collected = bootstrap_farm("--collect", "--results", results)
    assert collected.returncode == 0, collected.describe()
    assert re.fullmatch(INTERVAL_EXACT, collected.stdout.splitlines()[-1]), collected.describe()


@pytest.mark.slurm
def test_dask_jobqueue_cluster_of_two_workers(slurm, tmp_path):
    """dask_slurm.py submits two worker jobs, computes, and cancels them on the way out."""
    result = run_command([PYTHON, str(FOLDER / "dask_slurm.py"), "--jobs", "2"], cwd=tmp_path,
                         timeout=180, env=slurm.env)
    assert result.returncode == 0, result.describe()
    assert value(result.stdout, "Workers") == "2 in 2 Slurm jobs", result.describe()
    assert value(result.stdout, "Primes below 200000") == "17984", result.describe()
    # Their jobs are over: nothing of dask-worker's is pending or running.
    slurm.wait_until(lambda: not slurm.command(
        ["squeue", "-h", "-n", "dask-worker", "-t", "PENDING,RUNNING,COMPLETING"]).stdout.strip(),
        timeout=30, what="the worker jobs to end")


@pytest.mark.slurm
def test_heat_equation_under_srun_matches_the_serial_run(slurm, tmp_path):
    """Episode 11's heat equation started by srun as a 2-rank job step, as on a cluster:
    the same plate, to the last bit, as the serial run it makes for the check."""
    text = slurm.run(None, "--ntasks=2", folder=tmp_path,
                     wrap="srun --mpi=pmi2 -n 2 .venv/bin/python examples/ep11_coupled_mpi/heat.py "
                          "--rows 41 --cols 57 --steps 30")
    assert re.search(r"^Grid: 41 x 57, 30 steps", text, re.M), text
    assert len(re.findall(r"^rank \d at ", text, re.M)) == 2, text
    assert float(value(text, "Largest difference from the serial run")) <= 1e-12, text
