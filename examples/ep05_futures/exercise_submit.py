"""Exercise solution: the ten-input exercise with submit(), as_completed() and futures.

The pool version used apply_async and AsyncResult.get(); the executor version
uses submit() and Future.result().  as_completed() gives the results in the
order the tasks finish, for progress; the list of futures, kept in submit
order, gives them in input order, and result() on each makes sure that every
one is complete before the final line is printed.
"""
import argparse
import time
from concurrent.futures import ProcessPoolExecutor, as_completed


# start-listing
def slow_cube(x):
    """x³, after a pause that differs from one input to the next."""
    time.sleep(0.1 * (x % 3))
    return x**3


def cubes(inputs, workers):
    with ProcessPoolExecutor(max_workers=workers) as executor:
        futures = [executor.submit(slow_cube, x) for x in inputs]
        which = {future: x for x, future in zip(inputs, futures)}
        print("As they finish:")
        for future in as_completed(futures, timeout=60):
            print(f"  slow_cube({which[future]}) = {future.result()}")
        results = [future.result() for future in futures]  # input order
    done = sum(future.done() for future in futures)
    print(f"All {done} of {len(futures)} done, in input order: {results}")
# end-listing


def main():
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    cubes(range(1, 11), workers=5)


if __name__ == "__main__":
    main()
