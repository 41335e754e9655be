"""Exercise solution: fit Amdahl's law to measured run times.

Give the run time of the serial program (T1, the median of a few runs; written
as 1 worker) and the run times with more workers.  The script computes
each speedup and efficiency, then finds the parallel fraction p for which
Amdahl's law S(N) = 1 / ((1 - p) + p / N) is closest to the measured speedups
(least squares: the smallest sum of squared differences), and predicts the
speedup on more workers.
"""
import argparse


# start-listing
def amdahl_speedup(p, workers):
    """Amdahl's law: the speedup on `workers` workers for parallel fraction p."""
    return 1 / ((1 - p) + p / workers)


def fit_parallel_fraction(workers, speedups):
    """The p in [0, 1] that minimises the squared error of Amdahl's law.

    A plain search: try p = 0, 0.001, ..., 1, then search again in steps a
    thousand times finer around the best one.  No library needed.
    """
    def error(p):
        return sum((amdahl_speedup(p, n) - s) ** 2 for n, s in zip(workers, speedups))

    best = min((i / 1000 for i in range(1001)), key=error)
    finer = (best + i / 1_000_000 for i in range(-1000, 1001))
    return min((p for p in finer if 0 <= p <= 1), key=error)
# end-listing


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def positive(text):
    """argparse type: a number more than 0."""
    if float(text) <= 0:
        raise argparse.ArgumentTypeError(f"{text} is not more than 0")
    return float(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=at_least_one, nargs="+", default=[1, 2, 4, 8],
                        help="worker counts measured, starting with 1: the serial "
                        "program (default: %(default)s)")
    parser.add_argument("--times", type=positive, nargs="+",
                        default=[60.0, 31.8, 17.1, 10.4],
                        help="run time with each worker count (default: %(default)s)")
    parser.add_argument("--predict", type=at_least_one, nargs="+", default=[16, 32, 64],
                        help="worker counts to predict the speedup for "
                        "(default: %(default)s)")
    args = parser.parse_args()
    if len(args.workers) != len(args.times):
        parser.error("give as many --times as --workers")
    if args.workers[0] != 1:
        parser.error("--workers must start with 1")

    speedups = [args.times[0] / t for t in args.times]
    print(f"{'workers':>8} {'time':>8} {'speedup':>8} {'efficiency':>10}")
    for n, t, s in zip(args.workers, args.times, speedups):
        print(f"{n:>8} {t:>8.2f} {s:>8.2f} {s / n:>10.2f}")

    p = fit_parallel_fraction(args.workers, speedups)
    print(f"Fitted parallel fraction: p = {p:.3f}")
    for n in args.predict:
        s = amdahl_speedup(p, n)
        print(f"Predicted on {n} workers: speedup {s:.1f}, efficiency {s / n:.2f}")
    if p < 1:
        print(f"Upper limit on the speedup: {1 / (1 - p):.1f}")
    else:
        print("Upper limit on the speedup: none (perfectly parallel)")


if __name__ == "__main__":
    main()
