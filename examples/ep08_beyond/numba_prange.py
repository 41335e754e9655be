"""Numba: compile a Python loop to machine code and run it on several threads.

The loop adds up 4 / (1 + x²) at the midpoints of n equal steps between 0 and
1: the midpoint rule for the integral of that function, which is π.

@njit compiles the function the first time it is called (just-in-time); the
compiled code does not use the interpreter, so it can release the GIL.  With
parallel=True, a loop written with prange() instead of range() is split among
threads, like an OpenMP "parallel for" in C.  Numba sees that `total` is only
added to, so each thread keeps its own partial sum and they are added at the
end (a reduction).
"""
import argparse
import math
import time

import numba
from numba import njit, prange


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


def best_time(function, n, repeat):
    """The shortest of `repeat` timings, and the result."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = function(n)
        times.append(time.perf_counter() - start)
    return min(times), result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=3_000_000,
                        help="number of steps (default: %(default)s)")
    parser.add_argument("--threads", type=int, default=numba.config.NUMBA_NUM_THREADS,
                        help="threads for the parallel loop, at most NUMBA_NUM_THREADS "
                             "(default: %(default)s)")
    args = parser.parse_args()
    if args.n < 1:
        parser.error("--n must be at least 1")
    if not 1 <= args.threads <= numba.config.NUMBA_NUM_THREADS:
        parser.error(f"--threads must be between 1 and {numba.config.NUMBA_NUM_THREADS}")

    # The first call compiles: time it apart from the runs we compare.
    start = time.perf_counter()
    pi_numba(10)
    compile_time = time.perf_counter() - start

    # Pure Python is slow enough to time once; the compiled loop takes
    # milliseconds, so keep the best of several runs.
    python_time, python_pi = best_time(pi_python, args.n, repeat=1)
    numba.set_num_threads(1)
    one_thread_time, _ = best_time(pi_numba, args.n, repeat=10)
    numba.set_num_threads(args.threads)
    numba_time, numba_pi = best_time(pi_numba, args.n, repeat=10)

    print(f"Numba threads: {numba.get_num_threads()} "
          f"(threading layer: {numba.threading_layer()})")
    print(f"pi, pure Python: {python_pi:.12f}")
    print(f"pi, Numba:       {numba_pi:.12f}")
    # The threads add their partial sums in another order, so the last
    # digits may differ: compare with a tolerance, not with ==.
    print(f"Agree within 1e-9: {math.isclose(python_pi, numba_pi, rel_tol=1e-9)}")
    print(f"Error of the Numba result: {abs(numba_pi - math.pi):.1e}")
    threads = f"{args.threads} thread{'s' if args.threads > 1 else ''}:"
    print(f"Time to compile:       {compile_time:.3f} s (once, on the first call)")
    print(f"Time pure Python:      {python_time:.4f} s")
    print(f"Time Numba, 1 thread:  {one_thread_time:.4f} s")
    print(f"Time Numba, {threads:<11}{numba_time:.4f} s")
    print(f"Speedup over pure Python: {python_time / numba_time:.0f} "
          f"(of which {one_thread_time / numba_time:.1f} from the threads)")


if __name__ == "__main__":
    main()
