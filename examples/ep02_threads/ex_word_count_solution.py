"""Exercise solution: count words with threads and get exactly the serial counts.

The list of words is cut into one part per thread.  First, every thread adds
its words to one dictionary shared by all threads; reading a count and
writing it back plus one is a read-modify-write, so a Lock guards the pair.
Then, better: each thread counts its own part into its own dictionary,
sharing nothing, and the main thread adds them up after join().  That needs
no lock at all.  Both are compared with a Counter of the whole list, and
each way is timed (the median of three runs).  time.sleep(0) between the
read and the write stands in for work that lets another thread run there,
as in the starter, ex_word_count.py.
"""
import argparse
import random
import threading
import time
from collections import Counter

from ex_word_count import VOCABULARY, at_least_one
from gil_release import timed


# start-listing
def count_shared(words, counts, lock):
    """Add each word to the shared dictionary, one locked update at a time."""
    for word in words:
        with lock:                        # one thread at a time reads and writes
            seen = counts.get(word, 0)
            time.sleep(0)
            counts[word] = seen + 1


def count_own(words, results, index):
    """Count into a dictionary nobody else touches; store it in our own slot."""
    counts = {}
    for word in words:
        seen = counts.get(word, 0)
        time.sleep(0)
        counts[word] = seen + 1
    results[index] = Counter(counts)


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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=at_least_one, default=5_000, help="default: %(default)s")
    parser.add_argument("--threads", type=at_least_one, default=4, help="default: %(default)s")
    args = parser.parse_args()

    rng = random.Random(1)
    words = rng.choices(VOCABULARY, k=args.words)
    expected = Counter(words)
    # Part i takes every threads-th word from position i: all words, each once.
    parts = [words[i::args.threads] for i in range(args.threads)]

    shared, shared_time = timed(count_with_lock, parts)
    merged, own_time = timed(count_without_lock, parts)

    print(f"{args.words} words, {len(expected)} different, counted by {args.threads} threads")
    print(f"Shared dictionary with a lock gives the serial counts: {'yes' if shared == expected else 'NO'}")
    print(f"Own dictionary per thread gives the serial counts: {'yes' if merged == expected else 'NO'}")
    print(f"Time shared dictionary with a lock: {shared_time:.3f} s (median of 3)")
    print(f"Time own dictionary per thread: {own_time:.3f} s (median of 3)")


if __name__ == "__main__":
    main()
