"""Exercise solution: workers standardise the rows of a shared 2-D array in place.

The array lives in a block from a SharedMemoryManager.  Each task takes a
range of rows and rewrites them as (row - mean) / std, straight into the
shared block: nothing is pickled but the row numbers, and nothing is sent
back.  The parent then checks every row, drops its array and closes its own
mapping; the manager's server process unlinks the block when the with ends.
"""
import argparse
import itertools
import multiprocessing
from multiprocessing import shared_memory
from multiprocessing.managers import SharedMemoryManager

import numpy as np

worker = {}


def attach(name, shape):
    worker["block"] = shared_memory.SharedMemory(name=name)
    worker["array"] = np.ndarray(shape, dtype=np.float64, buffer=worker["block"].buf)


def standardise(rows):
    part = worker["array"][rows[0]:rows[1]]  # a view: writing to it writes to the block
    part -= part.mean(axis=1, keepdims=True)
    part /= part.std(axis=1, keepdims=True)
    return rows[1] - rows[0]


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def at_least_two(text):
    """argparse type: a whole number, 2 or more (one value in a row has no spread)."""
    if int(text) < 2:
        raise argparse.ArgumentTypeError(f"{text} is not 2 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=at_least_one, default=2000, help="rows (default: %(default)s)")
    parser.add_argument("--columns", type=at_least_two, default=5000, help="columns (default: %(default)s)")
    parser.add_argument("--workers", type=at_least_one, default=2, help="workers (default: %(default)s)")
    args = parser.parse_args()

    shape = (args.rows, args.columns)
    with SharedMemoryManager() as manager:
        block = manager.SharedMemory(size=args.rows * args.columns * 8)
        data = np.ndarray(shape, dtype=np.float64, buffer=block.buf)
        data[:] = np.random.default_rng(1).normal(5.0, 3.0, size=shape)
        edges = np.linspace(0, args.rows, 4 * args.workers + 1).astype(int)
        chunks = [(int(a), int(b)) for a, b in itertools.pairwise(edges)]
        with multiprocessing.Pool(args.workers, initializer=attach,
                                  initargs=(block.name, shape)) as pool:
            done = sum(pool.map(standardise, chunks))
        ok = np.allclose(data.mean(axis=1), 0) and np.allclose(data.std(axis=1), 1)
        print(f"Rows standardised by the workers: {done} of {args.rows}")
        print(f"Every row has mean 0 and standard deviation 1: {ok}")
        del data       # after close(), using it would crash Python
        block.close()  # our mapping: the manager only unlinks the block


if __name__ == "__main__":
    main()
