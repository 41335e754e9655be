"""Step 3 of Amira's bootstrap (episode 6): chunks with their own random streams.

The resamples are cut into a fixed number of chunks, whatever the number of
workers, and numpy.random.SeedSequence(SEED).spawn(chunks) gives each chunk an
independent stream of its own.  Which worker draws a chunk then changes
nothing: the interval is the same, to the last digit, for 1, 2 or 40 workers.
The run times one worker against --workers and prints the speedup.

Exercise (episode 7): start from your my_bootstrap.py of episode 6, or copy
this file to my_bootstrap.py, in this folder, and make it an MPI program:
every rank computes the same plan(resamples, CHUNKS, SEED) and draws the
chunks rank, rank + size, ...; rank 0 gathers the (chunk index, means) pairs,
puts them in chunk order, and alone prints the report and "Ranks: N".  Drop
the Pool, the timings and --workers; keep --resamples.  Run it with 1, 2 and
4 ranks:

    mpiexec -n 4 python -m mpi4py examples/bootstrap/my_bootstrap.py

The solution is bootstrap_mpi.py.

Episodes 8, 9 and 12 start their exercises from this file too: copy it again
to my_bootstrap.py, in this folder, and run it with
python examples/bootstrap/my_bootstrap.py --workers 4.
  Episode 8: replace the Pool with joblib's Parallel(n_jobs=workers), one
  delayed(resample_means)(...) per chunk; print the report and "Workers: N".
  The solution is bootstrap_joblib.py.
  Episode 9: copy the sample once into a SharedMemory block that the pool's
  initializer attaches to by name; tasks send only (count, seed).  The
  solution is bootstrap_shared.py.
  Episode 12: each chunk's means go to a file of their own, written
  atomically and skipped when present; --task and --tasks share the chunks
  among the tasks of a job array.  The solution is bootstrap_farm.py.
"""
import argparse
import time
from multiprocessing import Pool

import numpy as np
from amira import RESAMPLES, SEED, at_least_one, load_sample, report, resample_means

CHUNKS = 20


def plan(resamples, chunks, seed):
    """(count, seed sequence) for each chunk: the work, cut the same way every time."""
    seeds = np.random.SeedSequence(seed).spawn(chunks)
    share, extra = divmod(resamples, chunks)
    return [(share + (c < extra), seeds[c]) for c in range(chunks)]


def bootstrap(sample, resamples, workers, chunks=CHUNKS, seed=SEED):
    """The means of every chunk's resamples, in chunk order, from a pool of `workers`."""
    tasks = [(sample, count, chunk_seed) for count, chunk_seed in plan(resamples, chunks, seed)]
    with Pool(workers) as pool:
        parts = pool.starmap(resample_means, tasks)  # one task per chunk, results in order
    return [mean for part in parts for mean in part]


def timed(sample, resamples, workers):
    start = time.perf_counter()
    means = bootstrap(sample, resamples, workers)
    return means, time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resamples", type=at_least_one, default=RESAMPLES, help="default: %(default)s")
    parser.add_argument("--workers", type=at_least_one, default=2, help="default: %(default)s")
    args = parser.parse_args()
    sample = load_sample()
    one, time_one = timed(sample, args.resamples, 1)
    means, time_many = timed(sample, args.resamples, args.workers)
    report(sample, means)
    print(f"Same interval with 1 worker: {one == means}")
    print(f"Time with 1 worker: {time_one:.2f} s")
    print(f"Time with {args.workers} worker{'s' * (args.workers != 1)}: {time_many:.2f} s")
    print(f"Speedup: {time_one / time_many:.2f}")


if __name__ == "__main__":
    main()
