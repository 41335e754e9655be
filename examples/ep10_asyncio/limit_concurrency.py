"""asyncio.Semaphore: at most N requests in flight, however many tasks there are.

asyncio makes asking for a thousand requests at once easy: one gather() over
a thousand coroutines.  A real server, a shared file system or an API with a
rate limit may not cope; a client without a limit of its own runs out of
file descriptors; and httpx's own limit (100 connections per client) queues
the rest inside the client, where each fails after 5 s of waiting
(default_limits.py).  An asyncio.Semaphore(N) lets N coroutines into the
block at a time; the others wait their turn, without a thread each and
without a timeout.  The local server reports the most requests it had to
handle at once.
"""
import argparse
import asyncio

import httpx
from local_server import at_least_one, not_negative, running_server


# start-listing
async def fetch_all(base, numbers, limit):
    gate = asyncio.Semaphore(limit)
    async with httpx.AsyncClient(base_url=base, trust_env=False) as client:
        async def fetch(n):
            async with gate:  # wait for one of the `limit` places
                response = await client.get("/square", params={"n": n})
                return response.json()["square"]

        return await asyncio.gather(*(fetch(n) for n in numbers))
# end-listing


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=at_least_one, default=200,
                        help="requests, all started at once (default: %(default)s)")
    parser.add_argument("--limits", type=at_least_one, nargs="+", default=[5, 20],
                        help="semaphore sizes to compare (default: %(default)s)")
    parser.add_argument("--delay", type=not_negative, default=0.05,
                        help="seconds the server waits per request (default: %(default)s)")
    args = parser.parse_args()

    numbers = range(args.requests)
    for limit in args.limits:
        with running_server(args.delay) as (base, report):
            squares = asyncio.run(fetch_all(base, numbers, limit))
        print(f"Semaphore({limit}): {len(squares)} responses, sum of squares {sum(squares)}, "
              f"most at once on the server {report['most at once']}")


if __name__ == "__main__":
    main()
