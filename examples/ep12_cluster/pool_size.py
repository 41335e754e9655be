"""How many workers should a pool start inside a Slurm job?

Slurm says how many cores each task of the job got in SLURM_CPUS_PER_TASK
(only when the job asked with --cpus-per-task).  Outside Slurm, or without
it, take the cores this process may use: os.process_cpu_count() on Python
3.13 and later (which also obeys PYTHON_CPU_COUNT), else the affinity mask.
The script also checks that the cores really are there: in a job step
started by srun they may not be, because srun since Slurm 22.05 no longer
reads SLURM_CPUS_PER_TASK (export SRUN_CPUS_PER_TASK for it).
"""
import argparse
import os


# start-listing
def cores_here():
    """Cores this process may run on (its affinity mask, where the OS has one)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def pool_size():
    """(workers, where the number came from) for a pool in this job."""
    slurm = os.environ.get("SLURM_CPUS_PER_TASK", "")
    if slurm.isdigit() and int(slurm) > 0:
        return int(slurm), "SLURM_CPUS_PER_TASK"
    if hasattr(os, "process_cpu_count"):          # Python 3.13+
        return os.process_cpu_count() or 1, "os.process_cpu_count()"
    return cores_here(), "the affinity mask"
# end-listing


def report():
    workers, source = pool_size()
    cores = cores_here()
    print(f"SLURM_CPUS_PER_TASK: {os.environ.get('SLURM_CPUS_PER_TASK') or 'not set'}")
    print(f"Cores this process may run on: {cores}")
    print(f"Workers: {workers} (from {source})")
    if workers > cores:
        print(f"Warning: {workers} workers on {cores} core{'s' if cores > 1 else ''}: they will take "
              f"turns. In a step started by srun, export SRUN_CPUS_PER_TASK=$SLURM_CPUS_PER_TASK.")
    return workers


def main():
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    report()


if __name__ == "__main__":
    main()
