"""CPU work inside an async program: inline, in a thread, in a process pool.

While a coroutine computes, the event loop cannot run anything else: every
other task, every timer and every network answer waits.  A heartbeat task
that should wake every 20 ms shows it: the longest gap between two beats is
the longest time the loop was stuck.

- inline: the computation blocks the loop for its whole duration;
- asyncio.to_thread: the loop keeps going, but pure-Python work still
  holds the GIL most of the time, so it gets no faster (fine for work that
  waits, or for libraries that release the GIL);
- loop.run_in_executor(ProcessPoolExecutor): another process computes; the
  loop is free, and several computations can use several cores.
"""
import argparse
import asyncio
import time
from concurrent.futures import ProcessPoolExecutor

from local_server import at_least_one


def count_primes(limit):
    """Pure-Python CPU work: how many primes are below limit."""
    return sum(all(n % d for d in range(2, int(n**0.5) + 1)) for n in range(2, limit))


async def heartbeat(gaps, period=0.02):
    last = time.perf_counter()
    while True:
        await asyncio.sleep(period)
        now = time.perf_counter()
        gaps.append(now - last - period)
        last = now


# start-listing
async def inline(limit, pool):
    return count_primes(limit)                     # blocks the event loop


async def in_a_thread(limit, pool):
    return await asyncio.to_thread(count_primes, limit)


async def in_a_process(limit, pool):
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(pool, count_primes, limit)
# end-listing


async def measure(way, limit, pool):
    gaps = []
    beat = asyncio.create_task(heartbeat(gaps))
    await asyncio.sleep(0.05)                      # let the heartbeat start
    primes = await way(limit, pool)
    await asyncio.sleep(0.05)
    beat.cancel()
    return primes, max(gaps)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=at_least_one, default=100_000,
                        help="count the primes below this (default: %(default)s)")
    args = parser.parse_args()
    with ProcessPoolExecutor(1) as pool:
        pool.submit(count_primes, 10).result()    # start the worker before timing
        for label, way in [("work inline", inline), ("asyncio.to_thread", in_a_thread),
                           ("process pool", in_a_process)]:
            primes, pause = asyncio.run(measure(way, args.limit, pool))
            print(f"Primes below {args.limit}, {label}: {primes}")
            print(f"Longest pause, {label}: {pause:.3f} s")


if __name__ == "__main__":
    main()
