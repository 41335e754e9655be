"""One task of a parameter sweep: the task's index picks its parameters.

The model is a simple stochastic epidemic (the Reed-Frost chain binomial):
in each generation, every susceptible person is infected by each infected
person with a small chance.  For each combination of the basic reproduction
number R0 and the population size, the task simulates many epidemics and
writes the mean final size and the chance of a major outbreak to one result
file of its own.

In a Slurm job array, each array task runs this script once with its own
index (SLURM_ARRAY_TASK_ID).  The result is written atomically, and a task
whose result file already exists does nothing, so resubmitting the array
after a crash or a time limit computes only what is missing: nothing
finished is computed again.
"""
import argparse
import itertools
import json
import os
import tempfile
from pathlib import Path

import numpy as np

SEED = 2026


# start-parameters
def parameter_sets():
    """Every combination of the parameters, in a fixed order: index i is task i."""
    return [{"r0": r0, "population": population}
            for r0, population in itertools.product((0.8, 1.5, 2.5, 4.0), (100, 1000))]
# end-parameters


# start-model
def final_sizes(r0, population, epidemics, rng):
    """Fraction of the population ever infected, for many epidemics at once."""
    chance = r0 / population          # one infected person infects one susceptible
    susceptible = np.full(epidemics, population - 1)
    infected = np.ones(epidemics, dtype=np.int64)
    total = infected.copy()
    while infected.any():
        new = rng.binomial(susceptible, 1 - (1 - chance) ** infected)
        susceptible -= new
        infected = new
        total += new
    return total / population
# end-model


# start-task
def result_path(results, index):
    return Path(results) / f"task-{index:03d}.json"


def write_atomically(path, data):
    """Write to a temporary file, then rename it: the result is all there or not at all."""
    # A new, unique file in the same folder (process ids repeat across nodes).
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(data, file)
            file.flush()
            os.fsync(file.fileno())     # on disk before the rename makes it visible
        os.replace(temporary, path)     # atomic: readers see no file or the whole file
    except BaseException:
        os.remove(temporary)            # a failed write leaves nothing behind
        raise


def run_task(index, results, epidemics):
    """Compute task `index` unless its result exists; return its result."""
    path = result_path(results, index)
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8")) | {"skipped": True}
    parameters = parameter_sets()[index]
    # The task's own random stream: the same numbers whichever node runs it, and when.
    rng = np.random.default_rng(np.random.SeedSequence(SEED, spawn_key=(index,)))
    sizes = final_sizes(parameters["r0"], parameters["population"], epidemics, rng)
    result = {"index": index, **parameters, "epidemics": epidemics,
              "mean_final_size": round(float(sizes.mean()), 4),
              "major_outbreak": round(float((sizes > 0.1).mean()), 4)}
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, result)
    return result
# end-task


def describe(result):
    return (f"task {result['index']}: R0 {result['r0']}, population {result['population']}: "
            f"mean final size {result['mean_final_size']:.4f}, "
            f"major outbreak {result['major_outbreak']:.4f}")


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=int, default=None,
                        help="which parameter set (default: $SLURM_ARRAY_TASK_ID)")
    parser.add_argument("--results", default="results/sweep", help="folder for the result files")
    parser.add_argument("--epidemics", type=at_least_one, default=50_000, help="epidemics per task")
    parser.add_argument("--list", action="store_true", help="list the parameter sets and stop")
    args = parser.parse_args()
    count = len(parameter_sets())
    if args.list:
        for index, parameters in enumerate(parameter_sets()):
            print(f"{index}: R0 {parameters['r0']}, population {parameters['population']}")
        print(f"Tasks: {count}; submit them with sbatch --array=0-{count - 1}")
        return
    index = args.index
    if index is None:
        array_index = os.environ.get("SLURM_ARRAY_TASK_ID", "")
        if not array_index.isdigit():
            parser.error("give --index, or run as a Slurm array task (SLURM_ARRAY_TASK_ID)")
        index = int(array_index)
    if not 0 <= index < count:
        parser.error(f"--index must be between 0 and {count - 1}")
    result = run_task(index, args.results, args.epidemics)
    if result.get("skipped"):
        print(f"Already done, not computed again: {describe(result)}")
    else:
        print(f"Computed {describe(result)}")
        print(f"Wrote {result_path(args.results, index)}")


if __name__ == "__main__":
    main()
