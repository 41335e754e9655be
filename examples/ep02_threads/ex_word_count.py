"""Exercise solution: count words with threads and get exactly the serial counts.

The list of words is cut into one part per thread.  First, every thread adds
its words to one dictionary shared by all threads; `counts[word] += 1` reads,
adds and writes, so the update is guarded by a Lock.  Then, better: each
thread counts its own part in its own Counter, sharing nothing, and the main
thread adds the Counters up after join().  That needs no lock at all.  Both
are compared with a Counter of the whole list, and each way is timed (the
median of three runs).
"""
import argparse
import random
import statistics
import threading
import time
from collections import Counter

# start-listing
VOCABULARY = ("the", "a", "of", "data", "thread", "lock", "core", "python", "speed", "wait")


def count_shared(words, counts, lock):
    """Add each word to the shared dictionary, one locked update at a time."""
    for word in words:
        with lock:
            counts[word] = counts.get(word, 0) + 1


def count_own(words, results, index):
    """Count into a Counter nobody else touches; store it in our own slot."""
    results[index] = Counter(words)


def run_threads(target, args_per_thread):
    """One thread per tuple of arguments; wait until all have finished."""
    threads = [threading.Thread(target=target, args=args) for args in args_per_thread]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def count_with_lock(parts):
    counts, lock = {}, threading.Lock()
    run_threads(count_shared, [(part, counts, lock) for part in parts])
    return counts


def count_without_lock(parts):
    results = [None] * len(parts)
    run_threads(count_own, [(part, results, i) for i, part in enumerate(parts)])
    return sum(results, Counter())     # combine after join(): nothing shared meanwhile

# end-listing


def timed(count, parts, repeats=3):
    """Run `repeats` times; return the counts and the median time."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        counts = count(parts)
        times.append(time.perf_counter() - start)
    return counts, statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=200_000,
                        help="number of words in the text (default: 200000)")
    parser.add_argument("--threads", type=int, default=4,
                        help="number of threads (default: 4)")
    args = parser.parse_args()
    if args.words < 1 or args.threads < 1:
        parser.error("--words and --threads must be at least 1")

    rng = random.Random(1)
    words = [rng.choice(VOCABULARY) for _ in range(args.words)]
    expected = Counter(words)
    # Part i takes every threads-th word from position i: all words, each once.
    parts = [words[i::args.threads] for i in range(args.threads)]

    shared, shared_time = timed(count_with_lock, parts)
    merged, own_time = timed(count_without_lock, parts)

    word, times = expected.most_common(1)[0]
    print(f"{args.words} words, {len(expected)} different, counted by {args.threads} threads")
    print(f"Serial count: {sum(expected.values())} words in all, {word!r} {times} times")
    print(f"Shared dictionary with a lock gives the serial counts: {'yes' if shared == expected else 'NO'}")
    print(f"Own Counter per thread gives the serial counts: {'yes' if merged == expected else 'NO'}")
    print(f"Time shared dictionary with a lock: {shared_time:.3f} s (median of 3)")
    print(f"Time own Counter per thread: {own_time:.3f} s (median of 3)")


if __name__ == "__main__":
    main()
