"""Random numbers in parallel: the same answer whatever the number of workers.

The darts are split into a fixed number of tasks (not one per worker), and
numpy.random.SeedSequence(seed).spawn(tasks) gives every task its own
independent stream of random numbers.  Which worker runs a task, and how many
workers there are, then changes nothing: for a given seed, the estimate is
always the same, and a different seed gives a different one.
"""
import argparse
import multiprocessing
import time

import numpy as np

BATCH = 20_000  # darts per batch: float32 arrays of 80 kB, quick to allocate and reuse


def count_hits(task):
    """Throw task = (darts, seed sequence) darts with that task's own stream."""
    darts, seed_sequence = task
    rng = np.random.default_rng(seed_sequence)
    hits = 0
    for start in range(0, darts, BATCH):
        size = min(BATCH, darts - start)
        x = rng.random(size, dtype=np.float32)
        y = rng.random(size, dtype=np.float32)
        hits += int(np.count_nonzero(x**2 + y**2 <= 1.0))
    return hits


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--darts", type=int, default=10_000_000,
                        help="number of darts to throw (default: %(default)s)")
    parser.add_argument("--tasks", type=int, default=16,
                        help="tasks, fixed whatever the workers (default: %(default)s)")
    parser.add_argument("--workers", type=int, default=2,
                        help="worker processes (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=2026,
                        help="seed for the whole run (default: %(default)s)")
    args = parser.parse_args()
    if args.darts < 1 or args.tasks < 1 or args.workers < 1:
        parser.error("--darts, --tasks and --workers must be at least 1")
    if args.seed < 0:
        parser.error("--seed must not be negative")

    # One independent child seed per task, derived from the one seed.
    seeds = np.random.SeedSequence(args.seed).spawn(args.tasks)
    share, extra = divmod(args.darts, args.tasks)
    darts = [share + 1 if task < extra else share for task in range(args.tasks)]

    start = time.perf_counter()
    with multiprocessing.Pool(args.workers) as pool:
        hits = sum(pool.map(count_hits, zip(darts, seeds)))
    elapsed = time.perf_counter() - start

    print(f"Seed {args.seed}, {args.tasks} tasks, {args.workers} workers")
    print(f"Darts thrown: {sum(darts)}")
    print(f"Hits: {hits}")
    print(f"Pi estimate: {4 * hits / sum(darts):.10f}")
    print(f"Time: {elapsed:.3f} s")


if __name__ == "__main__":
    main()
