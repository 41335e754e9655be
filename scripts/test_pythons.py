"""Run the tests under every CPython from 3.10 to 3.13 found on this machine.

For each version it finds, it makes a virtual environment .venv-3.X from
requirements.txt (once; again when requirements.txt changes), then runs every
test except those that read the built site (the `site` mark; `make test`
covers those).  It prints one line per version and exits non-zero if any failed.

    python scripts/test_pythons.py                 # every version found
    python scripts/test_pythons.py --oldest-newest # just the oldest and newest
    python scripts/test_pythons.py --oldest --quick # what CI runs
    python scripts/test_pythons.py 3.10 3.13       # these versions only

Interpreters are looked for as python3.X on PATH, then in pyenv's versions
folder, then through the Windows `py` launcher.
"""
import argparse
import glob
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VERSIONS = ("3.10", "3.11", "3.12", "3.13")
INSTALL_TIMEOUT = 1200
TEST_TIMEOUT = 1800


def tests_without_the_site():
    """pytest arguments for every test except those that read the built site.

    The site is built with one Python, by `make test`; under the other
    versions only the examples and their tests run.  The tests of the site
    carry the `site` mark (tests/conftest.py refuses one that uses the
    built_site fixture without it), so the mark selects them.
    """
    # The site and the test Slurm do not depend on the learners' Python: once, in make test.
    return ["tests", "-m", "not site and not slurm"]


def works(command):
    """Does this interpreter command start and report the right version?"""
    try:
        result = subprocess.run([*command, "-c", "import sys; print(sys.version_info[:2])"],
                                capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0


def find_python(version):
    """A command that runs CPython `version`, or None."""
    candidates = []
    on_path = shutil.which(f"python{version}")
    if on_path:
        candidates.append([on_path])
    pyenv_root = os.environ.get("PYENV_ROOT", str(Path.home() / ".pyenv"))
    for folder in sorted(glob.glob(os.path.join(pyenv_root, "versions", f"{version}.*")), reverse=True):
        candidates.append([os.path.join(folder, "bin", f"python{version}")])
    if shutil.which("py"):
        candidates.append(["py", f"-{version}"])
    for command in candidates:
        if works(command):
            return command
    return None


def venv_python(venv):
    scripts = "Scripts" if os.name == "nt" else "bin"
    return venv / scripts / ("python.exe" if os.name == "nt" else "python")


def prepare(version, command):
    """Create or refresh .venv-X.Y; return its python, or raise RuntimeError."""
    venv = ROOT / f".venv-{version}"
    stamp = venv / ".requirements-installed"
    requirements = ROOT / "requirements.txt"
    if stamp.exists() and stamp.stat().st_mtime >= requirements.stat().st_mtime:
        return venv_python(venv)
    # uv (from requirements.txt, beside the Python running this script) installs the
    # packages into the new environment several times faster than its own pip would.
    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or "uv"
    steps = [
        [*command, "-m", "venv", "--without-pip", str(venv)],
        # --compile-bytecode: see the Makefile's venv rule.
        [uv, "pip", "install", "--quiet", "--compile-bytecode", "--python", str(venv_python(venv)),
         "-r", str(requirements)],
    ]
    for step in steps:
        result = subprocess.run(step, cwd=ROOT, capture_output=True, text=True, timeout=INSTALL_TIMEOUT)
        if result.returncode != 0:
            last = (result.stderr.strip().splitlines() or ["no output"])[-1]
            raise RuntimeError(f"'{' '.join(step[:4])} ...' failed: {last}")
    stamp.touch()
    return venv_python(venv)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("versions", nargs="*",
                        help=f"versions to test (default: all of {', '.join(VERSIONS)})")
    parser.add_argument("--oldest-newest", action="store_true",
                        help="test only the oldest and the newest version found")
    parser.add_argument("--oldest", action="store_true",
                        help="test only the oldest version found (CI)")
    parser.add_argument("--quick", action="store_true",
                        help="only the examples' runs (not --help, bad values or the pages), "
                             "under spawn (the strictest start method) and 1 and 2 MPI ranks: "
                             "what CI runs under the oldest Python")
    parser.add_argument("--pytest-args", default="",
                        help="extra arguments for pytest, e.g. \"-k ep04\"")
    args = parser.parse_args()
    unknown = [v for v in args.versions if v not in VERSIONS]
    if unknown:
        parser.error(f"unknown version(s) {', '.join(unknown)}: choose from {', '.join(VERSIONS)}")

    found = {v: find_python(v) for v in (args.versions or VERSIONS)}
    for version, command in found.items():
        if command is None:
            print(f"Python {version}: not found, skipped")
    available = [v for v, command in found.items() if command]
    if args.oldest_newest:
        available = sorted({available[0], available[-1]}, key=VERSIONS.index) if available else []
    elif args.oldest:
        available = available[:1]
    if not available:
        print("No Python 3.10-3.13 found.")
        return 1

    failed = []
    for version in available:
        start = time.perf_counter()
        try:
            python = prepare(version, found[version])
        except (RuntimeError, subprocess.TimeoutExpired) as error:
            print(f"Python {version}: could not set up its environment: {error}")
            failed.append(version)
            continue
        tests = ["tests/test_examples.py::test_example", "-m", "not site and not slurm"] \
            if args.quick else tests_without_the_site()
        env = dict(os.environ, LESSON_TEST_START_METHODS="spawn", LESSON_TEST_MPI_RANKS="1,2") \
            if args.quick else None
        command = [str(python), "-m", "pytest", "-q", *tests, *args.pytest_args.split()]
        print(f"Python {version}: {' '.join(command[1:])}", flush=True)
        try:
            status = subprocess.run(command, cwd=ROOT, timeout=TEST_TIMEOUT, env=env).returncode
        except subprocess.TimeoutExpired:
            status = "timeout"
        outcome = "passed" if status == 0 else f"FAILED ({status})"
        print(f"Python {version}: {outcome} in {time.perf_counter() - start:.0f} s", flush=True)
        if status != 0:
            failed.append(version)

    print(f"Summary: {len(available) - len(failed)} of {len(available)} Python versions passed"
          + (f"; failed: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
