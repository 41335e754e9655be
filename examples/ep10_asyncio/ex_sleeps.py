"""Exercise: three coroutines that wait one after the other; make them wait together.

all_three() awaits three waits in turn, so their times add up: 3 x 0.3 s.
Change all_three() so that the three run together with asyncio.gather(),
and still return the three answers in the same order.  Then the run takes
about as long as one wait.  The solution is ex_sleeps_solution.py.
"""
import argparse
import asyncio
import time


# start-listing
async def wait_and_say(name, seconds):
    print(f"{name}: waiting {seconds} s")
    await asyncio.sleep(seconds)
    print(f"{name}: done")
    return name.upper()


async def all_three(seconds):
    tea = await wait_and_say("tea", seconds)      # each await waits until its
    toast = await wait_and_say("toast", seconds)  # coroutine has finished, so
    eggs = await wait_and_say("eggs", seconds)    # the three waits add up
    return [tea, toast, eggs]
# end-listing


def seconds(text):
    """argparse type: a number of seconds, more than 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{value} is not more than 0")
    return value


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=seconds, default=0.3,
                        help="how long each coroutine waits (default: %(default)s)")
    args = parser.parse_args()
    start = time.perf_counter()
    answers = asyncio.run(all_three(args.seconds))
    print(f"Answers: {answers}")
    print(f"Time: {time.perf_counter() - start:.2f} s for three waits of {args.seconds} s")


if __name__ == "__main__":
    main()
