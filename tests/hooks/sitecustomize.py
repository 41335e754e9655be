"""Start-up hooks for the Python processes the tests start.

The tests put this folder on PYTHONPATH; Python imports `sitecustomize` at
start-up in every process, children included.  One hook, off unless its
environment variable is set:

LESSON_START_METHOD=spawn|forkserver|fork
    Make multiprocessing use that start method, exactly as if it were the
    platform's default (spawn on macOS and Windows, forkserver on Linux from
    Python 3.14, fork before that).  Examples therefore must not call
    multiprocessing.set_start_method() themselves; they use get_context()
    when a page is about a particular method.

A Run may bring a sitecustomize of its own on its PYTHONPATH (tests/fakes/):
the environments are merged, this folder first, so this module runs the next
sitecustomize on sys.path too; Python itself imports only the first.

(The bad-input test reads each script's options statically, tests/options.py:
nothing is started to find them.)
"""
import os
import sys

_method = os.environ.get("LESSON_START_METHOD")
if _method:
    import multiprocessing

    multiprocessing.set_start_method(_method, force=True)


def _run_the_next_sitecustomize():
    import importlib.machinery
    import importlib.util

    here = os.path.dirname(os.path.abspath(__file__))
    rest = [path for path in sys.path if os.path.abspath(path or os.curdir) != here]
    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", rest)
    if spec is not None and spec.origin and os.path.abspath(spec.origin) != os.path.abspath(__file__):
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)


_run_the_next_sitecustomize()
