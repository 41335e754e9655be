"""A pool of MPI processes: the dart blocks as tasks for MPIPoolExecutor.

Run it with

    mpiexec -n 4 python -m mpi4py.futures futures_pi.py

mpiexec starts four ranks.  `-m mpi4py.futures` runs this script on rank 0
only and turns the other ranks into workers of a pool, so the script looks
like one that uses concurrent.futures.ProcessPoolExecutor: map a function
over the tasks, collect the results.  The tasks are the blocks of
pi_gather.py, each with its own random stream, so the estimate is the same.
"""
import argparse
import collections
import math

import numpy as np
from mpi4py import MPI
from mpi4py.futures import MPIPoolExecutor
from pi_gather import CHUNK, at_least_one, block_sizes, not_negative


# start-listing
def count_hits(darts, seed):
    """One task: throw `darts` darts with the random stream `seed`.

    Returns the hits and the rank of the worker that did it.
    """
    rng = np.random.default_rng(seed)
    hits = 0
    for start in range(0, darts, CHUNK):
        n = min(CHUNK, darts - start)
        x, y = rng.random(n), rng.random(n)
        hits += int(np.count_nonzero(x * x + y * y <= 1.0))
    return hits, MPI.COMM_WORLD.Get_rank()


def futures_pi(darts, blocks, seed):
    sizes = block_sizes(darts, blocks)
    seeds = np.random.SeedSequence(seed).spawn(blocks)
    with MPIPoolExecutor() as pool:
        print(f"Workers in the pool: {pool.num_workers}")
        results = list(pool.map(count_hits, sizes, seeds))  # in task order

    hits = sum(h for h, _ in results)
    done_by = collections.Counter(rank for _, rank in results)
    per_worker = ", ".join(f"{r}: {done_by[r]}" for r in sorted(done_by))
    print(f"Tasks per worker rank: {per_worker}")
    estimate = 4 * hits / darts
    print(f"Darts thrown: {sum(sizes)} of {darts}")
    print(f"Hits: {hits}")
    print(f"Pi estimate: {estimate:.6f} (error {abs(estimate - math.pi):.1e})")
# end-listing


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--darts", type=at_least_one, default=1_000_003, help="darts in all")
    parser.add_argument("--blocks", type=at_least_one, default=16, help="tasks, one random stream each")
    parser.add_argument("--seed", type=not_negative, default=2024, help="seed for the random numbers")
    args = parser.parse_args()
    futures_pi(args.darts, args.blocks, args.seed)


if __name__ == "__main__":
    main()
