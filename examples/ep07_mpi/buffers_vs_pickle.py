"""Lower-case methods send pickled objects; upper-case methods send buffers.

comm.send, comm.recv and comm.bcast accept any Python object: mpi4py pickles
it into bytes, sends the bytes, and the receiver unpickles a new object.
comm.Send, comm.Recv and comm.Bcast send the memory of a NumPy array (a
buffer) as it is: the receiver provides an array of the right size and type
to receive into, and nothing is pickled.  This script times both ways for the
same large array and checks that every rank received the right numbers.
"""
import argparse
import contextlib
import io
import statistics

import numpy as np
from mpi4py import MPI


@contextlib.contextmanager
def only_rank0_prints(comm):
    """Inside this block, what ranks other than 0 print goes nowhere."""
    if comm.Get_rank() == 0:
        yield
    else:
        nowhere = io.StringIO()
        with contextlib.redirect_stdout(nowhere), contextlib.redirect_stderr(nowhere):
            yield


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=8,
                        help="size of the array sent (default: %(default)s)")
    parser.add_argument("--repeats", type=int, default=5,
                        help="time each way this many times and report the median "
                             "(default: %(default)s)")
    args = parser.parse_args()
    if args.megabytes <= 0:
        parser.error("--megabytes must be more than 0")
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")
    return args


def timed(comm, repeats, transfer):
    """Median wall time of transfer() over `repeats` runs, ranks starting together."""
    times = []
    for _ in range(repeats):
        comm.Barrier()
        start = MPI.Wtime()
        result = transfer()
        comm.Barrier()
        times.append(MPI.Wtime() - start)
    return statistics.median(times), result


def main():
    comm = MPI.COMM_WORLD
    with only_rank0_prints(comm):
        args = parse_args()
    rank, size = comm.Get_rank(), comm.Get_size()
    n = max(1, int(args.megabytes * 1e6) // 8)
    # Every rank can make the expected data itself, to check what it receives.
    expected = np.arange(n, dtype=np.float64)
    data = expected.copy() if rank == 0 else None
    timings, correct = {}, True

    # Point to point, rank 0 to rank 1 (the others only take part in the barriers).
    if size > 1:
        def lower():
            if rank == 0:
                comm.send(data, dest=1)
            elif rank == 1:
                return comm.recv(source=0)  # a new array, unpickled

        def upper():
            if rank == 0:
                comm.Send(data, dest=1)
            elif rank == 1:
                buffer = np.empty(n, dtype=np.float64)  # the receiver provides the memory
                comm.Recv(buffer, source=0)
                return buffer

        seconds, from_send = timed(comm, args.repeats, lower)
        timings["send/recv", "pickled object"] = seconds
        seconds, from_Send = timed(comm, args.repeats, upper)
        timings["Send/Recv", "NumPy buffer"] = seconds
        if rank == 1:  # the receiver checks what it got
            correct = (np.array_equal(from_send, expected)
                       and np.array_equal(from_Send, expected))

    # Broadcast from rank 0 to every rank.
    def lower_bcast():
        return comm.bcast(data, root=0)

    def upper_bcast():
        buffer = data if rank == 0 else np.empty(n, dtype=np.float64)
        comm.Bcast(buffer, root=0)
        return buffer

    seconds, from_bcast = timed(comm, args.repeats, lower_bcast)
    timings["bcast", "pickled object"] = seconds
    seconds, from_Bcast = timed(comm, args.repeats, upper_bcast)
    timings["Bcast", "NumPy buffer"] = seconds
    correct = (correct and np.array_equal(from_bcast, expected)
               and np.array_equal(from_Bcast, expected))

    # Every rank checked its own data; MPI.LAND is "and" over all the ranks.
    all_correct = comm.allreduce(bool(correct), op=MPI.LAND)
    if rank == 0:
        print(f"Array: {n} float64 numbers ({n * 8 / 1e6:g} MB); ranks: {size}; "
              f"median of {args.repeats} repeats")
        if size == 1:
            print("send/recv needs 2 ranks: run with mpiexec -n 2 or more to time it")
        for (method, kind), seconds in timings.items():
            print(f"Time {method:9} ({kind}): {seconds * 1e3:8.2f} ms")
        print(f"Received data correct on every rank: {'yes' if all_correct else 'NO'}")


if __name__ == "__main__":
    main()
