"""Threads do speed up a library that releases the GIL: hashlib on big buffers.

Much of the standard library and of NumPy is written in C.  While such code
crunches a large buffer it does not touch Python objects, so it lets go of
the global interpreter lock (GIL) and other threads run Python code, or the
same C code, on other cores at the same time.  hashlib does this for data of
more than about 2 kB at a time: hashing a big buffer in several threads is
faster than one after the other.  Feed it small pieces (--chunk 1000) and each
call is too short to release the GIL: the speedup is gone.  Each version runs
three times and the median time is printed.
"""
import argparse
import hashlib
import statistics
import threading
import time


# start-listing
def digest(data, index, chunk):
    """SHA-256 of the task's number followed by the data, fed `chunk` bytes at a time."""
    hasher = hashlib.sha256(str(index).encode())
    view = memoryview(data)   # slices of a memoryview are not copies
    for start in range(0, len(data), chunk):
        hasher.update(view[start:start + chunk])
    return hasher.hexdigest()


def run_serial(data, tasks, chunk):
    return [digest(data, i, chunk) for i in range(tasks)]


def run_threads(data, tasks, chunk):
    results = [None] * tasks

    def worker(index):
        results[index] = digest(data, index, chunk)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(tasks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def timed(run, *args, repeats=3):
    """Run `repeats` times; return the results and the median time."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        results = run(*args)
        times.append(time.perf_counter() - start)
    return results, statistics.median(times)
# end-listing


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=at_least_one, default=128, help="MiB each task hashes (default: 128)")
    parser.add_argument("--tasks", type=at_least_one, default=4,
                        help="number of tasks, and of threads (default: 4)")
    parser.add_argument("--chunk", type=at_least_one, default=1 << 20,
                        help="bytes handed to hashlib per call (default: 1048576)")
    args = parser.parse_args()

    data = bytes(range(256)) * (args.mb * 4096)   # args.mb megabytes (MiB)
    serial, serial_time = timed(run_serial, data, args.tasks, args.chunk)
    threaded, thread_time = timed(run_threads, data, args.tasks, args.chunk)

    print(f"{args.tasks} tasks each hash {args.mb} MiB in pieces of {args.chunk} bytes")
    print(f"Digest of task 0: {serial[0][:16]}...")
    print(f"Threads give the same digests: {'yes' if threaded == serial else 'NO'}")
    print(f"Time serial: {serial_time:.2f} s (median of 3)")
    print(f"Time with {args.tasks} threads: {thread_time:.2f} s (median of 3)")
    print(f"Speedup with threads: {serial_time / thread_time:.2f}")


if __name__ == "__main__":
    main()
