"""The fix for no_guard.py: start processes only under the __main__ guard.

The child, a fresh Python started with spawn, imports this file again, as
__mp_main__, and runs its top-level code: the print at the top shows it.  The
code that starts the process sits in main(), called only under
`if __name__ == "__main__":`, which is false in the child.  So the child just
finds greet() and runs it.
"""
import argparse
import multiprocessing

print(f"Top of the main module, running as {__name__}")


def greet():
    print("Hello from the child")


def main():
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    process = multiprocessing.get_context("spawn").Process(target=greet)
    process.start()
    process.join()
    print(f"Child exit code: {process.exitcode}")


if __name__ == "__main__":
    main()
