"""Exercise solution: one process per file counts its long lines, under any start method.

Each child receives the *name* of its file, not an open file (which cannot be
pickled), and opens it itself.  The test for a long line is functools.partial
of a function defined at the top of the module, not a lambda (which cannot be
pickled either).  The script asks for spawn, as ex_spawn_safe.py does, and
runs; under forkserver and fork it runs as well.
"""
import argparse
import functools
import multiprocessing
import tempfile
from pathlib import Path

from line_files import at_least_one, not_negative, print_counts, write_files


# start-listing
def longer_than(limit, line):
    return len(line.rstrip("\n")) > limit


def count_matching(path, keep, queue):
    """Open the file by its name, here in the child; put (file name, count) on the queue."""
    with open(path) as handle:
        queue.put((Path(path).name, sum(1 for line in handle if keep(line))))


def count_all(paths, limit):
    context = multiprocessing.get_context("spawn")   # the default on macOS and Windows
    queue = context.Queue()
    keep = functools.partial(longer_than, limit)     # keep(line) = longer_than(limit, line)
    processes = [context.Process(target=count_matching, args=(path, keep, queue))
                 for path in paths]
    for process in processes:
        process.start()
    counts = dict(queue.get() for _ in processes)
    for process in processes:
        process.join()
    return counts
# end-listing


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=at_least_one, default=3,
                        help="number of files, one process each (default: %(default)s)")
    parser.add_argument("--min-length", type=not_negative, default=20,
                        help="count lines longer than this (default: %(default)s)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        counts = count_all(write_files(folder, args.files), args.min_length)
    print_counts(counts, args.min_length)


if __name__ == "__main__":
    main()
