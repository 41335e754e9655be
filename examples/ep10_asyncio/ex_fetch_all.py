"""Exercise: fetch the squares of 1 .. N from the local server, one request after the other.

As given, squares() awaits each request before it sends the next, so the
server never handles more than one at a time and the waits add up
(200 x 20 ms: about 4 s).  Change squares() so that it starts a coroutine
for every number with asyncio.gather(), and limit the requests in flight
to `at_once` with an asyncio.Semaphore.  The answers must stay in the order
of the numbers.  Save your copy in this folder, beside local_server.py,
which it imports.  The solution is ex_fetch_all_solution.py.
"""
import argparse
import asyncio
import time

import httpx
from local_server import at_least_one, running_server


# start-listing
async def squares(base, numbers, at_once):
    async with httpx.AsyncClient(base_url=base, trust_env=False) as client:
        found = []
        for n in numbers:                     # one request after the other
            response = await client.get("/square", params={"n": n})
            response.raise_for_status()
            found.append(response.json()["square"])
        return found
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
