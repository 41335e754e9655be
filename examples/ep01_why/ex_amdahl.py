"""Exercise (episode 1): predict the best speedup, then compute it with Amdahl's law.

Exercise 2 of episode 1.  As given, amdahl_speedup() pretends that the whole
program runs in parallel: N workers give a speedup of N.  Copy this file to
my_amdahl.py, in this folder, and change its return line to Amdahl's law,

    S(N) = 1 / ((1 - p) + p / N)

where p is the fraction of the run time that can run in parallel.  Run it:

    python examples/ep01_why/my_amdahl.py --parallel-fraction 0.95 --workers 4 8 32

The solution is amdahl.py.
"""
import argparse


# start-listing
def amdahl_speedup(parallel_fraction, workers):
    """The speedup on `workers` workers when a fraction of the run is parallel."""
    return workers    # perfect scaling: change this line to Amdahl's law


def print_table(p, worker_counts):
    print(f"Parallel fraction p = {p}")
    print(f"{'workers':>8} {'speedup':>8} {'efficiency':>10}")
    for n in worker_counts:
        speedup = amdahl_speedup(p, n)
        print(f"{n:>8} {speedup:>8.2f} {speedup / n:>10.2f}")
# end-listing


def fraction(text):
    """argparse type: a number from 0 to 1."""
    if not 0 <= float(text) <= 1:
        raise argparse.ArgumentTypeError(f"{text} is not between 0 and 1")
    return float(text)


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parallel-fraction", type=fraction, default=0.9,
                        help="fraction of the run time that parallelises, 0 to 1 (default: 0.9)")
    parser.add_argument("--workers", type=at_least_one, nargs="+", default=[1, 2, 4, 8, 16, 64],
                        help="worker counts to tabulate")
    args = parser.parse_args()
    print_table(args.parallel_fraction, args.workers)


if __name__ == "__main__":
    main()
