"""Exercise solution: one process per file counts its long lines and sends them back on a Queue.

The serial count_all() of ex_count_lines.py, turned into processes: each
process gets a file's name and the limit, counts, and puts (file name, count)
on a multiprocessing.Queue.  The parent takes one result per process off the
queue before it joins them, and builds the same dict as the serial version,
whatever order the results arrive in.
"""
import argparse
import multiprocessing
import tempfile
from pathlib import Path

from line_files import at_least_one, not_negative, print_counts, write_files


# start-listing
def count_long_lines(path, limit, queue):
    """Put (file name, how many lines are longer than `limit`) on the queue."""
    with open(path) as handle:
        count = sum(1 for line in handle if len(line.rstrip("\n")) > limit)
    queue.put((Path(path).name, count))


def count_all(paths, limit):
    """{file name: count}, one process per file."""
    queue = multiprocessing.Queue()
    processes = [multiprocessing.Process(target=count_long_lines, args=(path, limit, queue))
                 for path in paths]
    for process in processes:
        process.start()
    counts = dict(queue.get() for _ in processes)   # one result per process, before join()
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
