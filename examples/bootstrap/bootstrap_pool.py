"""Step 1 of Amira's bootstrap (episode 4): the resamples handed out by a Pool.

The resamples are split into one part per worker, and each part draws them
from a random stream of its own, seeded with (seed, part number).
Pool.starmap runs amira.resample_means once per part, and the parts' means,
joined, give the interval.  How the work is cut decides the streams, so the
interval moves a little, within the bootstrap's own noise, when the number of
workers changes; a fixed number of parts (episode 5) makes it the same for
any number of workers.

Exercise (episode 5): start from your my_bootstrap.py of episode 4, or copy
this file to my_bootstrap.py, in this folder.  Cut the resamples into --tasks
parts (default 20, more parts than workers), part p seeded (seed, p); submit
each part to a concurrent.futures.ProcessPoolExecutor and collect them with
as_completed(), printing a line such as "Done 3 of 20 parts" as each part
finishes.  Run it with --workers 1, 2 and 4.  The solution is
bootstrap_futures.py.
"""
import argparse
from multiprocessing import Pool

from amira import RESAMPLES, SEED, at_least_one, load_sample, report, resample_means


def bootstrap(sample, resamples, workers, seed):
    """The means of all the resamples, drawn by a pool: one part per worker."""
    share, extra = divmod(resamples, workers)
    # Part p: its share of the resamples, and a seed of its own, (seed, p).
    parts = [(sample, share + (p < extra), (seed, p)) for p in range(workers)]
    with Pool(workers) as pool:
        means = pool.starmap(resample_means, parts)  # one list of means per part, in order
    return [mean for part in means for mean in part]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resamples", type=at_least_one, default=RESAMPLES, help="default: %(default)s")
    parser.add_argument("--workers", type=at_least_one, default=2, help="default: %(default)s")
    args = parser.parse_args()
    sample = load_sample()
    report(sample, bootstrap(sample, args.resamples, args.workers, SEED))
    print(f"Workers: {args.workers}")


if __name__ == "__main__":
    main()
