"""What one httpx client does with more requests than connections: a queue and a pool timeout.

gather() over hundreds of coroutines asks for hundreds of requests at once,
but one httpx client opens at most 100 connections (its default
httpx.Limits: max_connections=100).  The other requests wait inside the
client for a connection to come free, and each waits at most 5 seconds (the
pool part of httpx's default timeout): then it fails with httpx.PoolTimeout,
a request the server never saw.

Here the local server waits --delay seconds (3) before each answer: the
first 100 requests are answered after 3 s, queued ones get the connections
as they come free, and the last hundred, which cannot have one before 6 s,
fail at 5 s.  An
asyncio.Semaphore (limit_concurrency.py) keeps the queue in your program
instead, where you choose the limit and nothing times out while it waits.
"""
import argparse
import asyncio

import httpx
from local_server import at_least_one, not_negative, running_server


# start-listing
async def all_at_once(base, numbers):
    async with httpx.AsyncClient(base_url=base, trust_env=False) as client:  # default limits
        async def fetch(n):
            response = await client.get("/square", params={"n": n})
            return response.json()["square"]

        return await asyncio.gather(*(fetch(n) for n in numbers), return_exceptions=True)
# end-listing


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=at_least_one, default=300,
                        help="requests, all started at once (default: %(default)s)")
    parser.add_argument("--delay", type=not_negative, default=3.0,
                        help="seconds the server waits per request (default: %(default)s)")
    args = parser.parse_args()
    with running_server(args.delay) as (base, report):
        results = asyncio.run(all_at_once(base, range(args.requests)))
    answers = [r for r in results if not isinstance(r, Exception)]
    pool_timeouts = [r for r in results if isinstance(r, httpx.PoolTimeout)]
    others = len(results) - len(answers) - len(pool_timeouts)
    print(f"{args.requests} requests started at once; the server waits {args.delay} s before each answer")
    print(f"Answers: {len(answers)}; httpx.PoolTimeout: {len(pool_timeouts)}; other errors: {others}")
    print(f"Most requests the server handled at once: {report['most at once']}")


if __name__ == "__main__":
    main()
