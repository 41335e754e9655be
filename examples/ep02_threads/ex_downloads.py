"""Exercise (episode 2): fetch files one after the other, then let threads wait together.

fetch() stands in for a download: it waits (time.sleep) as a program waits
for a web server, then returns the file's text.  As given, fetch_all() fetches
one file after the other, so the waits add up.

Exercise 2 of episode 2: copy this file to my_downloads.py, in this folder,
and change fetch_all() so that it starts one thread per file, waits for them
all with join(), and still returns the texts in the order of `names`: give
each thread its own slot of a list, as hello_threads.py does.  Run both
versions (python examples/ep02_threads/my_downloads.py) and compare the
times.  The solution is ex_downloads_solution.py.
"""
import argparse
import time


# start-listing
def fetch(name, seconds):
    """Pretend to download the file `name`: wait, then return its text."""
    time.sleep(seconds)                   # waiting, as for a web server
    return f"readings of {name}\n" * 100


def fetch_all(names, seconds):
    """The texts of all the files, fetched one after the other."""
    return [fetch(name, seconds) for name in names]
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
    parser.add_argument("--files", type=at_least_one, default=4, help="default: %(default)s")
    parser.add_argument("--wait", type=not_negative, default=0.25,
                        help="seconds each download waits (default: %(default)s)")
    args = parser.parse_args()
    names = [f"station-{i}.csv" for i in range(1, args.files + 1)]

    start = time.perf_counter()
    texts = fetch_all(names, args.wait)
    elapsed = time.perf_counter() - start
    print(f"First file: {texts[0].splitlines()[0]}")
    print(f"Fetched {len(texts)} files, {sum(len(text) for text in texts)} characters in all")
    print(f"Time: {elapsed:.2f} s for {args.files} files that each wait {args.wait} s")


if __name__ == "__main__":
    main()
