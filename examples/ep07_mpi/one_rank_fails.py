"""One rank fails: run with `python -m mpi4py` so the whole job stops.

    mpiexec -n 2 python -m mpi4py one_rank_fails.py

Every rank computes a number and comm.reduce adds them up on rank 0, but
rank 1 (see --fail-rank) raises an exception first.  Under `-m mpi4py`, an
exception that is not caught makes mpi4py call MPI_Abort: mpiexec stops every
rank and exits with a non-zero status, after the traceback has been printed.
Started without `-m mpi4py`, the job prints the traceback and then hangs:
rank 0 waits for rank 1's number for ever, and rank 1, on its way out, waits
for the others to finish MPI (on a cluster, until the job's time limit).
"""
import argparse

from mpi4py import MPI


def work(rank, fail_rank):
    """Each rank's share of the work; on `fail_rank` it goes wrong."""
    if rank == fail_rank:
        raise RuntimeError(f"rank {rank} failed on purpose (--fail-rank {fail_rank})")
    return rank * rank


def add_up(fail_rank):
    comm = MPI.COMM_WORLD
    rank, size = comm.Get_rank(), comm.Get_size()
    value = work(rank, fail_rank)
    # A collective: rank 0 cannot finish it until every rank has taken part.
    total = comm.reduce(value, op=MPI.SUM, root=0)
    if rank == 0:
        print(f"Ranks: {size}; sum of rank² over all ranks: {total}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fail-rank", type=int, default=1,
                        help="the rank that raises an exception (none if there is no such rank)")
    args = parser.parse_args()
    add_up(args.fail_rank)


if __name__ == "__main__":
    main()
