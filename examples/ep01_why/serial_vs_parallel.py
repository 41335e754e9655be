"""A first timing: the same CPU-bound work done serially and by a pool.

Each task counts the prime numbers in one block of integers, by trial division
in pure Python.  The tasks are independent, so a pool of worker processes can
run them at the same time, one per core.  The answer must not change; on an
idle machine, the time drops by close to the number of workers.
"""
import argparse
import multiprocessing
import statistics
import time


def count_primes(block):
    """Count the primes in range(start, stop) by trial division."""
    start, stop = block
    count = 0
    for n in range(max(start, 2), stop):
        if all(n % d for d in range(2, int(n**0.5) + 1)):
            count += 1
    return count


def split(limit, tasks):
    """[0, limit) in `tasks` blocks; the last block takes what is left over."""
    size = -(-limit // tasks)  # limit / tasks, rounded up
    return [(start, min(start + size, limit)) for start in range(0, limit, size)]


def serial(blocks):
    return sum(count_primes(block) for block in blocks)


def parallel(blocks, workers):
    with multiprocessing.Pool(workers) as pool:
        # chunksize=1: a worker takes one block at a time, so the one that finishes
        # first (or got more of the processor) takes the next, and both end together
        return sum(pool.map(count_primes, blocks, chunksize=1))


def timed(function, *args, repeats=3):
    """Call function(*args) `repeats` times: its answer and the median time."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        answer = function(*args)
        times.append(time.perf_counter() - start)
    return answer, statistics.median(times)


def compare(limit, tasks, workers, repeats):
    blocks = split(limit, tasks)
    primes_serial, serial_time = timed(serial, blocks, repeats=repeats)
    primes_parallel, parallel_time = timed(parallel, blocks, workers, repeats=repeats)
    print(f"Primes below {limit}: serial {primes_serial}, parallel {primes_parallel}")
    print(f"Time serial: {serial_time:.2f} s (median of {repeats})")
    print(f"Time parallel: {parallel_time:.2f} s with {workers} "
          f"worker{'s' if workers != 1 else ''} (median of {repeats})")
    print(f"Speedup: {serial_time / parallel_time:.2f}")


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=at_least_one, default=250_000, help="count the primes below this")
    parser.add_argument("--tasks", type=at_least_one, default=64, help="blocks to split the range into")
    parser.add_argument("--workers", type=at_least_one, default=2, help="worker processes in the pool")
    parser.add_argument("--repeats", type=at_least_one, default=3, help="timed runs of each version")
    args = parser.parse_args()
    compare(args.limit, args.tasks, args.workers, args.repeats)


if __name__ == "__main__":
    main()
