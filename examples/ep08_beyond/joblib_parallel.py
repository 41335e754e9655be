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
import time

from joblib import Parallel, delayed


def count_divisors(n):
    """Count the divisors of n by trying every candidate: slow on purpose."""
    return sum(1 for d in range(1, n + 1) if n % d == 0)


def work(n):
    """One task: the answer, and the id of the process that computed it."""
    return n, count_divisors(n), os.getpid()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2,
                        help="worker processes (n_jobs) (default: %(default)s)")
    parser.add_argument("--numbers", type=int, nargs="+",
                        default=[720_720, 65_536, 500_000, 99_991, 360_360, 1_000],
                        help="numbers whose divisors to count (default: %(default)s)")
    args = parser.parse_args()
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    if min(args.numbers) < 1:
        parser.error("--numbers must all be at least 1")

    start = time.perf_counter()
    serial = [count_divisors(n) for n in args.numbers]
    serial_time = time.perf_counter() - start

    # The same loop twice: the first call also starts the workers, the
    # second finds them running.
    parallel_times = []
    for _ in range(2):
        start = time.perf_counter()
        results = Parallel(n_jobs=args.jobs, backend="loky")(
            delayed(work)(n) for n in args.numbers)
        parallel_times.append(time.perf_counter() - start)

    for n, divisors, pid in results:
        print(f"{n:>10} has {divisors:>4} divisors (worker {pid})")
    in_order = [n for n, _, _ in results] == args.numbers
    print(f"Results in the order of the inputs: {in_order}")
    print(f"Same as the serial loop: {[d for _, d, _ in results] == serial}")
    pids = {pid for _, _, pid in results}
    print(f"Processes that ran tasks: {len(pids)} (this one among them: {os.getpid() in pids})")
    print(f"Time serial:   {serial_time:.2f} s")
    print(f"Time parallel, 1st call: {parallel_times[0]:.2f} s with n_jobs={args.jobs} "
          "(includes starting the workers)")
    print(f"Time parallel, 2nd call: {parallel_times[1]:.2f} s (the workers are reused)")


if __name__ == "__main__":
    main()
