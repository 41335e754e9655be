"""dask.array: NumPy's interface on an array cut into chunks.

A Dask array is a grid of NumPy arrays (chunks).  An operation on it, such as
mean(), builds a task graph with one task per chunk plus a few to combine the
partial results; compute() runs those tasks in parallel.  The same code works
when the array is too large for memory, because only a few chunks need to be
in memory at once.  Here the array is small enough to check against NumPy.
"""
import argparse
import statistics
import timeit

import dask
import dask.array as da
import numpy as np


def seconds_per_call(call, repeats=3):
    """Median seconds per call; each repetition lasts at least 0.2 s."""
    timer = timeit.Timer(call)
    calls, _ = timer.autorange()
    return statistics.median(timer.repeat(repeat=repeats, number=calls)) / calls


def compare(size, chunk):
    rng = np.random.default_rng(2024)
    x = rng.random((size, size))  # uniform on [0, 1): mean 0.5

    # Cut the NumPy array into chunks.  Nothing is computed yet.
    dx = da.from_array(x, chunks=(chunk, chunk))
    mean = dx.mean()
    column_max = dx.max(axis=0)
    print(f"Chunks: {dx.numblocks[0]} x {dx.numblocks[1]} = {dx.npartitions}")
    print(f"Tasks in the graph of the mean: {len(mean.__dask_graph__())}")

    # Both results in one pass over the chunks, with threads (NumPy
    # releases the GIL while it works on a chunk).
    dask_mean, dask_column_max = dask.compute(mean, column_max, scheduler="threads")
    dask_time = seconds_per_call(
        lambda: dask.compute(mean, column_max, scheduler="threads"))
    numpy_mean, numpy_column_max = x.mean(), x.max(axis=0)
    numpy_time = seconds_per_call(lambda: (x.mean(), x.max(axis=0)))

    same_mean = np.isclose(dask_mean, numpy_mean, rtol=1e-12)
    same_max = np.array_equal(dask_column_max, numpy_column_max)
    print(f"Mean: {dask_mean:.6f} (NumPy: {numpy_mean:.6f})")
    print(f"Mean agrees with NumPy: {same_mean}")
    print(f"Column maxima agree with NumPy: {same_max}")
    print(f"Time with Dask: {dask_time * 1e3:.1f} ms")
    print(f"Time with NumPy: {numpy_time * 1e3:.1f} ms")


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=at_least_one, default=2000, help="the array has size x size elements")
    parser.add_argument("--chunk", type=at_least_one, default=500, help="chunks are chunk x chunk elements")
    args = parser.parse_args()
    compare(args.size, args.chunk)


if __name__ == "__main__":
    main()
