"""Step 2 of Amira's bootstrap (episode 5): futures, as_completed and a progress count.

The resamples are cut into --tasks parts, more parts than workers, and part
number p draws its resamples with the seed (seed, p).  Each part is submitted
to a ProcessPoolExecutor on its own; as_completed() hands the parts back as
they finish, in any order, and a line reports each one.  The interval does
not depend on that order: the percentiles of the means are the same in any
order.

Exercise (episode 6): start from your my_bootstrap.py of episode 5, or copy
this file to my_bootstrap.py, in this folder.  Keep 20 chunks whatever the
number of workers, and give chunk c the seed
numpy.random.SeedSequence(SEED).spawn(20)[c] instead of (seed, c).  Time the
bootstrap with 1 worker and with --workers, print the speedup, and check that
both runs give the same interval.  The solution is bootstrap_streams.py.
"""
import argparse
from concurrent.futures import ProcessPoolExecutor, as_completed

from amira import RESAMPLES, SEED, at_least_one, load_sample, report, resample_means


def bootstrap(sample, resamples, workers, tasks, seed):
    """The means of all the resamples, drawn in `tasks` parts by `workers` processes."""
    share, extra = divmod(resamples, tasks)
    # Part p: its share of the resamples, and a seed of its own, (seed, p).
    parts = [(sample, share + (p < extra), (seed, p)) for p in range(tasks)]
    means = []
    with ProcessPoolExecutor(max_workers=workers) as executor:
        futures = [executor.submit(resample_means, *part) for part in parts]
        for done, future in enumerate(as_completed(futures), start=1):
            means += future.result()  # the parts come in the order they finish
            print(f"Done {done} of {tasks} parts")
    return means


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resamples", type=at_least_one, default=RESAMPLES, help="default: %(default)s")
    parser.add_argument("--tasks", type=at_least_one, default=20, help="default: %(default)s")
    parser.add_argument("--workers", type=at_least_one, default=2, help="default: %(default)s")
    args = parser.parse_args()
    sample = load_sample()
    report(sample, bootstrap(sample, args.resamples, args.workers, args.tasks, SEED))
    print(f"Workers: {args.workers}")


if __name__ == "__main__":
    main()
