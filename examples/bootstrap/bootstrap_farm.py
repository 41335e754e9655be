"""Step 7 of Amira's bootstrap (episode 12): a farm that a cluster may stop and start again.

Each chunk of bootstrap_streams.plan() writes its resample means to a file of
its own (results/bootstrap/chunk-0007.npy), atomically: a unique temporary
file in the results folder, then os.replace.  A chunk whose file exists is
not computed again, so a job killed at its time limit loses only the chunks
that were running: submit it again and nothing finished is computed again.
The pool has as many workers as episode 1's usable_cores() gives (the
smallest limit wins; this folder holds a copy of count_cores.py, episode 1's
file).  With --task and --tasks, the array tasks of a Slurm job array share
the chunks: array task t of T runs chunks t, t + T, t + 2T, ...
Whichever run finds every chunk file there (or --collect) prints the
interval, the same to the last digit as episode 6's for any split.
"""
import argparse
import os
import tempfile
from multiprocessing import Pool
from pathlib import Path

import numpy as np
from amira import RESAMPLES, SEED, at_least_one, load_sample, report, resample_means
from bootstrap_streams import CHUNKS, plan
from count_cores import usable_cores


# start-listing
def chunk_path(results, chunk):
    return Path(results) / f"chunk-{chunk:04d}.npy"


def write_atomically(path, means):
    """A unique temporary file beside `path`, then a rename: the file is whole or absent."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            np.save(file, np.asarray(means))
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        os.remove(temporary)
        raise


def run_chunk(sample, chunk, count, seed, results):
    """One task of the pool: one chunk's resamples, written to the chunk's file."""
    write_atomically(chunk_path(results, chunk), resample_means(sample, count, seed))


def farm(sample, resamples, results, workers, chunks):
    """Compute those of `chunks` that have no file yet; return how many that was."""
    work = plan(resamples, CHUNKS, SEED)
    todo = [c for c in chunks if not chunk_path(results, c).exists()]
    if todo:
        Path(results).mkdir(parents=True, exist_ok=True)
        with Pool(workers) as pool:
            pool.starmap(run_chunk, [(sample, c, *work[c], results) for c in todo])
    return len(todo)


def collect(results):
    """Every chunk's means, in chunk order; None while a chunk file is missing."""
    paths = [chunk_path(results, c) for c in range(CHUNKS)]
    if not all(path.exists() for path in paths):
        return None
    return [mean for path in paths for mean in np.load(path)]
# end-listing


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resamples", type=at_least_one, default=RESAMPLES, help="default: %(default)s")
    parser.add_argument("--results", default="results/bootstrap", help="folder of the chunk files")
    parser.add_argument("--workers", type=at_least_one, default=None,
                        help="default: the usable cores (episode 1's rule)")
    parser.add_argument("--task", type=int, default=0, help="this array task, 0 to --tasks - 1")
    parser.add_argument("--tasks", type=at_least_one, default=1, help="array tasks that share the chunks")
    parser.add_argument("--collect", action="store_true", help="compute nothing; print the interval")
    args = parser.parse_args()
    if not 0 <= args.task < args.tasks:
        parser.error(f"--task must be between 0 and {args.tasks - 1} (--tasks - 1)")
    sample = load_sample()
    if not args.collect:
        workers = args.workers or usable_cores()
        chunks = range(args.task, CHUNKS, args.tasks)
        computed = farm(sample, args.resamples, args.results, workers, chunks)
        print(f"Workers: {workers}")
        print(f"Chunks: {len(chunks)} of {CHUNKS} for this run, "
              f"{len(chunks) - computed} of them already done")
    means = collect(args.results)
    if means is None:
        done = sum(chunk_path(args.results, c).exists() for c in range(CHUNKS))
        print(f"Chunks done: {done} of {CHUNKS}; once every array task has ended, "
              f"run this with --collect")
        raise SystemExit(1 if args.collect else 0)
    if not args.collect and len(means) != args.resamples:
        raise SystemExit(f"{args.results} holds {len(means)} resamples, not {args.resamples}: "
                         "give each run a --results folder of its own")
    report(sample, means)


if __name__ == "__main__":
    main()
