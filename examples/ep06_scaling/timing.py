"""Timing done right: a stopwatch clock, several repeats, and the median.

One measurement is not enough: the first run may pay for warming caches, and
any run can be slowed down by another program taking a turn on the core.
Repeat the measurement, report the median (one slow run does not move it),
and show the spread so that the reader can judge the noise.
"""
import argparse
import statistics
import time


def job(n):
    """The code being timed: add up the squares below n."""
    return sum(x * x for x in range(n))


def time_repeats(function, argument, repeats):
    """Call function(argument) `repeats` times; return the result and each wall time."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()  # a monotonic clock with the finest resolution
        result = function(argument)
        times.append(time.perf_counter() - start)
    return result, times


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=at_least_one, default=3_000_000,
                        help="the job adds the squares below n (default: %(default)s)")
    parser.add_argument("--repeats", type=at_least_one, default=5,
                        help="how many times to time the job (default: %(default)s)")
    args = parser.parse_args()

    result, times = time_repeats(job, args.n, args.repeats)
    print(f"Sum of the squares below {args.n}: {result}")
    for run, seconds in enumerate(times, start=1):
        print(f"Time of run {run}: {seconds * 1000:.1f} ms")
    print(f"Time, median of {args.repeats}: {statistics.median(times) * 1000:.1f} ms "
          f"(min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f})")


if __name__ == "__main__":
    main()
