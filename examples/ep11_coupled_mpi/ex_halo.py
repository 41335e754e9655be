"""Exercise 4 (episode 11): finish the halo exchange of the heat equation.

The plate is shared among the ranks as in heat.py, but exchange_halos() below
swaps only rows, with the ranks above and below.  That is enough while the
ranks are stacked in one column (1, 2 or 3 ranks: a 2 x 1 or 3 x 1 grid), and
the result is then the serial one.  On 4 ranks (a 2 x 2 grid) the plate is
cut into columns too, the halo columns are never filled, and the largest
difference from the serial run is no longer 0.

Your task, in your copy, my_halo.py in this folder (it imports heat.py and
heat_serial.py): add the exchange of columns with the ranks to the
left and right (cart.Shift(1, 1)).  A column of a NumPy array is not one piece
of memory: send a contiguous copy (np.ascontiguousarray), receive into a new
1D array, and copy that into the halo column unless the source is
MPI.PROC_NULL.  Run it with 2 ranks, then 4:

    mpiexec -n 4 python examples/ep11_coupled_mpi/my_halo.py

The solution is exchange_halos() in heat.py.
"""
import argparse

import numpy as np
from heat import assemble, grid_of_ranks, my_part
from heat_serial import at_least_one, simulate, step
from mpi4py import MPI


# start-listing
def exchange_halos(cart, u):
    """Swap my outermost rows with the ranks above and below me; the columns are missing."""
    up, down = cart.Shift(0, 1)         # ranks above and below me (PROC_NULL at the plate's edge)
    # My last row goes down into the top halo of the rank below; I receive into my top halo.
    cart.Sendrecv(u[-2, :], dest=down, recvbuf=u[0, :], source=up)
    # My first row goes up; I receive the row of the rank below into my bottom halo.
    cart.Sendrecv(u[1, :], dest=up, recvbuf=u[-1, :], source=down)
    # To do: the columns, with the ranks to my left and right.
# end-listing


def simulate_parallel(cart, rows, cols, steps):
    """This rank's block after `steps` time steps, and where it lies (as in heat.py)."""
    u, where = my_part(cart, rows, cols)
    new = u.copy()
    for _ in range(steps):
        exchange_halos(cart, u)
        step(u, new)
        u, new = new, u
    return u, where


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=at_least_one, default=42,
                        help="grid rows, edges included (default: %(default)s)")
    parser.add_argument("--cols", type=at_least_one, default=52,
                        help="grid columns, edges included (default: %(default)s)")
    parser.add_argument("--steps", type=at_least_one, default=50, help="time steps (default: %(default)s)")
    args = parser.parse_args()
    dims = grid_of_ranks(parser, args.rows, args.cols)

    cart = MPI.COMM_WORLD.Create_cart(dims, periods=[False, False], reorder=True)
    u, where = simulate_parallel(cart, args.rows, args.cols, args.steps)
    plate = assemble(cart, u, where, args.rows, args.cols)
    if cart.Get_rank() == 0:
        serial = simulate(args.rows, args.cols, args.steps)
        print(f"Grid: {args.rows} x {args.cols}, {args.steps} steps, "
              f"ranks on a {dims[0]} x {dims[1]} grid")
        print(f"Largest difference from the serial run: {np.abs(plate - serial).max():.3g}")


if __name__ == "__main__":
    main()
