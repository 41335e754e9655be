"""Sphinx: run the commands of ``lesson_build_commands`` when the build starts.

Each entry is a dict: ``command``, a list of arguments for this Python,
relative to the repository root; optional ``inputs``, globs of the files its
result depends on; and ``outputs``.  They are the scripts that draw the
pictures and measure the benchmark and the MPI scaling, so those are never
stale either.  A command runs again only when its key changed
(lesson/example_cache.py) or an output is missing.  A command that fails is a
build warning, so a strict build fails: a measuring command exits 1 on a
missed claim under STRICT_TIMINGS=1 (lesson/measurements.py).
"""
from __future__ import annotations

import shlex
import sys

from sphinx.util import logging

from lesson import example_cache, measurements, runner
from lesson.runner import ROOT

logger = logging.getLogger(__name__)


def run_build_commands(app) -> None:
    """Run each of lesson_build_commands before any page is read, unless its inputs,
    its command and the machine are those of the last run and its outputs exist."""
    for entry in app.config.lesson_build_commands:
        if isinstance(entry, (list, tuple)):
            entry = {"command": list(entry)}
        arguments = entry["command"]
        key = example_cache.build_command_key(entry)
        stamp = example_cache.command_stamp(arguments)
        outputs = [ROOT / output for output in entry.get("outputs", ())]
        fresh = not example_cache.caching() or measurements.strict()
        if not fresh and outputs and all(p.is_file() for p in outputs) \
                and stamp.is_file() and stamp.read_text() == key:
            logger.info("lesson: %s is up to date", shlex.join(arguments))
            continue
        logger.info("lesson: running %s", shlex.join(arguments))
        result = runner.run([sys.executable, *arguments], timeout=600)
        if result.returncode is None:
            logger.warning("lesson: %s did not finish in 600 s", shlex.join(arguments))
        elif result.returncode != 0:
            logger.warning("lesson: %s failed with exit status %d:\n%s",
                           shlex.join(arguments), result.returncode, result.stderr)
        else:
            stamp.parent.mkdir(parents=True, exist_ok=True)
            stamp.write_text(key)


def setup(app):
    app.add_config_value("lesson_build_commands", [], "env")
    app.connect("builder-inited", run_build_commands)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
