"""Start-up hooks for the Python processes the tests start.

The tests put this folder on PYTHONPATH; Python imports `sitecustomize` at
start-up in every process, children included.  Two hooks, each off unless
its environment variable is set:

LESSON_START_METHOD=spawn|forkserver|fork
    Make multiprocessing use that start method, exactly as if it were the
    platform's default (spawn on macOS and Windows, forkserver on Linux from
    Python 3.14, fork before that).  Examples therefore must not call
    multiprocessing.set_start_method() themselves; they use get_context()
    when a page is about a particular method.

LESSON_DUMP_OPTIONS=1
    Instead of parsing the command line, print the script's argparse options
    as JSON and exit: the bad-input test uses this to find every numeric
    option of every example without a hand-kept list.
"""
import os

_method = os.environ.get("LESSON_START_METHOD")
if _method:
    import multiprocessing

    multiprocessing.set_start_method(_method, force=True)

if os.environ.get("LESSON_DUMP_OPTIONS"):
    import argparse
    import json
    import sys

    def _dump_options(parser, *args, **kwargs):
        options = []
        for action in parser._actions:  # argparse keeps no public list of them
            if not action.option_strings or action.nargs == 0:
                continue  # positional arguments, flags and --help
            kind = action.type if action.type in (int, float) else type(action.default)
            options.append({
                "option": max(action.option_strings, key=len),
                "dest": action.dest,
                "numeric": kind in (int, float),
                "integer": kind is int,
            })
        print(json.dumps(options))
        sys.exit(0)

    argparse.ArgumentParser.parse_args = _dump_options
    argparse.ArgumentParser.parse_known_args = _dump_options
