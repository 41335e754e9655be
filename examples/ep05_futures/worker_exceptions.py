"""Exceptions from workers: future.exception(), future.result() and map().

A task that raises does not stop the executor or the other tasks.  Its future
holds the exception: exception() returns it (None if the call succeeded) and
result() raises it in the caller, with the worker's traceback attached as its
__cause__.  executor.map() yields the results before the failing task, then
raises when the loop reaches it.  Leaving the with block shuts the executor
down: no worker is left running.
"""
import argparse
import math
import multiprocessing
import re
from concurrent.futures import ProcessPoolExecutor


def short_paths(traceback_text):
    """Show only the file names in a traceback, not the folders they are in."""
    return re.sub(r'File "[^"]*[\\/]', 'File "', traceback_text).strip().strip('"').strip()


# start-listing
def check_reading(value):
    """The square root of a sensor reading, which must not be negative."""
    if value < 0:
        raise ValueError(f"negative reading: {value}")
    return math.sqrt(value)


def with_futures(executor, readings):
    futures = [executor.submit(check_reading, r) for r in readings]
    print("With submit(), one future per task:")
    for reading, future in zip(readings, futures):
        error = future.exception()  # waits for the task; None if it returned
        if error is None:
            print(f"  {reading}: result {future.result()}")
        else:
            print(f"  {reading}: exception() returned {type(error).__name__}: {error}")
    failed = [f for f in futures if f.exception() is not None]
    if failed:
        try:
            failed[0].result()
        except ValueError as error:
            print("result() raised it again; its __cause__, the worker's traceback:")
            for line in short_paths(str(error.__cause__)).splitlines():
                print(f"    {line}")


def with_map(executor, readings):
    print("With map():")
    roots = []
    try:
        for root in executor.map(check_reading, readings):
            roots.append(root)
        print(f"  all {len(roots)} results: {roots}")
    except ValueError as error:
        print(f"  map() raised {type(error).__name__}: {error} "
              f"after {len(roots)} of {len(readings)} results")
# end-listing


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readings", type=float, nargs="+", default=[4.0, 9.0, -1.0, 16.0],
                        help="readings to take the square root of (default: 4 9 -1 16)")
    readings = parser.parse_args().readings
    with ProcessPoolExecutor(max_workers=2) as executor:
        with_futures(executor, readings)
        with_map(executor, readings)
    print(f"Worker processes still running: {len(multiprocessing.active_children())}")


if __name__ == "__main__":
    main()
