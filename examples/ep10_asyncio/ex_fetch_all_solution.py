"""Exercise solution: fetch the squares of 1 .. N from the local server, 20 at a time.

gather() starts a coroutine for every number at once; the Semaphore lets 20
of them send their request at a time, so the server never handles more than
20 at once.  The answers come back in the order of the numbers, and their
sum must be N (N + 1) (2N + 1) / 6.
"""
import argparse
import asyncio
import time

import httpx
from local_server import at_least_one, running_server


# start-listing
async def squares(base, numbers, at_once):
    gate = asyncio.Semaphore(at_once)
    async with httpx.AsyncClient(base_url=base, trust_env=False) as client:
        async def square(n):
            async with gate:                  # at most `at_once` requests in flight
                response = await client.get("/square", params={"n": n})
                response.raise_for_status()
                return response.json()["square"]

        return await asyncio.gather(*(square(n) for n in numbers))
# end-listing


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=at_least_one, default=200, help="largest number (default: %(default)s)")
    parser.add_argument("--at-once", type=at_least_one, default=20,
                        help="requests in flight at a time (default: %(default)s)")
    args = parser.parse_args()
    with running_server(0.02) as (base, report):  # base: the server's address; report: a dict
        start = time.perf_counter()
        found = asyncio.run(squares(base, range(1, args.n + 1), args.at_once))
        elapsed = time.perf_counter() - start
    expected = args.n * (args.n + 1) * (2 * args.n + 1) // 6
    print(f"Responses: {len(found)}; sum of the squares: {sum(found)} (expected {expected})")
    print(f"Most requests the server handled at once: {report['most at once']}")
    print(f"Time: {elapsed:.2f} s for {args.n} requests")


if __name__ == "__main__":
    main()
