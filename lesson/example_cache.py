"""The build's cache of example outputs and build-command results, in _build/example-cache/.

A shown output is keyed on what it depends on: the bytes of the example and
of the files beside it that it imports, how it is run, the Python and the
machine (and for a timed run, how it was timed).  A build command is keyed on
its command line, its inputs, the Python and the machine.  A rebuild after a
change of prose runs nothing again; LESSON_NO_CACHE=1 runs everything again,
and STRICT_TIMINGS=1 (a publishing build) measures every timed run anew.
"""
from __future__ import annotations

import hashlib
import json
import os
import shlex
import sys
import threading
from pathlib import Path

from lesson import measurements, runner
from lesson.build_machine import machine_description
from lesson.runner import EXAMPLES, ROOT

# Bump when what the cache stores changes shape, so old entries are not read.
CACHE_VERSION = 3
CACHE = ROOT / "_build" / "example-cache"


def caching() -> bool:
    """LESSON_NO_CACHE=1 makes every example run again (a fresh measurement)."""
    return os.environ.get("LESSON_NO_CACHE", "") in ("", "0")


def cache_key(script: str, run: dict, timing=None) -> str:
    """What an output depends on: the example's bytes and the files it imports, how it
    was run, the Python and the machine; for a timed run also `timing`, how it was
    measured (so the tests' build, which times side by side, never fills in a page
    of make html)."""
    digest = hashlib.sha256()
    for path in [EXAMPLES / script, *runner.local_imports(script)]:
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    digest.update(json.dumps([run, sys.version, machine_description(), CACHE_VERSION, timing],
                             sort_keys=True).encode())
    return digest.hexdigest()


def cached_record(key: str, *, timed: bool) -> dict | None:
    """The cached record of a run, or None when it must run (again)."""
    cached = CACHE / f"{key}.json"
    fresh = timed and measurements.strict()  # a publishing build measures anew
    if caching() and not fresh and cached.is_file():
        return json.loads(cached.read_text(encoding="utf-8"))
    return None


def build_command_key(entry: dict) -> str:
    """What a build command's outputs depend on: its script and inputs, its command, the Python
    and the machine."""
    digest = hashlib.sha256()
    for pattern in [entry["command"][0], *entry.get("inputs", ())]:
        for path in sorted(ROOT.glob(pattern)):
            if path.is_file():
                digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    digest.update(json.dumps([entry["command"], sys.version, machine_description(),
                              CACHE_VERSION]).encode())
    return digest.hexdigest()


def store(key: str, record: dict) -> None:
    """Cache a run's record under `key` (written whole, then renamed: never half a file)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    cached = CACHE / f"{key}.json"
    partial = cached.with_name(f"{key}.{threading.get_ident()}.partial")
    partial.write_text(json.dumps(record), encoding="utf-8")
    os.replace(partial, cached)


def command_stamp(arguments: list[str]) -> Path:
    """The file that holds the key of a build command's last run."""
    return CACHE / f"command-{hashlib.sha256(shlex.join(arguments).encode()).hexdigest()[:16]}.key"
