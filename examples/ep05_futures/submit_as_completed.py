"""submit() returns a future at once; as_completed() yields futures as they finish.

Each call to executor.submit(f, x) starts one task and hands back a Future,
a placeholder for its result.  A dict from future to input remembers which
task each one is.  as_completed() then yields the futures in the order they
finish, so each result can be used as soon as it is ready; a small number
finishes long before a big one submitted earlier.
"""
import argparse
import math
from concurrent.futures import ProcessPoolExecutor, as_completed


# start-listing
def count_divisors(n):
    """How many whole numbers divide n, by trial division up to √n."""
    count = 0
    for d in range(1, math.isqrt(n) + 1):
        if n % d == 0:
            count += 1 if d * d == n else 2
    return count


def count_as_they_finish(numbers):
    with ProcessPoolExecutor(max_workers=2) as executor:
        # submit() does not wait: all tasks are queued before any has finished.
        futures = {executor.submit(count_divisors, n): n for n in numbers}
        print(f"Submitted {len(futures)} tasks")
        for finished, future in enumerate(as_completed(futures), start=1):
            n = futures[future]
            print(f"{finished}. {n} has {future.result()} divisors")
# end-listing


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--numbers", type=at_least_one, nargs="+",
                        default=[10**12, 720_720, 2**40, 999_983, 10**11, 360],
                        help="numbers to count the divisors of")
    args = parser.parse_args()
    count_as_they_finish(args.numbers)


if __name__ == "__main__":
    main()
