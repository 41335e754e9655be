"""Episode 7 checks the expectations table cannot express.

- The seeded pi estimate is the same for 1, 2, 3 and 4 ranks, and the same
  from the three pi programs (gather, reduce, a pool of MPI workers).
- The Slurm job script: its syntax, its #SBATCH lines, and a run of it
  outside Slurm with the scheduler's variables set by hand.
"""
import re
import shutil

import pytest

from harness import EXAMPLES, ROOT, lesson_runner, run_command

JOB = EXAMPLES / "ep07_mpi" / "job.sh"
PI_ARGS = ["--darts", "200003", "--blocks", "12", "--seed", "5"]
PI_PROGRAMS = {
    "pi_gather.py": [],
    "pi_reduce.py": [],
    "futures_pi.py": ["-m", "mpi4py.futures"],
}


def pi_run(program, ranks, args=PI_ARGS):
    """Run one pi program under mpiexec; return (hits, estimate) as printed."""
    command = lesson_runner.command(f"ep07_mpi/{program}", args, ranks=ranks,
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


def test_job_script_syntax():
    if shutil.which("bash") is None:
        pytest.skip("no bash on this machine")
    result = run_command(["bash", "-n", str(JOB)], timeout=30)
    assert result.returncode == 0, result.describe()


def test_job_script_sbatch_lines():
    text = JOB.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "#!/bin/bash", "sbatch needs an interpreter line first"
    # Slurm stops reading #SBATCH lines at the first command: they must all come before it.
    first_command = next(i for i, line in enumerate(lines)
                         if line.strip() and not line.lstrip().startswith("#"))
    assert all(i < first_command for i, line in enumerate(lines) if line.startswith("#SBATCH"))
    # No misspelt directive (such as "# SBATCH" or "#SBATCH -ntasks") that Slurm would ignore.
    for line in lines:
        if re.match(r"#\s*SBATCH", line, re.I):
            assert re.match(r"#SBATCH --[a-z-]+=\S+$", line), f"malformed: {line!r}"

    options = sbatch_options(text)
    assert set(options) >= {"job-name", "ntasks", "cpus-per-task", "time", "output"}, options
    assert int(options["ntasks"]) >= 1 and int(options["cpus-per-task"]) >= 1
    assert re.fullmatch(r"\d{1,2}:\d{2}:\d{2}", options["time"]), options["time"]
    assert re.fullmatch(r"\d+[KMGT]?", options["mem-per-cpu"]), options["mem-per-cpu"]
    assert "%j" in options["output"], "name the output file after the job id"
    # Every example the script runs exists, and ranks come from Slurm's count.
    for path in re.findall(r"examples/\S+\.py", text):
        assert (ROOT / path).is_file(), path
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
    assert re.search(r"^Threads per rank: 1 \(from SLURM_CPUS_PER_TASK\)", result.stdout, re.M)
    assert re.search(r"^Ranks: 2$", result.stdout, re.M), result.describe()
    assert re.search(r"^Darts thrown: 100003 of 100003$", result.stdout, re.M), result.describe()
