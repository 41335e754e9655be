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


# start-listing
def slow_square(x, seconds):
    time.sleep(seconds)
    return x * x


def ask_with_timeout(seconds, timeout):
    with multiprocessing.Pool(2) as pool:
        result = pool.apply_async(slow_square, (7, seconds))
        print(f"apply_async returned at once; ready() is {result.ready()}")
        try:
            value = result.get(timeout=timeout)
        except multiprocessing.TimeoutError:
            print(f"get(timeout={timeout}) raised multiprocessing.TimeoutError: "
                  "not ready yet, still running")
            value = result.get()  # now wait as long as it takes
        # Still inside the with block: the result is in before the pool stops.
        print(f"Result: {value}; ready() is {result.ready()}")
# end-listing


def not_negative(text):
    """argparse type: a number of seconds, 0 or more."""
    if float(text) < 0:
        raise argparse.ArgumentTypeError(f"{text} is negative")
    return float(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=not_negative, default=1.0, help="how long the task takes")
    parser.add_argument("--timeout", type=not_negative, default=0.25,
                        help="how long the first get() waits")
    args = parser.parse_args()
    ask_with_timeout(args.seconds, args.timeout)


if __name__ == "__main__":
    main()
