"""Rung 2 of the ladder: the pure-Python darts, shared out to a process pool.

The darts are split into one task per worker.  Each worker process has its
own interpreter and its own GIL, so the tasks really run at the same time,
one per core; the parent adds up the hits.  The script times the serial
loop and the pool (the median of three runs each) and prints the speedup.
"""
import argparse
import multiprocessing

from pi_serial import count_hits, median_time


# start-listing
def split(darts, tasks):
    """Share `darts` out as evenly as possible: the first tasks get one extra."""
    share, extra = divmod(darts, tasks)
    return [share + 1 if task < extra else share for task in range(tasks)]


def parallel_hits(tasks, workers):
    """Count the hits of all tasks (dart counts) with a pool of worker processes."""
    with multiprocessing.Pool(workers) as pool:
        return sum(pool.map(count_hits, tasks))
# end-listing


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
                        help="worker processes (default: %(default)s)")
    args = parser.parse_args()

    tasks = split(args.darts, args.workers)
    _, serial = median_time(lambda: count_hits(args.darts))
    hits, pooled = median_time(lambda: parallel_hits(tasks, args.workers))

    print(f"Darts thrown: {sum(tasks)} in {len(tasks)} tasks")
    print(f"Pi estimate: {4 * hits / sum(tasks):.5f}")
    print(f"Time serial: {serial:.3f} s (median of 3)")
    noun = "worker process" if args.workers == 1 else "worker processes"
    print(f"Time with {args.workers} {noun}: {pooled:.3f} s (median of 3)")
    print(f"Speedup: {serial / pooled:.2f}")


if __name__ == "__main__":
    main()
