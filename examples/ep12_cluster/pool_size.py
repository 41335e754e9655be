"""How many workers should a pool start inside a Slurm job?

As many as episode 1's rule gives: the smallest limit wins.  usable_cores()
comes from count_cores.py, episode 1's file, of which this folder holds a
copy; inside a job, one of its limits is SLURM_CPUS_PER_TASK, the cores Slurm
gave each task (set when the job asked with --cpus-per-task).  A job step
that srun started with fewer cores than that may run on fewer (its affinity
mask): the script then says so.
"""
import argparse

from count_cores import affinity_cores, slurm_cores, usable_cores


# start-listing
def report():
    """Print Slurm's cores per task, the cores this process may run on, and the pool size."""
    slurm, cores, workers = slurm_cores(), affinity_cores(), usable_cores()
    print(f"SLURM_CPUS_PER_TASK: {slurm or 'not set'}")
    print(f"Cores this process may run on: {cores or 'not known here'}")
    print(f"Workers: {workers}")
    if slurm and cores and cores < slurm:
        print(f"Warning: Slurm gave each task {slurm} cores, but this process may run on {cores}. "
              'In a job step, start it with srun -c "$SLURM_CPUS_PER_TASK".')
    return workers
# end-listing


def main():
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    report()


if __name__ == "__main__":
    main()
