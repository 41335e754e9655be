"""Value, Array and a Manager: shared numbers, their locks, and what one access costs.

Two workers add 1 to a shared count, many times each, in four ways:

- a Value, `+=` under the Value's own lock: right, and cheap;
- a Value, `+=` without taking the lock: `+=` reads, then writes, and
  updates from the other worker are lost in between;
- one element of an Array, under the Array's lock: the same as a Value;
- a Manager's dict, under a Manager's Lock: every access is a message to the
  manager's server process and its answer, so it costs far more.

Each way is timed three times (median); the cost per access is the time
divided by the number of additions.
"""
import argparse
import multiprocessing
import statistics
import time


# start-listing
def add_to_value(count, times):
    for _ in range(times):
        with count.get_lock():  # one lock around the read and the write
            count.value += 1


def add_to_value_unlocked(count, times):
    for _ in range(times):
        count.value += 1  # a read and a write: another worker can come in between


def add_to_array(counts, times):
    for _ in range(times):
        with counts.get_lock():
            counts[0] += 1
# end-listing


def add_to_managed_dict(totals, lock, times):
    for _ in range(times):
        with lock:  # acquire, read, write, release: four messages to the manager
            totals["count"] += 1


def start_together(barrier, target, args):
    barrier.wait()  # every worker has started: now the clock runs
    target(*args)


def run_workers(target, args, workers):
    """Seconds from the moment every worker has started until the last one is done."""
    barrier = multiprocessing.Barrier(workers + 1)
    processes = [multiprocessing.Process(target=start_together, args=(barrier, target, args))
                 for _ in range(workers)]
    for process in processes:
        process.start()
    barrier.wait()
    start = time.perf_counter()
    for process in processes:
        process.join()
    return time.perf_counter() - start


def measure(label, target, make_args, read, times, workers):
    elapsed, counts = [], []
    for _ in range(3):
        shared, args = make_args()
        elapsed.append(run_workers(target, (*args, times), workers))
        counts.append(read(shared))
    per_access = statistics.median(elapsed) / (times * workers) * 1e6
    print(f"{label}: {min(counts)} of {times * workers} additions kept")
    print(f"Time per access, {label}: {per_access:.2f} us (median of 3)")


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--times", type=at_least_one, default=30_000,
                        help="additions per worker for Value and Array; the Manager "
                             "does a fiftieth of them, at least 1 (default: %(default)s)")
    parser.add_argument("--workers", type=at_least_one, default=2,
                        help="worker processes (default: %(default)s)")
    args = parser.parse_args()

    def value():
        count = multiprocessing.Value("q", 0)
        return count, (count,)

    def array():
        counts = multiprocessing.Array("q", 4)
        return counts, (counts,)

    measure("Value with its lock", add_to_value, value, lambda v: v.value,
            args.times, args.workers)
    measure("Value without the lock", add_to_value_unlocked, value, lambda v: v.value,
            args.times, args.workers)
    measure("Array element with its lock", add_to_array, array, lambda a: a[0],
            args.times, args.workers)
    with multiprocessing.Manager() as manager:
        def managed():
            totals = manager.dict(count=0)
            return totals, (totals, manager.Lock())

        measure("Manager dict with a Manager lock", add_to_managed_dict, managed,
                lambda d: d["count"], max(1, args.times // 50), args.workers)


if __name__ == "__main__":
    main()
