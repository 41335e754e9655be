"""Exercise starter: ten inputs, five workers, every result complete.

Exercise 2 of episode 4.  As given, cubes_in_order() calls slow_cube() on
1 .. 10 one after the other, which takes about two seconds.  Copy this file to
my_apply_async.py, in this folder, and change cubes_in_order() so that a pool
of `workers` processes does the work:

1. Open a multiprocessing.Pool(workers) in a with block.
2. Start every task with pool.apply_async(slow_cube, (x,)) and keep what it
   returns in a list.
3. Still inside the with block, call get(timeout=...) on each of them, in
   input order, to have the values.

Run python examples/ep04_pools/my_apply_async.py: the printed lines stay the
same; the run takes a fraction of the time.  The solution is
exercise_apply_async.py.
"""
import argparse
import time


# start-listing
def slow_cube(x):
    """x³, after a pause that differs from one input to the next."""
    time.sleep(0.1 * (1 + x % 3))
    return x**3


def cubes_in_order(inputs, workers):
    # Serial: `workers` is not used yet.
    results = [slow_cube(x) for x in inputs]
    print(f"Complete: {len(results)} of {len(inputs)} results")
    for x, value in zip(inputs, results):
        print(f"slow_cube({x}) = {value}")
# end-listing


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    cubes_in_order(range(1, 11), workers=5)


if __name__ == "__main__":
    main()
