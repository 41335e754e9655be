"""dask.array: NumPy's interface on an array cut into chunks.

A Dask array is a grid of NumPy arrays (chunks).  An operation on it, such as
mean(), builds a task graph with one task per chunk plus a few to combine the
partial results; compute() runs those tasks in parallel.  The same code works
when the array is too large for memory, because only a few chunks need to be
in memory at once.  Here the array is small enough to check against NumPy.
"""
import argparse
import time

import dask
import dask.array as da
import numpy as np


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2000,
                        help="the array has size x size elements (default: %(default)s)")
    parser.add_argument("--chunk", type=int, default=500,
                        help="chunks are chunk x chunk elements (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=2024,
                        help="seed for the random numbers (default: %(default)s)")
    args = parser.parse_args()
    if args.size < 1 or args.chunk < 1:
        parser.error("--size and --chunk must be at least 1")
    if args.seed < 0:
        parser.error("--seed must be zero or positive")

    rng = np.random.default_rng(args.seed)
    x = rng.random((args.size, args.size))  # uniform on [0, 1): mean 0.5

    # Cut the NumPy array into chunks.  Nothing is computed yet.
    dx = da.from_array(x, chunks=(args.chunk, args.chunk))
    mean = dx.mean()
    column_max = dx.max(axis=0)
    print(f"Chunks: {dx.numblocks[0]} x {dx.numblocks[1]} = {dx.npartitions}")
    print(f"Tasks in the graph of the mean: {len(mean.__dask_graph__())}")

    # The first compute() of a session imports more of Dask: do it on a
    # trivial graph first, so the timing below measures our graph only.
    dask.compute(da.zeros(1).sum())

    # Compute both results in one pass over the chunks, with threads
    # (NumPy releases the GIL while it works on a chunk).
    start = time.perf_counter()
    dask_mean, dask_column_max = dask.compute(mean, column_max, scheduler="threads")
    dask_time = time.perf_counter() - start

    start = time.perf_counter()
    numpy_mean, numpy_column_max = x.mean(), x.max(axis=0)
    numpy_time = time.perf_counter() - start

    same_mean = np.isclose(dask_mean, numpy_mean, rtol=1e-12)
    same_max = np.array_equal(dask_column_max, numpy_column_max)
    print(f"Mean: {dask_mean:.6f} (NumPy: {numpy_mean:.6f})")
    print(f"Mean agrees with NumPy: {same_mean}")
    print(f"Column maxima agree with NumPy: {same_max}")
    print(f"Time with Dask:  {dask_time:.3f} s")
    print(f"Time with NumPy: {numpy_time:.3f} s")


if __name__ == "__main__":
    main()
