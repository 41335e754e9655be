"""A first timing: the same CPU-bound work done serially and by a pool.

Each task counts the prime numbers in one block of integers, by trial division
in pure Python.  The tasks are independent, so a pool of worker processes can
run them at the same time, one per core.  The answer must not change; the
time should drop by close to the number of workers.
"""
import argparse
import multiprocessing
import time


def count_primes(block):
    """Count the primes in range(start, stop) by trial division."""
    start, stop = block
    count = 0
    for n in range(max(start, 2), stop):
        if all(n % d for d in range(2, int(n**0.5) + 1)):
            count += 1
    return count


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=500_000,
                        help="count primes below this number (default: %(default)s)")
    parser.add_argument("--tasks", type=int, default=16,
                        help="number of blocks to split the range into (default: %(default)s)")
    parser.add_argument("--workers", type=int, default=2,
                        help="worker processes in the pool (default: %(default)s)")
    args = parser.parse_args()
    if args.limit < 2:
        parser.error("--limit must be at least 2")
    if args.tasks < 1 or args.workers < 1:
        parser.error("--tasks and --workers must be at least 1")

    # Split [0, limit) into blocks; the last one takes what is left over.
    size = args.limit // args.tasks or 1
    blocks = [(start, min(start + size, args.limit)) for start in range(0, args.limit, size)]

    start = time.perf_counter()
    serial = sum(count_primes(block) for block in blocks)
    serial_time = time.perf_counter() - start

    start = time.perf_counter()
    with multiprocessing.Pool(args.workers) as pool:
        parallel = sum(pool.map(count_primes, blocks))
    parallel_time = time.perf_counter() - start

    print(f"Primes below {args.limit}: serial {serial}, parallel {parallel}")
    print(f"Time serial:   {serial_time:.2f} s")
    print(f"Time parallel: {parallel_time:.2f} s with {args.workers} workers")
    print(f"Speedup: {serial_time / parallel_time:.2f}")


if __name__ == "__main__":
    main()
