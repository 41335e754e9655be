"""Two fixes for deadlock.py: Sendrecv, and non-blocking Isend/Irecv with Waitall.

The solutions of exercises 1 and 2 of episode 11 (the starter is ex_swap.py).
Each pair of ranks (0 and 1, 2 and 3, ...) swaps a large array, first with
comm.Sendrecv, which sends and receives at the same time, then with
comm.Irecv and comm.Isend, which both return at once, followed by
MPI.Request.Waitall, which waits for both.  Neither can deadlock, whatever the
size of the message; each rank checks that it received its partner's data.
"""
import argparse
import time

import numpy as np
from deadlock import partner_of, positive
from mpi4py import MPI


# start-listing
def exchange_sendrecv(comm, partner, data):
    """Send and receive in one call: MPI makes progress on both at once."""
    received = np.empty_like(data)
    comm.Sendrecv(data, dest=partner, recvbuf=received, source=partner)
    return received


def exchange_nonblocking(comm, partner, data):
    """Start the receive and the send, then wait for both to finish."""
    received = np.empty_like(data)
    requests = [comm.Irecv(received, source=partner), comm.Isend(data, dest=partner)]
    MPI.Request.Waitall(requests)
    return received
# end-listing


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kilobytes", type=positive, default=8000,
                        help="size of each message in KB (default: %(default)s)")
    args = parser.parse_args()

    comm = MPI.COMM_WORLD
    rank, size = comm.Get_rank(), comm.Get_size()
    if size < 2:
        print("Run this with at least 2 ranks: mpiexec -n 2 python deadlock_fixed.py")
        return
    n = max(1, int(args.kilobytes * 1000) // 8)
    data = np.full(n, float(rank))
    partner = partner_of(rank, size)
    if rank == 0:
        print(f"Ranks: {size}; each pair swaps {n * 8 / 1000:g} KB")
    for name, exchange in (("Sendrecv", exchange_sendrecv),
                           ("Isend/Irecv/Waitall", exchange_nonblocking)):
        comm.Barrier()
        start = time.perf_counter()
        ok = True
        if partner is not None:
            ok = bool((exchange(comm, partner, data) == partner).all())
        elapsed = comm.reduce(time.perf_counter() - start, op=MPI.MAX, root=0)
        all_ok = comm.allreduce(ok, op=MPI.LAND)
        if rank == 0:
            print(f"{name}: every rank received its partner's data: "
                  f"{'yes' if all_ok else 'NO'} ({elapsed * 1000:.1f} ms)")
    if rank == 0 and size % 2:
        print(f"rank {size - 1} had no partner and sat it out")


if __name__ == "__main__":
    main()
