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


def workers_text(n):
    return f"{n} worker" if n == 1 else f"{n} workers"


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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=16, help="number of sleeping tasks")
    parser.add_argument("--seconds", type=float, default=0.15, help="how long each task sleeps")
    parser.add_argument("--workers", type=int, nargs="+", default=[4, 8],
                        help="pool sizes to compare (default: 4 8)")
    args = parser.parse_args()
    if args.tasks < 1:
        parser.error("--tasks must be at least 1")
    if args.seconds <= 0:
        parser.error("--seconds must be positive")
    if min(args.workers) < 1:
        parser.error("--workers must all be at least 1")
    compare(args.workers, args.tasks, args.seconds)


if __name__ == "__main__":
    main()
