"""Wall time versus CPU time, for a job that waits and a job that computes.

time.perf_counter() is a stopwatch: it measures wall time, what you wait for.
time.process_time() counts only the time the processor spent running this
process (all its threads, but not its child processes).  While a program
sleeps, or waits for a disk or a network, the first clock runs on and the
second stands still.
"""
import argparse
import time


# start-listing
def sleeping_job(seconds):
    """Wait without computing anything."""
    time.sleep(seconds)


def computing_job(n):
    """Add up the squares below n in pure Python: nothing but computing."""
    return sum(x * x for x in range(n))


def measure(job, argument):
    """Run job(argument); return its result, wall time and CPU time (seconds)."""
    wall_start, cpu_start = time.perf_counter(), time.process_time()
    result = job(argument)
    return result, time.perf_counter() - wall_start, time.process_time() - cpu_start
# end-listing


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def positive(text):
    """argparse type: a number more than 0."""
    if float(text) <= 0:
        raise argparse.ArgumentTypeError(f"{text} is not more than 0")
    return float(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sleep", type=positive, default=0.5,
                        help="seconds the sleeping job waits (default: %(default)s)")
    parser.add_argument("--n", type=at_least_one, default=5_000_000,
                        help="the computing job adds the squares below n "
                        "(default: %(default)s)")
    args = parser.parse_args()

    _, sleep_wall, sleep_cpu = measure(sleeping_job, args.sleep)
    total, compute_wall, compute_cpu = measure(computing_job, args.n)

    print(f"Sum of the squares below {args.n}: {total}")
    for job, wall, cpu in (("sleeping job", sleep_wall, sleep_cpu),
                           ("computing job", compute_wall, compute_cpu)):
        print(f"Time, {job}: wall {wall:.3f} s, CPU {cpu:.3f} s")
        print(f"CPU / wall, {job}: {cpu / wall:.2f}")

if __name__ == "__main__":
    main()
