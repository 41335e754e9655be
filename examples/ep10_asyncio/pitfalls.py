"""Two pitfalls of a first async program, shown for real: a missing await, a lost task.

- A coroutine called without `await` runs nothing: the call only makes a
  coroutine object.  When that object is thrown away, Python warns on the
  error stream: "RuntimeWarning: coroutine ... was never awaited".
- asyncio.create_task() starts a task, but the event loop keeps only a weak
  reference to it.  A task that nothing else refers to may be destroyed by
  the garbage collector before it has finished ("Task was destroyed but it
  is pending!").  Whether that happens depends on what the task waits for;
  here it waits for a future that only the task itself knows, and the
  garbage collector is called at once, so it happens every time.  Keep a
  reference to each task (a set, as the asyncio documentation shows, or a
  TaskGroup) until it has finished.
"""
import argparse
import asyncio
import gc


async def wait_and_say(name, seconds):
    print(f"{name}: waiting {seconds} s")
    await asyncio.sleep(seconds)
    print(f"{name}: done")


async def wait_for_a_reply():
    await asyncio.get_running_loop().create_future()  # a reply only this task knows of


# start-listing
async def forgot_await():
    wait_and_say("tea", 0.1)              # no await: makes a coroutine, runs none of it
    print("Called wait_and_say() without await: it printed nothing")


async def lost_task():
    asyncio.create_task(wait_for_a_reply())       # nothing keeps the task
    await asyncio.sleep(0)                        # let it start waiting
    gc.collect()                                  # the garbage collector may run at any time
    print(f"Without a reference, tasks still waiting: {len(asyncio.all_tasks()) - 1}")


async def kept_task():
    background = set()                            # a strong reference to every task
    task = asyncio.create_task(wait_for_a_reply())
    background.add(task)
    task.add_done_callback(background.discard)    # forget it once it has finished
    await asyncio.sleep(0)
    gc.collect()
    print(f"With a reference, tasks still waiting: {len(asyncio.all_tasks()) - 1}")
    task.cancel()                                 # (no reply will come: stop it)
# end-listing


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    asyncio.run(forgot_await())
    asyncio.run(lost_task())
    asyncio.run(kept_task())


if __name__ == "__main__":
    main()
