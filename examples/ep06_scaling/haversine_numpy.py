"""Assignment solution: great-circle distances vectorised with NumPy, then in a pool.

The same random pairs as haversine_serial.py, three ways:

1. the pure-Python loop, one pair at a time (the starting point);
2. NumPy: the same formula applied to whole arrays at once, in compiled code;
3. NumPy in a process pool: the arrays cut into one chunk per worker.

The distances must agree with the loop's to 1e-9 (relative).  Vectorising
gives the big factor; the pool adds at most the number of cores on top.
"""
import argparse
import multiprocessing

import numpy as np
from haversine_serial import EARTH_RADIUS_KM, LONDON, PARIS, SEED, haversine, random_pairs
from pi_serial import median_time


# start-listing
def haversine_numpy(points):
    """The same formula for all pairs at once (rows: lat1, lon1, lat2, lon2)."""
    lat1, lon1, lat2, lon2 = np.radians(points)
    a = (np.sin((lat2 - lat1) / 2) ** 2
         + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(a))


def in_pool(pool, points, workers):
    """NumPy in a pool: one chunk of the arrays per worker, pickled there and back."""
    chunks = np.array_split(points, workers, axis=1)
    return np.concatenate(pool.map(haversine_numpy, chunks))
# end-listing


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=at_least_one, default=1_000_000,
                        help="number of pairs of points (default: %(default)s)")
    parser.add_argument("--workers", type=at_least_one, default=2,
                        help="worker processes for the pool (default: %(default)s)")
    parser.add_argument("--repeats", type=at_least_one, default=3,
                        help="timings of each version; the median counts "
                        "(default: %(default)s)")
    args = parser.parse_args()

    pairs = random_pairs(args.pairs, SEED)
    # Four rows (lat1, lon1, lat2, lon2), each contiguous in memory: shape (4, pairs).
    points = np.array(pairs).T.copy()

    repeats = args.repeats
    serial, time_serial = median_time(
        lambda: np.array([haversine(*pair) for pair in pairs]), repeats)
    vectorised, time_numpy = median_time(lambda: haversine_numpy(points), repeats)
    with multiprocessing.Pool(args.workers) as pool:
        pooled, time_pool = median_time(lambda: in_pool(pool, points, args.workers), repeats)

    print(f"Paris to London: {haversine_numpy(np.array([PARIS + LONDON]).T)[0]:.1f} km")
    print(f"Pairs: {len(serial)} serial, {len(vectorised)} NumPy, {len(pooled)} pool")
    print(f"Mean distance: {vectorised.mean():.3f} km")
    for label, result in (("NumPy", vectorised), ("pool", pooled)):
        worst = np.max(np.abs(result - serial) / serial)
        print(f"Largest relative difference, {label} vs loop: {worst:.1e}")
    print(f"Time, pure-Python loop: {time_serial:.3f} s (median of {repeats})")
    print(f"Time, NumPy:            {time_numpy:.4f} s (median of {repeats})")
    print(f"Time, NumPy in a pool:  {time_pool:.4f} s with {args.workers} workers "
          f"(median of {repeats})")
    print(f"Speedup, NumPy: {time_serial / time_numpy:.0f}")
    print(f"Speedup, NumPy in a pool: {time_serial / time_pool:.0f}")


if __name__ == "__main__":
    main()
