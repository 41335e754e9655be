"""Ctrl-C during a long ProcessPoolExecutor run: cancel what waits, exit cleanly.

As in ctrl_c_pool.py (episode 4), the workers ignore SIGINT through the
executor's initializer and the parent alone decides what Ctrl-C means.  But
here the parent does not let Ctrl-C raise KeyboardInterrupt: its SIGINT
handler only sets a flag, and the loop looks at the flag between two waits.
The reason: wait() locks every future in turn, and a KeyboardInterrupt that
arrives in the middle leaves some of them locked for good; the shutdown that
cancels those futures then waits for the locks for ever.  (This happened in
about one run in a hundred on a busy machine.)

An executor cannot stop a task that has started, so the parent cancels every
task still waiting (shutdown(cancel_futures=True)) and lets the running ones
finish, which takes at most a task's time.  Leaving a `with` block alone would
call shutdown(wait=True) and run every queued task first.  It then prints one
line and exits with status 130.
"""
import argparse
import signal
import sys
import threading
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

    # Ctrl-C only sets this flag; the loop below checks it between waits.
    stop = threading.Event()
    signal.signal(signal.SIGINT, lambda signum, frame: stop.set())

    with ProcessPoolExecutor(args.workers, initializer=ignore_interrupts) as executor:
        pending = {executor.submit(work, i, args.seconds) for i in range(args.tasks)}
        print(f"Started {args.tasks} tasks on {args.workers} workers; press Ctrl-C to stop",
              flush=True)
        total = done = 0
        while pending and not stop.is_set():
            # Wait at most half a second, so that a Ctrl-C is acted on soon.
            finished, pending = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
            for future in finished:
                total += future.result()
                done += 1
                print(f"{done} of {args.tasks} tasks done", flush=True)
        if stop.is_set():
            executor.shutdown(cancel_futures=True)  # drop the waiting tasks, finish the running
            print("Interrupted", file=sys.stderr)
            sys.exit(130)
    print(f"Sum of the squares of 0 .. {args.tasks - 1}: {total}")


if __name__ == "__main__":
    main()
