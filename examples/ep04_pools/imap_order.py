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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=4,
                        help="number of tasks, one worker each (default: %(default)s)")
    parser.add_argument("--step", type=float, default=0.2,
                        help="task i sleeps (tasks - i) * step seconds (default: %(default)s)")
    args = parser.parse_args()
    if args.tasks < 1:
        parser.error("--tasks must be at least 1")
    if args.step <= 0:
        parser.error("--step must be positive")

    tasks = [(i, (args.tasks - i) * args.step) for i in range(args.tasks)]
    barrier = multiprocessing.Barrier(args.tasks + 1)
    with multiprocessing.Pool(args.tasks, initializer=wait_for_others,
                              initargs=(barrier,)) as pool:
        barrier.wait()  # all workers are up

        print("imap:")
        start = time.perf_counter()
        ordered = collect(pool.imap(nap, tasks), start)

        print("imap_unordered:")
        start = time.perf_counter()
        unordered = collect(pool.imap_unordered(nap, tasks), start)

    print(f"Order from imap:           {ordered}")
    print(f"Order from imap_unordered: {unordered}")


if __name__ == "__main__":
    main()
