"""Subinterpreters: several Python interpreters, each with its own GIL, in one process.

Python 3.14 added concurrent.futures.InterpreterPoolExecutor.  It looks like
ThreadPoolExecutor, and its workers are threads, but each worker thread runs
its own interpreter with its own GIL, so pure-Python code runs on several
cores at once, as with processes, without starting any process.  The
interpreters share no Python objects: the function and its arguments are
copied into the worker's interpreter and the result is copied back.

This script counts primes serially, with a thread pool, and with an
interpreter pool.  On Python 3.13 and older it prints one line saying that
it needs Python 3.14 and exits with status 0: there is nothing to run, and
nothing went wrong.
"""
import argparse
import platform
import time
from concurrent.futures import ThreadPoolExecutor


def count_primes(block):
    """Count the primes in range(start, stop) by trial division.

    It uses only its argument and built-in functions, no global names, so it
    can be copied into another interpreter as it is.
    """
    start, stop = block
    count = 0
    for n in range(max(start, 2), stop):
        divisor = 2
        while divisor * divisor <= n:
            if n % divisor == 0:
                break
            divisor += 1
        else:
            count += 1
    return count


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=200_000,
                        help="count primes below this number (default: %(default)s)")
    parser.add_argument("--tasks", type=int, default=8,
                        help="number of blocks to split the range into (default: %(default)s)")
    parser.add_argument("--workers", type=int, default=2,
                        help="threads and interpreters in the pools (default: %(default)s)")
    args = parser.parse_args()
    if args.limit < 2:
        parser.error("--limit must be at least 2")
    if args.tasks < 1 or args.workers < 1:
        parser.error("--tasks and --workers must be at least 1")

    try:
        from concurrent.futures import InterpreterPoolExecutor  # Python 3.14 and newer
    except ImportError:
        print(f"Skipped: InterpreterPoolExecutor needs Python 3.14 or newer; "
              f"this is Python {platform.python_version()}.")
        return

    size = -(-args.limit // args.tasks)  # round up, so the blocks cover everything
    blocks = [(start, min(start + size, args.limit)) for start in range(0, args.limit, size)]

    start = time.perf_counter()
    counts = {"serial": sum(count_primes(block) for block in blocks)}
    times = {"serial": time.perf_counter() - start}

    # The two pools are used in exactly the same way.
    for name, pool_class in [("threads", ThreadPoolExecutor),
                             ("interpreters", InterpreterPoolExecutor)]:
        start = time.perf_counter()
        with pool_class(max_workers=args.workers) as pool:
            counts[name] = sum(pool.map(count_primes, blocks))
        times[name] = time.perf_counter() - start

    print(f"Primes below {args.limit}: serial {counts['serial']}, "
          f"threads {counts['threads']}, interpreters {counts['interpreters']}")
    print(f"Time serial:       {times['serial']:.2f} s")
    print(f"Time threads:      {times['threads']:.2f} s with {args.workers} threads")
    print(f"Time interpreters: {times['interpreters']:.2f} s with {args.workers} "
          "interpreters (one GIL each)")
    print(f"Speedup of the interpreters over serial: "
          f"{times['serial'] / times['interpreters']:.2f}")


if __name__ == "__main__":
    main()
