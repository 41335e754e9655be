"""A Dask cluster on your own machine: a scheduler and worker processes.

distributed.LocalCluster starts a scheduler and some worker processes; a
Client connects to it and sends it work.  client.map() hands out one task per
input, the scheduler gives each task to a free worker, and client.gather()
collects the results, in the order of the inputs.  The same Client code runs
on a cluster of many machines: only the line that creates the cluster changes.

Both the cluster and the client are context managers, so the workers are
stopped when the with-block ends, even after an error.
"""
import argparse
import os
import time

from distributed import Client, LocalCluster, wait

TIMEOUT = 60  # seconds to wait for the workers and for the results


# start-listing
def count_primes(block):
    """Count the primes in range(start, stop) by trial division (pure Python).

    It also returns the id of the process that ran it, to show who did the work.
    """
    start, stop = block
    count = 0
    for n in range(max(start, 2), stop):
        if all(n % d for d in range(2, int(n**0.5) + 1)):
            count += 1
    return count, os.getpid()


def on_cluster(blocks, workers):
    """Count the primes of every block on a local cluster of `workers` processes."""
    start = time.perf_counter()
    # One thread per worker process: pure-Python work holds the GIL, so more
    # threads in a worker would not help.  No dashboard (it needs a free port).
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        client.wait_for_workers(workers, timeout=TIMEOUT)
        started = time.perf_counter() - start
        print(f"Workers in the cluster: {len(client.scheduler_info()['workers'])}")

        futures = client.map(count_primes, blocks)    # distribute: one task per block
        wait(futures, timeout=TIMEOUT)                # fail instead of hanging forever
        results = client.gather(futures)              # collect, in the order of blocks
    return results, started, time.perf_counter() - start
# end-listing


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=at_least_one, default=200_000, help="count primes below this")
    parser.add_argument("--tasks", type=at_least_one, default=8, help="blocks to split the range into")
    parser.add_argument("--workers", type=at_least_one, default=2, help="worker processes")
    args = parser.parse_args()

    size = -(-args.limit // args.tasks)  # round up, so the blocks cover everything
    blocks = [(start, min(start + size, args.limit)) for start in range(0, args.limit, size)]
    results, started, total = on_cluster(blocks, args.workers)

    counts = [count for count, _ in results]
    workers_used = {pid for _, pid in results}
    print(f"Primes below {args.limit}: {sum(counts)} (from {len(blocks)} tasks)")
    print(f"Worker processes that ran tasks: {len(workers_used)}, "
          f"none of them this one: {os.getpid() not in workers_used}")
    print(f"Time to start the cluster: {started:.2f} s")
    print(f"Time in all: {total:.2f} s")


if __name__ == "__main__":
    main()
