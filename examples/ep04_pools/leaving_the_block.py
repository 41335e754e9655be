"""Leaving a `with Pool(...)` block terminates the pool: collect results inside it.

At the end of the with block the pool calls terminate(), which stops the
workers at once.  It does not call close() and join(), which would let them
finish the tasks already handed out.  So a task started with apply_async (or
map_async, imap...) whose result was not collected inside the block is lost:
its AsyncResult never becomes ready, and a get() without a timeout would wait
forever.  Either collect every result inside the block, or call close() and
join() before leaving it.
"""
import argparse
import multiprocessing
import time


# start-listing
def slow_square(x, seconds):
    time.sleep(seconds)
    return x * x


def leave_early(seconds):
    with multiprocessing.Pool(2) as pool:
        lost = pool.apply_async(slow_square, (3, seconds))
    # Here terminate() has run: the workers are gone, the task with them.
    workers = len(multiprocessing.active_children())
    print(f"Worker processes left after the block: {workers}")
    try:
        lost.get(timeout=2 * seconds)
        print("Left the block early: the result arrived anyway")
    except multiprocessing.TimeoutError:
        print(f"Left the block early: no result after {2 * seconds:g} s "
              f"(ready() is {lost.ready()}), and none will ever come")


def close_and_join_first(seconds):
    with multiprocessing.Pool(2) as pool:
        kept = pool.apply_async(slow_square, (3, seconds))
        pool.close()  # no more tasks will be added
        pool.join()   # wait until the workers have done every task and exited
    print(f"close() and join() first: ready() is {kept.ready()}, "
          f"result {kept.get(timeout=1)}")
# end-listing


def positive(text):
    """argparse type: a number more than 0."""
    if float(text) <= 0:
        raise argparse.ArgumentTypeError(f"{text} is not more than 0")
    return float(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=positive, default=0.5, help="how long the task takes")
    args = parser.parse_args()
    leave_early(args.seconds)
    close_and_join_first(args.seconds)


if __name__ == "__main__":
    main()
