"""Exercise solution, the fix for no_guard.py: start processes only under the __main__ guard.

The child, a fresh Python started with spawn, imports this file again, under
the name __mp_main__, and runs its top-level code.  The code that starts the
process sits in main(), called only under `if __name__ == "__main__":`,
which is false in the child.  So the child just finds greet() and runs it.
"""
import argparse
import multiprocessing


def greet():
    print(f"Hello from the child, which imported this file as {__name__}")


def main():
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    print(f"The program we started runs this file as {__name__}")
    process = multiprocessing.get_context("spawn").Process(target=greet)
    process.start()
    process.join()
    print(f"Child exit code: {process.exitcode}")


if __name__ == "__main__":
    main()
