"""Keep printed lines whole: a multiprocessing.Lock around each line.

Processes that print at the same time share one terminal.  Each worker here
writes its lines a piece at a time, as when a line is built up while
computing.  In a terminal, Python's output is line-buffered: the pieces wait
in a buffer until the line ending, and each line goes out whole.  Unbuffered
(python -u, or print(..., flush=True) for each piece) every piece goes out on
its own, and another process's output can cut a line in two.  Holding a
Lock, shared with every worker, while writing a line keeps it whole.  Run
with -u and --no-lock to see lines get mixed up.
"""
import argparse
import contextlib
import multiprocessing
import time


# start-listing
def report(name, lines, lock):
    for number in range(lines):
        with lock:
            for piece in (f"[{name}]", " line", f" {number}", " is", " whole\n"):
                print(piece, end="")     # one piece at a time ...
                time.sleep(0.03)         # ... each taking a while, as if computed


def print_in_processes(workers, lines, lock):
    processes = [multiprocessing.Process(target=report, args=(f"worker-{i}", lines, lock))
                 for i in range(workers)]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
# end-listing


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=at_least_one, default=3,
                        help="number of printing processes (default: 3)")
    parser.add_argument("--lines", type=at_least_one, default=4,
                        help="lines each process prints (default: 4)")
    parser.add_argument("--no-lock", action="store_true",
                        help="print without the lock, to see lines get mixed up (with python -u)")
    args = parser.parse_args()

    # The lock is handed to each Process when it is created; nullcontext()
    # is a stand-in that does nothing, for --no-lock.
    lock = contextlib.nullcontext() if args.no_lock else multiprocessing.Lock()
    print_in_processes(args.workers, args.lines, lock)
    print(f"{args.workers} workers printed {args.lines} lines each "
          f"{'without' if args.no_lock else 'with'} a lock")


if __name__ == "__main__":
    main()
