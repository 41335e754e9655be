"""A real single-node Slurm for the tests marked ``@pytest.mark.slurm``.

A test that takes the ``slurm`` fixture gets a running cluster (started by
scripts/slurm.py in a private folder, on ports of its own).  ``slurm.run``
submits a job script (or a command, with ``wrap=``) from the repository's
root, waits until it has ended, fails the test unless it COMPLETED, and
returns what the job printed:

    @pytest.mark.slurm
    def test_heat_under_srun(slurm, tmp_path):
        text = slurm.run(None, "--ntasks=2", folder=tmp_path,
                         wrap="srun --mpi=pmi2 .venv/bin/python examples/ep11_coupled_mpi/heat.py")
        assert ...

(``srun --mpi=pmi2 -n 2`` makes one 2-rank MPI job with the mpich wheel;
``mpiexec`` inside a batch job also works, launching through srun.)  For
more control: ``job = slurm.sbatch(script, *options, output=...)``, then
``slurm.wait(job)`` (the final state), ``slurm.cancel(job)``, ``slurm.states(job)``.
Jobs run as root; this node has the machine's cores (2 on the CI machine).

- Two Slurm versions: each test that takes the fixture runs on the machine's
  own Slurm (22.05 on Debian 12) and on Debian 13's 24.11 in its chroot
  (scripts/slurm.py install --version 24.11), ids ``slurm-system`` and
  ``slurm-24.11``.  Where the versions differ, a test reads the version
  (``srun --version`` in the job) and expects what that version does.
- One Slurm at a time: the mark puts every such test into one xdist group
  ("slurm"), so they all run on one worker; pytest orders the tests by the
  session fixture's version, so it starts each version's daemons once, and
  stops them before it starts the other's, and at the end of the run, passed
  or failed, with any job still running.  Should the test process be killed
  before it can, a watchdog process (scripts/slurm.py watch) does it.
- Where Slurm cannot run (not Linux, not root, not installed) the tests skip
  and say why; under CI (CI=true) they fail instead, like the browser tests.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from harness import ROOT, skip_or_fail
from scripts import slurm as slurm_script

GROUP = "slurm"
FINAL_STATES = {"COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "OUT_OF_MEMORY", "NODE_FAIL",
                "PREEMPTED", "BOOT_FAIL", "DEADLINE"}


class SlurmSession:
    """The running cluster, and the few commands tests need to use it."""

    def __init__(self, cluster: slurm_script.Cluster):
        self.cluster = cluster
        self.env = cluster.env              # {"SLURM_CONF": ...}: give it to any client

    def command(self, line, *, timeout: float = 30, cwd: Path = ROOT,
                env: dict | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(line, cwd=cwd, capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL, check=False,
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

    def run(self, script=None, *options, folder: Path, wrap: str | None = None,
            timeout: float = 120) -> str:
        """Submit, wait, require COMPLETED; return the job's output (stdout and stderr)."""
        output = Path(folder) / "job-%j.out"
        if wrap is not None:
            options = (*options, f"--wrap={wrap}")
        job = self.sbatch(script, *options, output=output)
        state = self.wait(job, timeout)
        assert state == "COMPLETED", f"job {job} ended {state}\n{self.describe(job, output)}"
        return job_output(output, job)

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


VERSIONS = [slurm_script.SYSTEM, *slurm_script.CHROOTS]


def start_or_skip(folder: Path, accounting: bool = False,
                  version: str = slurm_script.SYSTEM) -> slurm_script.Cluster:
    """Start the test Slurm in `folder`; skip the test, or under CI fail it, if it cannot start.

    Without accounting (slurmdbd and MariaDB) unless asked: no test of the fixture
    calls sacct, and it saves some 4 s at start, 2 s at stop and 100 MB.  A chroot's
    Slurm shares the repository with its jobs (examples/, .venv), and the Python
    that .venv was made from (pyenv's is below /root, which it shares anyway)."""
    options = ""
    try:
        if version == slurm_script.SYSTEM:
            return slurm_script.start(folder, accounting=accounting)
        options = f" --version {version}"
        return slurm_script.start(folder, accounting=accounting, version=version,
                                  bind=[ROOT, Path(sys.base_prefix)])
    except (slurm_script.SlurmUnavailable, OSError, subprocess.SubprocessError) as problem:
        skip_or_fail(f"no test Slurm{options.replace(' --version', '')}: {problem}",
                     f"On Debian/Ubuntu, as root: python3 scripts/slurm.py install{options} "
                     f"(.ci/run does).")


@pytest.fixture(scope="session", params=VERSIONS, ids=lambda version: f"slurm-{version}")
def slurm(request):
    """A running single-node Slurm of one version, for this test run (see the module's
    docstring); pytest stops one version's before it starts the other's."""
    folder = Path(tempfile.mkdtemp(prefix="lesson-slurm-"))
    try:
        cluster = start_or_skip(folder, version=request.param)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    # Should this process be killed before it can stop the cluster (a test run
    # stopped at its time limit), the watchdog stops it and removes the folder.
    watchdog = subprocess.Popen([sys.executable, str(ROOT / "scripts" / "slurm.py"), "watch",
                                 str(folder), str(os.getpid())], start_new_session=True,
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    try:
        yield SlurmSession(cluster)
    finally:
        watchdog.kill()
        watchdog.wait()
        slurm_script.stop(cluster)
        leftover = [name for name, pid in cluster.pids.items() if slurm_script._alive(pid)]
        shutil.rmtree(folder, ignore_errors=True)
        assert not leftover, f"Slurm daemons still running: {leftover}"


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
