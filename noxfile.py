"""Run the tests under each CPython the lesson supports, with nox (pinned in requirements.txt).

    .venv/bin/nox                            # every version found, all tests but the site's (make test-all)
    .venv/bin/nox -p 3.10 3.13               # these versions only
    .venv/bin/nox -s quick-3.10              # the shorter pass that CI runs under the oldest
    .venv/bin/nox -s tests-3.12 -- -k ep04   # extra pytest arguments after --
    .venv/bin/nox --list                     # the sessions

uv makes each session's environment, .nox/<session>, from requirements.txt; it is kept between
runs and brought up to date at the start of each (about a second when nothing changed).  A version
that is not found (on PATH, in pyenv, among uv's own or through the Windows `py` launcher) is
skipped with a line that says so, unless the CI variable is set or --error-on-missing-interpreters
given: then it fails.  --download-python auto lets uv download a missing version (.ci/run does).
"""
import os
from pathlib import Path

import nox

VERSIONS = ["3.10", "3.11", "3.12", "3.13"]
# The site and the test Slurm do not depend on the learners' Python: make test covers them, once.
NOT_SITE_OR_SLURM = ["-m", "not site and not slurm"]

nox.options.default_venv_backend = "uv"
nox.options.reuse_venv = "yes"
# Test the versions this machine has; nox's own default, "auto", would download the others.
nox.options.download_python = "never"

# nox's search finds pyenv's versions only when pyenv has made them active: the others go at PATH's end.
_pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
os.environ["PATH"] = os.pathsep.join([os.environ.get("PATH", ""), *(
    str(folder / "bin") for version in VERSIONS
    for folder in sorted(_pyenv.glob(f"{version}.*"), reverse=True))])


def install(session):
    # --compile-bytecode: see the Makefile's venv rule.
    session.install("--compile-bytecode", "-r", "requirements.txt")


@nox.session(python=VERSIONS)
def tests(session):
    """Every test except those that read the built site or need the test Slurm."""
    install(session)
    session.run("python", "-m", "pytest", "-q", "tests", *NOT_SITE_OR_SLURM, *session.posargs)


@nox.session(python=VERSIONS, default=False)
def quick(session):
    """Only the examples' runs (not --help, bad values or the pages), under spawn and 1 and 2 MPI ranks."""
    install(session)
    session.run("python", "-m", "pytest", "-q", "tests/test_examples.py::test_example", *NOT_SITE_OR_SLURM,
                *session.posargs, env={"LESSON_TEST_START_METHODS": "spawn", "LESSON_TEST_MPI_RANKS": "1,2"})
