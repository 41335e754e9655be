"""Estimate pi with darts thrown by all MPI ranks; rank 0 gathers the counts.

A dart lands at a random point (x, y) of the unit square; it hits when
x² + y² ≤ 1, inside the quarter circle, so the fraction of hits approaches
pi / 4.  The darts are cut into a fixed number of blocks, each with its own
random stream from NumPy's SeedSequence, and the blocks are dealt out to the
ranks like cards.  No dart is lost when the numbers do not divide evenly, and
for a given seed the estimate is the same whatever the number of ranks.

Exercise 2 (episode 7): copy this file to my_pi.py, in this folder, and let
comm.reduce add up the darts and the hits on rank 0, instead of gathering a
tuple from every rank; also print the time of the slowest rank (MPI.Wtime()
and op=MPI.MAX).  Run mpiexec -n 1 python examples/ep07_mpi/my_pi.py, then
with -n 3: the estimate must not change.  The solution is pi_reduce.py.
"""
import argparse
import math

import numpy as np
from mpi4py import MPI

CHUNK = 1_000_000  # darts drawn at a time, to keep memory use small


# start-listing
def block_sizes(darts, blocks):
    """Split `darts` into `blocks` parts whose sizes differ by at most one."""
    base, extra = divmod(darts, blocks)
    return [base + 1 if i < extra else base for i in range(blocks)]


def count_hits(darts, seed):
    """Throw `darts` darts with the random stream `seed`; count the hits."""
    rng = np.random.default_rng(seed)
    hits = 0
    for start in range(0, darts, CHUNK):
        n = min(CHUNK, darts - start)
        x, y = rng.random(n), rng.random(n)
        hits += int(np.count_nonzero(x * x + y * y <= 1.0))
    return hits


def pi_gather(darts, blocks, seed):
    comm = MPI.COMM_WORLD
    rank, size = comm.Get_rank(), comm.Get_size()

    # Every rank works out the same plan: block sizes and one stream per block.
    sizes = block_sizes(darts, blocks)
    seeds = np.random.SeedSequence(seed).spawn(blocks)
    # Deal the blocks out like cards: rank r takes blocks r, r + size, ...
    my_blocks = range(rank, blocks, size)
    my_darts = sum(sizes[b] for b in my_blocks)
    my_hits = sum(count_hits(sizes[b], seeds[b]) for b in my_blocks)

    # Rank 0 gets one tuple per rank, in rank order; the others get None.
    results = comm.gather((len(my_blocks), my_darts, my_hits), root=0)
    if rank == 0:
        for r, (n_blocks, n_darts, n_hits) in enumerate(results):
            print(f"rank {r}: {n_blocks} blocks, {n_darts} darts, {n_hits} hits")
        total_darts = sum(d for _, d, _ in results)
        total_hits = sum(h for _, _, h in results)
        estimate = 4 * total_hits / total_darts
        print(f"Darts thrown: {total_darts} of {darts}")
        print(f"Hits: {total_hits}")
        print(f"Pi estimate: {estimate:.6f} (error {abs(estimate - math.pi):.1e})")
# end-listing


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def not_negative(text):
    """argparse type: a whole number, 0 or more."""
    if int(text) < 0:
        raise argparse.ArgumentTypeError(f"{text} is not 0 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--darts", type=at_least_one, default=1_000_003, help="darts in all")
    parser.add_argument("--blocks", type=at_least_one, default=16, help="blocks, one random stream each")
    parser.add_argument("--seed", type=not_negative, default=2024, help="seed for the random numbers")
    args = parser.parse_args()
    pi_gather(args.darts, args.blocks, args.seed)


if __name__ == "__main__":
    main()
