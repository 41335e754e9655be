"""Episode 7 checks the expectations table cannot express.

- The seeded pi estimate is the same for 1, 2, 3 and 4 ranks, and the same
  from the three pi programs (gather, reduce, a pool of MPI workers).
- The Slurm job scripts: their syntax, their #SBATCH lines, and a run of
  job.sh outside Slurm with the scheduler's variables set by hand; on the
  test Slurm, srun_job.sh: plain srun starts one program of one rank per
  task, srun --mpi=pmi2 one MPI job of all the tasks.
- cluster_cores.py warns when a rank may run on fewer cores than Slurm's
  cores per task (what srun does in Slurm 22.05 and 23.02 unless told again);
  job.sh tells srun users so, and exports nothing that mpiexec's launcher reads.
- A job that hangs after one rank failed, stopped with Ctrl-C: what MPICH
  prints, and the exit status (the page describes it).
- every_rank_prints.py in a terminal: whole lines when buffered, mixed with -u.
"""
import os
import re
import shutil
import signal
import subprocess
import time

import pytest

# lesson.runner is the build's runner too: it runs examples in a terminal.
from harness import EXAMPLES, MPIEXEC, PYTHON, ROOT, run_command, runner
from slurm_cluster import job_output

JOB = EXAMPLES / "ep07_mpi" / "job.sh"
SRUN_JOB = EXAMPLES / "ep07_mpi" / "srun_job.sh"
JOB_SCRIPTS = sorted((EXAMPLES / "ep07_mpi").glob("*.sh"))
PI_ARGS = ["--darts", "200003", "--blocks", "12", "--seed", "5"]
PI_PROGRAMS = {
    "pi_gather.py": [],
    "pi_reduce.py": [],
    "futures_pi.py": ["-m", "mpi4py.futures"],
}


def pi_run(program, ranks, args=PI_ARGS):
    """Run one pi program under mpiexec; return (hits, estimate) as printed."""
    command = runner.command(f"ep07_mpi/{program}", args, ranks=ranks,
                                    python_args=PI_PROGRAMS[program])
    result = run_command(command, timeout=60)
    assert result.returncode == 0, result.describe()
    hits = re.search(r"^Hits: (\d+)$", result.stdout, re.M)
    estimate = re.search(r"^Pi estimate: (\d\.\d+) ", result.stdout, re.M)
    assert hits and estimate, result.describe()
    return int(hits.group(1)), estimate.group(1)


def test_pi_is_the_same_for_every_number_of_ranks():
    answers = {(program, ranks): pi_run(program, ranks)
               for program in PI_PROGRAMS for ranks in (1, 2, 3, 4)}
    assert len(set(answers.values())) == 1, answers
    hits, estimate = next(iter(answers.values()))
    assert abs(float(estimate) - 3.14159) < 0.02, answers
    # The seed matters: another seed gives other darts (so equality above means something).
    assert pi_run("pi_reduce.py", 2, ["--darts", "200003", "--blocks", "12", "--seed", "6"])[0] != hits


def sbatch_options(text):
    """The #SBATCH options of a job script as a dict, e.g. {'ntasks': '8'}."""
    options = {}
    for line in text.splitlines():
        match = re.match(r"#SBATCH\s+--([\w-]+)(?:[= ](\S+))?\s*$", line)
        if match:
            options[match.group(1)] = match.group(2)
    return options


@pytest.mark.parametrize("script", JOB_SCRIPTS, ids=lambda path: path.name)
def test_job_script_syntax(script):
    if shutil.which("bash") is None:
        pytest.skip("no bash on this machine")
    result = run_command(["bash", "-n", str(script)], timeout=30)
    assert result.returncode == 0, result.describe()


@pytest.mark.parametrize("script", JOB_SCRIPTS, ids=lambda path: path.name)
def test_job_script_form(script):
    text = script.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "#!/bin/bash", "sbatch needs an interpreter line first"
    # Slurm stops reading #SBATCH lines at the first command: they must all come before it.
    first_command = next(i for i, line in enumerate(lines)
                         if line.strip() and not line.lstrip().startswith("#"))
    assert all(i < first_command for i, line in enumerate(lines) if line.startswith("#SBATCH"))
    assert lines[first_command] == "set -euo pipefail", lines[first_command]
    # No misspelt directive (such as "# SBATCH" or "#SBATCH -ntasks") that Slurm would ignore.
    for line in lines:
        if re.match(r"#\s*SBATCH", line, re.I):
            assert re.match(r"#SBATCH --[a-z-]+=\S+$", line), f"malformed: {line!r}"
    options = sbatch_options(text)
    assert set(options) >= {"job-name", "ntasks", "time", "output"}, options
    assert "%j" in options["output"], "name the output file after the job id"
    # Every example the script runs exists.
    for path in re.findall(r"examples/\S+\.py", text):
        assert (ROOT / path).is_file(), path


