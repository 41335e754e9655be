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


def slow_square(x):
    time.sleep(0.05 * (x % 4))
    return x * x


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=8,
                        help="square the numbers 0 .. tasks-1 (default: %(default)s)")
    parser.add_argument("--workers", type=int, default=2,
                        help="worker processes (default: %(default)s)")
    args = parser.parse_args()
    if args.tasks < 1:
        parser.error("--tasks must be at least 1")
    if args.workers < 1:
        parser.error("--workers must be at least 1")

    lock = threading.Lock()
    totals = {"done": 0, "sum": 0}

    def report(future):
        """Called once per task, with its finished future."""
        with lock:
            totals["done"] += 1
            totals["sum"] += future.result()
            print(f"callback: {totals['done']} of {args.tasks} done, "
                  f"this one gave {future.result()}")

    with ProcessPoolExecutor(max_workers=args.workers) as executor:
        futures = [executor.submit(slow_square, x) for x in range(args.tasks)]
        for future in futures:
            future.add_done_callback(report)
        wait(futures)  # the main thread has nothing else to do meanwhile

    print(f"Callbacks run: {totals['done']}; sum of the squares: {totals['sum']}")


if __name__ == "__main__":
    main()
