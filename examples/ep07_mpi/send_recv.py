"""Point-to-point messages: a token passed around a ring of ranks.

Rank 0 sends a small Python dictionary to rank 1 with comm.send; rank 1
waits for it with comm.recv, adds its own entry, and sends it on to rank 2,
and so on; the last rank sends it back to rank 0.  recv blocks until the
message arrives, so the ranks take their turns in order although they all
start at once.  Each message names its destination and the receiver names
the source it expects; the tag tells kinds of message apart.
"""
import argparse
import contextlib
import io

from mpi4py import MPI

TOKEN = 7  # a tag: the number that marks "this message is the token"


@contextlib.contextmanager
def only_rank0_prints(comm):
    """Inside this block, what ranks other than 0 print goes nowhere."""
    if comm.Get_rank() == 0:
        yield
    else:
        nowhere = io.StringIO()
        with contextlib.redirect_stdout(nowhere), contextlib.redirect_stderr(nowhere):
            yield


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--laps", type=int, default=2,
                        help="how many times the token goes round the ring "
                             "(default: %(default)s)")
    args = parser.parse_args()
    if args.laps < 1:
        parser.error("--laps must be at least 1")
    return args


def main():
    comm = MPI.COMM_WORLD
    with only_rank0_prints(comm):
        args = parse_args()
    rank, size = comm.Get_rank(), comm.Get_size()
    after, before = (rank + 1) % size, (rank - 1) % size  # neighbours in the ring

    if size == 1:
        print("Only one rank: there is nobody to send the token to.")
        return

    start = MPI.Wtime()
    token = {"visited": [], "total": 0}
    for _ in range(args.laps):
        if rank == 0:
            # Rank 0 starts each lap and waits for the token to come back.
            token["visited"].append(rank)
            comm.send(token, dest=after, tag=TOKEN)
            token = comm.recv(source=before, tag=TOKEN)
        else:
            # Every other rank waits for the token, adds to it, passes it on.
            token = comm.recv(source=before, tag=TOKEN)
            token["visited"].append(rank)
            token["total"] += rank
            comm.send(token, dest=after, tag=TOKEN)
    elapsed = MPI.Wtime() - start

    if rank == 0:
        print(f"Ranks in the ring: {size}")
        print(f"Order of the first lap: {' '.join(map(str, token['visited'][:size]))}")
        print(f"Messages sent: {len(token['visited'])} in {args.laps} laps")
        print(f"Sum of the ranks it collected: {token['total']}")
        print(f"Time per message: {elapsed / (args.laps * size) * 1e6:.1f} µs")


if __name__ == "__main__":
    main()
