"""Step 5 of Amira's bootstrap with Dask (episode 8): the chunks as a task graph.

Going-further solution (episode 8).  The graph has one node that loads the
sample and one task per chunk of plan() (the chunks and random streams of
step 3).  Nothing runs until dask.compute(); any scheduler then gives the
interval of step 3, to the last digit.  The chunks' means are joined here,
not in a task of the graph: such a task would send every mean to a worker
and back.

The run times the graph with the synchronous scheduler (one task after
another, in this thread: the serial loop) and with --scheduler.  The
processes scheduler starts new worker processes in every compute() unless it
is given a pool: here one pool serves both of its compute() calls, and the
first, which starts the workers, is not timed.  It also hands out tasks in
batches of 6, which leaves a worker idle at the end of 20 chunks:
chunksize=1 hands them out one at a time.
"""
import argparse
import time
from concurrent.futures import ProcessPoolExecutor

import dask
from amira import RESAMPLES, SEED, at_least_one, load_sample, report, resample_means
from bootstrap_streams import CHUNKS, plan


# start-listing
def bootstrap_graph(resamples, chunks=CHUNKS, seed=SEED):
    """One task per chunk, all sharing one node that loads the sample: nothing runs yet."""
    sample = dask.delayed(load_sample)()  # one node: the sample is made once
    return [dask.delayed(resample_means)(sample, count, chunk_seed)  # one task per chunk
            for count, chunk_seed in plan(resamples, chunks, seed)]


def bootstrap(parts, **options):
    """Compute every chunk's task (options: the scheduler) and join their means in chunk order."""
    return [mean for part in dask.compute(*parts, **options) for mean in part]
# end-listing


def timed(call):
    start = time.perf_counter()
    result = call()
    return result, time.perf_counter() - start


def computed(graph, scheduler, workers):
    """The graph's result and the time of one compute() with `scheduler` and `workers`."""
    if scheduler != "processes":
        return timed(lambda: bootstrap(graph, scheduler=scheduler, num_workers=workers))
    # One pool of workers for both compute() calls; chunksize=1 hands out the
    # tasks one at a time (this scheduler sends them in batches of 6 by default).
    options = {"scheduler": "processes", "chunksize": 1}
    with ProcessPoolExecutor(workers) as pool:
        bootstrap(bootstrap_graph(CHUNKS), pool=pool, **options)  # starts the workers: untimed
        return timed(lambda: bootstrap(graph, pool=pool, **options))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resamples", type=at_least_one, default=RESAMPLES, help="default: %(default)s")
    parser.add_argument("--workers", type=at_least_one, default=2, help="default: %(default)s")
    parser.add_argument("--scheduler", choices=["threads", "processes", "synchronous"],
                        default="processes", help="Dask scheduler (default: %(default)s)")
    args = parser.parse_args()
    graph = bootstrap_graph(args.resamples)
    tasks = {key for part in graph for key in dict(part.dask)}  # the sample's node once
    print(f"Tasks in the graph: {len(tasks)}")
    bootstrap(bootstrap_graph(CHUNKS), scheduler="synchronous")  # Dask's first compute() sets up: untimed
    serial, time_serial = timed(lambda: bootstrap(graph, scheduler="synchronous"))
    means, time_dask = computed(graph, args.scheduler, args.workers)
    report(load_sample(), means)
    print(f"Same interval as the synchronous scheduler: {means == serial}")
    print(f"Workers: {args.workers}")
    print(f"Time serial: {time_serial:.2f} s with the synchronous scheduler")
    print(f"Time Dask: {time_dask:.2f} s with the {args.scheduler} scheduler")
    print(f"Speedup: {time_serial / time_dask:.2f}")


if __name__ == "__main__":
    main()
