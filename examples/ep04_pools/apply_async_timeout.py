"""apply_async starts one call and returns at once; get(timeout=...) waits for it.

pool.apply_async(f, args) hands a single task to the pool and returns an
AsyncResult straight away, while a worker runs the call.  result.get() waits
for the value.  With timeout=, get() waits at most that many seconds and then
raises multiprocessing.TimeoutError; the task keeps running, so you can wait
again (or give up, or do something else in the meantime).
"""
import argparse
import multiprocessing
import time


def slow_square(x, seconds):
    time.sleep(seconds)
    return x * x


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=1.0,
                        help="how long the task takes (default: %(default)s)")
    parser.add_argument("--timeout", type=float, default=0.25,
                        help="how long the first get() waits (default: %(default)s)")
    args = parser.parse_args()
    if args.seconds < 0:
        parser.error("--seconds must not be negative")
    if args.timeout <= 0:
        parser.error("--timeout must be positive")

    with multiprocessing.Pool(2) as pool:
        result = pool.apply_async(slow_square, (7, args.seconds))
        print(f"apply_async returned at once; ready() is {result.ready()}")
        try:
            value = result.get(timeout=args.timeout)
        except multiprocessing.TimeoutError:
            print(f"get(timeout={args.timeout}) raised multiprocessing.TimeoutError: "
                  "not ready yet, still running")
            value = result.get()  # now wait as long as it takes
        # Still inside the with block: the result is in before the pool stops.
        print(f"Result: {value}; ready() is {result.ready()}")


if __name__ == "__main__":
    main()
