"""Pool.map and Pool.starmap: one function over many inputs, results in input order.

map() calls a function of one argument on every item of a list, spread over
the pool's worker processes.  starmap() does the same for a function of
several arguments: each item is a tuple, unpacked into the arguments.  Both
wait until every result is back and return a list in the order of the inputs,
whichever worker finished first.
"""
import argparse
import multiprocessing


# start-listing
def square(x):
    return x * x


def power(base, exponent):
    return base**exponent


def squares_and_powers(numbers, workers):
    # The with block starts the workers and stops them again at its end.
    with multiprocessing.Pool(workers) as pool:
        squares = pool.map(square, numbers)
        # One tuple of arguments per call: power(2, 0), power(2, 1), ...
        powers = pool.starmap(power, [(2, k) for k in numbers])
    print(f"Squares:     {squares}")
    print(f"Powers of 2: {powers}")
# end-listing


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=at_least_one, default=8, help="use the numbers 0 .. n-1")
    parser.add_argument("--workers", type=at_least_one, default=2, help="worker processes")
    args = parser.parse_args()
    squares_and_powers(range(args.n), args.workers)


if __name__ == "__main__":
    main()
