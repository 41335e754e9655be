"""Exercise 1 of episode 3: a child process works on copies; a thread shares the data.

Predict what the parent's list and COUNTER hold after each run, then run
python examples/ep03_processes/ex_copies.py to check.  What it shows: the
parent hands a list to a child process, which appends to it and adds one
to a module-level counter, then sends back what it sees through a Queue.  The
child's changes happen in its own memory, to its own copies (the arguments
arrive pickled, or, under fork, in a copy of the parent's memory), so the
parent's list and counter are unchanged.  The same function run in a thread
changes the parent's list and counter: threads share one memory.
"""
import argparse
import multiprocessing
import queue
import threading

# start-listing
COUNTER = 0


def change(numbers, results):
    global COUNTER
    numbers.append(99)
    COUNTER += 1
    results.put((list(numbers), COUNTER))


def compare():
    numbers = [1, 2, 3]
    results = multiprocessing.Queue()
    child = multiprocessing.Process(target=change, args=(numbers, results))
    child.start()
    seen, counter = results.get()
    child.join()
    print(f"Process: the child saw  {seen}, COUNTER = {counter}")
    print(f"Process: the parent has {numbers}, COUNTER = {COUNTER}")

    results = queue.Queue()       # a thread needs no multiprocessing queue
    thread = threading.Thread(target=change, args=(numbers, results))
    thread.start()
    thread.join()
    seen, counter = results.get()
    print(f"Thread:  the thread saw {seen}, COUNTER = {counter}")
    print(f"Thread:  the parent has {numbers}, COUNTER = {COUNTER}")
# end-listing


def main():
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    compare()


if __name__ == "__main__":
    main()
