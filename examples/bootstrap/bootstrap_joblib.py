"""Step 5 of Amira's bootstrap (episode 8): the chunks of step 3 as a joblib loop.

Exercise solution (episode 8).  The Pool.starmap of bootstrap_streams.py becomes
one joblib expression, Parallel(n_jobs=workers)(delayed(f)(...) for ...), over
the same plan: the same chunks with the same random streams, results in chunk
order.  So the interval is the one of step 3, to the last digit, for any
number of workers.  With n_jobs=1, joblib runs the loop in this process.
"""
import argparse

from amira import RESAMPLES, SEED, at_least_one, load_sample, report, resample_means
from bootstrap_streams import CHUNKS, plan
from joblib import Parallel, delayed


def bootstrap(sample, resamples, workers, chunks=CHUNKS, seed=SEED):
    """The means of every chunk's resamples, in chunk order, from `workers` joblib workers."""
    parts = Parallel(n_jobs=workers)(
        delayed(resample_means)(sample, count, chunk_seed)  # one task per chunk
        for count, chunk_seed in plan(resamples, chunks, seed))
    return [mean for part in parts for mean in part]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resamples", type=at_least_one, default=RESAMPLES, help="default: %(default)s")
    parser.add_argument("--workers", type=at_least_one, default=2, help="default: %(default)s")
    args = parser.parse_args()
    sample = load_sample()
    report(sample, bootstrap(sample, args.resamples, args.workers))
    print(f"Workers: {args.workers}")


if __name__ == "__main__":
    main()
