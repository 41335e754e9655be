"""The four collectives every MPI program uses: bcast, scatter, gather, reduce.

A collective is called by every rank of the communicator.  Here rank 0 makes
the settings and the data; bcast sends the same settings to every rank,
scatter hands each rank its own slice of the data, each rank works on its
slice, gather brings every rank's partial result back to rank 0 as a list,
and reduce combines them into one number on rank 0 on the way.
"""
import argparse

from mpi4py import MPI


def collectives(n):
    """The sum of squares of 1..n, shared out and collected by collectives."""
    comm = MPI.COMM_WORLD
    rank, size = comm.Get_rank(), comm.Get_size()

    if rank == 0:
        settings = {"power": 2}
        numbers = list(range(1, n + 1))
        # One slice per rank; the lengths differ by at most one.
        slices = [numbers[r::size] for r in range(size)]
    else:
        settings, slices = None, None  # only the root's values are sent

    settings = comm.bcast(settings, root=0)  # every rank: the same dictionary
    mine = comm.scatter(slices, root=0)      # rank r: slices[r]
    partial = sum(x ** settings["power"] for x in mine)
    partials = comm.gather(partial, root=0)  # rank 0: a list; others: None
    total = comm.reduce(partial, op=MPI.SUM, root=0)  # rank 0: the sum; others: None

    # To show what each rank received, gather that too: only rank 0 prints.
    received = comm.gather((settings, mine), root=0)
    if rank == 0:
        same = all(s == settings for s, _ in received)
        print(f"bcast:   every rank received {settings}: {'yes' if same else 'NO'}")
        for r, (_, numbers) in enumerate(received):
            print(f"scatter: rank {r} received {numbers}")
        print(f"gather:  rank 0 received the partial sums {partials}")
        print(f"reduce:  rank 0 received their total {total}")
        print(f"Sum of squares 1..{n}: {total} (formula n(n+1)(2n+1)/6 gives "
              f"{n * (n + 1) * (2 * n + 1) // 6})")


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=at_least_one, default=10, help="add up the squares of 1 to n")
    args = parser.parse_args()
    collectives(args.n)


if __name__ == "__main__":
    main()
