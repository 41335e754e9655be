"""Exercise solution: fetch files in threads, so that their waits overlap.

fetch() stands in for a download: it waits (time.sleep) as a program waits
for a web server, then returns the file's text.  fetch_all() starts one thread
per file and waits for them all with join(); each thread puts its text into
its own slot of a list, so the texts come back in the order of the names.
A waiting thread releases the GIL: four files take about as long as one.
ex_downloads.py is the exercise's starter, which fetches one after the other.
"""
import argparse
import threading
import time

from ex_downloads import at_least_one, fetch, not_negative


# start-listing
def fetch_all(names, seconds):
    """The texts of all the files, fetched by one thread each."""
    texts = [None] * len(names)           # one slot per thread

    def worker(index):
        texts[index] = fetch(names[index], seconds)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(names))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return texts
# end-listing


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
