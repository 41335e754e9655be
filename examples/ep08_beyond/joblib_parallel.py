"""joblib: a parallel loop written as one expression.

Parallel(n_jobs=N)(delayed(f)(x) for x in inputs) runs f on every input in N
worker processes (joblib's default "loky" backend) and returns the results as
a list in the order of the inputs, however the tasks happened to finish.  It
is the loop

    [f(x) for x in inputs]

with delayed() around the call and Parallel in front.  The workers stay alive
for the next Parallel call, and stop by themselves when the program ends.
With n_jobs=1, joblib runs the loop in this process, without workers.
"""
import argparse
import os

from joblib import Parallel, delayed
from subinterpreters import median_seconds


# start-listing
def count_divisors(n):
    """Count the divisors of n by trying every candidate: slow on purpose."""
    return sum(1 for d in range(1, n + 1) if n % d == 0)


def work(n):
    """One task: the answer, and the id of the process that computed it."""
    return n, count_divisors(n), os.getpid()


def in_parallel(numbers, jobs):
    """[work(n) for n in numbers], run by `jobs` worker processes."""
    return Parallel(n_jobs=jobs)(delayed(work)(n) for n in numbers)
# end-listing


def compare(numbers, jobs):
    serial = [count_divisors(n) for n in numbers]
    serial_time = median_seconds(lambda: [count_divisors(n) for n in numbers])

    # The first call also starts the workers; later calls find them running.
    results = in_parallel(numbers, jobs)
    parallel_time = median_seconds(lambda: in_parallel(numbers, jobs))

    for n, divisors, pid in results:
        print(f"{n:>10} has {divisors:>4} divisors (worker {pid})")
    print(f"Results in the order of the inputs: {[n for n, _, _ in results] == numbers}")
    print(f"Same as the serial loop: {[d for _, d, _ in results] == serial}")
    pids = {pid for _, _, pid in results}
    print(f"Processes that ran tasks: {len(pids)} (this one among them: {os.getpid() in pids})")
    print(f"Time serial: {serial_time:.2f} s")
    print(f"Time with {jobs} worker{'s' if jobs > 1 else ''}: {parallel_time:.2f} s")
    print(f"Speedup: {serial_time / parallel_time:.2f}")


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=at_least_one, default=2, help="worker processes (n_jobs)")
    parser.add_argument("--numbers", type=at_least_one, nargs="+",
                        default=[2_162_160, 1_048_576, 1_500_000, 999_983, 1_081_080, 1_000],
                        help="numbers whose divisors to count")
    args = parser.parse_args()
    compare(args.numbers, args.jobs)


if __name__ == "__main__":
    main()
