"""chunksize: how many tasks a pool sends to a worker in one message.

Each message between the parent and a worker costs time: pickling, a pipe, a
lock.  When every task is tiny (here: is one number above a million prime?),
those costs dominate if the tasks go one by one, and sending them in chunks
of hundreds makes the same map() many times faster.  The results never
change.  map() picks a chunksize by itself when none is given (about four
chunks per worker); imap and imap_unordered use 1.  Each chunksize is timed
three times and the median is shown.
"""
import argparse
import math
import multiprocessing
import statistics
import time

START = 1_000_000  # test the numbers from here on: each test takes a few microseconds


# start-listing
def is_prime(n):
    return n >= 2 and all(n % d for d in range(2, math.isqrt(n) + 1))


def time_chunksizes(numbers, chunksizes, workers):
    """For each chunksize: the primes found, and the median time of three maps."""
    found = {}
    with multiprocessing.Pool(workers) as pool:
        pool.map(is_prime, range(workers))  # warm up: the workers are running
        for chunksize in chunksizes:  # None: let map() choose
            times = []
            for _ in range(3):
                start = time.perf_counter()
                primes = sum(pool.map(is_prime, numbers, chunksize=chunksize))
                times.append(time.perf_counter() - start)
            found[chunksize] = (primes, statistics.median(times))
    return found
# end-listing


def report(n, chunksizes, workers):
    numbers = range(START, START + n)
    found = time_chunksizes(numbers, [*chunksizes, None], workers)
    default = math.ceil(n / (4 * workers))  # what map() chooses when given no chunksize
    for chunksize, (primes, elapsed) in found.items():
        label = f"chunksize {chunksize}" if chunksize else f"map's default chunksize ({default})"
        print(f"Time with {label}: {elapsed:.3f} s ({primes} primes)")
    counts = {primes for primes, _ in found.values()}
    print(f"Primes from {START} to {START + n - 1}: {', '.join(map(str, sorted(counts)))}; "
          f"the same for every chunksize: {len(counts) == 1}")


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=at_least_one, default=20_000,
                        help=f"test the numbers from {START} on, one task each")
    parser.add_argument("--chunksizes", type=at_least_one, nargs="+", default=[1, 10, 100, 1000],
                        help="chunk sizes to time (default: 1 10 100 1000)")
    args = parser.parse_args()
    report(args.n, args.chunksizes, workers=2)


if __name__ == "__main__":
    main()
