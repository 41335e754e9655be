"""Step 0 of Amira's bootstrap: every resample in one loop, on one core.

Exercise (episode 4): copy this file to my_bootstrap.py, in this folder, and
make bootstrap() hand out the resamples to a multiprocessing.Pool: add a
--workers option, split the resamples into one part per worker, give each
part its own seed, run the parts with pool.starmap, join the parts' means,
and print "Workers: N" after the report.  Keep my_bootstrap.py: episode 5
starts from it.  Run it with python examples/bootstrap/my_bootstrap.py
--workers 4.  The solution is bootstrap_pool.py.
"""
import argparse

from amira import RESAMPLES, SEED, at_least_one, load_sample, report, resample_means


def bootstrap(sample, resamples, seed):
    """The means of all the resamples, drawn one after the other."""
    return resample_means(sample, resamples, seed)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resamples", type=at_least_one, default=RESAMPLES, help="default: %(default)s")
    args = parser.parse_args()
    sample = load_sample()
    report(sample, bootstrap(sample, args.resamples, SEED))


if __name__ == "__main__":
    main()
