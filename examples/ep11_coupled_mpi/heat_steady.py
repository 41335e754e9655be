"""Exercise solution: run the heat equation until the plate stops changing.

Instead of a fixed number of steps, stop as soon as no point of the plate
changed by more than --tolerance in the last step.  Each rank knows only the
largest change in its own block; comm.allreduce with MPI.MAX gives every
rank the largest change of the whole plate, so all ranks stop at the same
step.  Rank 0 checks the result against the same loop run serially.
"""
import argparse

import numpy as np
from heat import assemble, exchange_halos, grid_of_ranks, my_part
from heat_serial import at_least_one, initial_plate, step
from mpi4py import MPI


# start-listing
def until_steady_parallel(cart, rows, cols, tolerance, max_steps):
    """Step until the largest change anywhere is below `tolerance`."""
    u, where = my_part(cart, rows, cols)
    new = u.copy()
    for steps in range(1, max_steps + 1):
        exchange_halos(cart, u)
        step(u, new)
        mine = np.abs(new[1:-1, 1:-1] - u[1:-1, 1:-1]).max()
        largest = cart.allreduce(mine, op=MPI.MAX)     # the same number on every rank
        u, new = new, u
        if largest < tolerance:
            break
    return u, where, steps, largest
# end-listing


def until_steady_serial(rows, cols, tolerance, max_steps):
    """The same loop on the whole plate, for the check."""
    u = initial_plate(rows, cols)
    new = u.copy()
    for steps in range(1, max_steps + 1):
        step(u, new)
        largest = np.abs(new[1:-1, 1:-1] - u[1:-1, 1:-1]).max()
        u, new = new, u
        if largest < tolerance:
            break
    return u, steps


def positive(text):
    """argparse type: a number more than 0."""
    if float(text) <= 0:
        raise argparse.ArgumentTypeError(f"{text} is not more than 0")
    return float(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=at_least_one, default=42,
                        help="grid rows, edges included (default: %(default)s)")
    parser.add_argument("--cols", type=at_least_one, default=52,
                        help="grid columns, edges included (default: %(default)s)")
    parser.add_argument("--tolerance", type=positive, default=1e-3,
                        help="stop when no point changes by more than this (default: %(default)s)")
    parser.add_argument("--max-steps", type=at_least_one, default=100_000,
                        help="stop after this many steps anyway (default: %(default)s)")
    args = parser.parse_args()
    dims = grid_of_ranks(parser, args.rows, args.cols)

    cart = MPI.COMM_WORLD.Create_cart(dims, periods=[False, False], reorder=True)
    u, where, steps, largest = until_steady_parallel(cart, args.rows, args.cols,
                                                     args.tolerance, args.max_steps)
    plate = assemble(cart, u, where, args.rows, args.cols)
    if cart.Get_rank() == 0:
        serial, serial_steps = until_steady_serial(args.rows, args.cols, args.tolerance, args.max_steps)
        print(f"Grid: {args.rows} x {args.cols}, ranks on a {dims[0]} x {dims[1]} grid")
        print(f"Steps until no point changed by more than {args.tolerance:g}: {steps} "
              f"(largest change in the last step {largest:.3g})")
        print(f"Steps in the serial run: {serial_steps}")
        print(f"Checksum (sum of all temperatures): {plate.sum():.10f}")
        print(f"Largest difference from the serial run: {np.abs(plate - serial).max():.3g}")


if __name__ == "__main__":
    main()
