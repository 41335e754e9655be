"""A progress bar for a long pool run: tqdm around imap_unordered.

imap_unordered yields each result as soon as it is ready, so wrapping it in
tqdm moves the bar on as tasks finish, in whatever order.  tqdm cannot know
how many results an iterator will give, so tell it (total=).  The bar is drawn
on stderr; the answer goes to stdout, where it can be saved or checked.
"""
import argparse
import math
import multiprocessing

from tqdm import tqdm


def count_divisors(n):
    """How many whole numbers divide n, by trial division up to √n."""
    count = 0
    for d in range(1, math.isqrt(n) + 1):
        if n % d == 0:
            count += 1 if d * d == n else 2
    return count


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000,
                        help="count the divisors of 1 .. n, one task each (default: %(default)s)")
    parser.add_argument("--chunksize", type=int, default=500,
                        help="tasks per message to a worker (default: %(default)s)")
    parser.add_argument("--workers", type=int, default=2,
                        help="worker processes in the pool (default: %(default)s)")
    args = parser.parse_args()
    if args.n < 1:
        parser.error("--n must be at least 1")
    if args.chunksize < 1:
        parser.error("--chunksize must be at least 1")
    if args.workers < 1:
        parser.error("--workers must be at least 1")

    numbers = range(1, args.n + 1)
    total = done = 0
    with multiprocessing.Pool(args.workers) as pool:
        results = pool.imap_unordered(count_divisors, numbers, chunksize=args.chunksize)
        for divisors in tqdm(results, total=len(numbers), desc="numbers", unit="task"):
            total += divisors
            done += 1

    print(f"Tasks done: {done}")
    print(f"Sum of the divisor counts of 1 .. {args.n}: {total}")


if __name__ == "__main__":
    main()
