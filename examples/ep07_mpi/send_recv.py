"""Point-to-point messages: a token passed around a ring of ranks.

Rank 0 sends a small Python dictionary to rank 1 with comm.send; rank 1
waits for it with comm.recv, adds its own entry, and sends it on to rank 2,
and so on; the last rank sends it back to rank 0.  recv blocks until the
message arrives, so the ranks take their turns in order although they all
start at once.  Each message names its destination and the receiver names
the source it expects; the tag tells kinds of message apart.
"""
import argparse

from mpi4py import MPI

TOKEN = 7  # a tag: the number that marks "this message is the token"


def ring(laps):
    """Pass a token `laps` times round the ring of ranks; rank 0 reports."""
    comm = MPI.COMM_WORLD
    rank, size = comm.Get_rank(), comm.Get_size()
    if size == 1:
        print("Only one rank: there is nobody to send the token to.")
        return
    after, before = (rank + 1) % size, (rank - 1) % size  # neighbours in the ring

    token = {"visited": [], "total": 0}
    for _ in range(laps):
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

    if rank == 0:
        print(f"Ranks in the ring: {size}")
        first_lap = " ".join(map(str, token["visited"][:size]))
        print(f"Order of the first lap: {first_lap}")
        print(f"Messages sent: {len(token['visited'])} in {laps} laps")
        print(f"Sum of the ranks it collected: {token['total']}")


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--laps", type=at_least_one, default=2, help="times the token goes round")
    args = parser.parse_args()
    ring(args.laps)


if __name__ == "__main__":
    main()
