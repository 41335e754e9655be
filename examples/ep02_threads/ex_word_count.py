"""Exercise (episode 2): threads count words into one dictionary, and lose some.

The list of words is cut into one part per thread, and every thread adds its
words to one dictionary shared by all of them.  Each addition reads a count,
then writes back the count plus one: a read-modify-write.  When another thread
runs between the read and the write, both write the same new count and one
word is lost, so the total comes out short, by a different amount on every
run.  time.sleep(0) between the read and the write stands in for any work
that lets another thread run there (a call, a log line, I/O).

Exercise 3 of episode 2: run this file twice and see how many words are
lost.  Copy it to my_word_count.py, in this folder, and change count_shared()
so that no word is lost: guard the read and the write with one
threading.Lock shared by the threads (make it in count_in_threads and pass it
on).  Run python examples/ep02_threads/my_word_count.py to check.  Then, if
you have time, write a version that needs no lock.  The solution is
ex_word_count_solution.py.
"""
import argparse
import random
import threading
import time
from collections import Counter

VOCABULARY = ("the", "a", "of", "data", "thread", "lock", "core", "python", "speed", "wait")


# start-listing
def count_shared(words, counts):
    """Add each word to the dictionary that all threads share."""
    for word in words:
        seen = counts.get(word, 0)    # read ...
        time.sleep(0)                 # ... another thread may run here ...
        counts[word] = seen + 1       # ... and write


def count_in_threads(parts):
    counts = {}
    threads = [threading.Thread(target=count_shared, args=(part, counts)) for part in parts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return counts
# end-listing


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=at_least_one, default=5_000, help="default: %(default)s")
    parser.add_argument("--threads", type=at_least_one, default=4, help="default: %(default)s")
    args = parser.parse_args()

    rng = random.Random(1)
    words = rng.choices(VOCABULARY, k=args.words)
    # Part i takes every threads-th word from position i: all words, each once.
    parts = [words[i::args.threads] for i in range(args.threads)]
    counts = count_in_threads(parts)

    lost = args.words - sum(counts.values())
    print(f"{args.words} words counted by {args.threads} threads")
    print(f"Counts of the threads: {sum(counts.values())} words in all ({lost} lost)")
    print(f"Same as a serial Counter: {'yes' if counts == Counter(words) else 'NO'}")


if __name__ == "__main__":
    main()
