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
"""
import argparse
import random
import statistics
import time

import dask


def make_sample(size, seed):
    """The measured data: `size` values around 10 with spread 2."""
    rng = random.Random(seed)
    return [rng.gauss(10, 2) for _ in range(size)]


def resample_means(sample, count, seed):
    """Means of `count` bootstrap resamples of `sample`, drawn with this seed."""
    rng = random.Random(seed)
    return [statistics.fmean(rng.choices(sample, k=len(sample))) for _ in range(count)]


def join(parts):
    """One list from a list of lists."""
    return [value for part in parts for value in part]


def interval(means):
    """The middle 95 % of the resampled means."""
    cuts = statistics.quantiles(means, n=40)  # 39 cut points, 2.5 % apart
    return cuts[0], cuts[-1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=200,
                        help="values in the sample (default: %(default)s)")
    parser.add_argument("--resamples", type=int, default=4000,
                        help="number of bootstrap resamples (default: %(default)s)")
    parser.add_argument("--batch", type=int, default=500,
                        help="resamples per task (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=42,
                        help="seed for the sample and the resamples (default: %(default)s)")
    parser.add_argument("--scheduler", choices=["threads", "processes", "synchronous"],
                        default="processes", help="Dask scheduler (default: %(default)s)")
    args = parser.parse_args()
    if args.size < 2 or args.resamples < 2 or args.batch < 1:
        parser.error("--size and --resamples must be at least 2, --batch at least 1")
    if args.seed < 0:
        parser.error("--seed must be zero or positive")

    # Batch b gets the seed "seed/b": no two batches share a random stream.
    batches = [(b, min(args.batch, args.resamples - start))
               for b, start in enumerate(range(0, args.resamples, args.batch))]

    start = time.perf_counter()
    sample = make_sample(args.size, args.seed)
    serial = interval(join([resample_means(sample, count, f"{args.seed}/{b}")
                            for b, count in batches]))
    serial_time = time.perf_counter() - start

    # The same computation as a graph: one node for the sample, one per batch,
    # one to put the batches together and one for the interval.
    sample_node = dask.delayed(make_sample)(args.size, args.seed)
    batch_nodes = [dask.delayed(resample_means)(sample_node, count, f"{args.seed}/{b}")
                   for b, count in batches]
    all_means = dask.delayed(join)(batch_nodes)
    result = dask.delayed(interval)(all_means)
    print(f"Tasks in the graph: {len(dict(result.dask))}")  # dict(): each task once

    dask.delayed(len)([]).compute()  # the first compute() imports more of Dask
    start = time.perf_counter()
    low, high = result.compute(scheduler=args.scheduler)
    dask_time = time.perf_counter() - start

    print(f"Sample mean: {statistics.fmean(sample):.3f}")
    print(f"95 % bootstrap interval: {low:.3f} to {high:.3f}")
    print(f"Same as the serial loop: {(low, high) == serial}")
    print(f"Time serial: {serial_time:.2f} s")
    print(f"Time Dask:   {dask_time:.2f} s with the {args.scheduler} scheduler")


if __name__ == "__main__":
    main()
