"""Exercise solution: mean and standard deviation of data spread over ranks.

Each rank holds its own part of the measurements (here made up: blocks of
normally distributed numbers, one random stream per block, blocks dealt out
to the ranks).  The data never moves: every rank sends a few sums, and
Allreduce adds them up and gives the totals to *every* rank, because every
rank needs the mean to go on.  Two passes: count and sum give the mean; the
sum of squared distances from the mean gives the standard deviation.  The
upper-case Allreduce works on NumPy arrays: one to send, one to receive into.
"""
import argparse

import numpy as np
from mpi4py import MPI


def my_data(rank, size, values, blocks, seed):
    """This rank's part of the data: its blocks, as one array."""
    base, extra = divmod(values, blocks)
    seeds = np.random.SeedSequence(seed).spawn(blocks)
    parts = []
    for b in range(rank, blocks, size):  # this rank's blocks, dealt like cards
        rng = np.random.default_rng(seeds[b])
        parts.append(rng.normal(15.0, 4.0, base + 1 if b < extra else base))
    return np.concatenate(parts) if parts else np.empty(0)


def global_stats(values, blocks, seed=7):
    """Mean and standard deviation of data spread over the ranks; only sums move."""
    comm = MPI.COMM_WORLD
    rank, size = comm.Get_rank(), comm.Get_size()
    x = my_data(rank, size, values, blocks, seed)

    # Pass 1: count and sum, added up over all ranks; every rank gets the totals.
    totals = np.empty(2)
    comm.Allreduce(np.array([x.size, x.sum()]), totals, op=MPI.SUM)
    count, mean = totals[0], totals[1] / totals[0]

    # Pass 2: squared distances from the mean, which every rank now knows.
    squares = np.empty(1)
    comm.Allreduce(np.array([((x - mean) ** 2).sum()]), squares, op=MPI.SUM)
    std = np.sqrt(squares[0] / (count - 1))

    # Every rank can use the results on its own part, e.g. count the outliers.
    far = int(np.count_nonzero(abs(x - mean) > 2 * std))
    outliers = comm.allreduce(far, op=MPI.SUM)

    # Only to check the answer: bring all the data to rank 0 (small data only!).
    everything = comm.gather(x, root=0)
    if rank == 0:
        every = np.concatenate(everything)
        agrees = np.isclose(mean, every.mean()) and np.isclose(std, every.std(ddof=1))
        print(f"Values: {int(count)}; ranks: {size}")
        print(f"Mean: {mean:.6f}")
        print(f"Standard deviation: {std:.6f}")
        print(f"More than 2 standard deviations from the mean: {outliers} "
              f"({100 * outliers / count:.2f} %)")
        print("Check against all data on one rank: " + ("agrees" if agrees else "DIFFERS"))
# end-listing


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def at_least_two(text):
    """argparse type: a whole number, 2 or more."""
    if int(text) < 2:
        raise argparse.ArgumentTypeError(f"{text} is not 2 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--values", type=at_least_two, default=100_000, help="measurements in all")
    parser.add_argument("--blocks", type=at_least_one, default=10, help="blocks, one random stream each")
    args = parser.parse_args()
    global_stats(args.values, args.blocks)


if __name__ == "__main__":
    main()
