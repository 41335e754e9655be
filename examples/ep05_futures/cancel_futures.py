"""cancel(): a future can be cancelled while it waits, not once it runs.

With one worker and several queued tasks, the first task is running while the
others wait.  future.cancel() returns True for a waiting (pending) task, which
then never runs, and False for a running or finished one, which cannot be
stopped.  A ProcessPoolExecutor also counts as running the task or two it has
already passed on to its workers' queue, so that a worker never waits for
work; with threads, only the task in hand is running.

The tasks are cancelled from the last one back to the first.  Whenever its
workers' queue has room, a ProcessPoolExecutor moves the oldest waiting task
into it, skipping cancelled ones; going forwards, it could take a later task
we have not reached yet.
"""
import argparse
import time
from concurrent.futures import CancelledError, ProcessPoolExecutor, ThreadPoolExecutor


def slow_square(x, seconds):
    time.sleep(seconds)
    return x * x


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--executor", choices=["thread", "process"], default="thread",
                        help="ThreadPoolExecutor or ProcessPoolExecutor (default: %(default)s)")
    parser.add_argument("--tasks", type=int, default=6,
                        help="number of tasks queued on one worker (default: %(default)s)")
    parser.add_argument("--seconds", type=float, default=0.2,
                        help="how long each task takes (default: %(default)s)")
    args = parser.parse_args()
    if args.tasks < 2:
        parser.error("--tasks must be at least 2")
    if args.seconds <= 0:
        parser.error("--seconds must be positive")

    Executor = ThreadPoolExecutor if args.executor == "thread" else ProcessPoolExecutor
    with Executor(max_workers=1) as executor:
        futures = [executor.submit(slow_square, x, args.seconds) for x in range(args.tasks)]
        while not futures[0].running():  # until the one worker has started task 0
            time.sleep(0.01)
        for x in reversed(range(args.tasks)):  # last task first: see the docstring
            print(f"task {x}: cancel() returned {futures[x].cancel()}")

    # The with block waited for the tasks that were not cancelled.
    cancelled = 0
    for x, future in enumerate(futures):
        try:
            print(f"task {x}: result {future.result()}")
        except CancelledError:
            print(f"task {x}: cancelled, result() raises CancelledError")
            cancelled += 1
    print(f"Cancelled {cancelled} of {args.tasks} tasks ({args.executor} executor)")


if __name__ == "__main__":
    main()
