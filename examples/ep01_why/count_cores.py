"""How many cores may this program use?

os.cpu_count() counts every logical core in the machine.  The cores you may
actually use can be fewer: the operating system can pin a process to some
cores (its affinity mask), a container can get a CPU quota (cgroups), and a
batch scheduler such as Slurm tells your job how many cores it was given.
This script reports each number and the one to use for a pool of workers.
"""
import argparse
import os
from pathlib import Path


def affinity_cores():
    """Cores in this process's affinity mask (Linux; None elsewhere)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return None


def cgroup_cores():
    """CPU quota of this container in cores (cgroup v2; None if unlimited)."""
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()
    except (OSError, ValueError):
        return None
    if quota == "max":
        return None
    return max(1, int(int(quota) / int(period)))


def slurm_cores():
    """Cores per task that Slurm gave this job (None outside Slurm)."""
    value = os.environ.get("SLURM_CPUS_PER_TASK")
    return int(value) if value and value.isdigit() else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()

    limits = {
        "os.cpu_count()": os.cpu_count(),
        "affinity mask": affinity_cores(),
        "cgroup CPU quota": cgroup_cores(),
        "SLURM_CPUS_PER_TASK": slurm_cores(),
    }
    for name, value in limits.items():
        shown = value if value is not None else "not set"
        print(f"{name:>20}: {shown}")

    # The smallest limit wins: that is how many workers can run at once.
    usable = min(value for value in limits.values() if value is not None)
    print(f"Usable cores: {usable}")


if __name__ == "__main__":
    main()
