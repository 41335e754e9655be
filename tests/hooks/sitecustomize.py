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

LESSON_OPTIONS_TO=FILE
    The script's first parse_args() writes its parser's options to FILE as
    JSON instead of parsing, and the process exits: tests/test_bad_input.py
    learns each script's options from argparse itself.
"""
import os
import sys

_method = os.environ.get("LESSON_START_METHOD")
if _method:
    import multiprocessing

    multiprocessing.set_start_method(_method, force=True)


def _number_kind(action):
    """'int' or 'float' when the option takes a number, else None."""
    kind = action.type
    if kind is None:   # no type=: a number only if its default is one
        default = action.default[0] if isinstance(action.default, list) and action.default else action.default
        kind = type(default) if type(default) in (int, float) else None
    elif kind not in (int, float):   # a validating type of the script's own: what does it return?
        for text in ("2", "0.5"):    # a count, or a fraction
            try:
                kind = type(action.type(text))
                break
            except Exception:
                kind = None
    return kind.__name__ if kind in (int, float) else None


def _write_options(path):
    import argparse
    import json

    def parse_args(parser, *args, **kwargs):
        options = [{"option": max(action.option_strings, key=len), "dest": action.dest,
                    "kind": _number_kind(action),
                    "rejects_zero": _rejects_zero(action)}
                   for action in parser._actions
                   if action.option_strings and action.nargs != 0]
        with open(path, "w", encoding="utf-8") as file:
            json.dump(options, file)
        raise SystemExit(0)

    argparse.ArgumentParser.parse_args = parse_args


def _rejects_zero(action):
    """Whether the option's type= itself refuses 0."""
    if action.type is None:
        return False
    try:
        action.type("0")
    except Exception:
        return True
    return False


if os.environ.get("LESSON_OPTIONS_TO"):
    _write_options(os.environ["LESSON_OPTIONS_TO"])


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
