"""SharedMemoryManager: shared blocks that are removed however the program ends.

A pool's workers each sum one slice of a big array that lives in shared
memory.  The block comes from a SharedMemoryManager: when its with block
ends (normally, with an exception, or after Ctrl-C), the manager's server
process unlinks every block it handed out, so nothing is left in the
machine's memory.  It does not close this process's own mapping of the
block: the parent drops its array and closes that itself.

The workers ignore Ctrl-C and the parent terminates the pool, as in
episode 4's ctrl_c_pool.py; then the manager's block ends, and the shared
memory goes with it.
"""
import argparse
import itertools
import multiprocessing
import signal
import sys
import time
from multiprocessing import shared_memory
from multiprocessing.managers import SharedMemoryManager

import numpy as np

worker = {}


def attach(name, shape):
    """Pool initializer: ignore Ctrl-C, and map the shared block by its name."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    worker["block"] = shared_memory.SharedMemory(name=name)
    worker["array"] = np.ndarray(shape, dtype=np.float64, buffer=worker["block"].buf)


def slice_sum(bounds, seconds):
    start, stop = bounds
    time.sleep(seconds)  # stands in for a longer computation on the slice
    return float(worker["array"][start:stop].sum())


# start-listing
def sum_in_slices(numbers, tasks, seconds, workers):
    with SharedMemoryManager() as manager:
        block = manager.SharedMemory(size=numbers * 8)
        array = np.ndarray((numbers,), dtype=np.float64, buffer=block.buf)
        array[:] = np.arange(numbers)
        edges = np.linspace(0, numbers, tasks + 1).astype(int)
        slices = [(int(a), int(b)) for a, b in itertools.pairwise(edges)]
        pool = multiprocessing.Pool(workers, initializer=attach,
                                    initargs=(block.name, array.shape))
        try:
            tasks_args = [(s, seconds) for s in slices]
            results = pool.starmap_async(slice_sum, tasks_args, chunksize=1)
            print(f"Started {tasks} tasks on {workers} workers; press Ctrl-C to stop",
                  flush=True)
            while not results.ready():
                results.wait(timeout=0.5)  # short waits: Ctrl-C is noticed in between
            total = sum(results.get())
        finally:
            pool.terminate()  # stop the workers (at once after Ctrl-C)
            pool.join()
            del array         # after close(), using it would crash Python
            block.close()     # our own mapping; the manager unlinks the block
    return total
# end-listing


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def not_negative(text):
    """argparse type: a number of seconds, 0 or more."""
    if float(text) < 0:
        raise argparse.ArgumentTypeError(f"{text} is negative")
    return float(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--numbers", type=at_least_one, default=1_000_000,
                        help="float64 numbers in the shared array (default: %(default)s)")
    parser.add_argument("--tasks", type=at_least_one, default=10,
                        help="slices, one task each (default: %(default)s)")
    parser.add_argument("--seconds", type=not_negative, default=0.05,
                        help="extra time each task takes (default: %(default)s)")
    parser.add_argument("--workers", type=at_least_one, default=2,
                        help="worker processes (default: %(default)s)")
    args = parser.parse_args()
    try:
        total = sum_in_slices(args.numbers, args.tasks, args.seconds, args.workers)
    except KeyboardInterrupt:
        print("Interrupted", file=sys.stderr)
        sys.exit(130)
    print(f"Sum of the shared array: {total:.0f}")


if __name__ == "__main__":
    main()
