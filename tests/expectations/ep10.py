"""Expectations for episode 10: asyncio (see __init__.py).

Every example starts the local HTTP server of local_server.py in a process
of its own (so each runs under every start method) and checks the answers
it gets: the number of responses and their contents, never a time.
tests/test_ep10_asyncio.py runs them again with every connection to a host
other than 127.0.0.1 refused.
"""
import sys

from harness import Between, Run


def taskgroup_lines(result):
    """TaskGroup exists from Python 3.11; on 3.10 the example says so instead."""
    if sys.version_info >= (3, 11):
        assert "TaskGroup raised an ExceptionGroup of 1: HTTPStatusError, status 500 for n = 3" \
            in result.stdout, result.describe()
        assert "TaskGroup: 9 of the other 9 tasks were cancelled" in result.stdout, result.describe()
    else:
        assert "TaskGroup: needs Python 3.11 or newer" in result.stdout, result.describe()


EXPECTATIONS: dict[str, list[Run]] = {
    "ep10_asyncio/fetch_three_ways.py": [
        Run(args=("--requests", "200", "--sequential", "10", "--at-once", "20", "--delay", "0.01"),
            stdout=(r"^one after the other: 10 responses, 10 right$",
                    r"^with a thread pool: 200 responses, 200 right$",
                    r"^with asyncio: 200 responses, 200 right$",
                    r"^Most requests the server handled at once: (?P<most>\d+)$",
                    r"^Speedup with asyncio: [\d.]+$"),
            values={"most": Between(1, 20)}),
    ],
    "ep10_asyncio/limit_concurrency.py": [
        # sum of n**2 for n < 50 = 49 * 50 * 99 / 6 = 40425
        Run(args=("--requests", "50", "--limits", "3", "10", "--delay", "0.02"),
            stdout=(r"^Semaphore\(3\): 50 responses, sum of squares 40425, "
                    r"most at once on the server (?P<three>\d+)$",
                    r"^Semaphore\(10\): 50 responses, sum of squares 40425, "
                    r"most at once on the server (?P<ten>\d+)$"),
            values={"three": Between(1, 3), "ten": Between(1, 10)}),
    ],
    "ep10_asyncio/timeouts_and_errors.py": [
        Run(stdout=(r"^TimeoutError after 0\.\d s: the slow request was cancelled$",
                    r"^gather: 9 answers and 1 exception \(HTTPStatusError\); "
                    r"answers \[0, 1, 4, 16, 25, 36, 49, 64, 81\]$"),
            check=taskgroup_lines),
    ],
    "ep10_asyncio/cpu_in_async.py": [
        # 1229 primes below 10 000, the same every way
        Run(args=("--limit", "10000"),
            stdout=(r"^Primes below 10000, work inline: 1229$",
                    r"^Primes below 10000, asyncio\.to_thread: 1229$",
                    r"^Primes below 10000, process pool: 1229$"),
            count={r"^Longest pause, ": 3}),
    ],
    "ep10_asyncio/ex_fetch_all.py": [
        Run(args=("--n", "100", "--at-once", "10"),
            stdout=(r"^Responses: 100; sum of the squares: 338350 \(expected 338350\)$",
                    r"^Most requests the server handled at once: (?P<most>\d+)$"),
            values={"most": Between(1, 10)}),
    ],
}

MODULES = {
    "ep10_asyncio/local_server.py": "the local HTTP server, imported by every example of the episode",
}
