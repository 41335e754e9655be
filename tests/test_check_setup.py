"""The preflight check's reading of container CPU limits (cgroups v2 and v1).

The real files live under /sys/fs/cgroup; here fake ones in a temporary
folder stand in for a container with and without a quota.
"""
import importlib.util

import pytest

from harness import EXAMPLES

spec = importlib.util.spec_from_file_location("check_setup", EXAMPLES / "check_setup.py")
check_setup = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_setup)


def write(folder, name, text):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.mark.parametrize("files, cores", [
    ({"cpu.max": "200000 100000\n"}, 2.0),                         # v2, two cores
    ({"cpu.max": "150000 100000\n"}, 1.5),                         # v2, one and a half
    ({"cpu.max": "max 100000\n"}, None),                           # v2, no quota
    ({"cpu/cpu.cfs_quota_us": "400000\n", "cpu/cpu.cfs_period_us": "100000\n"}, 4.0),  # v1
    ({"cpu/cpu.cfs_quota_us": "-1\n", "cpu/cpu.cfs_period_us": "100000\n"}, None),     # v1, none
    ({}, None),                                                    # no cgroup files at all
])
def test_cgroup_cpu_limit(tmp_path, files, cores):
    for name, text in files.items():
        write(tmp_path, name, text)
    assert check_setup.cgroup_cpu_limit(tmp_path) == cores
