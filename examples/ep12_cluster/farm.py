"""A task farm: one job, one pool, every missing task of the sweep.

Instead of one Slurm array task per parameter set, one job asks for several
cores (--cpus-per-task) and runs a process pool of that size over the tasks.
Each worker writes its task's result file atomically as soon as it is done,
so a farm killed halfway (a time limit, scancel, a crash) loses only the
tasks that were running, and the next run computes just those that are
missing.
"""
import argparse
from concurrent.futures import ProcessPoolExecutor, as_completed

import pool_size
import sweep


# start-listing
def missing(results):
    """Indices of the parameter sets that have no result file yet."""
    return [index for index in range(len(sweep.parameter_sets()))
            if not sweep.result_path(results, index).exists()]


def farm(results, epidemics, workers):
    """Run every missing task on a pool; print each result as it arrives."""
    todo = missing(results)
    print(f"Tasks: {len(sweep.parameter_sets())}, missing: {len(todo)}", flush=True)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(sweep.run_task, index, results, epidemics) for index in todo]
        for future in as_completed(futures):
            result = future.result()
            done = "Already done" if result.get("skipped") else "Computed"
            print(f"{done} {sweep.describe(result)}", flush=True)
# end-listing


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", default="results/sweep", help="folder for the result files")
    parser.add_argument("--epidemics", type=sweep.at_least_one, default=50_000, help="epidemics per task")
    args = parser.parse_args()
    workers = pool_size.report()
    farm(args.results, args.epidemics, workers)
    print(f"All results are in {args.results}")


if __name__ == "__main__":
    main()
