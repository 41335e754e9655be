"""Broken on purpose: a script that starts a process without the __main__ guard.

Under spawn (the default on macOS and Windows) and forkserver (the default on
Linux from Python 3.14) the child is a fresh Python that imports this file
again to find greet().  Importing runs the file's top-level code, which tries
to start yet another process: multiprocessing stops that with a RuntimeError
in the child, and the child exits with code 1.  This script asks for spawn,
so that it fails in the same way everywhere.

Exercise 3 of episode 3: copy this file to my_guard.py, in this folder, and
fix it: move the code that does things into a function main(), and call
main() only under `if __name__ == "__main__":`.  with_guard.py is the fix.
"""
import multiprocessing
import sys

print(f"Top of the main module, running as {__name__}")


def greet():
    print("Hello from the child")


process = multiprocessing.get_context("spawn").Process(target=greet)
process.start()
process.join()
print(f"Child exit code: {process.exitcode}")
sys.exit(process.exitcode)    # pass the child's failure on
