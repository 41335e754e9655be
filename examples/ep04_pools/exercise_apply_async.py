"""Exercise solution: ten inputs, five workers, apply_async, and every result complete.

apply_async returns at once, so one loop starts all ten tasks without waiting
for any.  Each AsyncResult's get() waits for its own task.  Calling get() on
every result, inside the with block, makes sure that all of them are complete
before anything is printed, and keeps them in input order whichever task
finished first.  The timeout on get() means a lost task gives an error
instead of a program that waits for ever.

--leave-early answers the exercise's second question: it leaves the with
block without calling get().  The pool is terminated there, so what is left
are AsyncResult objects, not numbers, and the tasks they stood for were
stopped: get() would wait for ever, and with a timeout it raises.
"""
import argparse
import multiprocessing
import time


# start-listing
def slow_cube(x):
    """x³, after a pause that differs from one input to the next."""
    time.sleep(0.1 * (1 + x % 3))
    return x**3


def cubes_in_order(inputs, workers):
    with multiprocessing.Pool(workers) as pool:
        # Start every task; each call returns an AsyncResult immediately.
        pending = [pool.apply_async(slow_cube, (x,)) for x in inputs]
        # Wait for each one, in input order, before the pool is stopped.
        results = [result.get(timeout=60) for result in pending]
    print(f"Complete: {sum(r.ready() for r in pending)} of {len(pending)} results")
    for x, value in zip(inputs, results):
        print(f"slow_cube({x}) = {value}")
# end-listing


# start-leave-early
def leave_early(inputs, workers):
    with multiprocessing.Pool(workers) as pool:
        pending = [pool.apply_async(slow_cube, (x,)) for x in inputs]
    # No get() inside the block: leaving it terminated the pool and its tasks.
    ready = sum(result.ready() for result in pending)
    print(f"After the block: {ready} of {len(pending)} results ready")
    print(f"print(pending[-1]) shows {pending[-1]}")
    try:
        pending[-1].get(timeout=1)
    except multiprocessing.TimeoutError:
        print("pending[-1].get(timeout=1) raised TimeoutError: "
              "that result will never come")
# end-leave-early


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leave-early", action="store_true",
                        help="leave the with block without calling get() (question 2)")
    args = parser.parse_args()
    if args.leave_early:
        leave_early(range(1, 11), workers=5)
    else:
        cubes_in_order(range(1, 11), workers=5)


if __name__ == "__main__":
    main()
