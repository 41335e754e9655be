"""Exercise starter: counting long lines with processes, broken under spawn.

Exercise 4 of episode 3.  Like ex_count_lines_solution.py, this starts one
process per file and gets the counts back through a Queue, but it hands each
process an open file and a lambda.  Under fork that works; under spawn, the
default on macOS and Windows, the arguments of a Process are pickled, and
neither can be.  The script asks for spawn, so it fails the same way
everywhere.  Copy it to my_spawn_safe.py, in this folder, and make it run:
send the file's name and let the child open it, and replace the lambda by a
function defined at the top of the module, given its limit with
functools.partial.  ex_spawn_safe_solution.py is one answer.
"""
import argparse
import multiprocessing
import tempfile
from pathlib import Path

from line_files import at_least_one, not_negative, print_counts, write_files


# start-listing
def count_matching(handle, keep, queue):
    """Put (file name, how many of its lines keep(line) accepts) on the queue."""
    queue.put((Path(handle.name).name, sum(1 for line in handle if keep(line))))


def count_all(paths, limit):
    context = multiprocessing.get_context("spawn")   # the default on macOS and Windows
    queue = context.Queue()
    processes = []
    for path in paths:
        with open(path) as handle:
            process = context.Process(
                target=count_matching,
                args=(handle, lambda line: len(line.rstrip("\n")) > limit, queue))
            process.start()        # spawn pickles the target and its arguments here
        processes.append(process)
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
