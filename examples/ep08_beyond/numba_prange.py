"""Numba: compile a Python loop to machine code and run it on several threads.

The loop adds up 4 / (1 + x²) at the midpoints of n equal steps between 0 and
1: the midpoint rule for the integral of that function, which is π.

@njit compiles the function the first time it is called (just-in-time).  With
parallel=True, a loop written with prange() instead of range() is split among
Numba's own worker threads, like an OpenMP "parallel for" in C.  Numba sees
that `total` is only added to, so each thread keeps its own partial sum and
they are added at the end (a reduction).
"""
import argparse
import math
import statistics
import time
import timeit

import numba
from numba import njit, prange


# start-listing
def pi_python(n):
    """The midpoint rule in pure Python: one interpreted step per point."""
    step = 1.0 / n
    total = 0.0
    for i in range(n):
        x = (i + 0.5) * step
        total += 4.0 / (1.0 + x * x)
    return total * step


@njit(parallel=True)
def pi_numba(n):
    """The same loop, compiled; prange shares the iterations among threads."""
    step = 1.0 / n
    total = 0.0
    for i in prange(n):
        x = (i + 0.5) * step
        total += 4.0 / (1.0 + x * x)
    return total * step
# end-listing


def seconds_per_call(function, n, repeats=3):
    """Median seconds per call of function(n); each repetition lasts at least 0.2 s."""
    timer = timeit.Timer(lambda: function(n))
    calls, _ = timer.autorange()  # how many calls take 0.2 s or more
    return statistics.median(timer.repeat(repeat=repeats, number=calls)) / calls


def compare(n, threads):
    # The first call compiles: time it apart from the runs we compare.
    start = time.perf_counter()
    pi_numba(10)
    compile_time = time.perf_counter() - start

    python_time = seconds_per_call(pi_python, n)
    numba.set_num_threads(1)
    one_thread_time = seconds_per_call(pi_numba, n)
    numba.set_num_threads(threads)
    threads_time = seconds_per_call(pi_numba, n)
    python_pi, numba_pi = pi_python(n), pi_numba(n)

    print(f"Numba threads: {numba.get_num_threads()} "
          f"(threading layer: {numba.threading_layer()})")
    print(f"pi, pure Python: {python_pi:.12f}")
    print(f"pi, Numba:       {numba_pi:.12f}")
    # The threads add their partial sums in another order, so the last
    # digits may differ: compare with a tolerance, not with ==.
    print(f"Agree within 1e-9: {math.isclose(python_pi, numba_pi, rel_tol=1e-9)}")
    print(f"Error of the Numba result: {abs(numba_pi - math.pi):.1e}")
    print(f"Time to compile: {compile_time:.3f} s (once, on the first call)")
    print(f"Time pure Python: {python_time:.4f} s")
    print(f"Time Numba, 1 thread: {one_thread_time:.4f} s")
    if threads > 1:
        print(f"Time Numba, {threads} threads: {threads_time:.4f} s")
    print(f"Speedup of compiling: {python_time / one_thread_time:.0f}")
    if threads > 1:
        print(f"Speedup of the threads: {one_thread_time / threads_time:.2f}")


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    most = numba.config.NUMBA_NUM_THREADS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=at_least_one, default=2_000_000, help="number of steps")
    parser.add_argument("--threads", type=at_least_one, default=most,
                        help="threads, at most NUMBA_NUM_THREADS (default: %(default)s)")
    args = parser.parse_args()
    if args.threads > most:  # the most threads Numba may start (NUMBA_NUM_THREADS)
        parser.error(f"--threads must be between 1 and {most}")
    compare(args.n, args.threads)


if __name__ == "__main__":
    main()
