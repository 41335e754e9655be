"""cancel(): a future can be cancelled while it waits, not once it runs.

Six tasks are queued on one worker.  future.cancel() returns True for a
waiting (pending) task, which then never runs, and False for a running or
finished one, which cannot be stopped.

With threads, only the task the one worker has in hand is running, so five
of the six are cancelled.  A ProcessPoolExecutor keeps its workers busy by
moving tasks ahead of time into a queue to them, with room for one more task
than there are workers, and counts every task in that queue as running.  So
with one worker it refuses to cancel two or three tasks, although only one
of them can really be running.

The tasks are cancelled from the last one back to the first.  Whenever the
queue to the workers has room, a ProcessPoolExecutor moves the oldest waiting
task into it, skipping cancelled ones; going forwards, it could take a later
task we have not reached yet.
"""
import argparse
import time
from concurrent.futures import CancelledError, ProcessPoolExecutor, ThreadPoolExecutor

TASKS = 6
SECONDS = 0.5  # per task: long enough that task 0 is still running while we cancel


def slow_square(x):
    time.sleep(SECONDS)
    return x * x


# start-listing
def try_to_cancel(Executor):
    with Executor(max_workers=1) as executor:
        futures = [executor.submit(slow_square, x) for x in range(TASKS)]
        while not futures[0].running():  # until task 0 has been handed out
            time.sleep(0.01)
        time.sleep(0.1)  # let the executor settle: it queues work in a helper thread
        running = [x for x, future in enumerate(futures) if future.running()]
        print(f"Tasks that running() calls running: {running}")
        for x in reversed(range(TASKS)):  # last task first: see the docstring
            print(f"task {x}: cancel() returned {futures[x].cancel()}")
    # The with block waited for the tasks that were not cancelled.
    cancelled = 0
    for x, future in enumerate(futures):
        try:
            print(f"task {x}: result {future.result()}")
        except CancelledError:
            print(f"task {x}: cancelled, result() raises CancelledError")
            cancelled += 1
    kept = TASKS - cancelled
    print(f"Cancelled: {cancelled} of {TASKS} tasks")
    print(f"Not cancelled: {kept} {'task' if kept == 1 else 'tasks'}, with 1 worker")
# end-listing


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--executor", choices=["thread", "process"], default="thread",
                        help="ThreadPoolExecutor or ProcessPoolExecutor (default: thread)")
    args = parser.parse_args()
    print(f"{TASKS} tasks of {SECONDS} s on 1 worker, {args.executor} executor")
    try_to_cancel(ThreadPoolExecutor if args.executor == "thread" else ProcessPoolExecutor)


if __name__ == "__main__":
    main()
