"""Random numbers in parallel: the same answer whatever the number of workers.

The darts are split into a fixed number of tasks (not one per worker), and
numpy.random.SeedSequence(seed).spawn(tasks) gives every task its own
independent stream of random numbers.  Which worker runs a task, and how many
workers there are, then changes nothing: for a given seed, the estimate is
always the same, and a different seed gives a different one.
"""
import argparse
import multiprocessing

import numpy as np

BATCH = 20_000  # darts per batch: float32 arrays of 80 kB, quick to allocate and reuse


# start-listing
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


def seeded_hits(darts, tasks, workers, seed):
    """All the hits: a fixed number of tasks, each with its own child seed."""
    seeds = np.random.SeedSequence(seed).spawn(tasks)  # independent, one per task
    share, extra = divmod(darts, tasks)
    counts = [share + 1 if task < extra else share for task in range(tasks)]
    with multiprocessing.Pool(workers) as pool:
        return sum(pool.map(count_hits, zip(counts, seeds)))
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
    parser.add_argument("--darts", type=at_least_one, default=10_000_000,
                        help="number of darts to throw (default: %(default)s)")
    parser.add_argument("--tasks", type=at_least_one, default=16,
                        help="tasks, fixed whatever the workers (default: %(default)s)")
    parser.add_argument("--workers", type=at_least_one, default=2,
                        help="worker processes (default: %(default)s)")
    parser.add_argument("--seed", type=not_negative, default=2026,
                        help="seed for the whole run (default: %(default)s)")
    args = parser.parse_args()

    hits = seeded_hits(args.darts, args.tasks, args.workers, args.seed)
    print(f"Seed {args.seed}, {args.tasks} tasks, {args.workers} worker{'s' * (args.workers != 1)}")
    print(f"Darts thrown: {args.darts}")
    print(f"Hits: {hits}")
    print(f"Pi estimate: {4 * hits / args.darts:.10f}")

if __name__ == "__main__":
    main()
