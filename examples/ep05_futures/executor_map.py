"""Executors: the same map() with threads or with processes.

concurrent.futures has one interface for two kinds of pool:
ThreadPoolExecutor (threads inside this process) and ProcessPoolExecutor
(separate worker processes).  Swapping one for the other changes one word.
For computing in pure Python only processes run in parallel, because of the
GIL.  Each task here is a block of 1000 starting numbers, so there are few
messages (executor.map sends one per input unless given a chunksize).  Each
way is timed three times, with its workers already started, and the median
is shown.
"""
import argparse
import statistics
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

BLOCK = 1000  # starting numbers per task


# start-listing
def collatz_steps(n):
    """Steps from n down to 1 by: halve if even, else 3n + 1."""
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps


def longest_chain(block):
    """(steps, start) of the longest chain that starts in this range."""
    return max((collatz_steps(n), n) for n in block)


def median_time(run_map, blocks):
    times = []
    for _ in range(3):
        start = time.perf_counter()
        best = max(run_map(longest_chain, blocks))
        times.append(time.perf_counter() - start)
    return best, statistics.median(times)


def compare(blocks, workers=2):
    results = {"serial": median_time(map, blocks)}
    for label, Executor in [("threads", ThreadPoolExecutor),
                            ("processes", ProcessPoolExecutor)]:
        with Executor(max_workers=workers) as executor:
            list(executor.map(longest_chain, blocks[:workers]))  # warm up
            results[label] = median_time(executor.map, blocks)
    return results
# end-listing


def report(n):
    blocks = [range(low, min(low + BLOCK, n)) for low in range(1, n, BLOCK)]
    results = compare(blocks)
    answers = {best for best, _ in results.values()}
    for steps, start in sorted(answers):
        print(f"Longest chain for the starts below {n}: from {start}, {steps} steps")
    print(f"The same answer serial, with threads and with processes: {len(answers) == 1}")
    serial_time = results["serial"][1]
    print(f"Time serial: {serial_time:.2f} s")
    for label in ("threads", "processes"):
        print(f"Time with 2 {label}: {results[label][1]:.2f} s")
    for label in ("threads", "processes"):
        print(f"Speedup with {label}: {serial_time / results[label][1]:.2f}")


def at_least_two(text):
    """argparse type: a whole number, 2 or more."""
    if int(text) < 2:
        raise argparse.ArgumentTypeError(f"{text} is not 2 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=at_least_two, default=60_000, help="use the starts 1 .. n-1")
    args = parser.parse_args()
    report(args.n)


if __name__ == "__main__":
    main()
