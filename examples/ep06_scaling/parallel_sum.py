"""A parallel sum that is slower than the serial one, and the chunking that fixes it.

We add up the squares of a list of numbers three ways:

1. serially, with sum();
2. with pool.map(square, numbers): every number is pickled, sent through a
   pipe to a worker and its square sent back, which costs far more than the
   multiplication itself, so more workers make it slower, not faster;
3. in chunks: each worker gets only the bounds of one slice of the list, sums
   the squares of its slice, and sends back one number; the parent adds up
   the partial sums (a reduction).

All three sums must be the same; the timings (the median of three runs each)
are not.
"""
import argparse
import multiprocessing

from ex_chunked_sum import square
from pi_serial import median_time


def sum_of_squares(bounds):
    """Sum the squares of the numbers in range(start, stop): one chunk."""
    start, stop = bounds
    return sum(x * x for x in range(start, stop))


def chunk_bounds(n, chunks):
    """Split range(n) into `chunks` nearly equal slices: [(start, stop), ...]."""
    edges = [n * i // chunks for i in range(chunks + 1)]
    return list(zip(edges[:-1], edges[1:]))


def three_sums(n, workers, chunks):
    """The sum of squares below n three ways: [(label, sum, median time), ...]."""
    numbers = list(range(n))
    results = [("serial", *median_time(lambda: sum(x * x for x in numbers)))]
    with multiprocessing.Pool(workers) as pool:
        # One number at a time: send n numbers out, get n squares back.
        results.append(("one call per number",
                        *median_time(lambda: sum(pool.map(square, numbers)))))
        # One chunk per task: send two numbers out, get one sum back.
        bounds = chunk_bounds(n, chunks)
        results.append((f"{chunks} chunks",
                        *median_time(lambda: sum(pool.map(sum_of_squares, bounds)))))
    return results


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=at_least_one, default=3_000_000,
                        help="sum the squares of 0, 1, ..., n-1 (default: %(default)s)")
    parser.add_argument("--workers", type=at_least_one, default=2,
                        help="worker processes (default: %(default)s)")
    parser.add_argument("--chunks", type=at_least_one, default=None,
                        help="chunks for the chunked sum (default: one per worker)")
    args = parser.parse_args()
    chunks = args.workers if args.chunks is None else args.chunks

    results = three_sums(args.n, args.workers, chunks)
    print(f"Sum of the squares below {args.n}, {args.workers} workers:")
    for label, total, _ in results:
        print(f"  sum, {label + ':':<21}{total}")
    for label, _, seconds in results:
        print(f"Time, {label + ':':<21}{seconds:.3f} s (median of 3)")
    sums = {total for _, total, _ in results}
    print("The sums agree." if len(sums) == 1 else "The sums DIFFER.")


if __name__ == "__main__":
    main()
