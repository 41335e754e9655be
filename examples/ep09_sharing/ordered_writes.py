"""A Condition lets workers append to one file in order, whatever order they finish in.

Each task computes one block of results that is too big to send back to the
parent, so the worker writes it to the output file itself.  The blocks must
appear in the file in order.  A Condition, with a shared Value that says
whose turn it is, does that: a worker whose block is ready waits until
`turn` reaches its number, writes, moves `turn` on, and wakes the others.
A Lock alone could keep writes apart, but not in order; a Condition waits
for a state of shared data (here: "it is my turn").
"""
import argparse
import multiprocessing
import random
import tempfile
import time
from pathlib import Path

shared = {}


def start_worker(turn, turn_changed, path, size):
    shared.update(turn=turn, turn_changed=turn_changed, path=path, size=size)


# start-listing
def write_block(number):
    time.sleep(random.uniform(0, 0.05))        # blocks take different times
    lines = [f"block {number} line {i}\n" for i in range(shared["size"])]
    ready = time.monotonic()
    turn, turn_changed = shared["turn"], shared["turn_changed"]
    with turn_changed:                          # the Condition's own lock
        turn_changed.wait_for(lambda: turn.value == number)
        with open(shared["path"], "a") as out:
            out.writelines(lines)
        turn.value += 1
        turn_changed.notify_all()               # wake the others: one of them is next
    return ready, number
# end-listing


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--blocks", type=at_least_one, default=12,
                        help="blocks to write (default: %(default)s)")
    parser.add_argument("--size", type=at_least_one, default=1000,
                        help="lines in a block (default: %(default)s)")
    parser.add_argument("--workers", type=at_least_one, default=3,
                        help="worker processes (default: %(default)s)")
    args = parser.parse_args()

    turn, turn_changed = multiprocessing.Value("i", 0), multiprocessing.Condition()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "blocks.txt")
        path.touch()
        with multiprocessing.Pool(args.workers, initializer=start_worker,
                                  initargs=(turn, turn_changed, path, args.size)) as pool:
            ready = sorted(pool.map(write_block, range(args.blocks), chunksize=1))
        blocks = [int(line.split()[1]) for line in path.read_text().splitlines()]
    in_order = blocks == sorted(blocks) and len(blocks) == args.blocks * args.size
    print(f"Order in which the blocks were ready: {[number for _, number in ready]}")
    print(f"Lines in the file: {len(blocks)}; blocks in order: {in_order}")


if __name__ == "__main__":
    main()
