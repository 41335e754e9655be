"""Workers whose memory grows: replace each one after a few tasks.

Each task here leaves 10 MB behind in its worker (a cache that is never
emptied, standing in for a leak in a library you cannot fix).  A long run
would use more and more memory.  Pool(maxtasksperchild=N) ends each worker
after N tasks and starts a fresh one, so no worker grows beyond N tasks'
worth.  (ProcessPoolExecutor has max_tasks_per_child=N from Python 3.11, not
with fork; in the Python versions of 2025 it can hang when more tasks wait
than there are workers, CPython issue gh-115634, so this example uses Pool.)
"""
import argparse
import multiprocessing
import os

import psutil

MB = 1024 * 1024
cache = []  # grows in each worker, task after task


# start-listing
def leaky_task(i):
    cache.append(bytearray(10 * MB))  # never freed while this worker lives
    return os.getpid(), psutil.Process().memory_full_info().uss


def with_pool(tasks, workers, per_child):
    with multiprocessing.Pool(workers, maxtasksperchild=per_child) as pool:
        return pool.map(leaky_task, range(tasks), chunksize=1)  # a chunk counts as one task
# end-listing


def report(label, results):
    pids = {pid for pid, _ in results}
    largest = max(uss for _, uss in results)
    print(f"{label}: {len(results)} tasks ran in {len(pids)} worker processes; "
          f"largest worker memory {largest / MB:.0f} MB")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=20,
                        help="tasks in all (default: %(default)s)")
    parser.add_argument("--workers", type=int, default=2,
                        help="worker processes at a time (default: %(default)s)")
    parser.add_argument("--per-child", type=int, default=5,
                        help="tasks before a worker is replaced (default: %(default)s)")
    args = parser.parse_args()
    for name in ("tasks", "workers", "per_child"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")

    with multiprocessing.Pool(args.workers) as pool:
        report("Pool, workers kept", pool.map(leaky_task, range(args.tasks), chunksize=1))
    report(f"Pool, maxtasksperchild={args.per_child}",
           with_pool(args.tasks, args.workers, args.per_child))


if __name__ == "__main__":
    main()
