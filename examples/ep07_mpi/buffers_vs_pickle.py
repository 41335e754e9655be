"""Lower-case methods send pickled objects; upper-case methods send buffers.

comm.send, comm.recv and comm.bcast accept any Python object: mpi4py pickles
it into bytes, sends the bytes, and the receiver unpickles a new object.
comm.Send, comm.Recv and comm.Bcast send the memory of a NumPy array (a
buffer) as it is: the receiver provides an array of the right size and type
to receive into, and nothing is pickled.  This script times both ways for the
same array and checks that every rank received the right numbers.
"""
import argparse
import math
import statistics

import numpy as np
from mpi4py import MPI


# start-listing
def pickled_send(comm, data):
    """Rank 0 sends any Python object; rank 1 receives a new, unpickled one."""
    if comm.Get_rank() == 0:
        comm.send(data, dest=1)
    elif comm.Get_rank() == 1:
        return comm.recv(source=0)


def buffer_send(comm, data, n):
    """Rank 0 sends an array's memory; rank 1 provides the array to receive into."""
    if comm.Get_rank() == 0:
        comm.Send(data, dest=1)
    elif comm.Get_rank() == 1:
        buffer = np.empty(n, dtype=np.float64)
        comm.Recv(buffer, source=0)
        return buffer


def pickled_bcast(comm, data):
    return comm.bcast(data, root=0)  # every rank gets a new object


def buffer_bcast(comm, data, n):
    buffer = data if comm.Get_rank() == 0 else np.empty(n, dtype=np.float64)
    comm.Bcast(buffer, root=0)  # received in place, into every rank's buffer
    return buffer
# end-listing


def time_per_call(comm, transfer, repeats=3, at_least=0.2):
    """Median seconds per call of transfer(), over `repeats` repetitions.

    The ranks start each repetition together (Barrier).  One repetition calls
    transfer() often enough to last about `at_least` seconds: rank 0 decides
    how often from a timed call and tells the other ranks.  Returns the
    median and what the last call returned.
    """
    transfer()  # the first call also sets up MPI's connections: not timed
    comm.Barrier()
    start = MPI.Wtime()
    transfer()
    comm.Barrier()
    calls = comm.bcast(max(1, math.ceil(at_least / (MPI.Wtime() - start))), root=0)
    times = []
    for _ in range(repeats):
        comm.Barrier()
        start = MPI.Wtime()
        for _ in range(calls):
            result = transfer()
        comm.Barrier()
        times.append((MPI.Wtime() - start) / calls)
    return statistics.median(times), result


def compare(megabytes):
    comm = MPI.COMM_WORLD
    rank, size = comm.Get_rank(), comm.Get_size()
    n = max(1, int(megabytes * 1e6) // 8)
    # Every rank can make the expected data itself, to check what it receives.
    expected = np.arange(n, dtype=np.float64)
    data = expected.copy() if rank == 0 else None

    ways = {"bcast (pickled)": lambda: pickled_bcast(comm, data),
            "Bcast (buffer)": lambda: buffer_bcast(comm, data, n)}
    if size > 1:  # point to point needs a rank 1
        ways = {"send/recv (pickled)": lambda: pickled_send(comm, data),
                "Send/Recv (buffer)": lambda: buffer_send(comm, data, n), **ways}
    times, correct = {}, True
    for name, transfer in ways.items():
        times[name], received = time_per_call(comm, transfer)
        if received is not None:  # this rank received something: check it
            correct = correct and np.array_equal(received, expected)

    # Every rank checked its own data; MPI.LAND is "and" over all the ranks.
    all_correct = comm.allreduce(bool(correct), op=MPI.LAND)
    if rank == 0:
        print(f"Array: {n} float64 numbers ({n * 8 / 1e6:g} MB); ranks: {size}")
        if size == 1:
            print("send/recv needs 2 ranks: run with mpiexec -n 2 or more to time it")
        for name, seconds in times.items():
            print(f"Time {name}: {seconds * 1e3:.3f} ms")
        print(f"Received data correct on every rank: {'yes' if all_correct else 'NO'}")


def positive(text):
    """argparse type: a number more than 0."""
    if float(text) <= 0:
        raise argparse.ArgumentTypeError(f"{text} is not more than 0")
    return float(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=positive, default=8, help="size of the array sent")
    args = parser.parse_args()
    compare(args.megabytes)


if __name__ == "__main__":
    main()
