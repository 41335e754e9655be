"""Exercise: keep both workers of this pool busy until the end.

The tasks of unbalanced.py, handed out the same way: Pool.map with chunksize
4 cuts the eight growing tasks into two chunks, so one worker gets the four
small tasks and the other the four big ones, and the first then waits.
Copy this file to my_balanced.py, in this folder (spy_on_pool.py looks for
it there), and change run_pool, not the tasks, so that both workers compute
until the end.  Then profile your version:

    python examples/ep12_cluster/spy_on_pool.py --script my_balanced.py

Hint: two things cause the imbalance, the size of the chunks and the order
of the tasks.
"""
import argparse
import multiprocessing
import time

from unbalanced import at_least_one, task, task_sizes


# start-listing
def run_pool(sizes, workers):
    """Map the tasks over a pool; return the primes and the tasks per worker."""
    with multiprocessing.Pool(workers) as pool:
        results = pool.map(task, sizes, chunksize=4)   # change how the tasks are handed out
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
    primes, per_worker = run_pool(task_sizes(args.tasks, args.scale), args.workers)
    print(f"Tasks: {args.tasks} on {args.workers} workers")
    print(f"Primes counted: {primes}")
    print(f"Tasks per worker: {per_worker}")
    print(f"Time: {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
