"""Exercise solution: where the CPU time of a process pool is spent.

time.process_time() in the parent counts only the parent's own work, which
is little more than handing out tasks and waiting.  To see the CPU time of
the workers, each task measures its own process_time() and sends it back
with its result.  Their sum, divided by the wall time, tells how many cores
were busy on average.
"""
import argparse
import multiprocessing
import random
import time

from pi_process_pool import split


# start-listing
def count_hits(darts):
    """Throw darts in pure Python; return the hits and the CPU time this took."""
    cpu_start = time.process_time()
    hits = 0
    for _ in range(darts):
        x = random.random()
        y = random.random()
        if x**2 + y**2 <= 1.0:
            hits += 1
    return hits, time.process_time() - cpu_start


def cpu_of_pool(tasks, workers):
    """Run the tasks in a pool: return the hits, wall time, parent's and workers' CPU time."""
    wall_start, cpu_start = time.perf_counter(), time.process_time()
    with multiprocessing.Pool(workers) as pool:
        results = pool.map(count_hits, tasks)
    wall = time.perf_counter() - wall_start
    parent_cpu = time.process_time() - cpu_start
    hits = sum(hits for hits, _ in results)
    workers_cpu = sum(cpu for _, cpu in results)
    return hits, wall, parent_cpu, workers_cpu
# end-listing


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--darts", type=at_least_one, default=2_000_000,
                        help="number of darts to throw (default: %(default)s)")
    parser.add_argument("--workers", type=at_least_one, default=2,
                        help="worker processes, one task each (default: %(default)s)")
    args = parser.parse_args()

    tasks = split(args.darts, args.workers)

    hits, wall, parent_cpu, workers_cpu = cpu_of_pool(tasks, args.workers)
    print(f"Darts thrown: {sum(tasks)} in {len(tasks)} tasks")
    print(f"Pi estimate: {4 * hits / sum(tasks):.5f}")
    print(f"Time, wall:               {wall:.3f} s")
    print(f"Time, CPU of the parent:  {parent_cpu:.3f} s")
    print(f"Time, CPU of the workers: {workers_cpu:.3f} s")
    busy = (parent_cpu + workers_cpu) / wall
    print(f"Busy cores on average (CPU of all / wall): {busy:.2f}")


if __name__ == "__main__":
    main()
