"""A first coroutine: async def, await, asyncio.sleep and asyncio.run.

Calling a function defined with `async def` runs none of its body: it makes
a coroutine object.  `await` runs the coroutine until it returns, and
asyncio.run() starts an event loop and runs the first coroutine: the one
line that joins ordinary code to async code.  asyncio.sleep() waits without
blocking: while this coroutine sleeps, the event loop is free to run others.
"""
import argparse
import asyncio
import time


# start-listing
async def wait_and_say(name, seconds):
    print(f"{name}: waiting {seconds} s")
    await asyncio.sleep(seconds)  # pause here; the event loop may run others meanwhile
    print(f"{name}: done")
    return name.upper()


async def first_steps(seconds):
    coroutine = wait_and_say("tea", seconds)  # runs nothing yet: makes a coroutine object
    print(f"Made a {type(coroutine).__name__} object")
    answer = await coroutine                  # runs it, until it returns
    print(f"It returned {answer!r}")


def run_and_time(seconds):
    start = time.perf_counter()
    asyncio.run(first_steps(seconds))         # start an event loop, run the coroutine in it
    print(f"Time: {time.perf_counter() - start:.2f} s")
# end-listing


def main():
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()  # just --help
    run_and_time(0.5)


if __name__ == "__main__":
    main()
