"""Exercises 1 and 2 (episode 11): swap a large array between two ranks without a deadlock.

Each pair of ranks (0 and 1, 2 and 3, ...) swaps an array of --kilobytes KB.
exchange() below sends first and then receives, on both ranks, like
deadlock.py: with the default 8000 KB it hangs, and a watchdog stops the job
after --timeout seconds with exit status 3.

Copy this file to my_swap.py, in this folder (it imports deadlock.py).
Exercise 1: in my_swap.py, change exchange() to use comm.Sendrecv, which sends
            and receives in one call.
Exercise 2: change it again, to start the receive and the send with comm.Irecv
            and comm.Isend, then wait for both with MPI.Request.Waitall.
Run it with 2, 3 and 4 ranks:

    mpiexec -n 2 python examples/ep11_coupled_mpi/my_swap.py

Solutions: deadlock_fixed.py.
"""
import argparse
import time

import numpy as np
from deadlock import check_thread_level, partner_of, positive, start_watchdog
from mpi4py import MPI


# start-listing
def exchange(comm, partner, data):
    """Swap `data` with `partner`: return the partner's array.  Change this function."""
    received = np.empty_like(data)
    comm.Send(data, dest=partner)
    comm.Recv(received, source=partner)
    return received
# end-listing


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kilobytes", type=positive, default=8000,
                        help="size of each message in KB (default: %(default)s)")
    parser.add_argument("--timeout", type=positive, default=3,
                        help="seconds before the watchdog stops a hung exchange (default: %(default)s)")
    args = parser.parse_args()

    comm = MPI.COMM_WORLD
    rank, size = comm.Get_rank(), comm.Get_size()
    if size < 2:
        print("Run this with at least 2 ranks: mpiexec -n 2 python ex_swap.py")
        return
    check_thread_level()
    n = max(1, int(args.kilobytes * 1000) // 8)
    data = np.full(n, float(rank))
    partner = partner_of(rank, size)
    if rank == 0:
        watchdog = start_watchdog(comm, args.timeout, n * 8 / 1000)
    start = time.perf_counter()
    ok = partner is None or bool((exchange(comm, partner, data) == partner).all())
    elapsed = comm.reduce(time.perf_counter() - start, op=MPI.MAX, root=0)
    all_ok = comm.allreduce(ok, op=MPI.LAND)
    if rank == 0:
        watchdog.cancel()
        print(f"Ranks: {size}; each pair swapped {n * 8 / 1000:g} KB in {elapsed * 1000:.1f} ms")
        print(f"Every rank received its partner's data: {'yes' if all_ok else 'NO'}")


if __name__ == "__main__":
    main()
