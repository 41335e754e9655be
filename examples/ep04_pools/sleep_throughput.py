"""Throughput of tasks that wait: 8 workers get through them twice as fast as 4.

Each task sleeps, standing in for waiting on a disk, a network or another
program.  A sleeping worker uses no processor, so even on a 2-core laptop more
workers finish more of these tasks per second: the time is about
(tasks / workers) x (seconds per task).  Work that computes is different: it
needs a core per worker (see count_divisors.py).
"""
import argparse
import math
import multiprocessing
import time


def nap(seconds):
    time.sleep(seconds)
    return seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=16,
                        help="number of sleeping tasks (default: %(default)s)")
    parser.add_argument("--seconds", type=float, default=0.25,
                        help="how long each task sleeps (default: %(default)s)")
    parser.add_argument("--workers", type=int, nargs="+", default=[4, 8],
                        help="pool sizes to compare (default: %(default)s)")
    args = parser.parse_args()
    if args.tasks < 1:
        parser.error("--tasks must be at least 1")
    if args.seconds <= 0:
        parser.error("--seconds must be positive")
    if min(args.workers) < 1:
        parser.error("--workers must all be at least 1")

    for workers in args.workers:
        with multiprocessing.Pool(workers) as pool:
            start = time.perf_counter()
            # chunksize=1: hand out one task at a time, so no worker sits idle
            # while another still has a queue of tasks.
            slept = pool.map(nap, [args.seconds] * args.tasks, chunksize=1)
            elapsed = time.perf_counter() - start
        best = math.ceil(args.tasks / workers) * args.seconds
        print(f"{workers} workers: {len(slept)} tasks done, {sum(slept):.2f} s of sleep in total")
        print(f"Time with {workers} workers: {elapsed:.2f} s (at best {best:.2f} s), "
              f"{len(slept) / elapsed:.1f} tasks per second")


if __name__ == "__main__":
    main()
