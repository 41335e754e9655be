"""Start processes and wait for them: Process start/join, names and current_process().

Each process runs the target function in a Python of its own, with its own
memory and its own process id.  multiprocessing.current_process() tells code
which process it runs in: the name we gave it, or MainProcess in the program
we started.  After join(), the parent reads each child's exit code.
"""
import argparse
import multiprocessing
import os


# start-listing
def greet(greeting):
    me = multiprocessing.current_process()
    print(f"{greeting} from {me.name} (pid {me.pid}, parent pid {os.getppid()})")


def start_and_join(count):
    me = multiprocessing.current_process()
    print(f"The main program runs in {me.name} (pid {os.getpid()})")
    processes = [multiprocessing.Process(target=greet, args=("Hello",), name=f"worker-{i}")
                 for i in range(count)]
    for process in processes:
        process.start()          # a new process begins to run greet("Hello")
    for process in processes:
        process.join()           # wait until it has finished
    for process in processes:
        print(f"{process.name} finished with exit code {process.exitcode}")
# end-listing


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=at_least_one, default=3,
                        help="number of processes to start (default: %(default)s)")
    args = parser.parse_args()
    start_and_join(args.processes)


if __name__ == "__main__":
    main()
