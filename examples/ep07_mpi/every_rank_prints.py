"""Every rank prints: what the terminal shows when several ranks write at once.

Each rank prints one line, piece by piece, with a little work (here a short
sleep) between the pieces, as a program does that reports its progress on
one line.  Python keeps what a rank prints in a buffer and writes it out
when the buffer is full or the program ends, because a rank's output goes
to mpiexec through a pipe, not straight to the terminal.  So each rank's
line arrives whole, although the order of the ranks changes from run to run.
With unbuffered output (`python -u`, or PYTHONUNBUFFERED=1, which some
clusters and editors set) every piece is written at once, and the pieces
from different ranks mix on the same lines.
"""
import argparse
import time

from mpi4py import MPI


def report_progress(steps):
    """Print 'rank r: step 1 ... step n done' on one line, a piece at a time."""
    comm = MPI.COMM_WORLD
    rank = comm.Get_rank()
    comm.Barrier()  # all ranks start printing at the same moment
    print(f"rank {rank}:", end="")
    for step in range(1, steps + 1):
        time.sleep(0.05)  # a little work between two pieces of the line
        print(f" step {step}", end="")
    print(" done")


def main():
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    report_progress(steps=3)


if __name__ == "__main__":
    main()
