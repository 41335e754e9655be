"""Solution of ex_balanced.py: the same tasks as unbalanced.py, with every worker busy.

Two changes: the tasks are handed out one at a time (chunksize=1), so a
worker that finishes early takes the next task instead of waiting, and the
biggest tasks go first, so no big task is left for the end when the other
workers have nothing more to do.
"""
import argparse
import multiprocessing
import time

from unbalanced import at_least_one, task, task_sizes


# start-listing
def run_pool_balanced(sizes, workers):
    """Biggest tasks first, one at a time: the load evens out by itself."""
    largest_first = sorted(sizes, reverse=True)
    with multiprocessing.Pool(workers) as pool:
        results = list(pool.imap_unordered(task, largest_first, chunksize=1))
    per_worker = {}
    for pid, _ in results:
        per_worker[pid] = per_worker.get(pid, 0) + 1
    return sum(primes for _, primes in results), sorted(per_worker.values())
# end-listing


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=at_least_one, default=8)
    parser.add_argument("--workers", type=at_least_one, default=2)
    parser.add_argument("--scale", type=at_least_one, default=16000,
                        help="task i counts primes below scale*(i+1)")
    args = parser.parse_args()
    started = time.perf_counter()
    primes, per_worker = run_pool_balanced(task_sizes(args.tasks, args.scale), args.workers)
    print(f"Tasks: {args.tasks} on {args.workers} workers, chunksize 1, biggest first")
    print(f"Primes counted: {primes}")
    print(f"Tasks per worker: {per_worker}")
    print(f"Time: {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
