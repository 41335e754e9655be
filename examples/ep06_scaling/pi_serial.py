"""Rung 1 of the ladder: estimate pi by throwing darts, in pure Python, serially.

Throw darts at random points (x, y) of the unit square.  The ones that land
inside the quarter circle x**2 + y**2 <= 1 cover pi / 4 of the square, so
4 * hits / darts estimates pi.  Every dart is one turn of a Python loop:
this is the baseline the other rungs are measured against.
"""
import argparse
import random
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--darts", type=int, default=2_000_000,
                        help="number of darts to throw (default: %(default)s)")
    args = parser.parse_args()
    if args.darts < 1:
        parser.error("--darts must be at least 1")

    start = time.perf_counter()
    hits = count_hits(args.darts)
    elapsed = time.perf_counter() - start

    print(f"Darts thrown: {args.darts}")
    print(f"Pi estimate: {4 * hits / args.darts:.5f}")
    print(f"Time: {elapsed:.3f} s ({elapsed / args.darts * 1e9:.0f} ns per dart)")


if __name__ == "__main__":
    main()
