"""Rung 4 of the ladder: the darts thrown by NumPy, a batch at a time.

Instead of one dart per turn of a Python loop, NumPy draws a whole batch of
coordinates in one call and tests them all in compiled code.  The batch is
small enough to stay in the processor's cache (a million darts at once is
slower), and single precision (float32) halves the random bits and the
memory to move; pi does not need more digits than that.  The script times
the pure-Python loop of rung 1 too (on fewer darts) and compares the two by
their time per dart.
"""
import argparse

import numpy as np
from pi_serial import count_hits as count_hits_python  # rung 1's loop, to compare with
from pi_serial import median_time

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


def at_least_sixty(text):
    """argparse type: a whole number, 60 or more (the loop throws 1/60 of them)."""
    if int(text) < 60:
        raise argparse.ArgumentTypeError(f"{text} is not 60 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--darts", type=at_least_sixty, default=60_000_000,
                        help="darts NumPy throws; the loop throws 1/60 of them "
                        "(default: %(default)s)")
    args = parser.parse_args()

    rng = np.random.default_rng()
    python_darts = args.darts // 60
    _, python_time = median_time(lambda: count_hits_python(python_darts))
    hits, numpy_time = median_time(lambda: count_hits(args.darts, rng))
    python_ns = python_time / python_darts * 1e9
    numpy_ns = numpy_time / args.darts * 1e9

    print(f"Darts thrown: {args.darts}")
    print(f"Pi estimate: {4 * hits / args.darts:.5f}")
    print(f"Time pure Python: {python_time:.3f} s for {python_darts} darts (median of 3)")
    print(f"Time NumPy: {numpy_time:.3f} s for {args.darts} darts (median of 3)")
    print(f"Time per dart: {python_ns:.0f} ns pure Python, {numpy_ns:.1f} ns NumPy")
    print(f"Speedup: {python_ns / numpy_ns:.0f}")


if __name__ == "__main__":
    main()
