"""How many cores may this program use?

os.cpu_count() counts every logical core in the machine.  The cores you may
actually use can be fewer: the operating system can pin a process to some
cores (its affinity mask), a container or a login node can give its processes
a CPU quota (cgroups), and a batch scheduler such as Slurm tells a job how many
cores per task it was given.  This script reports each number and the one to
use for a pool of workers: the smallest.

That is the lesson's one rule for usable cores, and usable_cores() its one
function: episode 7's cluster_cores.py, episode 12's pool_size.py and the
bootstrap farm import it from a copy of this file in their own folders.
"""
import argparse
import math
import os
from pathlib import Path


# start-listing
def core_limits():
    """Each limit on the cores this process may use (None: no such limit)."""
    return {
        "os.cpu_count()": os.cpu_count(),
        "affinity mask": affinity_cores(),
        "cgroup CPU quota": cgroup_cores(),
        "SLURM_CPUS_PER_TASK": slurm_cores(),
    }


def usable_cores():
    """The smallest limit wins: that is how many workers can run at once."""
    return min(value for value in core_limits().values() if value is not None)


def affinity_cores():
    """Cores in this process's affinity mask (Linux; None elsewhere)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return None


def slurm_cores():
    """Cores per task that Slurm gave this job (None outside Slurm, or without --cpus-per-task)."""
    value = os.environ.get("SLURM_CPUS_PER_TASK", "")
    return int(value) if value.isdigit() and int(value) > 0 else None
# end-listing


def cgroup_cores(own=Path("/proc/self/cgroup"), root=Path("/sys/fs/cgroup")):
    """The CPU quota of this process's own cgroup, in cores (Linux; None if unlimited).

    `own` names the process's cgroup.  A quota set on that group or on any
    group above it applies (a login node often sets one per user), so the
    smallest along the way counts.
    """
    try:
        lines = own.read_text().splitlines()
    except OSError:
        return None
    quotas = []
    for line in lines:
        _, controllers, group = line.split(":", 2)
        if controllers == "":                       # cgroup v2: cpu.max is "quota period"
            top, files = root, ["cpu.max"]
        elif "cpu" in controllers.split(","):       # cgroup v1: two files
            top = next((root / name for name in ("cpu", "cpu,cpuacct") if (root / name).is_dir()), None)
            files = ["cpu.cfs_quota_us", "cpu.cfs_period_us"]
        else:
            continue
        folder = None if top is None else top / group.lstrip("/")
        while folder is not None:
            try:
                quota, period = " ".join((folder / name).read_text() for name in files).split()
                if quota not in ("max", "-1"):
                    quotas.append(int(quota) / int(period))
            except (OSError, ValueError):
                pass
            folder = folder.parent if folder != top else None
    # 1.5 cores of quota keep only one worker busy all the time: round down.
    return max(1, math.floor(min(quotas))) if quotas else None


def main():
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    for name, value in core_limits().items():
        print(f"{name:>20}: {value if value is not None else 'not set'}")
    print(f"Usable cores: {usable_cores()}")


if __name__ == "__main__":
    main()
