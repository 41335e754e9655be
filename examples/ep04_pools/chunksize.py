"""chunksize: how many tasks a pool sends to a worker in one message.

Each message between the parent and a worker costs time: pickling, a pipe, a
lock.  When every task is tiny (here: is one number prime?), those costs
dominate if the tasks go one by one, and sending them in chunks of hundreds
makes the same map() many times faster.  The results never change.  map()
picks a chunksize by itself when none is given; imap and imap_unordered use 1.
"""
import argparse
import math
import multiprocessing
import time


def is_prime(n):
    if n < 2:
        return False
    return all(n % d for d in range(2, math.isqrt(n) + 1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000,
                        help="test the numbers 0 .. n-1, one task each (default: %(default)s)")
    parser.add_argument("--chunksizes", type=int, nargs="+", default=[1, 10, 100, 1000],
                        help="chunk sizes to time (default: %(default)s)")
    parser.add_argument("--workers", type=int, default=2,
                        help="worker processes in the pool (default: %(default)s)")
    args = parser.parse_args()
    if args.n < 1:
        parser.error("--n must be at least 1")
    if min(args.chunksizes) < 1:
        parser.error("--chunksizes must all be at least 1")
    if args.workers < 1:
        parser.error("--workers must be at least 1")

    numbers = range(args.n)
    # What map() chooses when given no chunksize: about 4 chunks per worker.
    default = math.ceil(args.n / (4 * args.workers))
    results = {}
    with multiprocessing.Pool(args.workers) as pool:
        pool.map(is_prime, range(args.workers))  # warm up: the workers are running
        for chunksize in [*args.chunksizes, None]:
            start = time.perf_counter()
            results[chunksize] = pool.map(is_prime, numbers, chunksize=chunksize)
            elapsed = time.perf_counter() - start
            label = f"{chunksize}" if chunksize else f"default ({default})"
            print(f"chunksize {label:>14}: {sum(results[chunksize])} primes below {args.n}, "
                  f"time {elapsed:.3f} s")

    first = next(iter(results.values()))
    print(f"Same results for every chunksize: {all(r == first for r in results.values())}")


if __name__ == "__main__":
    main()
