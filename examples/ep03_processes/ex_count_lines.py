"""Exercise starter: count the long lines of several files, one file after the other.

Exercise 2 of episode 3: copy this file to my_count_lines.py, in this folder,
and change count_all() so that it starts one multiprocessing.Process per
file.  Each process counts the long lines of its file and puts
(file name, count) on a multiprocessing.Queue; count_all() takes one result
per file off the queue, then joins the processes, and returns the same dict as
now.  The output must not change.  ex_count_lines_solution.py is one answer.
"""
import argparse
import tempfile
from pathlib import Path

from line_files import at_least_one, not_negative, print_counts, write_files


# start-listing
def count_long_lines(path, limit):
    """How many lines of the file are longer than `limit` characters."""
    with open(path) as handle:
        return sum(1 for line in handle if len(line.rstrip("\n")) > limit)


def count_all(paths, limit):
    """{file name: count}, one file after the other."""
    counts = {}
    for path in paths:
        counts[Path(path).name] = count_long_lines(path, limit)
    return counts
# end-listing


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=at_least_one, default=3,
                        help="number of files to write and count (default: %(default)s)")
    parser.add_argument("--min-length", type=not_negative, default=20,
                        help="count lines longer than this (default: %(default)s)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        counts = count_all(write_files(folder, args.files), args.min_length)
    print_counts(counts, args.min_length)


if __name__ == "__main__":
    main()
