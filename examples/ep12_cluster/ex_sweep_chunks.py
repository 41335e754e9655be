"""Exercise solution: several parameter sets per array task.

A job array of thousands of one-second tasks spends more time being
scheduled than computing, and clusters limit the size of an array
(MaxArraySize).  Give each array task a block of consecutive parameter
sets instead: array task i runs sets i*k to i*k+k-1.  Each set still gets
its own result file, written atomically, so the sweep stays resumable and
collect.py works unchanged.
"""
import argparse
import math
import os

import sweep


# start-listing
def block(array_index, per_task, count):
    """The parameter sets array task `array_index` runs, `per_task` at a time."""
    first = array_index * per_task
    return range(first, min(first + per_task, count))


def run_block(array_index, per_task, results, epidemics):
    for index in block(array_index, per_task, len(sweep.parameter_sets())):
        result = sweep.run_task(index, results, epidemics)
        done = "Already done" if result.get("skipped") else "Computed"
        print(f"{done} {sweep.describe(result)}")
# end-listing


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=int, default=None,
                        help="the array index (default: $SLURM_ARRAY_TASK_ID)")
    parser.add_argument("--per-task", type=sweep.at_least_one, default=3,
                        help="parameter sets per array task")
    parser.add_argument("--results", default="results/sweep", help="folder for the result files")
    parser.add_argument("--epidemics", type=sweep.at_least_one, default=50_000,
                        help="epidemics per parameter set")
    args = parser.parse_args()
    tasks = math.ceil(len(sweep.parameter_sets()) / args.per_task)
    index = args.index
    if index is None:
        array_index = os.environ.get("SLURM_ARRAY_TASK_ID", "")
        if not array_index.isdigit():
            parser.error("give --index, or run as a Slurm array task (SLURM_ARRAY_TASK_ID)")
        index = int(array_index)
    if not 0 <= index < tasks:
        parser.error(f"--index must be between 0 and {tasks - 1} "
                     f"(submit with --array=0-{tasks - 1})")
    run_block(index, args.per_task, args.results, args.epidemics)


if __name__ == "__main__":
    main()
