"""CPU-bound work, serial versus a pool: counting the divisors of large numbers.

Counting the divisors of n by trying every d up to the square root of n takes
about √n steps of pure Python: three million for numbers near 10¹³, a few
tenths of a second on a laptop.  The numbers are independent of each other,
so a pool can count several at once, one per core, and the answers must not
change.  Serial and pool are each timed three times and the median is shown;
the pool's workers are started before the clock starts.
"""
import argparse
import math
import multiprocessing
import statistics
import time


# start-listing
def count_divisors(n):
    """How many whole numbers divide n, by trial division up to √n."""
    count = 0
    for d in range(1, math.isqrt(n) + 1):
        if n % d == 0:
            # d and n // d are both divisors; they are one number if d² = n.
            count += 1 if d * d == n else 2
    return count


def median_time(work):
    """Run work() three times; return its last result and the median time."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return result, statistics.median(times)


def serial_versus_pool(numbers, workers):
    serial, serial_time = median_time(lambda: [count_divisors(n) for n in numbers])
    with multiprocessing.Pool(workers) as pool:
        pool.map(count_divisors, range(1, workers + 1))  # warm up: workers running
        parallel, parallel_time = median_time(lambda: pool.map(count_divisors, numbers))
    return serial, parallel, serial_time, parallel_time
# end-listing


def workers_text(n):
    return f"{n} worker" if n == 1 else f"{n} workers"


def report(numbers, workers):
    serial, parallel, serial_time, parallel_time = serial_versus_pool(numbers, workers)
    for n, divisors in zip(numbers, parallel):
        print(f"{n} has {divisors} divisors")
    print(f"Same counts serial and parallel: {serial == parallel}")
    print(f"Time serial: {serial_time:.2f} s")
    print(f"Time with {workers_text(workers)}: {parallel_time:.2f} s")
    print(f"Speedup: {serial_time / parallel_time:.2f}")


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--start", type=at_least_one, default=10**13,
                        help="first number to count the divisors of (default: 10**13)")
    parser.add_argument("--count", type=at_least_one, default=4, help="how many consecutive numbers")
    parser.add_argument("--workers", type=at_least_one, default=2, help="worker processes in the pool")
    args = parser.parse_args()
    report(range(args.start, args.start + args.count), args.workers)


if __name__ == "__main__":
    main()
