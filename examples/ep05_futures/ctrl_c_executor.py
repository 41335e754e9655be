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
line, "Interrupted", and exits with status 130.

--ctrl-c-after SECONDS is for a run that nobody can press Ctrl-C for (the
lesson's web page is built by a program): after that many seconds the script
does what the terminal does on Ctrl-C, and sends SIGINT to every process of
its process group (on Windows, where there are no such groups, to itself).
"""
import argparse
import os
import signal
import sys
import threading
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait


# start-listing
def ignore_interrupts():
    """Executor initializer: this worker ignores Ctrl-C; the parent decides."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def work(i, seconds):
    time.sleep(seconds)  # stands in for a long computation
    return i * i


def run_tasks(tasks, seconds, workers):
    # Ctrl-C only sets this flag; the loop below checks it between waits.
    stop = threading.Event()
    signal.signal(signal.SIGINT, lambda signum, frame: stop.set())

    with ProcessPoolExecutor(workers, initializer=ignore_interrupts) as executor:
        pending = {executor.submit(work, i, seconds) for i in range(tasks)}
        many = "worker" if workers == 1 else "workers"
        print(f"Started {tasks} tasks on {workers} {many}; press Ctrl-C to stop",
              flush=True)
        total = done = 0
        while pending and not stop.is_set():
            # Wait at most half a second, so that a Ctrl-C is acted on soon.
            finished, pending = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
            for future in finished:
                total += future.result()
                done += 1
                print(f"{done} of {tasks} tasks done", flush=True)
        if stop.is_set():
            # Drop the waiting tasks; the running ones finish.
            executor.shutdown(cancel_futures=True)
            print("Interrupted", file=sys.stderr)
            sys.exit(130)
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
    parser.add_argument("--workers", type=at_least_one, default=2, help="worker processes")
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
