"""Ctrl-C during a long pool run: the prompt back in a moment, no workers left behind.

Pressing Ctrl-C in a terminal sends SIGINT to every process of the program,
the pool's workers included.  Left alone, each worker would raise
KeyboardInterrupt in the middle of its task and print a traceback of its own.
The pattern here:

1. The workers ignore SIGINT (the pool's initializer runs in each of them).
2. The parent alone catches KeyboardInterrupt, terminates the pool (which
   stops the workers at once) and joins it.
3. It prints one line, "Interrupted", and exits with status 130, as shell
   commands do after Ctrl-C (128 + the signal's number, 2).

The parent waits for results in short steps (timeout=), because on Windows
before Python 3.14 a wait without a time limit does not notice Ctrl-C.

--ctrl-c-after SECONDS is for a run that nobody can press Ctrl-C for (the
lesson's web page is built by a program): after that many seconds the script
does what the terminal does on Ctrl-C, and sends SIGINT to every process of
its process group (on Windows, where there are no such groups, to itself).
"""
import argparse
import functools
import multiprocessing
import os
import signal
import sys
import threading
import time


# start-listing
def ignore_interrupts():
    """Pool initializer: this worker ignores Ctrl-C; the parent decides."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def work(i, seconds):
    time.sleep(seconds)  # stands in for a long computation
    return i * i


def run_tasks(tasks, seconds, workers):
    pool = multiprocessing.Pool(workers, initializer=ignore_interrupts)
    try:
        # partial() fixes the seconds argument: each task is then work(i).
        task = functools.partial(work, seconds=seconds)
        results = pool.imap_unordered(task, range(tasks))
        many = "worker" if workers == 1 else "workers"
        print(f"Started {tasks} tasks on {workers} {many}; press Ctrl-C to stop",
              flush=True)
        total = 0
        for done in range(1, tasks + 1):
            while True:
                try:
                    total += results.next(timeout=0.5)
                    break
                except multiprocessing.TimeoutError:
                    pass  # nothing yet: wait again (Ctrl-C is noticed in between)
            print(f"{done} of {tasks} tasks done", flush=True)
    except KeyboardInterrupt:
        pool.terminate()  # stop the workers now, whatever they are doing
        pool.join()
        print("Interrupted", file=sys.stderr)
        sys.exit(130)
    pool.close()
    pool.join()
    print(f"Sum of the squares of 0 .. {tasks - 1}: {total}")
# end-listing


def press_ctrl_c():
    """What the terminal does on Ctrl-C: SIGINT to every process of the program."""
    if hasattr(os, "killpg"):
        os.killpg(os.getpgrp(), signal.SIGINT)
    else:
        signal.raise_signal(signal.SIGINT)


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def positive(text):
    """argparse type: a number more than 0."""
    if float(text) <= 0:
        raise argparse.ArgumentTypeError(f"{text} is not more than 0")
    return float(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=at_least_one, default=20, help="number of tasks")
    parser.add_argument("--seconds", type=positive, default=0.1, help="how long each task takes")
    parser.add_argument("--workers", type=at_least_one, default=2, help="worker processes in the pool")
    parser.add_argument("--ctrl-c-after", type=positive, metavar="SECONDS",
                        help="press Ctrl-C for you after this many seconds")
    args = parser.parse_args()
    if args.ctrl_c_after is not None:
        timer = threading.Timer(args.ctrl_c_after, press_ctrl_c)
        timer.daemon = True  # a run that ends first does not wait for it
        timer.start()
    run_tasks(args.tasks, args.seconds, args.workers)


if __name__ == "__main__":
    main()
