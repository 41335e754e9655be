"""Exercise solution: pi by darts over MPI ranks, the counts added up by reduce.

The same plan as pi_gather.py (fixed blocks of darts, one random stream per
block, blocks dealt out to the ranks), but rank 0 does not need every rank's
numbers, only their sums.  comm.reduce adds them up on the way to rank 0, so
the program needs no list and no loop over ranks, and MPI can combine the
values in a tree instead of one by one.
"""
import argparse
import math

import numpy as np
from mpi4py import MPI
from pi_gather import at_least_one, block_sizes, count_hits, not_negative


def pi_reduce(darts, blocks, seed):
    comm = MPI.COMM_WORLD
    rank, size = comm.Get_rank(), comm.Get_size()
    sizes = block_sizes(darts, blocks)
    seeds = np.random.SeedSequence(seed).spawn(blocks)
    my_blocks = range(rank, blocks, size)

    start = MPI.Wtime()
    my_darts = sum(sizes[b] for b in my_blocks)
    my_hits = sum(count_hits(sizes[b], seeds[b]) for b in my_blocks)
    elapsed = MPI.Wtime() - start

    # Sums (and a maximum) arrive on rank 0; the other ranks get None.
    total_darts = comm.reduce(my_darts, op=MPI.SUM, root=0)
    total_hits = comm.reduce(my_hits, op=MPI.SUM, root=0)
    slowest = comm.reduce(elapsed, op=MPI.MAX, root=0)
    if rank == 0:
        estimate = 4 * total_hits / total_darts
        print(f"Ranks: {size}")
        print(f"Darts thrown: {total_darts} of {darts}")
        print(f"Hits: {total_hits}")
        print(f"Pi estimate: {estimate:.6f} (error {abs(estimate - math.pi):.1e})")
        print(f"Time on the slowest rank: {slowest:.3f} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--darts", type=at_least_one, default=1_000_003, help="darts in all")
    parser.add_argument("--blocks", type=at_least_one, default=16, help="blocks, one random stream each")
    parser.add_argument("--seed", type=not_negative, default=2024, help="seed for the random numbers")
    args = parser.parse_args()
    pi_reduce(args.darts, args.blocks, args.seed)


if __name__ == "__main__":
    main()
