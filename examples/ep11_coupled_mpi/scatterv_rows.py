"""Scatterv and Gatherv: share out the rows of a matrix that do not divide evenly.

Scatter and Gather give every rank the same amount of data, so they cannot
share 11 rows among 3 ranks.  Scatterv and Gatherv (v for "varying") take,
for every rank, a count (how many numbers it gets) and a displacement (where
in the whole array its part starts).  Rank 0 holds the matrix; each rank
receives its rows, scales each row so that it adds up to 1, and rank 0
gathers the rows back into place and checks them against doing it all at once.
"""
import argparse

import numpy as np
from mpi4py import MPI


# start-listing
def rows_per_rank(rows, size):
    """Rows for each rank: the first rows % size ranks get one row more."""
    base, extra = divmod(rows, size)
    return [base + (rank < extra) for rank in range(size)]


def counts_and_displacements(rows, cols, size):
    """Numbers sent to each rank, and the offset of each rank's first number."""
    counts = [r * cols for r in rows_per_rank(rows, size)]
    displacements = [sum(counts[:rank]) for rank in range(size)]
    return counts, displacements


def normalise_rows(block):
    """The work: scale every row so that it adds up to 1."""
    return block / block.sum(axis=1, keepdims=True)


def share_work(comm, matrix, rows, cols):
    """Scatter the rows, work on my share, gather the results back on rank 0."""
    counts, displacements = counts_and_displacements(rows, cols, comm.Get_size())
    mine = np.empty((counts[comm.Get_rank()] // cols, cols))
    comm.Scatterv([matrix, counts, displacements, MPI.DOUBLE], mine, root=0)
    result = np.empty((rows, cols)) if comm.Get_rank() == 0 else None
    comm.Gatherv(normalise_rows(mine), [result, counts, displacements, MPI.DOUBLE], root=0)
    return mine.shape[0], result
# end-listing


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=at_least_one, default=11,
                        help="rows of the matrix (default: %(default)s)")
    parser.add_argument("--cols", type=at_least_one, default=4,
                        help="columns of the matrix (default: %(default)s)")
    args = parser.parse_args()

    comm = MPI.COMM_WORLD
    rank, size = comm.Get_rank(), comm.Get_size()
    matrix = None
    if rank == 0:
        matrix = np.arange(1, args.rows * args.cols + 1, dtype=np.float64).reshape(args.rows, args.cols)
    my_rows, result = share_work(comm, matrix, args.rows, args.cols)
    received = comm.gather(my_rows, root=0)
    if rank == 0:
        counts, displacements = counts_and_displacements(args.rows, args.cols, size)
        print(f"Matrix: {args.rows} rows x {args.cols} columns on {size} rank{'s' if size != 1 else ''}")
        print(f"Rows per rank: {rows_per_rank(args.rows, size)}")
        print(f"Counts: {counts}")
        print(f"Displacements: {displacements}")
        print(f"Rows each rank received: {received}")
        same = np.array_equal(result, normalise_rows(matrix))
        print(f"Same as normalising the whole matrix on one rank: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
