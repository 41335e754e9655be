"""Step 4 of Amira's bootstrap (episode 7): the chunks shared out among MPI ranks.

    mpiexec -n 4 python -m mpi4py bootstrap_mpi.py

The plan is the one of bootstrap_streams.py: the resamples cut into CHUNKS
chunks, each with its own random stream.  Every rank works out the same plan
and draws its own chunks, rank, rank + size, ...; rank 0 gathers the
(chunk, means) pairs of every rank, puts them back in chunk order and is the
only rank that prints.  The interval is the same for any number of ranks.
"""
import argparse

from amira import RESAMPLES, SEED, at_least_one, load_sample, report, resample_means
from bootstrap_streams import CHUNKS, plan
from mpi4py import MPI


def bootstrap(sample, resamples, comm):
    """All the means, in chunk order, on rank 0; None on the other ranks."""
    rank, size = comm.Get_rank(), comm.Get_size()
    chunks = plan(resamples, CHUNKS, SEED)  # the same on every rank
    # Deal the chunks out like cards: this rank takes rank, rank + size, ...
    mine = []
    for c in range(rank, CHUNKS, size):
        count, chunk_seed = chunks[c]
        mine.append((c, resample_means(sample, count, chunk_seed)))
    parts = comm.gather(mine, root=0)  # rank 0: one list of pairs per rank
    if rank != 0:
        return None
    pairs = sorted((pair for part in parts for pair in part), key=lambda pair: pair[0])
    return [mean for _, means in pairs for mean in means]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resamples", type=at_least_one, default=RESAMPLES, help="default: %(default)s")
    args = parser.parse_args()
    comm = MPI.COMM_WORLD
    sample = load_sample()
    means = bootstrap(sample, args.resamples, comm)
    if comm.Get_rank() == 0:
        report(sample, means)
        print(f"Ranks: {comm.Get_size()}")


if __name__ == "__main__":
    main()
