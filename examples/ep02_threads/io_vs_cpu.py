"""Threads speed up waiting, not computing: both measured in one run.

The same number of tasks runs twice, first one after the other, then with one
thread per task.  An I/O-bound task only waits (time.sleep stands in for a
download or a slow disk); a waiting thread lets go of the global interpreter
lock (GIL), so the waits overlap.  A CPU-bound task computes in pure Python;
only the thread holding the GIL can run Python code, so the threads take turns
and the work takes as long as before.
"""
import argparse
import threading
import time


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


def timed(run, function, inputs, repeat):
    """Run `repeat` times; return the results and the best (shortest) time."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        results = run(function, inputs)
        best = min(best, time.perf_counter() - start)
    return results, best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=4,
                        help="number of tasks, and of threads (default: %(default)s)")
    parser.add_argument("--wait", type=float, default=0.05,
                        help="seconds each I/O-bound task waits (default: %(default)s)")
    parser.add_argument("--n", type=int, default=300_000,
                        help="squares each CPU-bound task sums (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="time each version this often and keep the best (default: %(default)s)")
    args = parser.parse_args()
    if args.tasks < 1 or args.repeat < 1:
        parser.error("--tasks and --repeat must be at least 1")
    if args.wait < 0:
        parser.error("--wait must not be negative")
    if args.n < 1:
        parser.error("--n must be at least 1")

    print(f"{args.tasks} tasks; serial, then one thread per task (best of {args.repeat} runs)")
    jobs = [("I/O-bound", wait_task, [args.wait] * args.tasks),
            ("CPU-bound", cpu_task, [args.n] * args.tasks)]
    for label, function, inputs in jobs:
        serial, serial_time = timed(run_serial, function, inputs, args.repeat)
        threaded, thread_time = timed(run_threads, function, inputs, args.repeat)
        print(f"{label} result: serial {sum(serial)}, threads {sum(threaded)}")
        print(f"Time {label}: serial {serial_time:.2f} s, threads {thread_time:.2f} s")
        print(f"Speedup with threads, {label}: {serial_time / thread_time:.2f}")


if __name__ == "__main__":
    main()
