"""Hidden BLAS threads in a process pool: oversubscription, and how to limit them.

NumPy hands matrix products to a BLAS library (OpenBLAS, MKL, Accelerate),
which starts its own threads, one per core by default.  A pool of W worker
processes, each with C BLAS threads, then runs W * C busy threads on C cores:
they take turns and get in each other's way.

--limit none          leave BLAS alone (each worker uses as many threads as it likes)
--limit threadpoolctl each worker calls threadpool_limits(1) when it starts
--limit initializer   each worker sets OMP_NUM_THREADS=1 and friends when it
                      starts: too late, BLAS was loaded with NumPy already

The robust fix is to set the variables before Python starts, e.g.
OMP_NUM_THREADS=1 python blas_threads.py

On macOS 14 and later, NumPy's wheels for Apple silicon use Apple's
Accelerate.  threadpoolctl cannot see or limit it, and OMP_NUM_THREADS and
friends do not apply to it; VECLIB_MAXIMUM_THREADS=1, set before Python
starts, does.  The script then says which BLAS NumPy was built with instead
of a thread count.
"""
import argparse
import multiprocessing
import os

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

WORKERS = 2
BLAS_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                  "VECLIB_MAXIMUM_THREADS")


# start-listing
def blas_threads():
    """Threads the BLAS library loaded in this process will use, as threadpoolctl sees it."""
    found = [lib["num_threads"] for lib in threadpool_info()
             if lib["user_api"] == "blas"]
    if found:
        return str(max(found))
    # threadpoolctl sees OpenBLAS, MKL and BLIS, but not Accelerate (macOS):
    # say which BLAS NumPy was built with, rather than a thread count.
    name = np.show_config(mode="dicts")["Build Dependencies"]["blas"].get("name", "unknown")
    return f"unknown ({name}, which threadpoolctl cannot see)"


def limit_with_threadpoolctl():
    """Pool initializer: limit BLAS to one thread in this worker, for its whole life."""
    threadpool_limits(limits=1, user_api="blas")


def limit_with_variables():
    """Pool initializer that does NOT work: NumPy and its BLAS are already loaded."""
    for name in BLAS_VARIABLES:
        os.environ[name] = "1"


def products(task):
    """Multiply two random matrices `repeats` times; report the BLAS threads."""
    size, repeats, seed = task
    rng = np.random.default_rng(seed)
    a = rng.random((size, size))
    b = rng.random((size, size))
    for _ in range(repeats):
        c = a @ b
    return float(c.trace()), blas_threads()
# end-listing


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", choices=("none", "threadpoolctl", "initializer"),
                        default="none", help="how to limit BLAS threads in the workers "
                        "(default: %(default)s)")
    parser.add_argument("--tasks", type=at_least_one, default=8,
                        help="tasks (default: %(default)s)")
    parser.add_argument("--size", type=at_least_one, default=300,
                        help="matrix size (default: %(default)s)")
    parser.add_argument("--repeats", type=at_least_one, default=10,
                        help="products per task (default: %(default)s)")
    args = parser.parse_args()

    initializer = {"none": None, "threadpoolctl": limit_with_threadpoolctl,
                   "initializer": limit_with_variables}[args.limit]
    tasks = [(args.size, args.repeats, seed) for seed in range(args.tasks)]

    with multiprocessing.Pool(WORKERS, initializer=initializer) as pool:
        results = pool.map(products, tasks)

    set_before = [f"{name}={os.environ[name]}" for name in BLAS_VARIABLES
                  if name in os.environ]
    print(f"BLAS variables set before start: {' '.join(set_before) or 'none'}")
    print(f"Limit in the workers: {args.limit}")
    print(f"BLAS threads in the parent: {blas_threads()}")
    in_workers = sorted({threads for _, threads in results})
    print(f"BLAS threads in each worker: {'; '.join(in_workers)}")
    print(f"Products computed: {len(results) * args.repeats} by {WORKERS} workers")


if __name__ == "__main__":
    main()
