"""Forking a program that runs threads: Python 3.12 and later warn, but the warning is hidden.

fork copies only the thread that calls it.  A lock that another thread of the
parent held at that moment stays locked for ever in the child, which may then
hang.  From Python 3.12 on, forking while other threads run raises a
DeprecationWarning.  The default warning filters show DeprecationWarnings
only for code in __main__, and this one is raised inside multiprocessing, so
nothing appears unless the program runs with `python -W default` (or
`python -X dev`).  The script uses fork where the platform has it; Windows
has no fork, and spawn, which starts a fresh Python, has nothing to warn about.
"""
import argparse
import multiprocessing
import platform
import sys
import threading


# start-listing
def child():
    print("The child runs")


def fork_while_a_thread_runs():
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    stop = threading.Event()
    helper = threading.Thread(target=stop.wait)   # a thread still running at the fork
    helper.start()
    print(f"Threads in this process: {threading.active_count()}; starting a child with {method}")
    process = multiprocessing.get_context(method).Process(target=child)
    process.start()
    process.join()
    stop.set()
    helper.join()
    return method
# end-listing


def main():
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    method = fork_while_a_thread_runs()
    version = platform.python_version()
    if method != "fork":
        print("No fork on this platform: spawn starts a fresh Python, nothing to warn about")
    elif sys.version_info < (3, 12):
        print(f"Python {version} does not warn about this fork; Python 3.12 and later do")
    else:
        print(f"Python {version} warns about this fork with a DeprecationWarning, "
              "shown only with python -W default (or -X dev)")


if __name__ == "__main__":
    main()
