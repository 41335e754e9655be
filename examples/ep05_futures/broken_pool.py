"""A worker that dies (not raises): the executor notices, a Pool waits for ever.

A worker process can die without raising anything Python can catch: killed
by the operating system for using too much memory, by a crash in compiled
code, or by os._exit() as here.  ProcessPoolExecutor notices that a worker
disappeared and fails every unfinished future with BrokenProcessPool, so the
caller gets an error at once (it comes from submit(), worded differently,
if the worker dies before map() has handed out every task).
multiprocessing.Pool quietly starts a new worker, but the task that was
running is lost, and a get() without a timeout would wait for its result for
ever; the timeout here turns that into an error.
"""
import argparse
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool


def fragile(x):
    """Return x; a negative x makes the worker process die on the spot."""
    if x < 0:
        os._exit(1)  # the process ends here: no exception, no traceback
    return x


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=6,
                        help="number of tasks (default: %(default)s)")
    parser.add_argument("--crash-at", type=int, default=2,
                        help="the task whose worker dies; -1 for none (default: %(default)s)")
    parser.add_argument("--timeout", type=float, default=3.0,
                        help="how long to wait for the Pool's results (default: %(default)s)")
    args = parser.parse_args()
    if args.tasks < 1:
        parser.error("--tasks must be at least 1")
    if not -1 <= args.crash_at < args.tasks:
        parser.error("--crash-at must be -1 or the number of a task")
    if args.timeout <= 0:
        parser.error("--timeout must be positive")
    # Task crash_at gets a negative input, which makes its worker die.
    inputs = [-1 if x == args.crash_at else x for x in range(args.tasks)]

    print("ProcessPoolExecutor:")
    with ProcessPoolExecutor(max_workers=2) as executor:
        try:
            print(f"  results: {list(executor.map(fragile, inputs))}")
        except BrokenProcessPool as error:
            print(f"  BrokenProcessPool: {error}")

    print("multiprocessing.Pool:")
    with multiprocessing.Pool(2) as pool:
        pending = pool.map_async(fragile, inputs)
        try:
            print(f"  results: {pending.get(timeout=args.timeout)}")
        except multiprocessing.TimeoutError:
            print(f"  no results after {args.timeout:g} s: the lost task will never report back")

    print(f"Worker processes still running: {len(multiprocessing.active_children())}")


if __name__ == "__main__":
    main()