def test_job_script_sbatch_lines():
    text = JOB.read_text(encoding="utf-8")
    options = sbatch_options(text)
    assert set(options) >= {"job-name", "ntasks", "cpus-per-task", "time", "output"}, options
    assert int(options["ntasks"]) >= 1 and int(options["cpus-per-task"]) >= 1
    assert re.fullmatch(r"\d{1,2}:\d{2}:\d{2}", options["time"]), options["time"]
    assert re.fullmatch(r"\d+[KMGT]?", options["mem-per-cpu"]), options["mem-per-cpu"]
    # Ranks come from Slurm's count.
    assert 'mpiexec -n "${SLURM_NTASKS' in text


def test_job_script_runs_with_slurm_variables_set():
    """Outside Slurm, with the variables a 2-task job would have, the script runs both steps."""
    if shutil.which("bash") is None or not (ROOT / ".venv" / "bin" / "activate").is_file():
        pytest.skip("needs bash and the lesson's .venv in the repository")
    result = run_command(["bash", str(JOB)], timeout=120, env={
        "SLURM_SUBMIT_DIR": str(ROOT), "SLURM_NTASKS": "2", "SLURM_CPUS_PER_TASK": "1",
        "DARTS": "100003"})
    assert result.returncode == 0, result.describe()
    assert re.search(r"^SLURM_NTASKS: 2$", result.stdout, re.M), result.describe()
    # Slurm's 1 core per task is the smallest limit (episode 1's rule).
    assert re.search(r"^Threads per rank: 1 ", result.stdout, re.M), result.describe()
    assert re.search(r"^Ranks: 2$", result.stdout, re.M), result.describe()
    assert re.search(r"^Darts thrown: 100003 of 100003$", result.stdout, re.M), result.describe()


# --- What a learner's terminal shows when every rank prints ----------------------------

def terminal_run(ranks, python_args=()):
    """Run every_rank_prints.py in a pseudo-terminal, as the build and a learner do."""
    line = runner.command("ep07_mpi/every_rank_prints.py", ranks=ranks,
                                 python_args=python_args)
    result = runner.run(line, timeout=60, terminal=True)
    assert result.returncode == 0, result.describe()
    return result.stdout.splitlines()


@pytest.mark.skipif(os.name != "posix", reason="needs a pseudo-terminal (POSIX)")
@pytest.mark.parametrize("ranks", (2, 4))
def test_buffered_lines_arrive_whole(ranks):
    """Normal buffering: each rank's line is written at its end, so no line mixes."""
    lines = terminal_run(ranks)
    assert sorted(lines) == [f"rank {r}: step 1 step 2 step 3 done" for r in range(ranks)], lines


@pytest.mark.skipif(os.name != "posix", reason="needs a pseudo-terminal (POSIX)")
@pytest.mark.parametrize("ranks", (2, 4))
def test_unbuffered_lines_mix(ranks):
    """python -u: every piece is written at once, and the ranks' pieces share lines."""
    lines = terminal_run(ranks, python_args=("-u",))
    assert any(line.count("rank ") > 1 for line in lines), lines
    assert sum(line.count("done") for line in lines) == ranks, lines


# --- cluster_cores.py and srun's one core per rank ----------------------------------------

@pytest.mark.skipif(shutil.which("taskset") is None, reason="needs taskset (Linux)")
def test_cluster_cores_warns_when_a_rank_has_too_few_cores():
    """Each rank pinned to one core while Slurm promised two per task: a warning per rank."""
    command = ["taskset", "-c", "0", MPIEXEC, "-n", "2", PYTHON,
               str(EXAMPLES / "ep07_mpi" / "cluster_cores.py")]
    result = run_command(command, timeout=60,
                         env={"SLURM_NTASKS": "2", "SLURM_CPUS_PER_TASK": "2"})
    assert result.returncode == 0, result.describe()
    for rank in (0, 1):
        assert re.search(rf"^Warning: rank {rank} may run on 1 of the 2 cores per task: "
                         r'start the ranks with srun -c "\$SLURM_CPUS_PER_TASK"$',
                         result.stdout, re.M), result.describe()


