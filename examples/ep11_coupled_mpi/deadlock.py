"""A deadlock that really hangs: two ranks that both send a large message first.

Each pair of ranks (0 and 1, 2 and 3, ...) swaps an array with comm.Send and
then comm.Recv.  A small message is sent "eagerly": MPI copies it into a
buffer of its own and Send returns before the partner receives, so the
exchange works.  A large message waits in Send until the partner is ready to
receive it, and the partner is itself waiting in Send: neither reaches Recv.

So that the demonstration ends by itself, a watchdog thread on rank 0 stops
the whole job with MPI_Abort after --timeout seconds, and says why.  Under
MPICH's mpiexec the job then exits with status 3.
"""
import argparse
import threading
import time

import numpy as np
from mpi4py import MPI

DEADLOCKED = 3  # the exit status when the watchdog stops the job


# start-listing
def exchange(comm, partner, data):
    """Send my array to my partner, then receive theirs: both ranks do this."""
    received = np.empty_like(data)
    comm.Send(data, dest=partner)           # a large message: waits for the partner's Recv
    comm.Recv(received, source=partner)     # ... which never comes: both ranks wait in Send
    return received
# end-listing


def partner_of(rank, size):
    """Ranks pair up 0-1, 2-3, ...; with an odd number the last rank has no partner."""
    partner = rank ^ 1
    return partner if partner < size else None


def start_watchdog(comm, seconds, kilobytes):
    """A thread that ends the job if the exchange has not finished after `seconds`."""
    def give_up():
        print(f"Deadlock: rank 0 has waited {seconds:g} s in Send ({kilobytes:g} KB to rank 1),\n"
              "while rank 1 waits in its own Send to rank 0. A message this large leaves\n"
              "only when its receiver is ready, and neither rank gets as far as Recv.\n"
              f"Stopping every rank with MPI_Abort (exit status {DEADLOCKED}).", flush=True)
        comm.Abort(DEADLOCKED)

    watchdog = threading.Timer(seconds, give_up)
    watchdog.daemon = True
    watchdog.start()
    return watchdog


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kilobytes", type=float, default=8000,
                        help="size of each message in KB (default: %(default)s)")
    parser.add_argument("--timeout", type=float, default=3,
                        help="seconds before the watchdog stops a hung exchange (default: %(default)s)")
    args = parser.parse_args()
    if args.kilobytes <= 0 or args.timeout <= 0:
        parser.error("--kilobytes and --timeout must be more than 0")

    comm = MPI.COMM_WORLD
    rank, size = comm.Get_rank(), comm.Get_size()
    if size < 2:
        print("Run this with at least 2 ranks: mpiexec -n 2 python deadlock.py")
        return
    n = max(1, int(args.kilobytes * 1000) // 8)
    data = np.full(n, float(rank))
    partner = partner_of(rank, size)
    if rank == 0:
        print(f"Each pair of ranks swaps {n * 8 / 1000:g} KB: Send first, then Recv "
              f"(watchdog: {args.timeout:g} s)", flush=True)
        watchdog = start_watchdog(comm, args.timeout, n * 8 / 1000)
    start = time.perf_counter()
    ok = True
    if partner is not None:
        ok = bool((exchange(comm, partner, data) == partner).all())
    elapsed = time.perf_counter() - start
    all_ok = comm.allreduce(ok, op=MPI.LAND)
    if rank == 0:
        watchdog.cancel()
        print(f"No deadlock: finished in {elapsed * 1000:.2f} ms; every rank received "
              f"{'the right data' if all_ok else 'WRONG DATA'}.")
        print("Send returned before the partner called Recv: the message was small\n"
              "enough to be sent eagerly.")


if __name__ == "__main__":
    main()
