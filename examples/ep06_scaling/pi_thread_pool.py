"""Rung 3 of the ladder: the pure-Python darts in a thread pool (no faster).

multiprocessing.pool.ThreadPool has the same map() as the process pool, but
its workers are threads of this one process.  They share one GIL, so only one
of them runs Python code at a time: the darts take as long as in serial.
"""
import argparse
import random
import time
from multiprocessing.pool import ThreadPool


def count_hits(darts):
    """Throw `darts` darts; return how many land inside the quarter circle."""
    hits = 0
    for _ in range(darts):
        x = random.random()
        y = random.random()
        if x**2 + y**2 <= 1.0:
            hits += 1
    return hits


def split(darts, tasks):
    """Share `darts` out as evenly as possible: the first tasks get one extra."""
    share, extra = divmod(darts, tasks)
    return [share + 1 if task < extra else share for task in range(tasks)]


def parallel_hits(tasks, workers):
    """Count the hits of all tasks (dart counts) with a pool of threads."""
    with ThreadPool(workers) as pool:
        return sum(pool.map(count_hits, tasks))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--darts", type=int, default=2_000_000,
                        help="number of darts to throw (default: %(default)s)")
    parser.add_argument("--workers", type=int, default=2,
                        help="worker threads (default: %(default)s)")
    args = parser.parse_args()
    if args.darts < 1 or args.workers < 1:
        parser.error("--darts and --workers must be at least 1")

    tasks = split(args.darts, args.workers)
    start = time.perf_counter()
    hits = parallel_hits(tasks, args.workers)
    elapsed = time.perf_counter() - start

    thrown = sum(tasks)
    print(f"Darts thrown: {thrown} in {len(tasks)} tasks")
    print(f"Pi estimate: {4 * hits / thrown:.5f}")
    print(f"Time: {elapsed:.3f} s with {args.workers} worker threads")


if __name__ == "__main__":
    main()
