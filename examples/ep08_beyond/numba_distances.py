"""Exercise solution: a distance matrix with Numba's prange.

The distance between every pair of n points fills an n x n matrix.  Each row
can be computed independently of the others, so the loop over rows is the one
to share among threads: prange over rows, plain range inside.  Every thread
writes only its own rows, so no two threads write the same element.
"""
import argparse
import math

import numba
import numpy as np
from numba import njit, prange
from numba_prange import seconds_per_call


def distances_python(points):
    """Pure Python: three nested loops over a list of coordinate tuples."""
    n = len(points)
    result = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(n):
            squared = 0.0
            for a, b in zip(points[i], points[j]):
                squared += (a - b) ** 2
            result[i][j] = math.sqrt(squared)
    return result


@njit(parallel=True)
def distances_numba(points):
    """The same loops compiled; the rows are shared among threads."""
    n, dims = points.shape
    result = np.empty((n, n))
    for i in prange(n):
        for j in range(n):
            squared = 0.0
            for k in range(dims):
                diff = points[i, k] - points[j, k]
                squared += diff * diff
            result[i, j] = math.sqrt(squared)
    return result


def compare(points):
    distances_numba(points[:2])  # compile once, outside the timing
    as_tuples = points.tolist()
    python_time = seconds_per_call(distances_python, as_tuples)
    numba_time = seconds_per_call(distances_numba, points)
    python = np.array(distances_python(as_tuples))
    compiled = distances_numba(points)

    # NumPy broadcasting gives a third, independent answer to check against.
    reference = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(axis=2))

    print(f"Distance matrix: {compiled.shape[0]} x {compiled.shape[1]}")
    print(f"Largest difference from NumPy: pure Python {abs(python - reference).max():.1e}, "
          f"Numba {abs(compiled - reference).max():.1e}")
    print(f"Symmetric with a zero diagonal: "
          f"{np.allclose(compiled, compiled.T) and not compiled.diagonal().any()}")
    print(f"Numba threads: {numba.get_num_threads()}")
    print(f"Time pure Python: {python_time:.3f} s")
    print(f"Time Numba: {numba_time:.4f} s")
    print(f"Speedup: {python_time / numba_time:.0f}")


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=at_least_one, default=400, help="number of points")
    parser.add_argument("--dims", type=at_least_one, default=3, help="coordinates per point")
    args = parser.parse_args()
    compare(np.random.default_rng(7).random((args.points, args.dims)))


if __name__ == "__main__":
    main()
