"""Exercise 3 (episode 11): share out rows that do not divide evenly among the ranks.

Rank 0 holds a matrix; share_work() scatters its rows with comm.Scatter, each
rank scales its rows to add up to 1, and comm.Gather brings them back to rank 0.
Scatter and Gather give every rank the same number of rows, so share_work()
refuses rows that do not divide by the number of ranks: the default 11 rows
fail on 2, 3 or 4 ranks (--rows 12 works on all of them).

Your task, in your copy, my_split_rows.py in this folder (it imports
scatterv_rows.py): make share_work() work for any number of rows.  Give
every rank rows // size rows and the first rows % size ranks one more; turn
those into counts and displacements (in numbers, not rows: times the columns);
and use comm.Scatterv and comm.Gatherv with [array, counts, displacements,
MPI.DOUBLE] on rank 0's side.  Check 11 rows on 2, 3 and 4 ranks, and
--rows 3 on 4 ranks:

    mpiexec -n 3 python examples/ep11_coupled_mpi/my_split_rows.py

The solution is scatterv_rows.py.
"""
import argparse

import numpy as np
from mpi4py import MPI
from scatterv_rows import at_least_one, normalise_rows


# start-listing
def share_work(comm, matrix, rows, cols):
    """Scatter equal shares of the rows, work on mine, gather the results on rank 0."""
    size = comm.Get_size()
    if rows % size:                 # Scatter gives every rank the same amount
        raise SystemExit(f"{rows} rows do not divide among {size} ranks")
    mine = np.empty((rows // size, cols))
    comm.Scatter(matrix, mine, root=0)
    result = np.empty((rows, cols)) if comm.Get_rank() == 0 else None
    comm.Gather(normalise_rows(mine), result, root=0)
    return mine.shape[0], result
# end-listing


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
        print(f"Matrix: {args.rows} rows x {args.cols} columns on {size} rank{'s' if size != 1 else ''}")
        print(f"Rows each rank received: {received}")
        same = np.array_equal(result, normalise_rows(matrix))
        print(f"Same as normalising the whole matrix on one rank: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
