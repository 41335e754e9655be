"""Collect the results of a sweep: one table, and the tasks still missing.

Reads the result file of every parameter set.  A sweep with results missing
(tasks that failed, or a job that ran out of time) is reported with the
array indices to submit again, and the exit status is 1.
"""
import argparse
import json
import sys

import sweep


# start-listing
def collect(results):
    """(rows of the table, indices without a result)."""
    rows, missing = [], []
    for index in range(len(sweep.parameter_sets())):
        path = sweep.result_path(results, index)
        if path.exists():
            rows.append(json.loads(path.read_text(encoding="utf-8")))
        else:
            missing.append(index)
    return rows, missing
# end-listing


def as_ranges(indices):
    """[2, 3, 4, 7] -> '2-4,7', as sbatch --array takes it."""
    parts, start = [], None
    for position, index in enumerate(indices):
        if start is None:
            start = index
        if position + 1 == len(indices) or indices[position + 1] != index + 1:
            parts.append(str(start) if start == index else f"{start}-{index}")
            start = None
    return ",".join(parts)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", default="results/sweep", help="folder of the result files")
    args = parser.parse_args()
    rows, missing = collect(args.results)
    print(f"{'R0':>4} {'population':>10} {'mean final size':>16} {'major outbreak':>15}")
    for row in rows:
        print(f"{row['r0']:>4} {row['population']:>10} {row['mean_final_size']:>16.4f} "
              f"{row['major_outbreak']:>15.4f}")
    print(f"Results: {len(rows)} of {len(rows) + len(missing)}")
    if missing:
        listed = as_ranges(missing)
        print(f"Missing: {listed}; submit them again with: "
              f"sbatch --array={listed} examples/ep12_cluster/sweep_array.sh")
        sys.exit(1)


if __name__ == "__main__":
    main()
