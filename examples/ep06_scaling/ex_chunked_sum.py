"""Exercise (episode 6): a parallel sum that is slower than the serial one.

The script adds up the squares below n twice: serially, and with
pool.map(square, numbers), one call per number.  Every number is pickled and
sent to a worker, and its square sent back: far more work than the
multiplication itself, so the pool is the slower of the two.

Exercise 3 of episode 6: copy this file to my_chunked_sum.py, in this
folder, and add a third sum, in chunks.  Write
chunk_bounds(n, chunks), which cuts range(n) into `chunks` slices
[(start, stop), ...], and sum_of_squares(bounds), which sums the squares of
one slice.  Send each worker only the bounds of its slice, add up the partial
sums, and time it like the other two (add --chunks, one per worker by default).
Run python examples/ep06_scaling/my_chunked_sum.py.  The solution is
parallel_sum.py.
"""
import argparse
import multiprocessing

from pi_serial import median_time


# start-listing
def square(x):
    return x * x


def two_sums(n, workers):
    """The sum of squares below n two ways: [(label, sum, median time), ...]."""
    numbers = list(range(n))
    results = [("serial", *median_time(lambda: sum(x * x for x in numbers)))]
    with multiprocessing.Pool(workers) as pool:
        # One number at a time: send n numbers out, get n squares back.
        results.append(("one call per number",
                        *median_time(lambda: sum(pool.map(square, numbers)))))
    return results
# end-listing


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not 1 or more")
    return value


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=at_least_one, default=2_000_000,
                        help="sum the squares of 0, 1, ..., n-1 (default: %(default)s)")
    parser.add_argument("--workers", type=at_least_one, default=2,
                        help="worker processes (default: %(default)s)")
    args = parser.parse_args()

    results = two_sums(args.n, args.workers)
    print(f"Sum of the squares below {args.n}, {args.workers} workers:")
    for label, total, _ in results:
        print(f"  sum, {label + ':':<21}{total}")
    for label, _, seconds in results:
        print(f"Time, {label + ':':<21}{seconds:.3f} s (median of 3)")
    sums = {total for _, total, _ in results}
    print("The sums agree." if len(sums) == 1 else "The sums DIFFER.")


if __name__ == "__main__":
    main()
