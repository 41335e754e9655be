"""Random numbers after fork: when do worker processes draw the same numbers?

NumPy's legacy functions (np.random.random(), np.random.seed(), ...) share
one global generator.  A forked child starts as a copy of its parent, that
generator's state included.  So when the parent has seeded it, or drawn from
it, before starting the workers, every forked worker continues from the same
state and draws the very same numbers.  A parent that never touched
np.random gives no such copy: each child sets the generator up on first use,
from the operating system's entropy, and draws its own numbers.  Under spawn
and forkserver the workers start a fresh interpreter and never inherit the
parent's state at all.

--parent seed     the parent calls np.random.seed(42) before the workers start
--parent draw     the parent draws one number from np.random first
--parent nothing  the parent leaves np.random alone
"""
import argparse
import multiprocessing

import numpy as np


# start-listing
def touch_global_generator(parent):
    """What the parent does with NumPy's global generator before the workers start."""
    if parent == "seed":
        np.random.seed(42)
    elif parent == "draw":
        np.random.random()


def draw(queue):
    """In a worker: draw three numbers from NumPy's global generator."""
    queue.put(tuple(np.random.random(3).round(6)))


def draws_of_workers(workers, context):
    """Start `workers` processes, each drawing once; return their draws."""
    queue = context.Queue()
    processes = [context.Process(target=draw, args=(queue,)) for _ in range(workers)]
    for process in processes:
        process.start()
    draws = [queue.get() for _ in processes]
    for process in processes:
        process.join()
    return draws
# end-listing


def at_least_two(text):
    """argparse type: a whole number, 2 or more."""
    if int(text) < 2:
        raise argparse.ArgumentTypeError(f"{text} is not 2 or more")
    return int(text)


def main():
    methods = multiprocessing.get_all_start_methods()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parent", choices=("seed", "draw", "nothing"), default="seed",
                        help="what the parent does with np.random first (default: %(default)s)")
    parser.add_argument("--start-method", choices=methods,
                        default="fork" if "fork" in methods else "spawn",
                        help="how the workers start (default: %(default)s)")
    parser.add_argument("--workers", type=at_least_two, default=3,
                        help="worker processes (default: %(default)s)")
    args = parser.parse_args()

    touch_global_generator(args.parent)
    context = multiprocessing.get_context(args.start_method)
    draws = draws_of_workers(args.workers, context)

    print(f"Parent: {args.parent}; start method: {args.start_method}")
    for number, numbers in enumerate(sorted(draws), start=1):
        print(f"Worker {number} drew: {', '.join(f'{x:.6f}' for x in numbers)}")
    different = len(set(draws))
    print(f"Different draws: {different} of {args.workers}")
    if different == 1:
        print("Every worker drew the same numbers.")


if __name__ == "__main__":
    main()
