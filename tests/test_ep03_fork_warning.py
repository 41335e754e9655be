"""Episode 3: forking while threads run gives a DeprecationWarning that is hidden by default.

The page's claim, on a Python that raises the warning (3.12 and later): with
`python -W default` the warning appears, without it the default filters hide
it.  The lesson's own Python may be older, so this also looks for a 3.12+
interpreter on the machine (on PATH, or installed by pyenv) and runs the
example with it; the example needs only the standard library.
"""
import glob
import os
import shutil
import subprocess
import sys

import pytest

from harness import ROOT, run_command

EXAMPLE = "examples/ep03_processes/fork_threads.py"
WARNING = ("DeprecationWarning: This process (pid=",
           "is multi-threaded, use of fork() may lead to deadlocks in the child")


def version_of(python):
    try:
        out = subprocess.run([python, "-c", "import sys; print(*sys.version_info[:2])"],
                             capture_output=True, text=True, timeout=30).stdout.split()
        return tuple(map(int, out))
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return None


def pythons_with_the_warning():
    found = {}
    candidates = [sys.executable, *(shutil.which(f"python3.{minor}") for minor in range(12, 16)),
                  *sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.1[2-9]*/bin/python3")))]
    for python in filter(None, candidates):
        version = version_of(python)
        if version and version >= (3, 12) and version not in found:
            found[version] = python
    return found


PYTHONS = pythons_with_the_warning()
pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="no fork on Windows"),
    pytest.mark.skipif(not PYTHONS, reason="no Python 3.12 or later found on this machine"),
]


@pytest.mark.parametrize("version", sorted(PYTHONS), ids=lambda v: f"{v[0]}.{v[1]}")
def test_warning_shown_with_W_default_and_hidden_without(version):
    python = PYTHONS[version]
    shown = run_command([python, "-W", "default", EXAMPLE], timeout=120, cwd=ROOT)
    assert shown.returncode == 0, shown.describe()
    assert all(part in shown.stderr for part in WARNING), shown.describe()
    assert "warns about this fork with a DeprecationWarning" in shown.stdout, shown.describe()

    hidden = run_command([python, EXAMPLE], timeout=120, cwd=ROOT)
    assert hidden.returncode == 0, hidden.describe()
    assert "DeprecationWarning" not in hidden.stderr, hidden.describe()
    assert "The child runs" in hidden.stdout, hidden.describe()
