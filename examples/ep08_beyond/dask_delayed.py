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
import time

import dask


def load(part, size, wait):
    """Pretend to read part number `part`: the integers from part*size on."""
    time.sleep(wait)  # waiting for a disk or a network, not computing
    return list(range(part * size, (part + 1) * size))


def sum_of_squares(numbers):
    return sum(x * x for x in numbers)


def combine(partial_sums):
    return sum(partial_sums)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", type=int, default=4,
                        help="number of parts to load and summarise (default: %(default)s)")
    parser.add_argument("--size", type=int, default=1000,
                        help="numbers in each part (default: %(default)s)")
    parser.add_argument("--wait", type=float, default=0.2,
                        help="seconds each load waits (default: %(default)s)")
    parser.add_argument("--scheduler", choices=["threads", "processes", "synchronous"],
                        default="threads", help="Dask scheduler to run the graph (default: %(default)s)")
    args = parser.parse_args()
    if args.parts < 1 or args.size < 1:
        parser.error("--parts and --size must be at least 1")
    if args.wait < 0:
        parser.error("--wait must not be negative")

    # Build the graph.  Nothing is loaded or summed yet: each call only
    # records a task and returns a placeholder for its result.
    partial_sums = []
    for part in range(args.parts):
        numbers = dask.delayed(load)(part, args.size, args.wait)
        partial_sums.append(dask.delayed(sum_of_squares)(numbers))
    total = dask.delayed(combine)(partial_sums)
    # total.dask is the graph; dict() lists each task once.
    print(f"Tasks in the graph: {len(dict(total.dask))} "
          f"({args.parts} loads, {args.parts} sums, 1 combine)")

    # The first compute() of a session imports more of Dask; do that on a
    # trivial graph, so that the timing below measures our graph only.
    dask.delayed(len)([]).compute()

    # Now run it.  The loads do not depend on each other, so they overlap.
    start = time.perf_counter()
    result = total.compute(scheduler=args.scheduler)
    elapsed = time.perf_counter() - start

    n = args.parts * args.size
    expected = (n - 1) * n * (2 * n - 1) // 6  # 0² + 1² + ... + (n-1)²
    print(f"Sum of squares of 0..{n - 1}: {result}")
    print(f"Equal to (n-1)n(2n-1)/6: {result == expected}")
    print(f"Time: {elapsed:.2f} s with the {args.scheduler} scheduler "
          f"(the loads alone would wait {args.parts * args.wait:.2f} s one after another)")


if __name__ == "__main__":
    main()
