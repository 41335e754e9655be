"""The same waiting job three ways: one request after the other, a thread pool, asyncio.

A local HTTP server (local_server.py, on 127.0.0.1) waits a little before it
answers each request, like a slow web service or database.  The client asks
it for the squares of many numbers, with httpx, whose blocking Client and
AsyncClient have the same methods, so only the way of waiting differs:

- one after the other: each request waits for the one before;
- a thread pool: many threads each wait for one request at a time;
- asyncio: one thread, --at-once tasks that each fetch one number after
  the other, all of them waiting at once in the event loop.

A full run one after the other takes requests x delay (500 x 50 ms = 25 s),
so by default only --sequential requests go one after the other, and the
three ways are compared by their rates (requests per second).  Each way is
timed three times; the median is printed.  So --sequential 500 waits 75 s
for the requests one after the other alone; the default run takes a few
seconds.

The asyncio version gives each task a client of its own.  Every new httpx
client loads the certificate store for https:// (processor time, even for
http://, see client_start.py): TLS, made once, is shared by all of them.
"""
import argparse
import asyncio
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
from local_server import at_least_one, not_negative, running_server

# start-listing
# Certificates for https://, loaded once: each new client would load its own.
TLS = httpx.create_ssl_context()


def fetch_one_after_the_other(base, numbers):
    with httpx.Client(base_url=base, trust_env=False) as client:
        return [client.get("/square", params={"n": n}).json() for n in numbers]


def fetch_with_threads(base, numbers, workers):
    limits = httpx.Limits(max_connections=workers)
    with httpx.Client(base_url=base, trust_env=False, limits=limits) as client:
        def fetch(n):
            return client.get("/square", params={"n": n}).json()

        with ThreadPoolExecutor(workers) as pool:
            return list(pool.map(fetch, numbers))


async def fetch_with_asyncio(base, numbers, at_once):
    todo = iter(enumerate(numbers))  # shared by the tasks: each number is taken once
    answers = [None] * len(numbers)

    async def fetcher():
        async with httpx.AsyncClient(base_url=base, trust_env=False, verify=TLS) as client:
            for i, n in todo:
                response = await client.get("/square", params={"n": n})  # wait here
                answers[i] = response.json()

    await asyncio.gather(*(fetcher() for _ in range(at_once)))  # at_once tasks at once
    return answers
# end-listing


def timed(label, fetch, numbers):
    """Run fetch() three times; check the answers; print the median time."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        answers = fetch()
        times.append(time.perf_counter() - start)
    right = sum(a == {"n": n, "square": n * n} for n, a in zip(numbers, answers))
    median = statistics.median(times)
    print(f"{label}: {len(answers)} responses, {right} right")
    print(f"Time {label}: {median:.2f} s for {len(numbers)} requests (median of 3)")
    return len(numbers) / median


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=at_least_one, default=500,
                        help="requests for the thread pool and asyncio (default: %(default)s)")
    parser.add_argument("--sequential", type=at_least_one, default=20,
                        help="requests one after the other (default: %(default)s)")
    parser.add_argument("--at-once", type=at_least_one, default=100,
                        help="threads, and asyncio requests in flight (default: %(default)s)")
    parser.add_argument("--delay", type=not_negative, default=0.05,
                        help="seconds the server waits per request (default: %(default)s)")
    args = parser.parse_args()

    try:
        compare(args)
    except KeyboardInterrupt:  # Ctrl-C: the with block has stopped the server
        print("Interrupted", file=sys.stderr)
        sys.exit(130)


def compare(args):
    with running_server(args.delay) as (base, report):
        print(f"Server on {base}, waiting {args.delay * 1000:.0f} ms per request")
        numbers = list(range(args.requests))
        few = numbers[:args.sequential]
        rates = {
            "one after the other": timed("one after the other",
                                         lambda: fetch_one_after_the_other(base, few), few),
            "with a thread pool": timed("with a thread pool",
                                        lambda: fetch_with_threads(base, numbers, args.at_once),
                                        numbers),
            "with asyncio": timed("with asyncio",
                                  lambda: asyncio.run(fetch_with_asyncio(base, numbers, args.at_once)),
                                  numbers),
        }
    print(f"Most requests the server handled at once: {report['most at once']}")
    for label, rate in rates.items():
        print(f"Requests per second {label}: {rate:.0f}")
    slowest = rates["one after the other"]
    print(f"Speedup with threads: {rates['with a thread pool'] / slowest:.1f}")
    print(f"Speedup with asyncio: {rates['with asyncio'] / slowest:.1f}")


if __name__ == "__main__":
    main()
