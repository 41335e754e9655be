"""Python threads running compiled code: Numba's nogil=True against the default.

A function compiled with @njit holds the GIL while it runs, like any other
function called from Python: two Python threads calling it take turns.
With @njit(nogil=True), the compiled code lets go of the GIL as it starts and
takes it back when it returns, so Python threads run it on several cores at
the same time.  (parallel=True and prange are something else: there Numba
starts threads of its own inside one call.)

Both versions add up the same midpoint sum for π; each thread takes one
slice of the steps, and the slices' sums are added at the end.
"""
import argparse
import math
import statistics
import timeit
from concurrent.futures import ThreadPoolExecutor

from numba import njit


# start-listing
def midpoint_sum(start, stop, n):
    """Part of the midpoint rule for π: the steps start .. stop-1 of n."""
    step = 1.0 / n
    total = 0.0
    for i in range(start, stop):
        x = (i + 0.5) * step
        total += 4.0 / (1.0 + x * x)
    return total * step


holds_gil = njit(midpoint_sum)                   # the default: keeps the GIL
releases_gil = njit(nogil=True)(midpoint_sum)    # lets other threads run meanwhile


def pi_in_threads(function, n, threads):
    """Each of `threads` Python threads sums one slice of the n steps."""
    bounds = [n * t // threads for t in range(threads + 1)]
    with ThreadPoolExecutor(max_workers=threads) as pool:
        parts = pool.map(function, bounds[:-1], bounds[1:], [n] * threads)
        return sum(parts)
# end-listing


def median_seconds(calls, repeats=3):
    """Median seconds of each call, timed in turn in every round, so that a
    moment when the machine is busy disturbs all of them alike."""
    times = {name: [] for name in calls}
    for _ in range(repeats):
        for name, call in calls.items():
            times[name] += timeit.repeat(call, number=1, repeat=1)
    return {name: statistics.median(seconds) for name, seconds in times.items()}


def compare(n, threads):
    holds_gil(0, 1, 1), releases_gil(0, 1, 1)  # compile both before timing
    results = {name: pi_in_threads(function, n, threads)
               for name, function in [("GIL held", holds_gil), ("nogil=True", releases_gil)]}
    times = median_seconds({"one": lambda: holds_gil(0, n, n),
                            "held": lambda: pi_in_threads(holds_gil, n, threads),
                            "released": lambda: pi_in_threads(releases_gil, n, threads)})
    one_thread, held, released = times["one"], times["held"], times["released"]

    whole = holds_gil(0, n, n)  # one call, one thread: the reference
    plural = "thread" if threads == 1 else "threads"
    for name, value in results.items():
        print(f"pi with {threads} {plural}, {name}: {value:.12f}")
    same = all(math.isclose(value, whole, rel_tol=1e-12) for value in results.values())
    print(f"Same as one call in one thread: {same}")
    print(f"Time 1 thread: {one_thread:.3f} s")
    print(f"Time {threads} {plural}, GIL held: {held:.3f} s")
    print(f"Time {threads} {plural}, nogil=True: {released:.3f} s")
    print(f"Speedup with threads, GIL held: {one_thread / held:.2f}")
    print(f"Speedup with threads, nogil=True: {one_thread / released:.2f}")


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=at_least_one, default=80_000_000, help="number of steps")
    parser.add_argument("--threads", type=at_least_one, default=2, help="Python threads")
    args = parser.parse_args()
    compare(args.n, args.threads)


if __name__ == "__main__":
    main()
