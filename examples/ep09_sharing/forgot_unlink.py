"""A shared-memory block that is closed but never unlinked: the resource tracker cleans up.

close() ends this process's access to the block; unlink() removes the block
itself, and exactly one process (usually the one that created it) must call
it, once every process is done with the block.  Here the creator forgets
unlink().  The block would outlive the program, taking memory until the
machine restarts, but multiprocessing's resource tracker (a process of its
own, started with the first shared block) notices when the program has
ended, warns about the leak and removes the block.  It does so even after
kill -9 of the program, but not when the tracker dies too (the whole process
group or job killed, a crash of the machine): a warning means a bug.

Exercise: change use_and_forget() so that the block is always removed, even
when the code between creating and removing it raises.
"""
import argparse
from multiprocessing import shared_memory

import numpy as np


# start-listing
def use_and_forget(numbers):
    block = shared_memory.SharedMemory(create=True, size=numbers * 8)
    array = np.ndarray((numbers,), dtype=np.float64, buffer=block.buf)
    array[:] = 1.0
    print(f"Created shared block {block.name!r}; sum of its array: {array.sum():.0f}")
    del array
    block.close()
    # Missing: block.unlink()
# end-listing


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
    use_and_forget(args.numbers)
    print("Closed it without unlink(); the program ends now", flush=True)


if __name__ == "__main__":
    main()
