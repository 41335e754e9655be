"""Dask's client.map treats functions as pure: identical calls run only once.

client.submit and client.map name each task after the function and its
arguments (a hash of them).  Two calls with the same function and the same
arguments get the same name, so Dask computes the result once and hands the
same value to both: right for a function whose result depends only on its
arguments (a pure function), wrong for one that draws random numbers.  A
simulation mapped over identical arguments then gives one value, repeated.
With pure=False every call is a task of its own.
"""
import argparse
import random

from distributed import Client, LocalCluster


# start-listing
def simulate(mean):
    """A stochastic task: one random draw around `mean` (not a pure function)."""
    return random.gauss(mean, 1.0)


def draws(client, runs, pure):
    """Map `simulate` over `runs` identical arguments and gather the results."""
    futures = client.map(simulate, [10.0] * runs, pure=pure)
    tasks = len({future.key for future in futures})  # a task per distinct name
    default = " (the default)" if pure else ""
    plural = "s" if tasks != 1 else ""
    print(f"pure={pure}{default}: {tasks} task{plural} for {runs} calls")
    return client.gather(futures)
# end-listing


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=at_least_one, default=5, help="identical calls to map")
    args = parser.parse_args()

    # Workers as threads of this process: starts in a moment, enough to show the point.
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        for pure in (True, False):
            values = draws(client, args.runs, pure)
            print(f"Values: {', '.join(f'{v:.3f}' for v in values)}")
            print(f"Different values with pure={pure}: {len(set(values))}")


if __name__ == "__main__":
    main()
