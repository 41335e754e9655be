"""A parallel sum that is slower than the serial one, and the chunking that fixes it.

We add up the squares of a list of numbers three ways:

1. serially, with sum();
2. with pool.map(square, numbers): every number is pickled, sent through a
   pipe to a worker and its square sent back, which costs far more than the
   multiplication itself, so more workers make it slower, not faster;
3. in chunks: each worker gets only the bounds of one slice of the list, sums
   the squares of its slice, and sends back one number; the parent adds up
   the partial sums (a reduction).

All three sums must be the same; the timings are not.
"""
import argparse
import multiprocessing
import time


def square(x):
    return x * x


def sum_of_squares(bounds):
    """Sum the squares of the numbers in range(start, stop): one chunk."""
    start, stop = bounds
    return sum(x * x for x in range(start, stop))


def chunk_bounds(n, chunks):
    """Split range(n) into `chunks` nearly equal slices: [(start, stop), ...]."""
    edges = [n * i // chunks for i in range(chunks + 1)]
    return list(zip(edges[:-1], edges[1:]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2_000_000,
                        help="sum the squares of 0, 1, ..., n-1 (default: %(default)s)")
    parser.add_argument("--workers", type=int, default=2,
                        help="worker processes (default: %(default)s)")
    parser.add_argument("--chunks", type=int, default=None,
                        help="chunks for the chunked sum (default: one per worker)")
    args = parser.parse_args()
    chunks = args.workers if args.chunks is None else args.chunks
    if args.n < 1 or args.workers < 1 or chunks < 1:
        parser.error("--n, --workers and --chunks must be at least 1")

    numbers = list(range(args.n))

    start = time.perf_counter()
    serial = sum(x * x for x in numbers)
    time_serial = time.perf_counter() - start

    with multiprocessing.Pool(args.workers) as pool:
        # One number at a time: send n numbers out, get n squares back.
        start = time.perf_counter()
        naive = sum(pool.map(square, numbers))
        time_naive = time.perf_counter() - start

        # One chunk per task: send two numbers out, get one sum back.
        start = time.perf_counter()
        chunked = sum(pool.map(sum_of_squares, chunk_bounds(args.n, chunks)))
        time_chunked = time.perf_counter() - start

    results = [("serial", serial, time_serial),
               ("one call per number", naive, time_naive),
               (f"{chunks} chunks", chunked, time_chunked)]
    print(f"Sum of the squares below {args.n}, {args.workers} workers:")
    for label, total, _ in results:
        print(f"  sum, {label + ':':<21}{total}")
    for label, _, seconds in results:
        print(f"Time, {label + ':':<21}{seconds:.3f} s")
    print("The sums agree." if serial == naive == chunked else "The sums DIFFER.")

if __name__ == "__main__":
    main()
