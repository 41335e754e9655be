"""Exercise (episode 6): where does a process pool's CPU time go?

The script throws pure-Python darts in a pool of worker processes and times
the whole pool, in the parent, with both clocks: time.perf_counter() (wall)
and time.process_time() (CPU).

Exercise 1 of episode 6: copy this file to my_cpu_time.py, in this folder,
and run it (python examples/ep06_scaling/my_cpu_time.py): the parent's CPU
time is tiny.  Then, in your copy, make each task measure its own
process_time() and return it with its hits; add up the workers' CPU time in
cpu_of_pool(), and print it, and the busy cores on average:
(CPU of the parent + CPU of the workers) / wall.
The solution is cpu_time_of_pool.py.
"""
import argparse
import multiprocessing
import random
import time

from pi_process_pool import split


# start-listing
def count_hits(darts):
    """Throw darts in pure Python; return the hits."""
    hits = 0
    for _ in range(darts):
        x = random.random()
        y = random.random()
        if x**2 + y**2 <= 1.0:
            hits += 1
    return hits


def cpu_of_pool(tasks, workers):
    """Run the tasks in a pool: return the hits, the wall time and the parent's CPU time."""
    wall_start, cpu_start = time.perf_counter(), time.process_time()
    with multiprocessing.Pool(workers) as pool:
        hits = sum(pool.map(count_hits, tasks))
    return hits, time.perf_counter() - wall_start, time.process_time() - cpu_start
# end-listing


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not 1 or more")
    return value


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--darts", type=at_least_one, default=2_000_000,
                        help="number of darts to throw (default: %(default)s)")
    parser.add_argument("--workers", type=at_least_one, default=2,
                        help="worker processes, one task each (default: %(default)s)")
    args = parser.parse_args()

    tasks = split(args.darts, args.workers)

    hits, wall, parent_cpu = cpu_of_pool(tasks, args.workers)
    print(f"Darts thrown: {sum(tasks)} in {len(tasks)} tasks")
    print(f"Pi estimate: {4 * hits / sum(tasks):.5f}")
    print(f"Time, wall:               {wall:.3f} s")
    print(f"Time, CPU of the parent:  {parent_cpu:.3f} s")
    print(f"CPU / wall, parent: {parent_cpu / wall:.2f}")


if __name__ == "__main__":
    main()
