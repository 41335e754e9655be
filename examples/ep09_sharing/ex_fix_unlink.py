"""Exercise solution: forgot_unlink.py fixed, so the resource tracker has nothing to say.

The creator unlinks the block in a `finally:` of its own, so it is removed
even when the code that uses it raises, and even when close() raises (a
view made with np.frombuffer still open makes close() raise BufferError).
A SharedMemoryManager unlinks every block it handed out in the same way.
"""
import argparse
from multiprocessing import shared_memory

import numpy as np


def use_and_clean_up(numbers):
    block = shared_memory.SharedMemory(create=True, size=numbers * 8)
    try:
        try:
            array = np.ndarray((numbers,), dtype=np.float64, buffer=block.buf)
            array[:] = 1.0
            print(f"Created shared block {block.name!r}; sum of its array: {array.sum():.0f}")
            del array         # after close(), using this array would crash Python
        finally:
            block.close()     # this process's access ends
    finally:
        block.unlink()        # the creator removes the block, once, even if close() raised


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--numbers", type=at_least_one, default=1000,
                        help="float64 numbers in the block (default: %(default)s)")
    args = parser.parse_args()
    use_and_clean_up(args.numbers)
    print("Closed and unlinked; the program ends now")


if __name__ == "__main__":
    main()
