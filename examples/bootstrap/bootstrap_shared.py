"""Step 6 of Amira's bootstrap (episode 9): the sample shared once, not pickled into every task.

bootstrap_streams.py sends the whole sample with each of its chunks.  Here the
parent copies the sample once into a multiprocessing.shared_memory block; each
worker attaches to the block by name in the pool's initializer and keeps a
NumPy view of it, so a task sends only (count, seed).  The chunks and their
random streams are those of bootstrap_streams.plan: the interval is the same,
to the last digit, for any number of workers.
"""
import argparse
from multiprocessing import Pool, shared_memory

import numpy as np
from amira import RESAMPLES, SEED, at_least_one, load_sample, report, resample_means
from bootstrap_streams import CHUNKS, plan

worker = {}  # filled in each worker by attach()


# start-listing
def attach(name, shape, dtype):
    """Pool initializer: attach to the block by name, keep a NumPy view of the sample."""
    worker["block"] = shared_memory.SharedMemory(name=name)
    worker["sample"] = np.ndarray(shape, dtype=dtype, buffer=worker["block"].buf)


def chunk_means(count, seed):
    """One task: one chunk's resamples, drawn from the shared sample."""
    return resample_means(worker["sample"], count, seed)


def bootstrap(sample, resamples, workers, chunks=CHUNKS, seed=SEED):
    block = shared_memory.SharedMemory(create=True, size=sample.nbytes)
    try:
        try:
            shared = np.ndarray(sample.shape, dtype=sample.dtype, buffer=block.buf)
            shared[:] = sample  # the one copy
            with Pool(workers, initializer=attach,
                      initargs=(block.name, sample.shape, sample.dtype)) as pool:
                parts = pool.starmap(chunk_means, plan(resamples, chunks, seed))
            del shared          # no view may be used after close()
        finally:
            block.close()
    finally:
        block.unlink()          # its own finally: runs even if close() raises
    return [mean for part in parts for mean in part]
# end-listing


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
