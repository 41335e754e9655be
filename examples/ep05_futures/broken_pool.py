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


# start-listing
def fragile(x):
    """Return x; a negative x makes the worker process die on the spot."""
    if x < 0:
        os._exit(1)  # the process ends here: no exception, no traceback
    return x


def with_executor(inputs):
    print("ProcessPoolExecutor:")
    with ProcessPoolExecutor(max_workers=2) as executor:
        try:
            print(f"  results: {list(executor.map(fragile, inputs))}")
        except BrokenProcessPool as error:
            print(f"  BrokenProcessPool: {error}")


def with_pool(inputs, timeout):
    print("multiprocessing.Pool:")
    with multiprocessing.Pool(2) as pool:
        pending = pool.map_async(fragile, inputs)
        try:
            print(f"  results: {pending.get(timeout=timeout)}")
        except multiprocessing.TimeoutError:
            print(f"  no results after {timeout:g} s: "
                  "the lost task will never report back")
# end-listing


def positive(text):
    """argparse type: a number more than 0."""
    if float(text) <= 0:
        raise argparse.ArgumentTypeError(f"{text} is not more than 0")
    return float(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--crash", action=argparse.BooleanOptionalAction, default=True,
                        help="make the worker of task 2 die (default: --crash)")
    parser.add_argument("--timeout", type=positive, default=3.0,
                        help="how long to wait for the Pool's results")
    args = parser.parse_args()
    # With --crash, task 2 gets a negative input, which makes its worker die.
    inputs = [-1 if x == 2 and args.crash else x for x in range(6)]
    with_executor(inputs)
    with_pool(inputs, args.timeout)
    print(f"Worker processes still running: {len(multiprocessing.active_children())}")


if __name__ == "__main__":
    main()
