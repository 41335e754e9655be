"""A Semaphore caps how many workers hold a big buffer at the same time.

Each task needs a large temporary array.  Four workers could hold four of
them at once; on a machine with little memory to spare that is too many.
A Semaphore(2), handed to every worker by the pool's initializer, lets two
tasks hold their buffer while the others wait their turn.  The workers keep
a shared count of the buffers in use, and the largest value it reached is
printed: it never exceeds the semaphore's limit.
"""
import argparse
import multiprocessing
import time

import numpy as np

MB = 1024 * 1024
shared = {}


def start_worker(semaphore, in_use, most):
    shared.update(semaphore=semaphore, in_use=in_use, most=most)


def count_buffer(change):
    with shared["in_use"].get_lock():
        shared["in_use"].value += change
        shared["most"].value = max(shared["most"].value, shared["in_use"].value)


# start-listing
def task(megabytes):
    with shared["semaphore"]:                      # wait here for a free slot
        count_buffer(+1)
        buffer = np.ones(megabytes * MB // 8)      # the big temporary array
        time.sleep(0.05)                           # ... used for a while
        total = buffer.sum()
        del buffer
        count_buffer(-1)
    return total


def run_tasks(tasks, megabytes, workers, limit):
    semaphore = multiprocessing.Semaphore(limit)
    in_use, most = multiprocessing.Value("i", 0), multiprocessing.Value("i", 0)
    with multiprocessing.Pool(workers, initializer=start_worker,
                              initargs=(semaphore, in_use, most)) as pool:
        totals = pool.map(task, [megabytes] * tasks, chunksize=1)
    return sum(totals), most.value
# end-listing


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=at_least_one, default=12,
                        help="tasks, each with one buffer (default: %(default)s)")
    parser.add_argument("--megabytes", type=at_least_one, default=50,
                        help="size of each task's buffer in MB (default: %(default)s)")
    parser.add_argument("--workers", type=at_least_one, default=4,
                        help="worker processes (default: %(default)s)")
    parser.add_argument("--limit", type=at_least_one, default=2,
                        help="buffers allowed at once (default: %(default)s)")
    args = parser.parse_args()

    total, most = run_tasks(args.tasks, args.megabytes, args.workers, args.limit)
    print(f"{args.tasks} tasks on {args.workers} workers, at most {args.limit} buffers "
          f"of {args.megabytes} MB at once")
    print(f"Sum over all buffers: {total:.0f}")
    print(f"Most buffers in use at the same time: {most}")


if __name__ == "__main__":
    main()
