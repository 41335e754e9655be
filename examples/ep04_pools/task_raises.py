"""When a task raises, the pool raises the same exception in the caller.

The worker catches the exception, pickles it and sends it back.  map() waits
for the other tasks, then raises it in the parent.  Python attaches the
worker's own traceback, as text, as the exception's __cause__ (a
RemoteTraceback), so you can see where in the worker it went wrong.  Leaving
the with block then stops the pool: no worker is left running.

Without the try/except, Python prints both tracebacks: the worker's, then
"The above exception was the direct cause of the following exception:" and
the caller's.  Here the caller catches the error and prints it itself.
"""
import argparse
import math
import multiprocessing
import re


def short_paths(traceback_text):
    """Show only the file names in a traceback, not the folders they are in."""
    return re.sub(r'File "[^"]*[\\/]', 'File "', traceback_text).strip().strip('"').strip()


# start-listing
def check_reading(value):
    """The square root of a sensor reading, which must not be negative."""
    if value < 0:
        raise ValueError(f"negative reading: {value}")
    return math.sqrt(value)


def take_roots(readings):
    try:
        with multiprocessing.Pool(2) as pool:
            roots = pool.map(check_reading, readings)
        print(f"Square roots: {roots}")
    except ValueError as error:
        print(f"The caller caught {type(error).__name__}: {error}")
        cause = type(error.__cause__).__name__
        print(f"Its __cause__ is a {cause}, the worker's traceback:")
        for line in short_paths(str(error.__cause__)).splitlines():
            print(f"    {line}")
    # The with block has ended, normally or through the exception: the pool is shut down.
    print(f"Worker processes still running: {len(multiprocessing.active_children())}")
# end-listing


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readings", type=float, nargs="+", default=[4.0, 9.0, -1.0, 16.0],
                        help="readings to take the square root of (default: 4 9 -1 16)")
    take_roots(parser.parse_args().readings)


if __name__ == "__main__":
    main()
