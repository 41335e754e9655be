"""A real single-node Slurm for the tests marked ``@pytest.mark.slurm``.

A test that takes the ``slurm`` fixture gets a running cluster (started by
scripts/slurm.py in a private folder, on ports of its own) and submits real
jobs with ``slurm.sbatch(...)``; ``slurm.wait(job)`` waits until the job has
ended and returns its final state:

    @pytest.mark.slurm
    def test_my_job(slurm, tmp_path):
        job = slurm.sbatch("examples/ep11_coupled_mpi/heat_job.sh", "--ntasks=2",
                           output=tmp_path / "heat-%j.out")
        assert slurm.wait(job) == "COMPLETED", slurm.describe(job)

- One Slurm per test run: the mark puts every such test into one xdist group
  ("slurm"), so they all run on one worker, whose session fixture starts the
  daemons once and stops them when the run ends, passed or failed (and the
  daemons get SIGTERM should the test process die without stopping them).
- Where Slurm cannot run (not Linux, not root, not installed) the tests skip
  and say why; under CI (CI=true) they fail instead, like the browser tests.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from harness import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import slurm as slurm_script  # noqa: E402  scripts/slurm.py

GROUP = "slurm"
FINAL_STATES = {"COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "OUT_OF_MEMORY", "NODE_FAIL",
                "PREEMPTED", "BOOT_FAIL", "DEADLINE"}


def under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


class SlurmSession:
    """The running cluster, and the few commands tests need to use it."""

    def __init__(self, cluster: slurm_script.Cluster):
        self.cluster = cluster
        self.env = cluster.env              # {"SLURM_CONF": ...}: give it to any client

    def command(self, line, *, timeout: float = 30, cwd: Path = ROOT,
                env: dict | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(line, cwd=cwd, capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL,
                              env={**os.environ, **self.env, **(env or {})})

    def sbatch(self, script, *options, output=None, cwd: Path = ROOT, env: dict | None = None) -> str:
        """Submit a job script (or `--wrap=...` in options); return the job id."""
        line = ["sbatch", "--parsable", *options]
        if output is not None:
            line.append(f"--output={output}")
        if script is not None:
            line.append(str(script))
        result = self.command(line, cwd=cwd, env=env)
        assert result.returncode == 0, f"sbatch failed: {result.stdout}{result.stderr}"
        return result.stdout.strip().split(";")[0]

    def states(self, job: str) -> list[str]:
        """The state of the job, or of each task of an array job."""
        result = self.command(["squeue", "-h", "-t", "all", "-r", "-j", job, "-o", "%T"], timeout=15)
        return result.stdout.split() if result.returncode == 0 else []

    def wait(self, job: str, timeout: float = 120) -> str:
        """Wait until the job (every task of an array) has ended; its final state.

        Polls squeue every 0.2 s (sbatch -W checks less often and adds seconds).
        For an array, the worst state of its tasks (COMPLETED only if all are).
        """
        deadline = time.monotonic() + timeout
        while True:
            states = self.states(job)
            if states and all(state in FINAL_STATES for state in states):
                bad = sorted(set(states) - {"COMPLETED"})
                return bad[0] if bad else "COMPLETED"
            if time.monotonic() > deadline:
                self.command(["scancel", job])
                raise AssertionError(f"job {job} still {states} after {timeout} s\n"
                                     f"{self.cluster.logs()}")
            time.sleep(0.2)

    def wait_until(self, test, timeout: float = 60, what: str = "a condition") -> None:
        deadline = time.monotonic() + timeout
        while not test():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout} s waiting for {what}")
            time.sleep(0.1)

    def cancel(self, job: str) -> None:
        self.command(["scancel", job])

    def describe(self, job: str, *outputs: Path) -> str:
        text = [self.command(["scontrol", "show", "job", job]).stdout]
        for path in outputs:
            for file in sorted(Path(path).parent.glob(Path(path).name.replace("%j", "*")
                                                      .replace("%A", "*").replace("%a", "*"))):
                text.append(f"--- {file} ---\n{file.read_text(errors='replace')}")
        return "\n".join(text)


@pytest.fixture(scope="session")
def slurm():
    """A running single-node Slurm, for this test run (see the module's docstring)."""
    folder = Path(tempfile.mkdtemp(prefix="lesson-slurm-"))
    try:
        cluster = slurm_script.start(folder, tie_to_parent=True)
    except (slurm_script.SlurmUnavailable, OSError, subprocess.SubprocessError) as problem:
        message = f"no test Slurm: {problem}"
        if under_ci():
            pytest.fail(f"{message}\n(CI=true: the Slurm tests must run; .ci/run installs "
                        f"Slurm with scripts/slurm.py install)", pytrace=False)
        pytest.skip(message)
    try:
        yield SlurmSession(cluster)
    finally:
        slurm_script.stop(cluster)
        leftover = [name for name, pid in cluster.pids.items() if slurm_script._alive(pid)]
        assert not leftover, f"Slurm daemons still running: {leftover}"
        import shutil
        shutil.rmtree(folder, ignore_errors=True)


def mark_slurm_tests(items) -> None:
    """Every test that is marked slurm or uses the fixture goes into one xdist group."""
    for item in items:
        if item.get_closest_marker("slurm") or "slurm" in getattr(item, "fixturenames", ()):
            if not item.get_closest_marker("slurm"):
                item.add_marker(pytest.mark.slurm)
            group = item.get_closest_marker("xdist_group")
            if group is None:
                item.add_marker(pytest.mark.xdist_group(GROUP))
            elif (group.args or (group.kwargs.get("name"),))[0] != GROUP:
                raise pytest.UsageError(f"{item.nodeid}: a Slurm test must be in xdist group "
                                        f"{GROUP!r}, not {group.args}")


def job_output(pattern: Path, job: str) -> str:
    """The text of the output file written for `job` (%j in the pattern)."""
    return Path(str(pattern).replace("%j", job)).read_text(errors="replace")


def value(text: str, label: str) -> str:
    """The rest of the one line that starts with `label:`."""
    found = re.findall(rf"^{re.escape(label)}: (.*)$", text, re.M)
    assert len(found) == 1, f"{label!r} found {len(found)} times in:\n{text}"
    return found[0]
