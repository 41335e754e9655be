"""Reading the CPU quota of the process's own cgroup (v2 and v1), as count_cores.py does.

The real files live under /proc/self/cgroup and /sys/fs/cgroup; fake ones in a
temporary folder stand in for a container, a login node with a per-user
quota, and a machine without any.  The preflight check uses the same function.
"""
import importlib.util

import pytest

from harness import EXAMPLES

spec = importlib.util.spec_from_file_location("count_cores", EXAMPLES / "ep01_why" / "count_cores.py")
count_cores = importlib.util.module_from_spec(spec)
spec.loader.exec_module(count_cores)

V2_SESSION = "0::/user.slice/user-1000.slice/session-3.scope\n"
V1_SESSION = "4:memory:/user.slice\n3:cpu,cpuacct:/user.slice/user-1000.slice\n"


def write(folder, name, text):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.mark.parametrize("own, files, cores", [
    ("0::/\n", {"cpu.max": "200000 100000\n"}, 2),                        # container, v2
    ("0::/\n", {"cpu.max": "150000 100000\n"}, 1),                        # 1.5 cores: one worker
    ("0::/\n", {"cpu.max": "max 100000\n"}, None),                        # no quota
    # A login node: the quota sits on the user's slice, above the session's group.
    (V2_SESSION, {"user.slice/user-1000.slice/cpu.max": "200000 100000\n",
                  "user.slice/user-1000.slice/session-3.scope/cpu.max": "max 100000\n",
                  "cpu.max": "max 100000\n"}, 2),
    # The smallest quota on the way up wins.
    (V2_SESSION, {"user.slice/cpu.max": "100000 100000\n",
                  "user.slice/user-1000.slice/cpu.max": "400000 100000\n"}, 1),
    # cgroup v1, in its "cpu,cpuacct" folder.
    (V1_SESSION, {"cpu,cpuacct/user.slice/user-1000.slice/cpu.cfs_quota_us": "400000\n",
                  "cpu,cpuacct/user.slice/user-1000.slice/cpu.cfs_period_us": "100000\n"}, 4),
    ("3:cpu:/\n", {"cpu/cpu.cfs_quota_us": "-1\n", "cpu/cpu.cfs_period_us": "100000\n"}, None),
    ("0::/\n", {}, None),                                                 # no cgroup files at all
])
def test_cgroup_cores(tmp_path, own, files, cores):
    write(tmp_path, "self-cgroup", own)
    for name, text in files.items():
        write(tmp_path / "sys", name, text)
    assert count_cores.cgroup_cores(tmp_path / "self-cgroup", tmp_path / "sys") == cores


def test_no_proc_file_means_no_quota(tmp_path):
    assert count_cores.cgroup_cores(tmp_path / "missing", tmp_path) is None
