"""Exercise solution: a bootstrap confidence interval as a Dask task graph.

The bootstrap estimates how uncertain a sample mean is: draw many resamples
(n values drawn with replacement from the sample), take the mean of each, and
read the 2.5th and 97.5th percentiles of those means.  The resamples are
independent, so they are tasks.  Three choices make the graph work well:

- the sample goes into the graph once, as its own node, instead of being
  copied into every task;
- each task does a batch of resamples, so there are few tasks and the
  scheduler's overhead (well under a millisecond per task) stays small;
- each batch gets its own seed, so the answer is the same with any
  scheduler, any number of workers, and equal to the serial loop.

The processes scheduler starts new worker processes for every compute()
unless it is given a pool: here one pool serves every compute(), and the
first compute(), which also starts the workers, is not timed.
"""
import argparse
import random
import statistics
import timeit
from concurrent.futures import ProcessPoolExecutor

import dask


# start-listing
def make_sample(size, seed):
    """The measured data: `size` values around 10 with spread 2."""
    rng = random.Random(seed)
    return [rng.gauss(10, 2) for _ in range(size)]


def resample_means(sample, count, seed):
    """Means of `count` bootstrap resamples of `sample`, drawn with this seed."""
    rng = random.Random(seed)
    return [statistics.fmean(rng.choices(sample, k=len(sample)))
            for _ in range(count)]


def join(parts):
    """One list from a list of lists."""
    return [value for part in parts for value in part]


def interval(means):
    """The middle 95 % of the resampled means."""
    cuts = statistics.quantiles(means, n=40)  # 39 cut points, 2.5 % apart
    return cuts[0], cuts[-1]


def batch_sizes(resamples, batch):
    """`resamples` cut into batches of `batch` (the last one may be smaller)."""
    return [min(batch, resamples - start) for start in range(0, resamples, batch)]


def bootstrap_graph(size, resamples, batch, seed):
    """One node for the sample, one task per batch, one join, one interval."""
    sample = dask.delayed(make_sample)(size, seed)
    # Batch b gets the seed "seed/b": no two batches share a random stream.
    batches = [dask.delayed(resample_means)(sample, count, f"{seed}/{b}")
               for b, count in enumerate(batch_sizes(resamples, batch))]
    return dask.delayed(interval)(dask.delayed(join)(batches))


def bootstrap_serial(size, resamples, batch, seed):
    """The same computation as a plain loop."""
    sample = make_sample(size, seed)
    return interval(join([resample_means(sample, count, f"{seed}/{b}")
                          for b, count in enumerate(batch_sizes(resamples, batch))]))
# end-listing


def median_seconds(call, repeats=3):
    return statistics.median(timeit.repeat(call, number=1, repeat=repeats))


def computed_and_timed(graph, **options):
    """The graph's result (the first compute(), untimed) and the median time of 3 more."""
    result = graph.compute(**options)  # with a pool, this also starts the workers
    return result, median_seconds(lambda: graph.compute(**options))


def compare(size, resamples, batch, seed, scheduler):
    graph = bootstrap_graph(size, resamples, batch, seed)
    print(f"Tasks in the graph: {len(dict(graph.dask))}")  # dict(): each task once
    serial = bootstrap_serial(size, resamples, batch, seed)
    serial_time = median_seconds(lambda: bootstrap_serial(size, resamples, batch, seed))
    if scheduler == "processes":
        with ProcessPoolExecutor() as pool:  # one pool of workers for every compute()
            (low, high), dask_time = computed_and_timed(graph, scheduler=scheduler, pool=pool)
    else:
        (low, high), dask_time = computed_and_timed(graph, scheduler=scheduler)

    sample = make_sample(size, seed)
    print(f"Sample mean: {statistics.fmean(sample):.3f}")
    print(f"95 % bootstrap interval: {low:.3f} to {high:.3f}")
    print(f"Same as the serial loop: {(low, high) == serial}")
    print(f"Time serial: {serial_time:.2f} s")
    print(f"Time Dask: {dask_time:.2f} s with the {scheduler} scheduler")
    print(f"Speedup: {serial_time / dask_time:.2f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resamples", type=int, default=12_000, help="bootstrap resamples")
    parser.add_argument("--batch", type=int, default=1000, help="resamples per task")
    parser.add_argument("--scheduler", choices=["threads", "processes", "synchronous"],
                        default="processes", help="Dask scheduler (default: %(default)s)")
    args = parser.parse_args()
    if args.resamples < 2 or args.batch < 1:
        parser.error("--resamples must be at least 2, --batch at least 1")
    compare(200, args.resamples, args.batch, 42, args.scheduler)


if __name__ == "__main__":
    main()
