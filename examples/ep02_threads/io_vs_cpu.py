"""Threads speed up waiting, not computing: both measured in one run.

The same number of tasks runs twice, first one after the other, then with one
thread per task.  An I/O-bound task only waits (time.sleep stands in for a
download or a slow disk); a waiting thread lets go of the global interpreter
lock (GIL), so the waits overlap.  A CPU-bound task computes in pure Python;
only the thread holding the GIL can run Python code, so the threads take turns
and the work takes as long as before.  Each version runs three times and the
median time is printed.
"""
import argparse
import threading
import time

from gil_release import timed


# start-listing
def wait_task(seconds):
    """I/O-bound: spends its time waiting, not computing."""
    time.sleep(seconds)
    return 1


def cpu_task(n):
    """CPU-bound: sums the squares of 0 .. n-1 in pure Python."""
    return sum(i * i for i in range(n))


def run_serial(function, inputs):
    return [function(x) for x in inputs]


def run_threads(function, inputs):
    """One thread per input; each thread writes only its own slot of results."""
    results = [None] * len(inputs)

    def worker(index):
        results[index] = function(inputs[index])

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(inputs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
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
    parser.add_argument("--tasks", type=at_least_one, default=4,
                        help="number of tasks, and of threads (default: 4)")
    parser.add_argument("--wait", type=not_negative, default=0.1,
                        help="seconds each I/O-bound task waits (default: 0.1)")
    parser.add_argument("--n", type=at_least_one, default=1_000_000,
                        help="squares each CPU-bound task sums (default: 1000000)")
    args = parser.parse_args()

    print(f"{args.tasks} tasks; serial, then one thread per task (median of 3 runs)")
    jobs = [("I/O-bound", wait_task, [args.wait] * args.tasks),
            ("CPU-bound", cpu_task, [args.n] * args.tasks)]
    for label, function, inputs in jobs:
        serial, serial_time = timed(run_serial, function, inputs)
        threaded, thread_time = timed(run_threads, function, inputs)
        print(f"{label} result: serial {sum(serial)}, threads {sum(threaded)}")
        print(f"Time {label}: serial {serial_time:.2f} s, threads {thread_time:.2f} s")
        print(f"Speedup {label}: {serial_time / thread_time:.2f}")


if __name__ == "__main__":
    main()
