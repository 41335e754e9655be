"""The setup page's practice cluster, followed as a learner would follow it.

The section "No cluster account? A practice cluster" of content/setup.md tells
a learner without a cluster account to download slurm.py, start a one-node
Slurm with it, submit the day's job scripts, watch them with squeue, read
sacct, and stop it.  This test reads the commands from that section's console
blocks (so the page and the test cannot drift apart) and runs them in order,
in a folder laid out like a learner's (examples/, .venv, the downloaded
slurm.py), with two changes only: no `sudo` (the test runs as root, as the
Slurm tests must) and a temporary folder for /opt/practice-cluster.

Where the page shows what a command prints, the test checks the parts that do
not depend on the computer: the start's `export` line, sbatch's job numbers
(a new cluster numbers from 1), sinfo's idle node, stop's last line.  Like a
learner, it runs `squeue --me` again until the jobs have left the queue, and
`sacct` again until it shows them all COMPLETED.  At the end no daemon of the
cluster may be left.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import slurm_cluster
from harness import ROOT, skip_or_fail

slurm_script = slurm_cluster.slurm_script

SETUP = ROOT / "content" / "setup.md"
SECTION = "## No cluster account? A practice cluster"
PAGE_FOLDER = "/opt/practice-cluster"


@dataclass
class Step:
    command: str
    shown: list[str] = field(default_factory=list)   # the output the page shows


def page_steps(text: str) -> list[Step]:
    """The `$ ` commands of the section's console blocks, with the lines shown after each."""
    start = text.index(SECTION)
    end = text.find("\n## ", start + len(SECTION))
    section = text[start:end if end != -1 else None]
    steps = []
    for block in re.findall(r"^```console\n(.*?)^```$", section, re.M | re.S):
        for line in block.splitlines():
            if line.startswith("$ "):
                steps.append(Step(line[2:]))
            elif steps:
                steps[-1].shown.append(line)
    return steps


def test_the_section_has_the_learners_commands():
    """The commands the test below relies on are on the page (this part needs no Slurm)."""
    commands = [step.command for step in page_steps(SETUP.read_text(encoding="utf-8"))]
    for expected in ("sudo python3 slurm.py install", f"sudo python3 slurm.py start {PAGE_FOLDER}",
                     f"export SLURM_CONF={PAGE_FOLDER}/slurm.conf", "squeue --me",
                     f"sudo python3 slurm.py stop {PAGE_FOLDER}"):
        assert expected in commands, f"{expected!r} is not among the page's commands {commands}"
    assert any(c.startswith("sbatch ") and "examples/ep12_cluster/sweep_array.sh" in c for c in commands)
    assert any(c.startswith("sbatch ") and "examples/ep07_mpi/job.sh" in c for c in commands)
    assert any(c.startswith("sacct") for c in commands)
    # Every command that needs root says sudo, and only those.
    for command in commands:
        assert command.startswith("sudo ") == ("slurm.py" in command), command
    assert "{download}`slurm.py <../scripts/slurm.py>`" in SETUP.read_text(encoding="utf-8")


class Learner:
    """A terminal in the lesson's folder: runs the page's commands, keeps SLURM_CONF."""

    def __init__(self, lesson: Path, cluster: Path):
        self.lesson = lesson
        self.cluster = cluster
        self.env = {key: value for key, value in os.environ.items() if key != "SLURM_CONF"}
        self.export_line: str | None = None     # what `start` told the learner to paste
        self.watchdog: subprocess.Popen | None = None

    def as_here(self, command: str) -> str:
        """The page's command as this test runs it: no sudo, the temporary cluster folder."""
        command = command.replace(PAGE_FOLDER, str(self.cluster))
        return command[len("sudo "):] if command.startswith("sudo ") else command

    def run(self, command: str, timeout: float = 30) -> str:
        result = subprocess.run(["bash", "-c", self.as_here(command)], cwd=self.lesson, env=self.env,
                                capture_output=True, text=True, timeout=timeout,
                                stdin=subprocess.DEVNULL, check=False)
        assert result.returncode == 0, (f"`{command}` failed ({result.returncode}):\n"
                                        f"{result.stdout}{result.stderr}\n{self.logs()}")
        return result.stdout

    def logs(self) -> str:
        if (self.cluster / "pids.json").is_file():
            return slurm_script.Cluster.load(self.cluster).logs()
        return ""

    def until(self, command: str, done, timeout: float, what: str) -> str:
        """Run `command` again (every second, as a learner might) until done(output)."""
        deadline = time.monotonic() + timeout
        while True:
            output = self.run(command, timeout=15)
            if done(output):
                return output
            assert time.monotonic() < deadline, f"after {timeout} s, still not {what}:\n{output}"
            time.sleep(1)

    def job_lines(self, output: str, job: str) -> list[list[str]]:
        """sacct's lines for the job itself (an array: each task), not its steps."""
        return [line.split() for line in output.splitlines()
                if re.fullmatch(rf"{job}(_\d+)?", (line.split() or [""])[0])]


