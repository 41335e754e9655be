"""How many cores does this MPI job have?  Ask the scheduler, then check.

Inside a Slurm job the scheduler says what it gave you in environment
variables: SLURM_NTASKS is the number of tasks (one MPI rank each) and
SLURM_CPUS_PER_TASK the cores each task may use for its own threads (NumPy's
BLAS, Numba, a thread pool); Slurm sets the second only when the job asked
for --cpus-per-task.  Without them, the script takes the cores the ranks on a
machine may run on (their affinity masks) and shares them out among those
ranks.  Rank 0 gathers what every rank sees and prints a report, with a
warning when a rank may run on fewer cores than it should start threads.
"""
import argparse
import collections
import os
import socket

from mpi4py import MPI


def slurm_number(name):
    """The whole number in Slurm's variable `name`, or None outside Slurm."""
    value = os.environ.get(name, "")
    return int(value) if value.isdigit() and int(value) > 0 else None


def allowed_cores():
    """The cores this process may run on: its affinity mask, where known."""
    if hasattr(os, "sched_getaffinity"):
        return sorted(os.sched_getaffinity(0))
    return list(range(os.cpu_count() or 1))


def threads_per_rank(cpus_per_task, node_cores, ranks_on_node):
    """Threads each rank should start: Slurm's answer if there is one,
    else an equal share of the machine's cores, at least one."""
    if cpus_per_task:
        return cpus_per_task
    return max(1, node_cores // ranks_on_node)


def report(comm):
    seen = comm.gather((socket.gethostname(), allowed_cores()), root=0)
    if comm.Get_rank() != 0:
        return
    size = comm.Get_size()
    ntasks = slurm_number("SLURM_NTASKS")
    cpus_per_task = slurm_number("SLURM_CPUS_PER_TASK")
    print(f"MPI ranks (size of COMM_WORLD): {size}")
    if ntasks and ntasks < size:
        # More ranks than tasks: the ranks were started from inside one Slurm task.
        # mpiexec does that in a job (its launcher runs as a job step of its own),
        # so the ranks see that step's count, not the job's: it says nothing here.
        print(f"SLURM_NTASKS: {ntasks} (of the job step that started the ranks, not of the job)")
        ntasks = None
    else:
        print(f"SLURM_NTASKS: {ntasks or 'not set'}")
    print(f"SLURM_CPUS_PER_TASK: {cpus_per_task or 'not set'}")
    if ntasks and ntasks > size:
        # srun without --mpi=pmi2 starts one separate program of one rank per task.
        print(f"Warning: Slurm gave {ntasks} tasks but the MPI job has {size} "
              f"rank{'s' if size != 1 else ''}; start the ranks with "
              "mpiexec -n $SLURM_NTASKS, or srun --mpi=pmi2")

    # Group the ranks by machine (node): ranks on one node share its cores.
    ranks_on = collections.Counter(host for host, _ in seen)
    cores_on = collections.defaultdict(set)
    for host, cores in seen:
        cores_on[host].update(cores)
    for host, ranks in ranks_on.items():
        cores = len(cores_on[host])
        threads = threads_per_rank(cpus_per_task, cores, ranks)
        if cpus_per_task:
            source = "from SLURM_CPUS_PER_TASK"
        else:
            source = "the node's cores shared out"
        print(f"Node {host}: ranks {ranks}, cores they may run on {cores}")
        print(f"Threads per rank: {threads} ({source}); set OMP_NUM_THREADS={threads}")
        if ranks * threads > cores:
            print(f"Warning: ranks × threads = {ranks * threads} is more than the "
                  f"{cores} core{'s' if cores != 1 else ''} of {host}: they will take turns")
    # What srun does in Slurm 22.05 and 23.02 unless told: one core for each rank.
    for rank, (host, cores) in enumerate(seen):
        if cpus_per_task and len(cores) < cpus_per_task:
            print(f"Warning: rank {rank} may run on {len(cores)} of the "
                  f"{cpus_per_task} cores per task: with srun, "
                  "export SRUN_CPUS_PER_TASK=$SLURM_CPUS_PER_TASK")


def main():
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    report(MPI.COMM_WORLD)


if __name__ == "__main__":
    main()
