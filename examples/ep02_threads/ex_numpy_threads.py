"""Exercise solution: NumPy releases the GIL, so threads speed up np.sort.

Each task sorts its own big array of random numbers.  While NumPy sorts, it
works on raw memory in C and lets go of the global interpreter lock, so
threads sort on several cores at once.  The answers are checked against a
serial run, and the times of both are printed.
"""
import argparse
import threading
import time

import numpy as np


def sort_in_threads(arrays):
    results = [None] * len(arrays)

    def worker(index):
        results[index] = np.sort(arrays[index])

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(arrays))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=500_000,
                        help="numbers in each array (default: %(default)s)")
    parser.add_argument("--tasks", type=int, default=4,
                        help="arrays to sort, one thread each (default: %(default)s)")
    args = parser.parse_args()
    if args.size < 1 or args.tasks < 1:
        parser.error("--size and --tasks must be at least 1")

    rng = np.random.default_rng(42)
    arrays = [rng.random(args.size) for _ in range(args.tasks)]

    start = time.perf_counter()
    serial = [np.sort(a) for a in arrays]
    serial_time = time.perf_counter() - start
    start = time.perf_counter()
    threaded = sort_in_threads(arrays)
    thread_time = time.perf_counter() - start

    in_order = all(np.all(s[:-1] <= s[1:]) for s in threaded)
    same = all(np.array_equal(s, t) for s, t in zip(serial, threaded))
    print(f"{args.tasks} arrays of {args.size} numbers sorted serially and in {args.tasks} threads")
    print(f"Every array in order: {'yes' if in_order else 'NO'}; threads agree with serial: {'yes' if same else 'NO'}")
    print(f"Time serial:  {serial_time:.2f} s")
    print(f"Time threads: {thread_time:.2f} s")
    print(f"Speedup with threads: {serial_time / thread_time:.2f}")


if __name__ == "__main__":
    main()
