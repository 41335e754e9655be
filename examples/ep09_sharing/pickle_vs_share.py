"""Passing a big array to workers copies it; shared memory does not.

Two workers each sum the same large NumPy array, in two ways:

- pickling: the array is an argument of the task, so the pool pickles it,
  sends the bytes down a pipe, and each worker unpickles its own copy;
- sharing: the array lives in one multiprocessing.shared_memory block, and
  each worker maps that block by its name (in the pool's initializer), so
  every worker reads the same pages of memory.

Each worker reports how much its USS grew (unique set size: the memory that
belongs to it alone, which the machine gets back when it exits).  A Barrier
makes both workers hold the data at the same moment, so the figures are the
peak.  Each way is timed three times; the median is printed.
"""
import argparse
import multiprocessing
import statistics
import time
from multiprocessing import shared_memory

import numpy as np
import psutil

MB = 1024 * 1024

# Set in each worker by the pool's initializer.
worker = {}


def own_uss():
    """This process's unique set size in bytes: pages no other process maps."""
    return psutil.Process().memory_full_info().uss


def start_worker(barrier, name=None, shape=None, dtype=None):
    """Pool initializer: remember the starting memory; attach the shared block by name."""
    worker["barrier"] = barrier
    if name is not None:
        worker["block"] = shared_memory.SharedMemory(name=name)  # attach, do not create
        worker["array"] = np.ndarray(shape, dtype=dtype, buffer=worker["block"].buf)
    worker["uss_at_start"] = own_uss()


def ready(_):
    """A first task for each worker: return once every worker has started."""
    worker["barrier"].wait()


def added_memory_and_sum(array):
    """Sum the array, then wait until every worker holds its data, and measure."""
    total = float(array.sum())
    worker["barrier"].wait()  # both workers now hold the data: the peak
    return total, own_uss() - worker["uss_at_start"]


# start-listing
def sum_pickled(array):
    """The array is the task's argument: it is pickled and copied into each worker."""
    return added_memory_and_sum(array)


def sum_shared(_):
    """The array is the view on the shared block that this worker attached to."""
    return added_memory_and_sum(worker["array"])


def by_pickling(array, workers):
    barrier = multiprocessing.Barrier(workers)
    with multiprocessing.Pool(workers, initializer=start_worker,
                              initargs=(barrier,)) as pool:
        pool.map(ready, range(workers), chunksize=1)  # time the work, not the start-up
        start = time.perf_counter()
        results = pool.map(sum_pickled, [array] * workers, chunksize=1)
        return time.perf_counter() - start, results


def by_sharing(array, workers):
    block = shared_memory.SharedMemory(create=True, size=array.nbytes)
    try:
        try:
            shared = np.ndarray(array.shape, dtype=array.dtype, buffer=block.buf)
            shared[:] = array  # one copy, into the shared block
            barrier = multiprocessing.Barrier(workers)
            initargs = (barrier, block.name, array.shape, array.dtype)
            with multiprocessing.Pool(workers, initializer=start_worker,
                                      initargs=initargs) as pool:
                pool.map(ready, range(workers), chunksize=1)
                start = time.perf_counter()
                results = pool.map(sum_shared, range(workers), chunksize=1)
                elapsed = time.perf_counter() - start
            del shared     # after close(), using this array would crash Python
        finally:
            block.close()  # every process closes its own access...
    finally:
        block.unlink()     # ...and the creator removes the block, once
    return elapsed, results
# end-listing


def measure(way, array, workers, repeats):
    """Median time and median memory added per worker over `repeats` runs."""
    times, added, sums = [], [], set()
    for _ in range(repeats):
        elapsed, results = way(array, workers)
        times.append(elapsed)
        added.extend(memory for _, memory in results)
        sums.update(total for total, _ in results)
    return statistics.median(times), statistics.median(added), sums


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=at_least_one, default=200,
                        help="size of the array in MB (default: %(default)s)")
    parser.add_argument("--workers", type=at_least_one, default=2,
                        help="worker processes (default: %(default)s)")
    args = parser.parse_args()

    # 0, 1, 2, ...: every partial sum is a whole number below 2**53, so exact.
    array = np.arange(args.megabytes * MB // 8, dtype=np.float64)
    print(f"Array: {array.nbytes / MB:.0f} MB of float64, {args.workers} workers")
    pickled_time, pickled_memory, pickled_sums = measure(by_pickling, array, args.workers, 3)
    shared_time, shared_memory_, shared_sums = measure(by_sharing, array, args.workers, 3)
    print(f"Sum of the array in every worker: {sorted(pickled_sums | shared_sums)}")
    print(f"Memory added per worker, pickling: {pickled_memory / MB:.1f} MB")
    print(f"Memory added per worker, sharing: {shared_memory_ / MB:.1f} MB")
    print(f"Memory saved by sharing: {100 * (1 - shared_memory_ / pickled_memory):.1f} %")
    print(f"Time pickling: {pickled_time:.3f} s (median of 3)")
    print(f"Time sharing: {shared_time:.3f} s (median of 3)")


if __name__ == "__main__":
    main()
