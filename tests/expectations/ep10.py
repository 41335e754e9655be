"""Expectations for episode 10: asyncio (see __init__.py).

Every example starts the local HTTP server of local_server.py in a process
of its own (so each runs under every start method) and checks the answers
it gets: the number of responses and their contents, never a time.
tests/test_ep10_asyncio.py runs them again with every connection to a host
other than 127.0.0.1 refused.
"""
import re
import sys

from harness import Between, Equals, Run


def taskgroup_lines(result):
    """TaskGroup exists from Python 3.11; on 3.10 the example says so instead."""
    if sys.version_info >= (3, 11):
        assert "TaskGroup raised an ExceptionGroup of 1: HTTPStatusError, status 500 for n = 3" \
            in result.stdout, result.describe()
        assert "TaskGroup: 9 of the other 9 tasks were cancelled" in result.stdout, result.describe()
    else:
        assert "TaskGroup: needs Python 3.11 or newer" in result.stdout, result.describe()


def all_three_wait_together(result):
    """gather: every coroutine starts (and pauses) before any of them is done."""
    lines = [line for line in result.stdout.splitlines() if re.match(r"^\w+: (waiting|done)", line)]
    assert [line.split(":")[1].split()[0] for line in lines] == ["waiting"] * 3 + ["done"] * 3, \
        result.describe()


def every_request_accounted_for(result):
    """Each of the 300 requests either got its answer or failed with PoolTimeout."""
    found = re.search(r"^Answers: (\d+); httpx\.PoolTimeout: (\d+); other errors: (\d+)$",
                      result.stdout, re.M)
    assert found and sum(int(n) for n in found.groups()) == 300, result.describe()


EXPECTATIONS: dict[str, list[Run]] = {
    # The first coroutine: calling it makes an object; await runs it.
    "ep10_asyncio/hello_async.py": [
        Run(stdout=(r"\AMade a coroutine object\ntea: waiting 0\.5 s\ntea: done\n"
                    r"It returned 'TEA'\nTime: [\d.]+ s$",)),
    ],
    # Exercise 1's starter: the three waits one after the other, in turn.
    "ep10_asyncio/ex_sleeps.py": [
        Run(args=("--seconds", "0.05"),
            stdout=(r"^tea: waiting 0\.05 s\ntea: done\ntoast: waiting 0\.05 s\ntoast: done\n"
                    r"eggs: waiting 0\.05 s\neggs: done$",
                    r"^Answers: \['TEA', 'TOAST', 'EGGS'\]$",
                    r"^Time: [\d.]+ s for three waits of 0\.05 s$")),
        Run(args=("--seconds", "soon"), returncode=2,
            stderr=(r"error: argument --seconds: 'soon' is not a number$",)),
    ],
    # Its solution: the same answers in the same order; the three wait together.
    "ep10_asyncio/ex_sleeps_solution.py": [
        Run(args=("--seconds", "0.05"),
            stdout=(r"^Answers: \['TEA', 'TOAST', 'EGGS'\]$",
                    r"^Time: [\d.]+ s for three waits of 0\.05 s$"),
            check=all_three_wait_together),
    ],
    # A coroutine never awaited warns and runs nothing; a task nothing refers to is
    # destroyed by the garbage collector while it waits; one kept in a set is not.
    "ep10_asyncio/pitfalls.py": [
        Run(stdout=(r"^Called wait_and_say\(\) without await: it printed nothing$",
                    r"^Without a reference, tasks still waiting: 0$",
                    r"^With a reference, tasks still waiting: 1$"),
            stderr=(r"RuntimeWarning: coroutine 'wait_and_say' was never awaited",
                    r"^Task was destroyed but it is pending!$"),
            absent=(r"^tea: ",)),
    ],
    # httpx's default limits: at most 100 connections; requests that wait more than 5 s
    # for one fail with PoolTimeout.  The server waits 3 s per request, so the third
    # hundred cannot have a connection before 6 s: at least 100 PoolTimeouts.
    "ep10_asyncio/default_limits.py": [
        Run(args=("--requests", "300", "--delay", "3"),
            stdout=(r"^Answers: (?P<answers>\d+); httpx\.PoolTimeout: (?P<pool>\d+); "
                    r"other errors: (?P<others>\d+)$",
                    r"^Most requests the server handled at once: (?P<most>\d+)$"),
            values={"answers": Between(1, 200), "pool": Between(100, 299), "others": Equals(0),
                    "most": Between(1, 100)},
            check=every_request_accounted_for),
    ],
    # Making clients: both ways make them; the times are the build's to judge.
    "ep10_asyncio/client_start.py": [
        Run(args=("--clients", "3"),
            stdout=(r"^Made 3 clients, three times each way \(median of 3\)$",
                    r"^Time, each client loading certificates: [\d.]+ ms$",
                    r"^Time, one TLS context shared: [\d.]+ ms$")),
    ],
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
    # Exercise 3's starter: one request after the other, so the server sees one at a time.
    "ep10_asyncio/ex_fetch_all.py": [
        Run(args=("--n", "30"),
            stdout=(r"^Responses: 30; sum of the squares: 9455 \(expected 9455\)$",
                    r"^Most requests the server handled at once: (?P<most>\d+)$",
                    r"^Time: [\d.]+ s for 30 requests$"),
            values={"most": Equals(1)}),
    ],
    # Its solution: every answer, in order, and never more than --at-once on the server.
    "ep10_asyncio/ex_fetch_all_solution.py": [
        Run(args=("--n", "100", "--at-once", "10"),
            stdout=(r"^Responses: 100; sum of the squares: 338350 \(expected 338350\)$",
                    r"^Most requests the server handled at once: (?P<most>\d+)$"),
            values={"most": Between(1, 10)}),
        Run(stdout=(r"^Responses: 200; sum of the squares: 2686700 \(expected 2686700\)$",
                    r"^Most requests the server handled at once: (?P<most>\d+)$"),
            values={"most": Between(1, 20)}),
    ],
}

MODULES = {
    "ep10_asyncio/local_server.py": "the local HTTP server, imported by every example of the episode",
}
