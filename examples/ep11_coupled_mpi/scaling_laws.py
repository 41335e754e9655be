"""Exercise solution: what Amdahl's law and Gustafson's law promise on N ranks.

Amdahl (strong scaling, the same problem on more ranks): the speedup is
1 / ((1 - p) + p / N), and never more than 1 / (1 - p).
Gustafson (weak scaling, a problem N times as large on N ranks): the scaled
speedup, how much more work is done in the same time, is (1 - p) + p * N.
p is the fraction of the one-rank run time that can be shared out.
"""
import argparse


# start-listing
def amdahl(p, n):
    """Speedup of a fixed problem on n ranks."""
    return 1 / ((1 - p) + p / n)


def gustafson(p, n):
    """Scaled speedup of a problem that grows with the n ranks."""
    return (1 - p) + p * n
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
    parser.add_argument("--parallel-fraction", type=fraction, default=0.95,
                        help="p, between 0 and 1 (default: %(default)s)")
    parser.add_argument("--ranks", type=at_least_one, nargs="+", default=[1, 2, 4, 16, 64, 256],
                        help="numbers of ranks (default: %(default)s)")
    args = parser.parse_args()
    p = args.parallel_fraction
    print(f"Parallel fraction p = {p:g}")
    print(f"{'ranks':>6} {'Amdahl speedup':>15} {'Gustafson scaled speedup':>25}")
    for n in args.ranks:
        print(f"{n:>6} {amdahl(p, n):>15.2f} {gustafson(p, n):>25.2f}")
    limit = f"{1 / (1 - p):.1f}" if p < 1 else "none"
    print(f"Amdahl's limit for any number of ranks: {limit}")


if __name__ == "__main__":
    main()
