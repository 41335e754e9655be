"""How many workers should a pool start inside a Slurm job?

The smallest of two limits, as episode 1 teaches: the cores Slurm gave each
task of the job (SLURM_CPUS_PER_TASK, set when the job asked with
--cpus-per-task), and the cores this process may run on (its affinity mask;
on Python 3.13 and later os.process_cpu_count(), which also obeys
PYTHON_CPU_COUNT).  The two differ in a job step that srun started with
fewer cores than the job has: the script then says so.
"""
import argparse
import os


# start-listing
def cores_here():
    """Cores this process may run on."""
    if hasattr(os, "process_cpu_count"):          # Python 3.13+
        return os.process_cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):          # Linux
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def slurm_cores():
    """Cores per task that Slurm gave this job (None outside Slurm, or without --cpus-per-task)."""
    value = os.environ.get("SLURM_CPUS_PER_TASK", "")
    return int(value) if value.isdigit() and int(value) > 0 else None


def pool_size():
    """Workers for a pool in this job: the smallest limit wins."""
    return min(limit for limit in (slurm_cores(), cores_here()) if limit is not None)
# end-listing


def report():
    """Print both limits and the pool size; warn when the step has fewer cores than the job."""
    slurm, cores, workers = slurm_cores(), cores_here(), pool_size()
    print(f"SLURM_CPUS_PER_TASK: {slurm or 'not set'}")
    print(f"Cores this process may run on: {cores}")
    print(f"Workers: {workers}")
    if slurm and cores < slurm:
        print(f"Warning: Slurm gave each task {slurm} cores, but this process may run on {cores}. "
              'In a job step, start it with srun -c "$SLURM_CPUS_PER_TASK".')
    return workers


def main():
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    report()


if __name__ == "__main__":
    main()
