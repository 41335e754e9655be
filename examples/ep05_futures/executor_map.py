"""Executors: the same map() with threads or with processes, and its chunksize.

concurrent.futures has one interface for two kinds of pool:
ThreadPoolExecutor (threads inside this process) and ProcessPoolExecutor
(separate worker processes).  Swapping one for the other changes one word.
For computing in pure Python only processes run in parallel, because of the
GIL.  A ProcessPoolExecutor's map() sends the tasks one by one unless you give
a chunksize (threads need no messages, so they ignore it).
"""
import argparse
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor


def collatz_steps(n):
    """Steps from n down to 1 by: halve if even, else 3n + 1."""
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000,
                        help="find the longest chain for starts 1 .. n-1 (default: %(default)s)")
    parser.add_argument("--workers", type=int, default=2,
                        help="threads or processes in each executor (default: %(default)s)")
    args = parser.parse_args()
    if args.n < 2:
        parser.error("--n must be at least 2")
    if args.workers < 1:
        parser.error("--workers must be at least 1")

    starts = range(1, args.n)
    big_chunks = max(1, len(starts) // (4 * args.workers))
    runs = [("threads", ThreadPoolExecutor, 1),
            ("processes", ProcessPoolExecutor, 1),
            ("processes", ProcessPoolExecutor, big_chunks)]
    for label, Executor, chunksize in runs:
        start = time.perf_counter()
        with Executor(max_workers=args.workers) as executor:
            steps = list(executor.map(collatz_steps, starts, chunksize=chunksize))
        elapsed = time.perf_counter() - start
        most = max(steps)
        longest = starts[steps.index(most)]  # the first start with that many steps
        print(f"{label:>9}, chunksize {chunksize:>4}: longest chain starts at {longest} "
              f"({most} steps); time {elapsed:.2f} s")


if __name__ == "__main__":
    main()
