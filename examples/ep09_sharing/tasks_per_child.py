"""Workers whose memory grows: replace each one after a few tasks.

Each task here leaves 10 MB behind in its worker (a cache that is never
emptied, standing in for a leak in a library you cannot fix).  A long run
would use more and more memory.  Pool(maxtasksperchild=N) ends each worker
after N tasks and starts a fresh one, so no worker grows beyond N tasks'
worth.  The replacements are started while the pool's own threads run, so
this pool uses the spawn start method: under fork, a process with threads
would be copied (Python 3.12 and later warn about it).

ProcessPoolExecutor(max_tasks_per_child=N) exists from Python 3.11 and uses
spawn by itself, but it can hang when more tasks wait than there are workers
(CPython issue gh-115634, fixed on the 3.13 and 3.14 branches in July 2026, not
in 3.11 and 3.12), so this example uses Pool.
"""
import argparse
import collections
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
    spawn = multiprocessing.get_context("spawn")  # fresh workers, not copies of this process
    with spawn.Pool(workers, maxtasksperchild=per_child) as pool:
        return pool.map(leaky_task, range(tasks), chunksize=1)  # a chunk counts as one task
# end-listing


def report(label, results):
    per_worker = collections.Counter(pid for pid, _ in results)
    largest = max(uss for _, uss in results)
    print(f"{label}: {len(results)} tasks ran in {len(per_worker)} worker processes, "
          f"at most {max(per_worker.values())} in one; largest worker memory {largest / MB:.0f} MB")


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=at_least_one, default=20,
                        help="tasks in all (default: %(default)s)")
    parser.add_argument("--workers", type=at_least_one, default=2,
                        help="worker processes at a time (default: %(default)s)")
    parser.add_argument("--per-child", type=at_least_one, default=5,
                        help="tasks before a worker is replaced (default: %(default)s)")
    args = parser.parse_args()

    with multiprocessing.Pool(args.workers) as pool:
        report("Pool, workers kept", pool.map(leaky_task, range(args.tasks), chunksize=1))
    report(f"Pool, maxtasksperchild={args.per_child}, spawn",
           with_pool(args.tasks, args.workers, args.per_child))


if __name__ == "__main__":
    main()
