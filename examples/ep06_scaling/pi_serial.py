"""Rung 1 of the ladder: estimate pi by throwing darts, in pure Python, serially.

Throw darts at random points (x, y) of the unit square.  The ones that land
inside the quarter circle x**2 + y**2 <= 1 cover pi / 4 of the square, so
4 * hits / darts estimates pi.  Every dart is one turn of a Python loop:
this is the baseline the other rungs are measured against.  The time shown is
the median of three runs.
"""
import argparse
import random
import statistics
import time


def count_hits(darts):
    """Throw `darts` darts; return how many land inside the quarter circle."""
    hits = 0
    for _ in range(darts):
        x = random.random()
        y = random.random()
        if x**2 + y**2 <= 1.0:
            hits += 1
    return hits


def median_time(function, repeats=3):
    """Call function() `repeats` times; return its last result and the median wall time."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return result, statistics.median(times)


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--darts", type=at_least_one, default=2_000_000,
                        help="number of darts to throw (default: %(default)s)")
    args = parser.parse_args()

    hits, elapsed = median_time(lambda: count_hits(args.darts))
    print(f"Darts thrown: {args.darts}")
    print(f"Pi estimate: {4 * hits / args.darts:.5f}")
    print(f"Time serial: {elapsed:.3f} s (median of 3)")
    print(f"Time per dart: {elapsed / args.darts * 1e9:.0f} ns")


if __name__ == "__main__":
    main()
