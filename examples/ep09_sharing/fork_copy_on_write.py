"""fork shares the parent's memory until someone writes; Python objects get written.

A child started with fork begins with the parent's memory pages, shared and
marked copy-on-write: a page is copied only when one of the two processes
writes to it.  Reading a NumPy array writes nothing, so the child's pages
stay shared.  Reading a list of Python ints does write: every object that
the loop touches has its reference count changed, and that count sits in the
object itself, on the same page as its value.  So each page of the list is
copied, and the child ends up owning a copy after all.

fork is not available on Windows, and macOS's system libraries are not safe
after fork: this demonstration is for Linux.
"""
import argparse
import multiprocessing
import sys

import numpy as np
from pickle_vs_share import own_uss

MB = 1024 * 1024

# Made by the parent before the fork; the children inherit them.
data = {}


# start-listing
def read_all(name, results):
    """In the child: read every element of the inherited data; report memory added."""
    before = own_uss()
    total = sum(data[name]) if name == "list" else data[name].sum()
    results.put((name, int(total), own_uss() - before))


def read_in_forked_child(name):
    fork = multiprocessing.get_context("fork")
    results = fork.Queue()
    child = fork.Process(target=read_all, args=(name, results))
    child.start()
    found = results.get()
    child.join()
    return found
# end-listing


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=at_least_one, default=3_000_000,
                        help="numbers in the array and in the list (default: %(default)s)")
    args = parser.parse_args()
    if "fork" not in multiprocessing.get_all_start_methods():
        print("This platform has no fork start method: nothing to show here.")
        return

    data["array"] = np.arange(args.items, dtype=np.int64)       # one block of 8-byte numbers
    data["list"] = list(range(10**9, 10**9 + args.items))    # one Python object per number
    list_bytes = sys.getsizeof(data["list"]) + sum(map(sys.getsizeof, data["list"]))
    print(f"{args.items} numbers as a NumPy array ({data['array'].nbytes / MB:.0f} MB) "
          f"and as a list of Python ints ({list_bytes / MB:.0f} MB)")
    for name in ("array", "list"):
        _, total, added = read_in_forked_child(name)
        print(f"Sum of the {name} in the child: {total}")
        print(f"Memory added reading the {name}: {added / MB:.1f} MB")


if __name__ == "__main__":
    main()
