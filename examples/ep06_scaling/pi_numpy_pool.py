"""Rung 5 of the ladder: NumPy darts inside a process pool.

Each worker process throws its share of the darts with NumPy, a batch at a
time, with a random generator of its own.  The script times NumPy on one
core and NumPy in the pool (the median of three runs each): fast code on one
core, times the number of cores, is the top of the ladder.
"""
import argparse
import multiprocessing

import numpy as np
from pi_process_pool import split
from pi_serial import median_time

BATCH = 20_000  # darts per batch: float32 arrays of 80 kB, quick to allocate and reuse


def count_hits(darts):
    """Throw `darts` darts with a fresh generator; return the hits."""
    rng = np.random.default_rng()  # seeded from the operating system: differs per task
    hits = 0
    for start in range(0, darts, BATCH):
        size = min(BATCH, darts - start)
        x = rng.random(size, dtype=np.float32)
        y = rng.random(size, dtype=np.float32)
        hits += int(np.count_nonzero(x**2 + y**2 <= 1.0))
    return hits


def parallel_hits(tasks, workers):
    """Count the hits of all tasks (dart counts) with a pool of worker processes."""
    with multiprocessing.Pool(workers) as pool:
        return sum(pool.map(count_hits, tasks))


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--darts", type=at_least_one, default=120_000_000,
                        help="number of darts to throw (default: %(default)s)")
    parser.add_argument("--workers", type=at_least_one, default=2,
                        help="worker processes (default: %(default)s)")
    args = parser.parse_args()

    tasks = split(args.darts, args.workers)
    _, serial = median_time(lambda: count_hits(args.darts))
    hits, pooled = median_time(lambda: parallel_hits(tasks, args.workers))

    noun = "worker process" if args.workers == 1 else "worker processes"
    print(f"Darts thrown: {sum(tasks)} in {len(tasks)} tasks")
    print(f"Pi estimate: {4 * hits / sum(tasks):.5f}")
    print(f"Time NumPy serial: {serial:.3f} s (median of 3)")
    print(f"Time with {args.workers} {noun}: {pooled:.3f} s (median of 3)")
    print(f"Time per dart: {pooled / sum(tasks) * 1e9:.2f} ns in the pool")
    print(f"Speedup: {serial / pooled:.2f}")


if __name__ == "__main__":
    main()
