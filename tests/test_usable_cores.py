"""One rule for usable cores, one function: episode 1's usable_cores().

Episode 1 teaches the rule (the smallest of os.cpu_count(), the affinity mask,
the cgroup CPU quota and SLURM_CPUS_PER_TASK); every script that sizes a pool
or a thread count by the cores imports usable_cores() from a copy of episode
1's count_cores.py in its own folder, since learners may download one folder.

- The copies are episode 1's file, byte for byte, and each of those scripts
  imports usable_cores() from it.
- Run under the same limits (none; Slurm's 1 core per task; taskset -c 0,
  with and without Slurm promising 2; a cgroup CPU quota of 1 core where the
  test may make one), every script gives episode 1's answer: count_cores.py
  its usable cores, pool_size.py and bootstrap_farm.py their workers,
  cluster_cores.py with one rank its threads.  A script with a rule of its
  own (affinity only, or Slurm's number first) fails one of them.
"""
import ast
import os
import re
import shutil
import uuid
from pathlib import Path

import pytest

from expectations.setup_ep01 import COUNT_CORES, USABLE
from harness import EXAMPLES, run_command, runner

# Each script that sizes something by the cores, and the line that says how many.
SIZED_BY_CORES = {
    "ep01_why/count_cores.py": ((), r"Usable cores"),
    "ep12_cluster/pool_size.py": ((), r"Workers"),
    "bootstrap/bootstrap_farm.py": (("--resamples", "200"), r"Workers"),
    "ep07_mpi/cluster_cores.py": ((), r"Threads per rank"),
}


def test_copies_are_episode_1s_file():
    original = (EXAMPLES / COUNT_CORES[0]).read_bytes()
    differ = [name for name in COUNT_CORES[1:] if (EXAMPLES / name).read_bytes() != original]
    assert not differ, f"copy examples/{COUNT_CORES[0]} over these: {differ}"


@pytest.mark.parametrize("example", [name for name in SIZED_BY_CORES if name not in COUNT_CORES])
def test_scripts_import_episode_1s_function(example):
    tree = ast.parse((EXAMPLES / example).read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                and node.module == "count_cores" for alias in node.names}
    assert "usable_cores" in imported, f"{example} must size by count_cores.usable_cores()"
    assert f"{Path(example).parent}/count_cores.py" in COUNT_CORES, "its folder needs the copy"
    defined = {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
    assert not defined & {"usable_cores", "core_limits", "slurm_cores"}, "a rule of its own"


def cgroup_v1_cpu() -> Path | None:
    """The cgroup v1 cpu hierarchy, if this test may make groups in it (root); else None."""
    for name in ("cpu", "cpu,cpuacct"):
        folder = Path("/sys/fs/cgroup") / name
        if (folder / "cpu.cfs_quota_us").is_file() and os.access(folder, os.W_OK):
            return folder
    return None


@pytest.fixture
def quota_of_one_core():
    """A launcher that runs the command in a new cgroup with a CPU quota of 1 core."""
    hierarchy = cgroup_v1_cpu()
    if hierarchy is None:
        pytest.skip("needs a writable cgroup v1 cpu hierarchy (root) to set a CPU quota")
    group = hierarchy / f"lesson-test-{uuid.uuid4().hex[:8]}"
    group.mkdir()
    try:
        period = int((group / "cpu.cfs_period_us").read_text())
        (group / "cpu.cfs_quota_us").write_text(str(period))
        yield ["sh", "-c", 'echo $$ > "$0/cgroup.procs" && exec "$@"', str(group)]
    finally:
        group.rmdir()  # the runs have ended: the group is empty


LIMITS = {  # name -> (launcher, SLURM_CPUS_PER_TASK, expected usable cores)
    "none": ((), "", USABLE),
    "slurm-1": ((), "1", 1),
    "slurm-4096": ((), "4096", USABLE),
    "taskset-0": (("taskset", "-c", "0"), "", 1),
    "taskset-0-slurm-2": (("taskset", "-c", "0"), "2", 1),
    "quota-1": (None, "", 1),
}


@pytest.mark.parametrize("limit", LIMITS)
def test_every_script_gives_episode_1s_answer(limit, request, tmp_path):
    launcher, slurm, expected = LIMITS[limit]
    if launcher is None:
        launcher = request.getfixturevalue("quota_of_one_core")
    if launcher and shutil.which(launcher[0]) is None:
        pytest.skip(f"needs {launcher[0]}")
    answers = {}
    for example, (args, label) in SIZED_BY_CORES.items():
        ranks = 1 if example.startswith("ep07_mpi/") else None
        if example.startswith("bootstrap/"):
            args = (*args, "--results", str(tmp_path / "chunks"))
        command = runner.command(example, args, ranks=ranks, launcher=launcher)
        result = run_command(command, timeout=120,
                             env={"SLURM_CPUS_PER_TASK": slurm, "SLURM_NTASKS": ""})
        assert result.returncode == 0, result.describe()
        found = re.search(rf"^{label}: (\d+)", result.stdout, re.M)
        assert found, result.describe()
        answers[example] = int(found.group(1))
    assert answers == dict.fromkeys(SIZED_BY_CORES, expected)
