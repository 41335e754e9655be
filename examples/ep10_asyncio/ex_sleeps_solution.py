"""Exercise solution: three coroutines that wait together, with asyncio.gather.

gather() turns each coroutine into a task, so the event loop runs all three:
each starts, prints and pauses at its await, and the three waits overlap.
gather() returns when all have finished, with their answers in the order the
coroutines were given.  The run takes about as long as one wait.
"""
import argparse
import asyncio
import time


async def wait_and_say(name, seconds):
    print(f"{name}: waiting {seconds} s")
    await asyncio.sleep(seconds)
    print(f"{name}: done")
    return name.upper()


# start-listing
async def all_three(seconds):
    return await asyncio.gather(       # all three run at once; answers in this order
        wait_and_say("tea", seconds),
        wait_and_say("toast", seconds),
        wait_and_say("eggs", seconds),
    )
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