def test_job_script_tells_srun_the_cores_per_task():
    """srun users are told -c "$SLURM_CPUS_PER_TASK" (Slurm 22.05 and 23.02's srun gives one
    core otherwise); job.sh exports no SRUN_CPUS_PER_TASK, which would give mpiexec's
    launcher one task's cores for every rank of its node on 22.05 (tests/test_ep12_cluster.py
    runs both ways on the test Slurms)."""
    text = JOB.read_text(encoding="utf-8")
    assert 'srun --mpi=pmi2 -c "$SLURM_CPUS_PER_TASK"' in text
    assert not re.search(r"^\s*export SRUN_CPUS_PER_TASK", text, re.M)


# --- Ctrl-C on a hung MPI job ----------------------------------------------------------------

@pytest.mark.skipif(os.name != "posix", reason="POSIX only: SIGINT to a process group")
def test_ctrl_c_on_a_hung_job_prints_mpich_banner(tmp_path):
    """one_rank_fails.py without -m mpi4py hangs; Ctrl-C ends it with MPICH's banner.

    The page tells learners what they will see; this checks it: rank 1's
    traceback, then (after Ctrl-C) mpiexec's 'Sending Ctrl-C' line, the BAD
    TERMINATION banner, the exit string naming signal 2, and exit status 2.
    """
    previous = signal.getsignal(signal.SIGINT)
    if previous is signal.SIG_IGN:  # a child would inherit an ignored SIGINT
        signal.signal(signal.SIGINT, signal.default_int_handler)
    env = runner.environment()
    env.pop("PYTHONUNBUFFERED", None)
    out, err = tmp_path / "stdout", tmp_path / "stderr"
    segments = runner.shm_files(runner.MPICH_SEGMENT)
    with open(out, "w") as stdout, open(err, "w") as stderr:
        process = subprocess.Popen(
            [MPIEXEC, "-n", "2", PYTHON, str(EXAMPLES / "ep07_mpi" / "one_rank_fails.py")],
            cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr,
            start_new_session=True)  # a process group of its own, as in a terminal
    try:
        deadline = time.monotonic() + 60
        while "RuntimeError: rank 1 failed" not in err.read_text():
            assert process.poll() is None and time.monotonic() < deadline, err.read_text()
            time.sleep(0.2)
        time.sleep(2)
        assert process.poll() is None, "the job ended by itself: it was meant to hang"
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        signal.signal(signal.SIGINT, previous)
        runner.remove_abandoned_mpi_segments(segments)  # as runner.run does
    printed = out.read_text()
    described = f"exit status {process.returncode}\n--- stdout ---\n{printed}\n" \
                f"--- stderr ---\n{err.read_text()}"
    assert "Sending Ctrl-C to processes as requested" in printed, described
    assert "BAD TERMINATION OF ONE OF YOUR APPLICATION PROCESSES" in printed, described
    assert "EXIT CODE: 2" in printed and "CLEANING UP REMAINING PROCESSES" in printed, described
    assert "YOUR APPLICATION TERMINATED WITH THE EXIT STRING: Interrupt (signal 2)" in printed, described
    assert process.returncode == 2, described


# --- srun with the pip MPI wheel -------------------------------------------------------------

@pytest.mark.slurm
def test_srun_job_needs_mpi_pmi2(slurm, tmp_path):
    """srun_job.sh: plain srun starts two programs of one rank; --mpi=pmi2 one job of two ranks."""
    output = tmp_path / "hello-srun-%j.out"
    job = slurm.sbatch(SRUN_JOB, output=output)
    assert slurm.wait(job) == "COMPLETED", slurm.describe(job, output)
    text = job_output(output, job)
    _, plain, pmi2 = text.split("== ")
    size = r"^Number of ranks \(size\): (\d+)$"
    assert plain.startswith("srun\n") and re.findall(size, plain, re.M) == ["1", "1"], text
    assert pmi2.startswith("srun --mpi=pmi2\n") and re.findall(size, pmi2, re.M) == ["2"], text
    assert re.search(r"^Sum of 0 to 3: 6 ", pmi2, re.M), text
