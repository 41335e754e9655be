"""Throughput of tasks that wait: 8 workers get through them twice as fast as 4.

Each task sleeps, standing in for waiting on a disk, a network or another
program.  A sleeping worker uses no processor, so even on a 2-core laptop more
workers finish more of these tasks per second: the time is about
(tasks / workers) x (seconds per task).  Work that computes is different: it
needs a core per worker (see count_divisors.py).  Each pool size is timed
three times and the median is shown.
"""
import argparse
import math
import multiprocessing
import statistics
import time

from count_divisors import workers_text


# start-listing
def nap(seconds):
    time.sleep(seconds)
    return seconds


def time_pool(workers, tasks, seconds):
    """Median time of three runs of `tasks` sleeping tasks on a pool of `workers`."""
    with multiprocessing.Pool(workers) as pool:
        pool.map(nap, [0.01] * workers, chunksize=1)  # warm up: the workers are running
        times = []
        for _ in range(3):
            start = time.perf_counter()
            # chunksize=1: one task at a time, so no worker sits idle
            # while another still has a queue of tasks.
            pool.map(nap, [seconds] * tasks, chunksize=1)
            times.append(time.perf_counter() - start)
    return statistics.median(times)
# end-listing


def compare(pool_sizes, tasks, seconds):
    first = None
    for workers in pool_sizes:
        elapsed = time_pool(workers, tasks, seconds)
        best = math.ceil(tasks / workers) * seconds
        print(f"Time with {workers_text(workers)}: {elapsed:.2f} s for {tasks} tasks "
              f"(at best {best:.2f} s), {tasks / elapsed:.1f} tasks per second")
        if first is None:
            first = (workers, elapsed)
        else:
            print(f"Speedup of {workers} over {workers_text(first[0])}: {first[1] / elapsed:.2f}")


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def positive(text):
    """argparse type: a number more than 0."""
    if float(text) <= 0:
        raise argparse.ArgumentTypeError(f"{text} is not more than 0")
    return float(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=at_least_one, default=16, help="number of sleeping tasks")
    parser.add_argument("--seconds", type=positive, default=0.15, help="how long each task sleeps")
    parser.add_argument("--workers", type=at_least_one, nargs="+", default=[4, 8],
                        help="pool sizes to compare (default: 4 8)")
    args = parser.parse_args()
    compare(args.workers, args.tasks, args.seconds)


if __name__ == "__main__":
    main()
