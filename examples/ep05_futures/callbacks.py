"""add_done_callback: a function that runs in the parent when a future finishes.

A callback is called with the finished future as its only argument.  It runs
in the parent process: in a helper thread of the executor, or straight away
in the calling thread if the future is already done.  So it can update a
count, a progress display or a list of results, but it must be quick (while it
runs, no other result is handled) and must not assume it runs in the main
thread; the lock keeps two callbacks from updating the totals at once.
"""
import argparse
import threading
import time
from concurrent.futures import ProcessPoolExecutor, wait


# start-listing
def slow_square(x):
    time.sleep(0.05 * (x % 4))
    return x * x


class Tally:
    """What the callbacks have seen so far; the lock keeps their updates whole."""

    def __init__(self, tasks):
        self.tasks, self.done, self.sum = tasks, 0, 0
        self.lock = threading.Lock()

    def report(self, future):
        """The callback: called once per task, with its finished future."""
        with self.lock:
            self.done += 1
            self.sum += future.result()
            print(f"callback: {self.done} of {self.tasks} done, "
                  f"this one gave {future.result()}")


def squares_with_callbacks(tasks):
    tally = Tally(tasks)
    with ProcessPoolExecutor(max_workers=2) as executor:
        futures = [executor.submit(slow_square, x) for x in range(tasks)]
        for future in futures:
            future.add_done_callback(tally.report)
        wait(futures)  # the main thread has nothing else to do meanwhile
    print(f"Callbacks run: {tally.done}; sum of the squares: {tally.sum}")
# end-listing


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=at_least_one, default=8, help="square the numbers 0 .. tasks-1")
    args = parser.parse_args()
    squares_with_callbacks(args.tasks)


if __name__ == "__main__":
    main()
