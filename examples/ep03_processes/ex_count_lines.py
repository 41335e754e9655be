"""Exercise solution: one process per file counts its long lines, under any start method.

Each child receives the *name* of its file, not an open file (which cannot be
pickled), and the test for a long line as functools.partial of a function
defined at the top of the module, not a lambda (which cannot be pickled
either).  It puts (file name, count) on a Queue.  So the program runs under
spawn, forkserver and fork alike.
"""
import argparse
import functools
import multiprocessing
import tempfile
from pathlib import Path


# start-listing
def longer_than(limit, line):
    return len(line.rstrip("\n")) > limit


def count_matching(path, keep, queue):
    with open(path) as handle:
        queue.put((Path(path).name, sum(1 for line in handle if keep(line))))


def count_in_processes(paths, limit):
    keep = functools.partial(longer_than, limit)   # keep(line) = longer_than(limit, line)
    queue = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=count_matching, args=(path, keep, queue))
               for path in paths]
    for worker in workers:
        worker.start()
    counts = dict(queue.get() for _ in workers)
    for worker in workers:
        worker.join()
    return counts
# end-listing


def write_files(folder, files):
    """File i holds lines of length 1, 2, ..., 15 * (i + 1)."""
    paths = []
    for i in range(files):
        path = Path(folder) / f"file{i}.txt"
        path.write_text("".join("x" * length + "\n" for length in range(1, 15 * (i + 1) + 1)))
        paths.append(str(path))
    return paths


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=3,
                        help="number of files, one process each (default: %(default)s)")
    parser.add_argument("--min-length", type=int, default=20,
                        help="count lines longer than this (default: %(default)s)")
    args = parser.parse_args()
    if args.files < 1 or args.min_length < 0:
        parser.error("--files must be at least 1 and --min-length not negative")

    with tempfile.TemporaryDirectory() as folder:
        counts = count_in_processes(write_files(folder, args.files), args.min_length)

    for name in sorted(counts):
        print(f"{name}: {counts[name]} lines longer than {args.min_length} characters")
    print(f"Total: {sum(counts.values())}")


if __name__ == "__main__":
    main()
