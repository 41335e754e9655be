"""Keep printed lines whole: a multiprocessing.Lock around each line.

Processes that print at the same time share one terminal.  A line written in
several pieces (here a word at a time, as when a line is built up while
computing) can be cut in two by another process's output.  Holding a Lock,
shared with every worker, while writing a line keeps it whole.  Run with
--no-lock to see the lines mixed up.
"""
import argparse
import contextlib
import multiprocessing
import sys
import time


def report(name, lines, lock):
    for number in range(lines):
        with lock:
            for piece in (f"[{name}]", " line", f" {number}", " is", " whole\n"):
                sys.stdout.write(piece)
                sys.stdout.flush()       # each piece goes out on its own ...
                time.sleep(0.01)         # ... and takes a while, as if computed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=3,
                        help="number of printing processes (default: %(default)s)")
    parser.add_argument("--lines", type=int, default=4,
                        help="lines each process prints (default: %(default)s)")
    parser.add_argument("--no-lock", action="store_true",
                        help="print without the lock, to see lines get mixed up")
    args = parser.parse_args()
    if args.workers < 1 or args.lines < 1:
        parser.error("--workers and --lines must be at least 1")

    # The lock is handed to each Process when it is created; nullcontext()
    # is a stand-in that does nothing, for --no-lock.
    lock = contextlib.nullcontext() if args.no_lock else multiprocessing.Lock()
    workers = [multiprocessing.Process(target=report, args=(f"worker-{i}", args.lines, lock))
               for i in range(args.workers)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    print(f"{args.workers} workers printed {args.lines} lines each "
          f"{'without' if args.no_lock else 'with'} a lock")


if __name__ == "__main__":
    main()