def cluster_processes(folder: Path, *but: int) -> list[str]:
    """Processes whose command line names the cluster's folder (its daemons do),
    but this one and those in `but`."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) not in (os.getpid(), *but):
            try:
                line = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if str(folder) in line:
                found.append(f"{entry.name}: {line.strip()}")
    return found


@pytest.fixture
def learner(tmp_path):
    """The lesson's folder as a learner has it, and a cluster folder where /opt would be."""
    try:
        slurm_script.check_can_run(accounting=True)
    except slurm_script.SlurmUnavailable as problem:
        skip_or_fail(f"no practice cluster: {problem}",
                     "On Debian/Ubuntu, as root: python3 scripts/slurm.py install (.ci/run does).")
    lesson = tmp_path / "parallel-python"
    lesson.mkdir()
    (lesson / "examples").symlink_to(ROOT / "examples")
    (lesson / ".venv").symlink_to(ROOT / ".venv")
    shutil.copy(ROOT / "scripts" / "slurm.py", lesson / "slurm.py")     # the page's download
    # Not under tmp_path: munge wants every folder above the cluster's to be root's
    # and open to all, as /opt is (pytest's temporary folders are private).
    parent = Path(tempfile.mkdtemp(prefix="practice-"))
    parent.chmod(0o755)
    cluster = parent / "practice-cluster"
    person = Learner(lesson, cluster)
    try:
        yield person
    finally:
        if (cluster / "pids.json").is_file():         # the test failed before `stop`
            slurm_script.stop(slurm_script.Cluster.load(cluster))
        if person.watchdog is not None:
            person.watchdog.kill()
            person.watchdog.wait(timeout=10)
        shutil.rmtree(parent, ignore_errors=True)


@pytest.mark.slurm
def test_practice_cluster_as_the_setup_page_says(learner):
    steps = page_steps(SETUP.read_text(encoding="utf-8"))
    submitted = []                  # (job id, script)
    for step in steps:
        command = step.command
        if command.startswith("export SLURM_CONF="):
            # The learner pastes the line that `start` printed; it is the page's too.
            assert learner.export_line == learner.as_here(command), (learner.export_line, command)
            learner.env["SLURM_CONF"] = command.split("=", 1)[1].replace(PAGE_FOLDER,
                                                                         str(learner.cluster))
        elif " slurm.py start " in command:
            output = learner.run(command, timeout=180)
            # Should pytest be killed before `stop`, the watchdog stops the cluster.
            learner.watchdog = subprocess.Popen(
                [sys.executable, str(ROOT / "scripts" / "slurm.py"), "watch", str(learner.cluster),
                 str(os.getpid())], start_new_session=True, stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL)
            assert "(with accounting)" in output, output
            learner.export_line = output.splitlines()[-1]
            assert learner.export_line == learner.as_here(step.shown[-1]), output
        elif " slurm.py stop " in command:
            pids = slurm_script.Cluster.load(learner.cluster).pids
            output = learner.run(command, timeout=120)
            assert output.splitlines()[-1] == learner.as_here(step.shown[-1]), output
            assert set(pids) == {"munged", "mariadbd", "slurmdbd", "slurmctld", "slurmd"}, pids
            alive = [name for name, pid in pids.items() if slurm_script._alive(pid)]
            assert not alive, f"still running after stop: {alive}"
            left = cluster_processes(learner.cluster, learner.watchdog.pid)
            assert not left, f"processes of the cluster left after stop: {left}"
            (learner.cluster / "pids.json").unlink()       # stopped: nothing for the fixture to do
        elif command.startswith("sbatch "):
            output = learner.run(command)
            job = re.fullmatch(r"Submitted batch job (\d+)\n", output)
            assert job, output
            assert output.strip() == "\n".join(step.shown).strip(), "the page shows other job numbers"
            submitted.append((job[1], command.split()[-1]))
        elif command.startswith("squeue"):
            assert submitted, "squeue before any sbatch"
            learner.until(command, lambda out: not any(re.search(rf"^\s*{job}(_|\s)", out, re.M)
                                                      for job, _ in submitted),
                          timeout=240, what="the jobs gone from squeue")
        elif command.startswith("sacct"):
            def all_completed(output):
                lines = [learner.job_lines(output, job) for job, _ in submitted]
                return all(found and all("COMPLETED" in line for line in found) for found in lines)

            output = learner.until(command, all_completed, timeout=60, what="every job COMPLETED in sacct")
            header = output.splitlines()[0].split()
            assert header == step.shown[0].split(), output
            # jobacct_gather/linux fills TotalCPU for every job, MaxRSS for steps long enough
            # to be sampled: the MPI job's run of pi_reduce.py takes seconds.
            for job, _ in submitted:
                for line in learner.job_lines(output, job):
                    assert re.fullmatch(r"(\d+-)?(\d+:)?\d+:\d+(\.\d+)?", line[4]), line
            steps = [line.split() for line in output.splitlines() if "." in (line.split() or [""])[0]]
            assert any(re.fullmatch(r"\d+[KMG]", fields[-1]) for fields in steps), \
                f"no MaxRSS in sacct:\n{output}"
        else:
            output = learner.run(command, timeout=120)
            if command.split()[0] == "sinfo":
                assert output.splitlines()[0].split() == step.shown[0].split(), output
                assert output.split()[-2] == "idle", output
            elif command.endswith("slurm.py install"):
                assert "are installed" in output, output

    assert [script for _, script in submitted] == ["examples/ep12_cluster/sweep_array.sh",
                                                   "examples/ep07_mpi/job.sh"]
    (array, _), (mpi, _) = submitted
    # The output files the page names, where it says they are.
    sweep_out = learner.lesson / f"sweep-{array}_0.out"
    pi_out = learner.lesson / f"pi-mpi-{mpi}.out"
    assert re.search(r"^Computed task 0: ", sweep_out.read_text(), re.M), sweep_out.read_text()
    assert re.search(r"^Pi estimate: 3\.1", pi_out.read_text(), re.M), pi_out.read_text()
    text = SETUP.read_text(encoding="utf-8")
    assert f"`sweep-{array}_0.out`" in text and f"`pi-mpi-{mpi}.out`" in text
