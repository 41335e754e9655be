"""Start threads, let them run side by side, wait for them: Thread start and join.

Each thread runs the same function with its own argument.  start() returns at
once and the new thread runs alongside the main thread; join() waits until a
thread has finished.  threading.Thread throws away whatever its target
returns, so each thread puts its result into its own slot of a list that the
main thread reads after joining.
"""
import argparse
import threading
import time


# start-listing
def work(index, seconds, results):
    """Wait a while (as if for a file or a web server), then store a result."""
    time.sleep(seconds)
    name = threading.current_thread().name
    results[index] = (name, index * index)


def run_threads(count, seconds):
    results = [None] * count    # one slot per thread: no two threads write the same one
    threads = [threading.Thread(target=work, args=(i, seconds, results), name=f"worker-{i}")
               for i in range(count)]
    for thread in threads:
        thread.start()          # returns at once; the thread now runs by itself
    print(f"Started {count} threads; the main thread carries on meanwhile")
    for thread in threads:
        thread.join()           # wait for this thread to finish
    return results
# end-listing


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def not_negative(text):
    """argparse type: a number of seconds, 0 or more."""
    if float(text) < 0:
        raise argparse.ArgumentTypeError(f"{text} is negative")
    return float(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=at_least_one, default=4, help="threads to start (default: 4)")
    parser.add_argument("--wait", type=not_negative, default=0.2,
                        help="seconds each thread waits (default: 0.2)")
    args = parser.parse_args()

    start = time.perf_counter()
    results = run_threads(args.threads, args.wait)
    elapsed = time.perf_counter() - start
    for name, value in results:
        print(f"{name} computed {value}")
    print(f"Sum of the results: {sum(value for _, value in results)}")
    print(f"Time: {elapsed:.2f} s for {args.threads} threads that each waited {args.wait} s")


if __name__ == "__main__":
    main()
