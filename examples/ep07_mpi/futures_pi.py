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

CHUNK = 1_000_000  # darts drawn at a time, to keep memory use small


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--darts", type=int, default=1_000_003,
                        help="number of darts in all (default: %(default)s)")
    parser.add_argument("--blocks", type=int, default=16,
                        help="tasks, each with its own random stream "
                             "(default: %(default)s)")
    parser.add_argument("--seed", type=int, default=2024,
                        help="seed for the random numbers (default: %(default)s)")
    args = parser.parse_args()
    if args.darts < 1 or args.blocks < 1:
        parser.error("--darts and --blocks must be at least 1")
    if args.seed < 0:
        parser.error("--seed must not be negative")
    return args


def block_sizes(darts, blocks):
    """Split `darts` into `blocks` parts whose sizes differ by at most one."""
    base, extra = divmod(darts, blocks)
    return [base + 1 if i < extra else base for i in range(blocks)]


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


def main():
    args = parse_args()
    sizes = block_sizes(args.darts, args.blocks)
    seeds = np.random.SeedSequence(args.seed).spawn(args.blocks)

    start = MPI.Wtime()
    with MPIPoolExecutor() as pool:
        workers = pool.num_workers
        results = list(pool.map(count_hits, sizes, seeds))  # in task order
    elapsed = MPI.Wtime() - start

    hits = sum(h for h, _ in results)
    done_by = collections.Counter(rank for _, rank in results)
    estimate = 4 * hits / args.darts
    print(f"Workers in the pool: {workers}")
    per_worker = ", ".join(f"{r}: {done_by[r]}" for r in sorted(done_by))
    print(f"Tasks per worker rank: {per_worker}")
    print(f"Darts thrown: {sum(sizes)} of {args.darts}")
    print(f"Hits: {hits}")
    print(f"Pi estimate: {estimate:.6f} (error {abs(estimate - math.pi):.1e})")
    print(f"Time: {elapsed:.3f} s")


if __name__ == "__main__":
    main()
