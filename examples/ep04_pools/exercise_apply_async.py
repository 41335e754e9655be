"""Exercise solution: ten inputs, five workers, apply_async, and every result complete.

apply_async returns at once, so one loop starts all ten tasks without waiting
for any.  Each AsyncResult's get() waits for its own task.  Calling get() on
every result, inside the with block, makes sure that all of them are complete
before anything is printed, and keeps them in input order whichever task
finished first.  The timeout on get() means a lost task gives an error
instead of a program that waits for ever.
"""
import argparse
import multiprocessing
import time


def slow_cube(x):
    """x³, after a pause that differs from one input to the next."""
    time.sleep(0.1 * (x % 3))
    return x**3


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=10,
                        help="use the inputs 1 .. this (default: %(default)s)")
    parser.add_argument("--workers", type=int, default=5,
                        help="worker processes in the pool (default: %(default)s)")
    args = parser.parse_args()
    if args.inputs < 1:
        parser.error("--inputs must be at least 1")
    if args.workers < 1:
        parser.error("--workers must be at least 1")

    inputs = range(1, args.inputs + 1)
    with multiprocessing.Pool(args.workers) as pool:
        # Start every task; each call returns an AsyncResult immediately.
        pending = [pool.apply_async(slow_cube, (x,)) for x in inputs]
        # Wait for each one, in input order, before the pool is stopped.
        results = [result.get(timeout=60) for result in pending]

    print(f"Complete: {sum(r.ready() for r in pending)} of {len(pending)} results")
    for x, value in zip(inputs, results):
        print(f"slow_cube({x}) = {value}")


if __name__ == "__main__":
    main()
