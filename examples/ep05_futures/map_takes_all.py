"""executor.map() takes every input at once: only the results come lazily.

map() returns an iterator, but it is not lazy the way the built-in map() is:
it submits one task for every input as soon as it is called, before the loop
asks for a single result.  The executor then holds a future for each input,
and each finished result until the loop takes it, in memory.  For a very long
or endless stream of inputs that is a problem: submit in batches instead, or,
from Python 3.14, pass buffersize=n, which keeps at most n tasks submitted
ahead of the loop.  The same holds for ThreadPoolExecutor (used here) and
ProcessPoolExecutor.
"""
import argparse
import sys
from concurrent.futures import ThreadPoolExecutor


# start-listing
def square(x):
    return x * x


def inputs(count, taken):
    """The numbers 0 .. count-1, noting in taken[0] how many were handed out."""
    for x in range(count):
        taken[0] += 1
        yield x


def inputs_taken_by_map(count, **options):
    taken = [0]
    with ThreadPoolExecutor(max_workers=2) as executor:
        results = executor.map(square, inputs(count, taken), **options)
        print(f"  map() returned, no result asked for yet: "
              f"{taken[0]} of {count} inputs taken")
        first = next(results)
        print(f"  first result {first}: {taken[0]} of {count} inputs taken")
        total = first + sum(results)
        print(f"  sum of all results {total}: {taken[0]} of {count} inputs taken")
# end-listing


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=at_least_one, default=1000, help="how many inputs")
    args = parser.parse_args()
    print("executor.map(square, inputs):")
    inputs_taken_by_map(args.count)
    if sys.version_info >= (3, 14):
        print("executor.map(square, inputs, buffersize=4):")
        inputs_taken_by_map(args.count, buffersize=4)
    else:
        print(f"(buffersize= needs Python 3.14; this is {sys.version_info.major}.{sys.version_info.minor})")


if __name__ == "__main__":
    main()
