"""A deadlock that really hangs: two ranks that both send a large message first.

Each pair of ranks (0 and 1, 2 and 3, ...) swaps an array with comm.Send and
then comm.Recv.  A small message is sent "eagerly": MPI copies it into a
buffer of its own and Send returns before the partner receives, so the
exchange works.  A large message waits in Send until the partner is ready to
receive it, and the partner is itself waiting in Send: neither reaches Recv.
With --synchronous the ranks use comm.Ssend, which never returns before the
partner has started to receive: the exchange then hangs at any size, which
is how to find code that works only because its messages are small.

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


def exchange_synchronous(comm, partner, data):
    """The same with Ssend, which returns only once the partner has started to receive."""
    received = np.empty_like(data)
    comm.Ssend(data, dest=partner)          # never eager: hangs at any size
    comm.Recv(received, source=partner)
    return received


def partner_of(rank, size):
    """Ranks pair up 0-1, 2-3, ...; with an odd number the last rank has no partner."""
    partner = rank ^ 1
    return partner if partner < size else None


def check_thread_level():
    """The watchdog calls MPI (Abort) from a second thread while the main thread is
    inside an MPI call: only MPI_THREAD_MULTIPLE allows that.  mpi4py asks for it
    unless told otherwise (mpi4py.rc.thread_level, MPI4PY_RC_THREAD_LEVEL)."""
    if MPI.Query_thread() != MPI.THREAD_MULTIPLE:
        raise SystemExit("The watchdog needs MPI_THREAD_MULTIPLE, and this MPI was started with "
                         "a lower thread level (is MPI4PY_RC_THREAD_LEVEL set?)")


def start_watchdog(comm, seconds, kilobytes, call="Send"):
    """A thread that ends the job if the exchange has not finished after `seconds`."""
    def give_up():
        print(f"Deadlock: rank 0 has waited {seconds:g} s in {call} ({kilobytes:g} KB to rank 1),\n"
              f"while rank 1 waits in its own {call} to rank 0: neither gets as far as Recv.\n"
              f"Stopping every rank with MPI_Abort (exit status {DEADLOCKED}).", flush=True)
        time.sleep(0.5)     # give mpiexec time to pass the message on: Abort ends every process
        comm.Abort(DEADLOCKED)

    watchdog = threading.Timer(seconds, give_up)
    watchdog.daemon = True
    watchdog.start()
    return watchdog


def positive(text):
    """argparse type: a number more than 0."""
    if float(text) <= 0:
        raise argparse.ArgumentTypeError(f"{text} is not more than 0")
    return float(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kilobytes", type=positive, default=8000,
                        help="size of each message in KB (default: %(default)s)")
    parser.add_argument("--timeout", type=positive, default=3,
                        help="seconds before the watchdog stops a hung exchange (default: %(default)s)")
    parser.add_argument("--synchronous", action="store_true",
                        help="send with Ssend instead of Send")
    args = parser.parse_args()

    comm = MPI.COMM_WORLD
    rank, size = comm.Get_rank(), comm.Get_size()
    if size < 2:
        print("Run this with at least 2 ranks: mpiexec -n 2 python deadlock.py")
        return
    check_thread_level()
    call, swap = ("Ssend", exchange_synchronous) if args.synchronous else ("Send", exchange)
    n = max(1, int(args.kilobytes * 1000) // 8)
    data = np.full(n, float(rank))
    partner = partner_of(rank, size)
    if rank == 0:
        print(f"Each pair of ranks swaps {n * 8 / 1000:g} KB: {call} first, then Recv "
              f"(watchdog: {args.timeout:g} s)", flush=True)
        watchdog = start_watchdog(comm, args.timeout, n * 8 / 1000, call)
    start = time.perf_counter()
    ok = True
    if partner is not None:
        ok = bool((swap(comm, partner, data) == partner).all())
    elapsed = time.perf_counter() - start
    all_ok = comm.allreduce(ok, op=MPI.LAND)
    if rank == 0:
        watchdog.cancel()
        print(f"No deadlock: finished in {elapsed * 1000:.2f} ms; every rank received "
              f"{'the right data' if all_ok else 'WRONG DATA'}.")
        print(f"{call} returned before the partner called Recv: the message was small\n"
              "enough to be sent eagerly.")


if __name__ == "__main__":
    main()
