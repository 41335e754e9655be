"""The assignment's starting point: great-circle distances in pure Python.

The haversine formula gives the distance along the Earth's surface between
two points given by latitude and longitude (the Earth taken as a sphere of
radius 6371 km).  This script computes it for many random pairs of points,
one pair per turn of a Python loop.  Your task: make it much faster.
"""
import argparse
import math
import random

from pi_serial import median_time

EARTH_RADIUS_KM = 6371.0
PARIS = (48.8566, 2.3522)     # latitude, longitude in degrees
LONDON = (51.5072, -0.1276)
SEED = 1                      # the same pairs in haversine_serial.py and haversine_numpy.py


# start-listing
def haversine(lat1, lon1, lat2, lon2):
    """Great-circle distance in km between two points given in degrees."""
    lat1, lon1, lat2, lon2 = map(math.radians, (lat1, lon1, lat2, lon2))
    a = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def random_pairs(count, seed):
    """`count` random pairs of points: a list of (lat1, lon1, lat2, lon2) tuples."""
    rng = random.Random(seed)
    return [(rng.uniform(-90, 90), rng.uniform(-180, 180),
             rng.uniform(-90, 90), rng.uniform(-180, 180)) for _ in range(count)]


def all_distances(pairs):
    """One pair per turn of a Python loop: the part to make fast."""
    return [haversine(*pair) for pair in pairs]
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
    args = parser.parse_args()

    pairs = random_pairs(args.pairs, SEED)

    distances, elapsed = median_time(lambda: all_distances(pairs))

    print(f"Paris to London: {haversine(*PARIS, *LONDON):.1f} km")
    print(f"Pairs: {len(distances)}")
    print(f"Mean distance: {sum(distances) / len(distances):.3f} km")
    print(f"Time: {elapsed:.3f} s, median of 3 ({elapsed / len(pairs) * 1e9:.0f} ns per pair)")


if __name__ == "__main__":
    main()
