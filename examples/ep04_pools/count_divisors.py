"""CPU-bound work, serial versus a pool: counting the divisors of large numbers.

Counting the divisors of n by trying every d up to the square root of n takes
about √n steps of pure Python: a million for numbers near 10¹², a good
fraction of a second.  The numbers are independent of each other, so a pool
can count several at once, one per core, and the answers must not change.
"""
import argparse
import math
import multiprocessing
import time


def count_divisors(n):
    """How many whole numbers divide n, by trial division up to √n."""
    count = 0
    for d in range(1, math.isqrt(n) + 1):
        if n % d == 0:
            # d and n // d are both divisors; they are one number if d² = n.
            count += 1 if d * d == n else 2
    return count


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--start", type=int, default=10**12,
                        help="first number to count the divisors of (default: %(default)s)")
    parser.add_argument("--count", type=int, default=8,
                        help="how many consecutive numbers (default: %(default)s)")
    parser.add_argument("--workers", type=int, default=2,
                        help="worker processes in the pool (default: %(default)s)")
    args = parser.parse_args()
    if args.start < 1:
        parser.error("--start must be at least 1")
    if args.count < 1:
        parser.error("--count must be at least 1")
    if args.workers < 1:
        parser.error("--workers must be at least 1")

    numbers = range(args.start, args.start + args.count)

    start = time.perf_counter()
    serial = [count_divisors(n) for n in numbers]
    serial_time = time.perf_counter() - start

    start = time.perf_counter()
    with multiprocessing.Pool(args.workers) as pool:
        parallel = pool.map(count_divisors, numbers)
    parallel_time = time.perf_counter() - start

    for n, divisors in zip(numbers, parallel):
        print(f"{n} has {divisors} divisors")
    print(f"Same counts serial and parallel: {serial == parallel}")
    print(f"Time serial:   {serial_time:.2f} s")
    print(f"Time parallel: {parallel_time:.2f} s with {args.workers} workers")
    print(f"Speedup: {serial_time / parallel_time:.2f}")


if __name__ == "__main__":
    main()
