"""Timeouts, and one task that fails among many: asyncio on Python 3.11+ and on 3.10.

- A timeout: one request to the local server is far too slow.  On 3.11+,
  `async with asyncio.timeout(s):` cancels whatever the block is waiting
  for when the time is up; on 3.10, `asyncio.wait_for(coroutine, s)` does it
  for one awaitable.  Either way asyncio raises TimeoutError.
- Errors: ten requests, one of which the server answers with status 500.
  `asyncio.gather(..., return_exceptions=True)` (every version) gives nine
  answers and one exception, in order.  A TaskGroup (3.11+) cancels the
  other tasks as soon as one fails, and raises an ExceptionGroup.
"""
import argparse
import asyncio
import sys
import time

import httpx
from local_server import not_negative, running_server


async def get_square(client, n, path="/square", delay=None):
    params = {"n": n} if delay is None else {"n": n, "delay": delay}
    response = await client.get(path, params=params)
    response.raise_for_status()  # status 500 becomes an exception
    return response.json()["square"]


# start-listing
async def slow_request_with_timeout(client, seconds):
    slow = get_square(client, 7, delay=2)      # the server waits 2 s for this one
    if sys.version_info >= (3, 11):  # noqa: UP036  (the lesson runs on 3.10 too)
        async with asyncio.timeout(seconds):   # cancels the block's await at the deadline
            return await slow
    return await asyncio.wait_for(slow, seconds)  # Python 3.10


async def ten_with_gather(client):
    calls = [get_square(client, n, "/fail" if n == 3 else "/square") for n in range(10)]
    return await asyncio.gather(*calls, return_exceptions=True)


async def ten_with_taskgroup(client):
    tasks = []
    try:
        async with asyncio.TaskGroup() as group:
            for n in range(10):
                delay = 0.01 if n == 3 else 0.5   # the failing one answers first
                tasks.append(group.create_task(get_square(
                    client, n, "/fail" if n == 3 else "/square", delay)))
    except ExceptionGroup as failures:  # (except* would not even compile on 3.10)
        first = failures.exceptions[0]
        print(f"TaskGroup raised an ExceptionGroup of {len(failures.exceptions)}: "
              f"{type(first).__name__}, status {first.response.status_code} for n = 3")
    return sum(task.cancelled() for task in tasks)
# end-listing


async def demonstrate(base, seconds):
    async with httpx.AsyncClient(base_url=base, trust_env=False) as client:
        start = time.perf_counter()
        try:
            await slow_request_with_timeout(client, seconds)
        except asyncio.TimeoutError:  # noqa: UP041  (not the built-in one on 3.10)
            print(f"TimeoutError after {time.perf_counter() - start:.1f} s: "
                  "the slow request was cancelled")
        results = await ten_with_gather(client)
        errors = [r for r in results if isinstance(r, Exception)]
        print(f"gather: {len(results) - len(errors)} answers and {len(errors)} exception "
              f"({type(errors[0]).__name__}); answers {[r for r in results if r not in errors]}")
        if sys.version_info >= (3, 11):  # noqa: UP036  (the lesson runs on 3.10 too)
            cancelled = await ten_with_taskgroup(client)
            print(f"TaskGroup: {cancelled} of the other 9 tasks were cancelled")
        else:
            print("TaskGroup: needs Python 3.11 or newer")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=not_negative, default=0.5,
                        help="seconds to wait for the slow request (default: %(default)s)")
    args = parser.parse_args()
    with running_server(0.02) as (base, _):
        asyncio.run(demonstrate(base, args.timeout))


if __name__ == "__main__":
    main()
