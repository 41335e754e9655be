"""The 2D heat equation shared among MPI ranks on a Cartesian grid, with halo exchange.

The plate of heat_serial.py is cut into blocks, one per rank, laid out on a
2D grid of ranks by a Cartesian communicator (Create_cart).  Each rank keeps
one extra row and column on every side of its block, the halo, holding copies
of its neighbours' edge values.  Before every time step the ranks swap those
edges with their four neighbours (found with Shift); then each updates its own
block with the very same step() as the serial program.  So the result is
identical to the serial one, whatever the number of ranks, and rank 0 checks
that by running the serial version itself.

It reads only MPI.COMM_WORLD, so any launcher can start it: mpiexec, srun, ...
"""
import argparse
import statistics

import numpy as np
from heat_serial import at_least_one, initial_plate, simulate, step
from mpi4py import MPI


# start-listing
def block(n, parts, index):
    """Start and stop of block `index` when n items are cut into `parts` blocks
    whose sizes differ by at most one."""
    size, extra = divmod(n, parts)
    start = index * size + min(index, extra)
    return start, start + size + (index < extra)


def my_part(cart, rows, cols):
    """This rank's block of the plate's inside points, with a halo all round.

    Returns the block (global rows r0-1 .. r1, columns c0-1 .. c1, so that the
    halo on the plate's edge holds the fixed edge values) and its position.
    """
    (prow, pcol), _, (y, x) = cart.Get_topo()     # grid of ranks, periodic?, my place
    r0, r1 = (1 + i for i in block(rows - 2, prow, y))   # inside rows are 1 .. rows-2
    c0, c1 = (1 + j for j in block(cols - 2, pcol, x))
    u = initial_plate(rows, cols)[r0 - 1:r1 + 1, c0 - 1:c1 + 1].copy()
    return u, (r0, r1, c0, c1)


def exchange_halos(cart, u):
    """Send my outermost rows and columns to my four neighbours; receive theirs
    into my halo.  A neighbour beyond the plate's edge is MPI.PROC_NULL, and a
    send to or receive from it does nothing: that halo keeps the edge values."""
    up, down = cart.Shift(0, 1)         # ranks above and below me
    left, right = cart.Shift(1, 1)      # ranks to my left and right
    # Rows are contiguous in memory: send and receive them in place.
    cart.Sendrecv(u[-2, :], dest=down, recvbuf=u[0, :], source=up)
    cart.Sendrecv(u[1, :], dest=up, recvbuf=u[-1, :], source=down)
    # Columns are not: copy them into contiguous buffers first.
    for send_col, dest, recv_col, source in ((-2, right, 0, left), (1, left, -1, right)):
        received = np.empty(u.shape[0])
        cart.Sendrecv(np.ascontiguousarray(u[:, send_col]), dest=dest,
                      recvbuf=received, source=source)
        if source != MPI.PROC_NULL:
            u[:, recv_col] = received


def simulate_parallel(cart, rows, cols, steps):
    """This rank's block after `steps` time steps, and where it lies."""
    u, where = my_part(cart, rows, cols)
    new = u.copy()
    for _ in range(steps):
        exchange_halos(cart, u)
        step(u, new)                    # the serial step, on my block and its halo
        u, new = new, u
    return u, where
# end-listing


def assemble(cart, u, where, rows, cols):
    """On rank 0: the whole plate put together from every rank's block (else None)."""
    blocks = cart.gather((where, u[1:-1, 1:-1]), root=0)
    if cart.Get_rank() != 0:
        return None
    plate = initial_plate(rows, cols)   # for the edges, which no rank updates
    for (r0, r1, c0, c1), inside in blocks:
        plate[r0:r1, c0:c1] = inside
    return plate


def grid_of_ranks(parser, rows, cols):
    """The 2D grid of ranks (MPI.Compute_dims); a clean error if the plate's inside
    has fewer rows or columns than the grid has ranks along them."""
    dims = MPI.Compute_dims(MPI.COMM_WORLD.Get_size(), 2)
    if rows - 2 < dims[0] or cols - 2 < dims[1]:
        parser.error(f"the grid's inside is too small for {dims[0]} x {dims[1]} ranks")
    return dims


def timed_runs(cart, rows, cols, steps, repeats):
    """Run the simulation `repeats` times; the median wall time and the last result."""
    times = []
    for _ in range(repeats):
        cart.Barrier()
        start = MPI.Wtime()
        u, where = simulate_parallel(cart, rows, cols, steps)
        cart.Barrier()
        times.append(MPI.Wtime() - start)
    return statistics.median(times), u, where


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=at_least_one, default=302,
                        help="grid rows, edges included (default: %(default)s)")
    parser.add_argument("--cols", type=at_least_one, default=402,
                        help="grid columns, edges included (default: %(default)s)")
    parser.add_argument("--steps", type=at_least_one, default=400, help="time steps (default: %(default)s)")
    parser.add_argument("--repeats", type=at_least_one, default=1,
                        help="time the run this many times and print the median (default: %(default)s)")
    parser.add_argument("--no-check", action="store_true",
                        help="skip the comparison with the serial version on rank 0")
    args = parser.parse_args()
    dims = grid_of_ranks(parser, args.rows, args.cols)

    cart = MPI.COMM_WORLD.Create_cart(dims, periods=[False, False], reorder=True)
    seconds, u, where = timed_runs(cart, args.rows, args.cols, args.steps, args.repeats)
    layout = cart.gather((cart.Get_rank(), cart.Get_coords(cart.Get_rank()), where), root=0)
    plate = assemble(cart, u, where, args.rows, args.cols)
    if cart.Get_rank() == 0:
        print(f"Grid: {args.rows} x {args.cols}, {args.steps} steps, "
              f"ranks on a {dims[0]} x {dims[1]} grid")
        for rank, (y, x), (r0, r1, c0, c1) in layout:
            print(f"rank {rank} at ({y}, {x}): rows {r0}-{r1 - 1}, columns {c0}-{c1 - 1}")
        print(f"Checksum (sum of all temperatures): {plate.sum():.10f}")
        if not args.no_check:
            serial = simulate(args.rows, args.cols, args.steps)
            print(f"Largest difference from the serial run: {np.abs(plate - serial).max():.3g}")
        median = f" (median of {args.repeats} runs)" if args.repeats > 1 else ""
        print(f"Time: {seconds:.3f} s{median}")


if __name__ == "__main__":
    main()
