"""A task graph with dask.delayed: describe the work first, then compute it.

Wrapping a function in dask.delayed makes a call to it return a placeholder
(a Delayed object) instead of running it.  Each placeholder remembers which
function to call on which inputs, some of them other placeholders: together
they form a task graph.  compute() hands the graph to a scheduler, which runs
tasks whose inputs are ready at the same time.

Here several parts of a data set are loaded (a short sleep stands for reading
a file), each part is summarised, and the summaries are combined.
"""
import argparse
import statistics
import time
import timeit

import dask


# start-listing
def load(part, size, wait):
    """Pretend to read part number `part`: the integers from part*size on."""
    time.sleep(wait)  # waiting for a disk or a network, not computing
    return list(range(part * size, (part + 1) * size))


def sum_of_squares(numbers):
    return sum(x * x for x in numbers)


def combine(partial_sums):
    return sum(partial_sums)


def build_graph(parts, size, wait):
    """The task graph: load each part, sum its squares, combine.  Nothing runs yet."""
    partial_sums = []
    for part in range(parts):
        numbers = dask.delayed(load)(part, size, wait)  # a placeholder, not a list
        partial_sums.append(dask.delayed(sum_of_squares)(numbers))
    return dask.delayed(combine)(partial_sums)
# end-listing


def run(parts, size, wait, scheduler):
    total = build_graph(parts, size, wait)
    # total.dask is the graph; dict() lists each task once.
    print(f"Tasks in the graph: {len(dict(total.dask))} "
          f"({parts} loads, {parts} sums, 1 combine)")

    # Now run it.  The loads do not depend on each other, so they overlap.
    result = total.compute(scheduler=scheduler)
    elapsed = statistics.median(timeit.repeat(lambda: total.compute(scheduler=scheduler),
                                              number=1, repeat=3))
    n = parts * size
    print(f"Sum of squares of 0..{n - 1}: {result}")
    print(f"Equal to (n-1)n(2n-1)/6: {result == (n - 1) * n * (2 * n - 1) // 6}")
    print(f"Time: {elapsed:.2f} s with the {scheduler} scheduler")
    if wait > 0:
        print(f"Speedup over waiting one after another: {parts * wait / elapsed:.2f} "
              f"(the loads alone wait {parts * wait:.2f} s)")


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def not_negative(text):
    """argparse type: a number, 0 or more."""
    if float(text) < 0:
        raise argparse.ArgumentTypeError(f"{text} is negative")
    return float(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", type=at_least_one, default=4, help="parts to load and summarise")
    parser.add_argument("--size", type=at_least_one, default=1000, help="numbers in each part")
    parser.add_argument("--wait", type=not_negative, default=0.2, help="seconds each load waits")
    parser.add_argument("--scheduler", choices=["threads", "processes", "synchronous"],
                        default="threads", help="Dask scheduler (default: %(default)s)")
    args = parser.parse_args()
    run(args.parts, args.size, args.wait, args.scheduler)


if __name__ == "__main__":
    main()
