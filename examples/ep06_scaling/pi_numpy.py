"""Rung 4 of the ladder: the darts thrown by NumPy, a batch at a time.

Instead of one dart per turn of a Python loop, NumPy draws a whole batch of
coordinates in one call and tests them all in compiled code.  The batch is
small enough to stay in the processor's cache (a million darts at once is
slower), and single precision (float32) halves the random bits and the
memory to move; pi does not need more digits than that.
"""
import argparse
import time

import numpy as np

BATCH = 20_000  # darts per batch: float32 arrays of 80 kB, quick to allocate and reuse


def count_hits(darts, rng):
    """Throw `darts` darts with the generator `rng`; return the hits."""
    hits = 0
    for start in range(0, darts, BATCH):
        size = min(BATCH, darts - start)
        x = rng.random(size, dtype=np.float32)
        y = rng.random(size, dtype=np.float32)
        hits += int(np.count_nonzero(x**2 + y**2 <= 1.0))
    return hits


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--darts", type=int, default=20_000_000,
                        help="number of darts to throw (default: %(default)s)")
    args = parser.parse_args()
    if args.darts < 1:
        parser.error("--darts must be at least 1")

    rng = np.random.default_rng()
    start = time.perf_counter()
    hits = count_hits(args.darts, rng)
    elapsed = time.perf_counter() - start

    print(f"Darts thrown: {args.darts}")
    print(f"Pi estimate: {4 * hits / args.darts:.5f}")
    print(f"Time: {elapsed:.3f} s ({elapsed / args.darts * 1e9:.1f} ns per dart)")


if __name__ == "__main__":
    main()
