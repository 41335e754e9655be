"""One program, many ranks: every copy of this script finds out who it is.

Start it with `mpiexec -n 4 python hello_ranks.py`: mpiexec starts four copies
of the same program (SPMD, single program, multiple data).  Each copy, a rank,
asks the communicator MPI.COMM_WORLD for its rank (0 to size - 1) and for the
size, and uses its rank to pick its own share of the work.  Rank 0 then
gathers what every rank found and is the only one to print.
"""
import argparse
import os
import socket

from mpi4py import MPI


def hello(n):
    """Every rank adds up its share of 0 .. n-1; rank 0 gathers and prints."""
    comm = MPI.COMM_WORLD
    rank = comm.Get_rank()
    size = comm.Get_size()

    # This rank's share: every size-th number, starting at its own rank.
    mine = range(rank, n, size)
    report = {"rank": rank, "pid": os.getpid(), "host": socket.gethostname(),
              "numbers": list(mine), "sum": sum(mine)}

    # Rank 0 receives a list with one report per rank, in rank order;
    # the other ranks receive None.
    reports = comm.gather(report, root=0)
    if rank == 0:
        print(f"Number of ranks (size): {size}")
        for r in reports:
            print(f"rank {r['rank']} (process {r['pid']} on {r['host']}): "
                  f"numbers {r['numbers']}, sum {r['sum']}")
        total = sum(r["sum"] for r in reports)
        formula = n * (n - 1) // 2
        print(f"Sum of 0 to {n - 1}: {total} (formula n(n-1)/2 gives {formula})")


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    # Every rank reads the same command line, so with a bad value every rank stops.
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=at_least_one, default=20, help="add up 0 to n - 1")
    args = parser.parse_args()
    hello(args.n)


if __name__ == "__main__":
    main()
