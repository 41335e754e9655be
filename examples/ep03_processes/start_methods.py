"""Which start methods this platform has, which is the default, and how they differ.

multiprocessing can create a process in three ways:

fork        the child is a copy of the parent, memory and all (POSIX only)
spawn       the child is a fresh Python that imports the main module again
forkserver  a fresh server process is started once; it forks each child

This script prints the default, then runs one small job under each method the
platform offers, through multiprocessing.get_context(method).  Before that,
main() changes a module-level setting.  A forked child sees the change,
because it got a copy of the parent's memory; a spawned child, and one forked
from the fresh server, only see what importing the module gives them.
"""
import argparse
import multiprocessing
import time

# start-listing
SETTINGS = {"changed_by_main": False}


def job(numbers, queue):
    """The small job: a sum of squares, and whether main()'s change is visible here."""
    queue.put((sum(x * x for x in numbers), SETTINGS["changed_by_main"]))


def run_under(method, n):
    """Start two children with `method`; return the result, what they saw, and the times."""
    context = multiprocessing.get_context(method)
    queue = context.Queue()
    times = []
    for _ in range(2):    # two children: the first may pay a one-off cost
        start = time.perf_counter()
        process = context.Process(target=job, args=(range(n), queue))
        process.start()
        result, saw_change = queue.get()
        process.join()
        times.append((time.perf_counter() - start) * 1000)
    return result, saw_change, times


def compare_methods(n):
    SETTINGS["changed_by_main"] = True   # only the parent's copy changes
    for method in multiprocessing.get_all_start_methods():
        result, saw_change, times = run_under(method, n)
        print(f"{method:>10}: result {result}, child saw main()'s change: "
              f"{'yes' if saw_change else 'no'}")
        print(f"Time {method}: first child {times[0]:.0f} ms, second child {times[1]:.0f} ms "
              "(start, run the job, join)")
# end-listing


def main():
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    print(f"Start methods available here: {', '.join(multiprocessing.get_all_start_methods())}")
    print(f"Default start method here: {multiprocessing.get_start_method()}")

    compare_methods(10)     # the job sums the squares of 0 .. 9: 285


if __name__ == "__main__":
    main()
