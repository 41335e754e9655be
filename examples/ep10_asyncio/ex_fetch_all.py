"""Exercise solution: fetch the squares of 1 .. N from the local server, 20 at a time.

gather() starts every request at once; the Semaphore lets 20 of them wait
on the server at a time.  The answers come back in the order of the
numbers, and their sum must be N (N + 1) (2N + 1) / 6.
"""
import argparse
import asyncio

import httpx
from local_server import running_server


async def squares(base, numbers, at_once):
    gate = asyncio.Semaphore(at_once)
    async with httpx.AsyncClient(base_url=base, trust_env=False) as client:
        async def square(n):
            async with gate:
                response = await client.get("/square", params={"n": n})
                response.raise_for_status()
                return response.json()["square"]

        return await asyncio.gather(*(square(n) for n in numbers))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="largest number (default: %(default)s)")
    parser.add_argument("--at-once", type=int, default=20,
                        help="requests in flight at a time (default: %(default)s)")
    args = parser.parse_args()
    if args.n < 1:
        parser.error("--n must be at least 1")
    if args.at_once < 1:
        parser.error("--at-once must be at least 1")
    with running_server(0.02) as (base, report):
        found = asyncio.run(squares(base, range(1, args.n + 1), args.at_once))
    expected = args.n * (args.n + 1) * (2 * args.n + 1) // 6
    print(f"Responses: {len(found)}; sum of the squares: {sum(found)} (expected {expected})")
    print(f"Most requests the server handled at once: {report['most at once']}")


if __name__ == "__main__":
    main()
