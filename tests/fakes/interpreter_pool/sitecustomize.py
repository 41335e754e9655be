"""Simulate Python 3.14's InterpreterPoolExecutor on an older Python, for a test.

Python imports `sitecustomize` at start-up when this folder is on PYTHONPATH.
It gives concurrent.futures a stand-in InterpreterPoolExecutor (a plain
ThreadPoolExecutor), so the tests can run the part of
examples/ep08_beyond/subinterpreters.py that needs 3.14 and check its
answers; only a real 3.14 shows the speedup.
"""
import concurrent.futures
import sys

if sys.version_info < (3, 14):
    class InterpreterPoolExecutor(concurrent.futures.ThreadPoolExecutor):
        """Stand-in: threads, not interpreters (simulated for a test)."""

    concurrent.futures.InterpreterPoolExecutor = InterpreterPoolExecutor
