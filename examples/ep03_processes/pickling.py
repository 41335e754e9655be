"""What can be sent to another process, and what cannot: pickling.

A pool sends every task and every result to and from its workers pickled
(turned into bytes and back), and under spawn and forkserver so is the
function a Process runs, with its arguments.  pickle stores a function by
the name of its module and its own name, for the other process to import:
a lambda or a function defined inside another function has no such name.
Open files and locks belong to the process that made them and cannot travel
at all.  For each object this script tries pickle.dumps() and reports what
happened; then it sends the fixes to a child process, which uses them.
"""
import argparse
import functools
import multiprocessing
import pickle
import re
import tempfile
import threading
from pathlib import Path


def power(base, exponent):
    return base ** exponent


def count_lines(path):
    with open(path) as handle:
        return sum(1 for _ in handle)


def use_in_child(function, path, queue):
    """Runs in the child: call the function we were sent, open the file by its name."""
    queue.put((function(2), count_lines(path)))


def try_pickle(label, thing):
    try:
        data = pickle.dumps(thing)
    except Exception as error:
        message = re.sub(r" at 0x[0-9a-fA-F]+", "", str(error))   # drop memory addresses
        print(f"  no   {label}\n         {type(error).__name__}: {message}")
    else:
        print(f"  yes  {label} ({len(data)} bytes)")


# start-listing
def what_cannot_travel(path):
    def cube(x):                  # defined inside a function: a local function
        return x ** 3

    print("Can it be pickled?")
    with open(path) as handle:
        try_pickle("lambda x: x ** 3", lambda x: x ** 3)
        try_pickle("cube, a function defined inside a function", cube)
        try_pickle("an open file", handle)
    try_pickle("threading.Lock()", threading.Lock())
    try_pickle("multiprocessing.Lock()", multiprocessing.Lock())


def the_fixes(path):
    print("The fixes: can they be pickled?")
    cube_of = functools.partial(power, exponent=3)   # cube_of(x) = power(x, exponent=3)
    try_pickle("power, a function defined at the top of the module", power)
    try_pickle("functools.partial(power, exponent=3)", cube_of)
    try_pickle("the file's name", str(path))

    queue = multiprocessing.Queue()
    child = multiprocessing.Process(target=use_in_child, args=(cube_of, str(path), queue))
    child.start()
    cubed, lines = queue.get()
    child.join()
    print(f"In a child process: cube_of(2) = {cubed}, lines in the file = {lines}")
# end-listing


def not_negative(text):
    """argparse type: a whole number, 0 or more."""
    if int(text) < 0:
        raise argparse.ArgumentTypeError(f"{text} is negative")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=not_negative, default=3,
                        help="lines in the small file the child counts (default: %(default)s)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "data.txt"
        path.write_text("a line\n" * args.lines)
        what_cannot_travel(path)
        the_fixes(path)


if __name__ == "__main__":
    main()
