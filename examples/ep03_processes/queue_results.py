"""Get results back from processes through a Queue.

A process cannot return a value to its parent: it has memory of its own.
Each worker here sums the squares of one block of numbers and puts
(block number, partial sum) on a multiprocessing.Queue; the parent takes one
result per worker off the queue and adds them up.  The results arrive in the
order the workers finish, which is why each carries its block number.

Take the results off the queue *before* join(): a process that has put more
on a queue than the pipe underneath holds does not end until the data has
been taken, so joining first can wait for ever.
"""
import argparse
import multiprocessing


# start-listing
def sum_of_squares(block, start, stop, queue):
    queue.put((block, sum(i * i for i in range(start, stop))))


def sum_in_processes(n, workers):
    """Return the results as (block, partial sum), in the order the workers finished."""
    queue = multiprocessing.Queue()
    # Block b covers [b*n//workers, (b+1)*n//workers): every number exactly once.
    bounds = [n * b // workers for b in range(workers + 1)]
    processes = [multiprocessing.Process(target=sum_of_squares,
                                         args=(b, bounds[b], bounds[b + 1], queue))
                 for b in range(workers)]
    for process in processes:
        process.start()
    results = [queue.get() for _ in processes]   # one result per worker, before join()
    for process in processes:
        process.join()
    return results
# end-listing


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=at_least_one, default=1_000_000,
                        help="sum the squares of 0 .. n-1 (default: %(default)s)")
    parser.add_argument("--workers", type=at_least_one, default=4,
                        help="number of worker processes (default: %(default)s)")
    args = parser.parse_args()

    results = sum_in_processes(args.n, args.workers)
    print(f"Blocks in the order they finished: {[block for block, _ in results]}")
    total = sum(partial for _, partial in results)
    n = args.n
    print(f"Sum of squares below {n}: {total}")
    print(f"Formula (n-1)n(2n-1)/6:  {(n - 1) * n * (2 * n - 1) // 6}")


if __name__ == "__main__":
    main()
