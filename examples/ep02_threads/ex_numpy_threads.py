"""Exercise solution: NumPy releases the GIL, so threads speed up np.sort.

Each task sorts its own big array of random numbers.  While NumPy sorts, it
works on raw memory in C and lets go of the global interpreter lock, so
threads sort on several cores at once.  The stable sort (a merge sort) is
used: NumPy's default sort is so fast on today's processors that two million
numbers take a few hundredths of a second, too short to time, and its speed
depends on the memory more than on the cores.  The comparison is fair: the serial
run does exactly the same NumPy work in one thread (np.sort uses no BLAS
threads of its own), both are run three times, and the median times are
compared.  The answers of the threads are checked against the serial ones.
"""
import argparse
import statistics
import threading
import time

import numpy as np


# start-listing
def sort_serial(arrays):
    return [np.sort(array, kind="stable") for array in arrays]


def sort_in_threads(arrays):
    results = [None] * len(arrays)

    def worker(index):
        results[index] = np.sort(arrays[index], kind="stable")

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(arrays))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def timed(sort, arrays, repeats=3):
    """Run `repeats` times; return the sorted arrays and the median time."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        results = sort(arrays)
        times.append(time.perf_counter() - start)
    return results, statistics.median(times)
# end-listing


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=at_least_one, default=2_000_000,
                        help="numbers in each array (default: 2000000)")
    parser.add_argument("--tasks", type=at_least_one, default=4,
                        help="arrays to sort, one thread each (default: 4)")
    args = parser.parse_args()

    rng = np.random.default_rng(42)
    arrays = [rng.random(args.size) for _ in range(args.tasks)]
    sort_serial(arrays)                      # a first run, untimed: memory, caches
    serial, serial_time = timed(sort_serial, arrays)
    threaded, thread_time = timed(sort_in_threads, arrays)

    in_order = all(np.all(s[:-1] <= s[1:]) for s in threaded)
    same = all(np.array_equal(s, t) for s, t in zip(serial, threaded))
    print(f"{args.tasks} arrays of {args.size} numbers sorted in 1 thread, "
          f"then in {args.tasks} threads")
    print(f"Every array in order: {'yes' if in_order else 'NO'}; "
          f"threads agree with serial: {'yes' if same else 'NO'}")
    print(f"Time in 1 thread: {serial_time:.2f} s (median of 3)")
    print(f"Time in {args.tasks} threads: {thread_time:.2f} s (median of 3)")
    print(f"Speedup with threads: {serial_time / thread_time:.2f}")


if __name__ == "__main__":
    main()
