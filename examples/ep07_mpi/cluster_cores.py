"""How many threads may each MPI rank start?  Episode 1's rule, shared out on each node.

Every rank applies episode 1's rule: usable_cores(), from count_cores.py
(episode 1's file, of which this folder holds a copy), is the smallest of the
machine's cores, the rank's affinity mask, the CPU quota and
SLURM_CPUS_PER_TASK, the cores Slurm gave each task for its own threads
(NumPy's BLAS, Numba, a thread pool).  The ranks on one node also share its
cores, so each starts no more than an equal share of the cores they may use
together.  Rank 0 gathers what every rank sees and prints a report: the
tasks Slurm gave the job (SLURM_NTASKS) against the ranks running, the
threads per rank, and a warning when a rank may run on fewer cores than
Slurm gave each task, or when a node has more ranks than cores.
"""
import argparse
import collections
import os
import socket

from count_cores import cgroup_cores, slurm_cores, usable_cores
from mpi4py import MPI


def slurm_tasks():
    """The job's tasks from SLURM_NTASKS (None outside Slurm)."""
    value = os.environ.get("SLURM_NTASKS", "")
    return int(value) if value.isdigit() and int(value) > 0 else None


def allowed_cores():
    """The cores this process may run on: its affinity mask, where known."""
    if hasattr(os, "sched_getaffinity"):
        return os.sched_getaffinity(0)
    return set(range(os.cpu_count() or 1))


# start-listing
def what_this_rank_sees():
    """Its node, its usable cores (episode 1's rule), its affinity mask and its CPU quota."""
    return socket.gethostname(), usable_cores(), allowed_cores(), cgroup_cores()


def cores_together(masks, quotas):
    """The cores a node's ranks may use together: their affinity masks joined, within the quota."""
    return min([len(set().union(*masks)), *(quota for quota in quotas if quota)])


def threads_per_rank(usable, together, ranks):
    """A rank's usable cores, but no more than an equal share of its node's: at least one."""
    return max(1, min(usable, together // ranks))
# end-listing


def report(comm):
    seen = comm.gather(what_this_rank_sees(), root=0)
    if comm.Get_rank() != 0:
        return
    size = comm.Get_size()
    ntasks, cpus_per_task = slurm_tasks(), slurm_cores()
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
    nodes = collections.defaultdict(list)
    for host, *limits in seen:
        nodes[host].append(limits)
    for host, ranks in nodes.items():
        usables, masks, quotas = zip(*ranks)
        usable, together = min(usables), cores_together(masks, quotas)
        threads = threads_per_rank(usable, together, len(ranks))
        print(f"Node {host}: ranks {len(ranks)}, usable cores of a rank {usable}, "
              f"cores they may use together {together}")
        print(f"Threads per rank: {threads} (a rank's usable cores, at most an equal share "
              f"of the node's); set OMP_NUM_THREADS={threads}")
        if len(ranks) * threads > together:
            print(f"Warning: ranks × threads = {len(ranks) * threads} is more than the "
                  f"{together} core{'s' if together != 1 else ''} of {host}: they will take turns")
    # What srun does in Slurm 22.05 and 23.02 unless told: one core for each rank.
    for rank, (_, _, mask, _) in enumerate(seen):
        if cpus_per_task and len(mask) < cpus_per_task:
            print(f"Warning: rank {rank} may run on {len(mask)} of the "
                  f"{cpus_per_task} cores per task: start the ranks with "
                  'srun -c "$SLURM_CPUS_PER_TASK"')


def main():
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    report(MPI.COMM_WORLD)


if __name__ == "__main__":
    main()
