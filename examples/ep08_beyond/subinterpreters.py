"""Subinterpreters: several Python interpreters, each with its own GIL, in one process.

Python 3.14 added concurrent.futures.InterpreterPoolExecutor.  It looks like
ThreadPoolExecutor, and its workers are threads, but each worker thread runs
its own interpreter with its own GIL, so pure-Python code runs on several
cores at once, as with processes, without starting any process.  The
interpreters share no Python objects: the function and its arguments are
copied into the worker's interpreter and the result is copied back.

This script counts primes serially, with a thread pool, and with an
interpreter pool.  count_primes is defined in this script, the __main__
module, so each interpreter of the pool runs the script again to find it:
the `if __name__ == "__main__":` guard matters here as it does for
processes started with spawn.  On Python 3.13 and older it prints one line saying that
it needs Python 3.14 and exits with status 0: there is nothing to run, and
nothing went wrong.
"""
import argparse
import platform
import statistics
import timeit
from concurrent.futures import ThreadPoolExecutor


# start-listing
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


def in_pool(pool_class, blocks, workers):
    """Count the primes of every block in a pool; both pools are used the same way."""
    with pool_class(max_workers=workers) as pool:
        return sum(pool.map(count_primes, blocks))
# end-listing


def median_seconds(call, repeats=3):
    return statistics.median(timeit.repeat(call, number=1, repeat=repeats))


def compare(limit, tasks, workers, interpreter_pool):
    size = -(-limit // tasks)  # round up, so the blocks cover everything
    blocks = [(start, min(start + size, limit)) for start in range(0, limit, size)]
    calls = {"serial": lambda: sum(count_primes(block) for block in blocks),
             "threads": lambda: in_pool(ThreadPoolExecutor, blocks, workers),
             "interpreters": lambda: in_pool(interpreter_pool, blocks, workers)}
    counts = {name: call() for name, call in calls.items()}
    print(f"Primes below {limit}: serial {counts['serial']}, threads {counts['threads']}, "
          f"interpreters {counts['interpreters']}")
    times = {name: median_seconds(call) for name, call in calls.items()}
    plural = "" if workers == 1 else "s"
    print(f"Time serial: {times['serial']:.2f} s")
    print(f"Time threads: {times['threads']:.2f} s with {workers} thread{plural}")
    print(f"Time interpreters: {times['interpreters']:.2f} s with {workers} "
          f"interpreter{plural} (one GIL each)")
    print(f"Speedup of the interpreters over serial: "
          f"{times['serial'] / times['interpreters']:.2f}")


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=at_least_one, default=200_000, help="count primes below this")
    parser.add_argument("--tasks", type=at_least_one, default=8, help="blocks to split the range into")
    parser.add_argument("--workers", type=at_least_one, default=2, help="threads and interpreters")
    args = parser.parse_args()
    try:
        from concurrent.futures import InterpreterPoolExecutor  # Python 3.14 and newer
    except ImportError:
        print(f"Skipped: InterpreterPoolExecutor needs Python 3.14 or newer; "
              f"this is Python {platform.python_version()}.")
        return
    compare(args.limit, args.tasks, args.workers, InterpreterPoolExecutor)


if __name__ == "__main__":
    main()
