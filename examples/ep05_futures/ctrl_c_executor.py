"""Ctrl-C during a long ProcessPoolExecutor run: cancel what waits, exit cleanly.

The pattern is the one for multiprocessing.Pool (see ctrl_c_pool.py in
episode 4): the workers ignore SIGINT through the executor's initializer, and
the parent alone catches KeyboardInterrupt, prints one line and exits with
status 130.  An executor cannot stop a task that has started, so the parent
cancels every task still waiting and lets the running ones finish, which takes
at most a task or two's time.

Leaving a `with ProcessPoolExecutor()` block calls shutdown(wait=True), which
runs every queued task first; that is why the except clause calls
shutdown(cancel_futures=True) itself.  The parent waits in short steps
(timeout=) so that Ctrl-C is noticed on Windows too.
"""
import argparse
import signal
import sys
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait


def ignore_interrupts():
    """Executor initializer: this worker ignores Ctrl-C; the parent decides."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def work(i, seconds):
    time.sleep(seconds)  # stands in for a long computation
    return i * i


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=20,
                        help="number of tasks (default: %(default)s)")
    parser.add_argument("--seconds", type=float, default=0.1,
                        help="how long each task takes (default: %(default)s)")
    parser.add_argument("--workers", type=int, default=2,
                        help="worker processes (default: %(default)s)")
    args = parser.parse_args()
    if args.tasks < 1:
        parser.error("--tasks must be at least 1")
    if args.seconds < 0:
        parser.error("--seconds must not be negative")
    if args.workers < 1:
        parser.error("--workers must be at least 1")

    with ProcessPoolExecutor(args.workers, initializer=ignore_interrupts) as executor:
        try:
            pending = {executor.submit(work, i, args.seconds) for i in range(args.tasks)}
            print(f"Started {args.tasks} tasks on {args.workers} workers; press Ctrl-C to stop",
                  flush=True)
            total = done = 0
            while pending:
                # Wait at most half a second for the next task(s) to finish.
                finished, pending = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
                for future in finished:
                    total += future.result()
                    done += 1
                    print(f"{done} of {args.tasks} tasks done", flush=True)
        except KeyboardInterrupt:
            executor.shutdown(cancel_futures=True)  # drop the waiting tasks, finish the running
            print("Interrupted", file=sys.stderr)
            sys.exit(130)
    print(f"Sum of the squares of 0 .. {args.tasks - 1}: {total}")


if __name__ == "__main__":
    main()
