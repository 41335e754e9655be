"""Make every Python process the tests start use one multiprocessing start method.

The tests put this folder on PYTHONPATH and set LESSON_START_METHOD to spawn,
forkserver or fork.  Python imports `sitecustomize` at start-up, so the method
is set before the example runs, in the parent and in every child, exactly as
if it were the platform's default (spawn on macOS and Windows, forkserver on
Linux from Python 3.14, fork before that).  Examples therefore must not call
multiprocessing.set_start_method() themselves; they use get_context() when a
page is about a particular method.
"""
import os

_method = os.environ.get("LESSON_START_METHOD")
if _method:
    import multiprocessing

    multiprocessing.set_start_method(_method, force=True)
