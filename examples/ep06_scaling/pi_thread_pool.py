"""Rung 3 of the ladder: the pure-Python darts in a thread pool (no faster).

multiprocessing.pool.ThreadPool has the same map() as the process pool, but
its workers are threads of this one process.  They share one GIL, so only one
of them runs Python code at a time: the darts take as long as in serial.
The script times both (the median of three runs each) and prints the speedup.
"""
import argparse
from multiprocessing.pool import ThreadPool

from pi_process_pool import split
from pi_serial import count_hits, median_time


def parallel_hits(tasks, workers):
    """Count the hits of all tasks (dart counts) with a pool of threads."""
    with ThreadPool(workers) as pool:
        return sum(pool.map(count_hits, tasks))


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--darts", type=at_least_one, default=2_000_000,
                        help="number of darts to throw (default: %(default)s)")
    parser.add_argument("--workers", type=at_least_one, default=2,
                        help="worker threads (default: %(default)s)")
    args = parser.parse_args()

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
