"""Ctrl-C during a long pool run: the prompt back in a moment, no workers left behind.

Pressing Ctrl-C in a terminal sends SIGINT to every process of the program,
the pool's workers included.  Left alone, each worker would raise
KeyboardInterrupt in the middle of its task and print a traceback of its own.
The pattern here:

1. The workers ignore SIGINT (the pool's initializer runs in each of them).
2. The parent alone catches KeyboardInterrupt, terminates the pool (which
   stops the workers at once) and joins it.
3. It prints one line and exits with status 130, as shell commands do after
   Ctrl-C (128 + the signal's number, 2).

The parent waits for results in short steps (timeout=), because on Windows
before Python 3.14 a wait without a time limit does not notice Ctrl-C.
"""
import argparse
import functools
import multiprocessing
import signal
import sys
import time


def ignore_interrupts():
    """Pool initializer: this worker ignores Ctrl-C; the parent decides."""
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
                        help="worker processes in the pool (default: %(default)s)")
    args = parser.parse_args()
    if args.tasks < 1:
        parser.error("--tasks must be at least 1")
    if args.seconds < 0:
        parser.error("--seconds must not be negative")
    if args.workers < 1:
        parser.error("--workers must be at least 1")

    pool = multiprocessing.Pool(args.workers, initializer=ignore_interrupts)
    try:
        # partial() fixes the seconds argument: each task is then work(i).
        task = functools.partial(work, seconds=args.seconds)
        results = pool.imap_unordered(task, range(args.tasks))
        print(f"Started {args.tasks} tasks on {args.workers} workers; press Ctrl-C to stop",
              flush=True)
        total = 0
        for done in range(1, args.tasks + 1):
            while True:
                try:
                    total += results.next(timeout=0.5)
                    break
                except multiprocessing.TimeoutError:
                    pass  # nothing yet: wait again (Ctrl-C is noticed in between)
            print(f"{done} of {args.tasks} tasks done", flush=True)
    except KeyboardInterrupt:
        pool.terminate()  # stop the workers now, whatever they are doing
        pool.join()
        print("Interrupted", file=sys.stderr)
        sys.exit(130)
    pool.close()
    pool.join()
    print(f"Sum of the squares of 0 .. {args.tasks - 1}: {total}")


if __name__ == "__main__":
    main()
