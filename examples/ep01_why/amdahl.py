"""Exercise solution: the speedup Amdahl's law allows.

If a fraction p of a program's run time can be spread over N workers and the
rest stays serial, the best possible speedup is

    S(N) = 1 / ((1 - p) + p / N)

and the parallel efficiency is S(N) / N.  However many workers you add, the
speedup never passes 1 / (1 - p).  ex_amdahl.py is the exercise's starter.
"""
import argparse

from ex_amdahl import at_least_one, fraction


# start-listing
def amdahl_speedup(parallel_fraction, workers):
    """Amdahl's law: the speedup on `workers` workers."""
    return 1 / ((1 - parallel_fraction) + parallel_fraction / workers)


def print_table(p, worker_counts):
    print(f"Parallel fraction p = {p}")
    print(f"{'workers':>8} {'speedup':>8} {'efficiency':>10}")
    for n in worker_counts:
        speedup = amdahl_speedup(p, n)
        print(f"{n:>8} {speedup:>8.2f} {speedup / n:>10.2f}")
    if p < 1:
        print(f"Upper limit on the speedup: {1 / (1 - p):.2f}")
    else:
        print("Upper limit on the speedup: none (perfectly parallel)")
# end-listing


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
