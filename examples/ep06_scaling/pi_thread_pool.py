"""Rung 3 of the ladder: the pure-Python darts in a thread pool (no faster).

multiprocessing.pool.ThreadPool has the same map() as the process pool, but
its workers are threads of this one process.  They share one GIL, so only one
of them runs Python code at a time: the darts take as long as in serial.
The script times both (the median of three runs each) and prints the speedup.
"""
import argparse
import random
import statistics
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


def median_time(function, repeats=3):
    """Call function() `repeats` times; return its last result and the median wall time."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return result, statistics.median(times)


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
    _, serial = median_time(lambda: count_hits(args.darts))
    hits, threaded = median_time(lambda: parallel_hits(tasks, args.workers))

    print(f"Darts thrown: {sum(tasks)} in {len(tasks)} tasks")
    print(f"Pi estimate: {4 * hits / sum(tasks):.5f}")
    print(f"Time serial: {serial:.3f} s (median of 3)")
    noun = "worker thread" if args.workers == 1 else "worker threads"
    print(f"Time with {args.workers} {noun}: {threaded:.3f} s (median of 3)")
    print(f"Speedup: {serial / threaded:.2f}")


if __name__ == "__main__":
    main()
