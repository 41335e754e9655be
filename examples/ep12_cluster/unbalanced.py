"""A pool whose work is unevenly shared: one worker computes, the others wait.

The tasks grow in size (task i counts the primes below a number that grows
with i).  Pool.map with a large chunksize cuts the list into contiguous
chunks, so one worker gets all the small tasks and another all the big ones:
the first finishes early and sits idle while the second is still computing.
Profile it while it runs with py-spy (spy_on_pool.py) to see that.
"""
import argparse
import math
import multiprocessing
import os
import time


# start-listing
def count_primes(limit):
    """Primes below limit, by trial division: the time grows with limit."""
    count = 0
    for n in range(2, limit):
        if all(n % d for d in range(2, math.isqrt(n) + 1)):
            count += 1
    return count


def task_sizes(tasks, scale):
    """Task i's limit grows with i: the last tasks are the big ones."""
    return [scale * (i + 1) for i in range(tasks)]


def task(limit):
    return os.getpid(), count_primes(limit)


def run_pool(sizes, workers, chunksize):
    """Map the tasks over a pool; return the primes and the tasks per worker."""
    with multiprocessing.Pool(workers) as pool:
        results = pool.map(task, sizes, chunksize=chunksize)
    per_worker = {}
    for pid, _ in results:
        per_worker[pid] = per_worker.get(pid, 0) + 1
    return sum(primes for _, primes in results), sorted(per_worker.values())
# end-listing


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=at_least_one, default=8)
    parser.add_argument("--workers", type=at_least_one, default=2)
    parser.add_argument("--chunksize", type=at_least_one, default=4,
                        help="tasks handed to a worker at a time (default 4: half the list)")
    parser.add_argument("--scale", type=at_least_one, default=16000,
                        help="task i counts primes below scale*(i+1)")
    args = parser.parse_args()
    started = time.perf_counter()
    primes, per_worker = run_pool(task_sizes(args.tasks, args.scale), args.workers, args.chunksize)
    print(f"Tasks: {args.tasks} on {args.workers} workers, chunksize {args.chunksize}")
    print(f"Primes counted: {primes}")
    print(f"Tasks per worker: {per_worker}")
    print(f"Time: {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
