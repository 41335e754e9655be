"""A race condition that loses updates, and the Lock that fixes it.

Several threads add 1 to a shared counter many times.  Each addition reads the
counter, then writes back the value plus one.  If another thread runs between
the read and the write, both threads write the same new value and one update
is lost.  time.sleep(0) between the two steps stands in for any work that
lets another thread run there (a function call, I/O), so the losses happen
often.  Holding a threading.Lock around the read and the write makes the pair
indivisible: the total is then always exactly right.
"""
import argparse
import threading
import time


# start-listing
class Counter:
    def __init__(self):
        self.value = 0


def add_unsafe(counter, times):
    for _ in range(times):
        value = counter.value        # read ...
        time.sleep(0)                # ... another thread may run here ...
        counter.value = value + 1    # ... and write: the other thread's update is lost


def add_with_lock(counter, times, lock):
    for _ in range(times):
        with lock:                   # only one thread at a time gets past this line
            value = counter.value
            time.sleep(0)
            counter.value = value + 1


def run(target, threads, extra_args):
    """Start `threads` threads on one shared Counter and return its final value."""
    counter = Counter()
    workers = [threading.Thread(target=target, args=(counter, *extra_args))
               for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return counter.value
# end-listing


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=at_least_one, default=4,
                        help="threads sharing the counter (default: 4)")
    parser.add_argument("--times", type=at_least_one, default=1000,
                        help="additions per thread (default: 1000)")
    parser.add_argument("--repeat", type=at_least_one, default=1,
                        help="how many times to run both versions (default: 1)")
    args = parser.parse_args()

    expected = args.threads * args.times
    print(f"{args.threads} threads each add 1 to a shared counter {args.times} times: "
          f"expected {expected}")
    for _ in range(args.repeat):
        unsafe = run(add_unsafe, args.threads, (args.times,))
        print(f"Without a lock: counter = {unsafe} ({expected - unsafe} updates lost)")
        safe = run(add_with_lock, args.threads, (args.times, threading.Lock()))
        print(f"With a lock:    counter = {safe} ({expected - safe} updates lost)")


if __name__ == "__main__":
    main()
