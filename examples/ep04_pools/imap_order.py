"""imap gives results in input order; imap_unordered gives them as they finish.

Task i sleeps for a time that shrinks along the list, so the last task is the
first to finish.  imap() still yields the results in input order: it holds
back those that finished early until the ones before them are in.
imap_unordered() yields each result the moment it is ready, so here the order
is reversed and the first result arrives much sooner.  Both are lazy: the loop
can use a result while later tasks are still running.
"""
import argparse
import multiprocessing
import time


def wait_for_others(barrier):
    """Pool initializer: every worker waits here until all have started.

    Only for a fair demonstration: the tasks then start together, so the
    order in which they finish depends on their length alone.
    """
    barrier.wait()


# start-listing
def nap(task):
    """Sleep for the task's time and return its number."""
    number, seconds = task
    time.sleep(seconds)
    return number


def collect(results, start):
    """Go through a lazy iterator of results, noting when each one arrived."""
    order = []
    for number in results:
        order.append(number)
        print(f"  task {number} arrived after {time.perf_counter() - start:.2f} s")
    return order


def compare_orders(tasks, step):
    # Task i sleeps (tasks - i) * step seconds: the last one is the shortest.
    work = [(i, (tasks - i) * step) for i in range(tasks)]
    barrier = multiprocessing.Barrier(tasks + 1)
    with multiprocessing.Pool(tasks, initializer=wait_for_others,
                              initargs=(barrier,)) as pool:
        barrier.wait()  # all workers are up
        print("imap:")
        ordered = collect(pool.imap(nap, work), time.perf_counter())
        print("imap_unordered:")
        unordered = collect(pool.imap_unordered(nap, work), time.perf_counter())
    print(f"Order from imap:           {ordered}")
    print(f"Order from imap_unordered: {unordered}")
# end-listing


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def positive(text):
    """argparse type: a number more than 0."""
    if float(text) <= 0:
        raise argparse.ArgumentTypeError(f"{text} is not more than 0")
    return float(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=at_least_one, default=4, help="number of tasks, one worker each")
    parser.add_argument("--step", type=positive, default=0.2,
                        help="task i sleeps (tasks - i) * step seconds")
    args = parser.parse_args()
    compare_orders(args.tasks, args.step)


if __name__ == "__main__":
    main()
