"""Non-blocking messages: start them, work meanwhile, then wait for every one.

Every rank sends an array to both of its neighbours in a ring and receives
theirs.  Irecv and Isend return at once with a request, a handle on a message
that is on its way; the rank is free to compute while MPI moves the data.
The received arrays must not be read, and the sent ones not changed, until
Waitall has waited on every request.  A request that is never waited on is a
bug: the data may never arrive, and MPI cannot free what the request holds.
"""
import argparse

import numpy as np
from mpi4py import MPI

RIGHTWARD, LEFTWARD = 1, 2  # tags: which way round the ring a message goes


# start-listing
def start_exchange(comm, mine, from_left, from_right):
    """Post both receives, then both sends; return the four requests at once."""
    rank, size = comm.Get_rank(), comm.Get_size()
    left, right = (rank - 1) % size, (rank + 1) % size
    return [comm.Irecv(from_left, source=left, tag=RIGHTWARD),
            comm.Irecv(from_right, source=right, tag=LEFTWARD),
            comm.Isend(mine, dest=right, tag=RIGHTWARD),
            comm.Isend(mine, dest=left, tag=LEFTWARD)]


def work_on_my_own_data(mine):
    """Something to compute while the messages travel: it needs only my data."""
    return float(np.sqrt(mine + 1).sum())


def ring_exchange(comm, n):
    """Exchange n numbers with both neighbours, overlapping that with work."""
    mine = np.full(n, comm.Get_rank(), dtype=np.float64)
    from_left, from_right = np.empty(n), np.empty(n)
    requests = start_exchange(comm, mine, from_left, from_right)
    local = work_on_my_own_data(mine)       # runs while the messages are in flight
    MPI.Request.Waitall(requests)           # only now may we read from_left and from_right
    return local, from_left, from_right, requests
# end-listing


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--numbers", type=at_least_one, default=1_000_000,
                        help="numbers in each message (default: %(default)s)")
    args = parser.parse_args()

    comm = MPI.COMM_WORLD
    rank, size = comm.Get_rank(), comm.Get_size()
    local, from_left, from_right, requests = ring_exchange(comm, args.numbers)
    report = {"rank": rank,
              "left_ok": bool((from_left == (rank - 1) % size).all()),
              "right_ok": bool((from_right == (rank + 1) % size).all()),
              "pending": sum(request != MPI.REQUEST_NULL for request in requests),
              "local": local}
    reports = comm.gather(report, root=0)
    if rank == 0:
        print(f"Ranks in the ring: {size}; {args.numbers} numbers to each neighbour")
        for r in reports:
            print(f"rank {r['rank']}: from the left {'correct' if r['left_ok'] else 'WRONG'}, "
                  f"from the right {'correct' if r['right_ok'] else 'WRONG'}, "
                  f"own work {r['local']:.1f}")
        print(f"Requests not completed after Waitall: {sum(r['pending'] for r in reports)}")


if __name__ == "__main__":
    main()
