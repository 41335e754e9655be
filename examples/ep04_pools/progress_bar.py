"""A progress bar for a long pool run: tqdm around imap_unordered.

imap_unordered yields each result as soon as it is ready, so wrapping it in
tqdm moves the bar on as tasks finish, in whatever order.  tqdm cannot know
how many results an iterator will give, so tell it (total=).  The bar is drawn
on stderr; the answer goes to stdout, where it can be saved or checked.  The
default run takes a second or two on a 2-core laptop: time to see the bar move.
"""
import argparse
import math
import multiprocessing

from tqdm import tqdm


# start-listing
def count_divisors(n):
    """How many whole numbers divide n, by trial division up to √n."""
    count = 0
    for d in range(1, math.isqrt(n) + 1):
        if n % d == 0:
            count += 1 if d * d == n else 2
    return count


def total_with_progress(numbers):
    total = 0
    with multiprocessing.Pool(2) as pool:
        # 500 numbers per message: cheap to send, and the bar still moves smoothly.
        results = pool.imap_unordered(count_divisors, numbers, chunksize=500)
        for divisors in tqdm(results, total=len(numbers), desc="numbers", unit="task"):
            total += divisors
    return total
# end-listing


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=at_least_one, default=200_000,
                        help="count the divisors of 1 .. n, one task each")
    args = parser.parse_args()
    total = total_with_progress(range(1, args.n + 1))
    print(f"Sum of the divisor counts of 1 .. {args.n}: {total}")


if __name__ == "__main__":
    main()
