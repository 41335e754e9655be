"""Preflight check: is this computer ready for the Parallel Python lesson?

Run it in the environment you installed for the lesson, from the folder that
holds examples/:

    python examples/check_setup.py

It prints one line per check: [ok] when fine, [info] for facts worth knowing,
[FAIL] for a problem, with what to do about it.  It exits with status 1 if
anything needed is missing, 0 otherwise.
"""
import argparse
import importlib
import importlib.metadata
import multiprocessing
import platform
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "ep01_why"))
import count_cores  # noqa: E402  (episode 1's example: how many cores may this program use?)

MIN_PYTHON = (3, 10)
# MPI and mpi4py are the MPI check's business (which --no-mpi skips).
MPI_PACKAGES = {"mpi4py", "mpich", "impi-rt"}


def report(status, message):
    print(f"[{status}]".ljust(7), message)
    return status != "FAIL"


def check_python():
    version = platform.python_version()
    if sys.version_info < MIN_PYTHON:
        return report("FAIL", f"Python {version} is too old: install Python 3.10 or newer")
    return report("ok", f"Python {version} ({platform.python_implementation()}, {platform.system()})")


def applies(marker):
    """Does a requirement's marker (python_version / sys_platform only) hold here?"""
    here = {"python_version": tuple(sys.version_info[:2]), "sys_platform": sys.platform}
    for name, op, value in re.findall(r'(\w+)\s*(==|!=|<=|>=|<|>)\s*"([^"]+)"', marker):
        mine = here[name]
        theirs = tuple(int(part) for part in value.split(".")) if name == "python_version" else value
        if not {"==": mine == theirs, "!=": mine != theirs, "<": mine < theirs, ">": mine > theirs,
                "<=": mine <= theirs, ">=": mine >= theirs}[op]:
            return False
    return True


def requirements(path=HERE / "requirements.txt"):
    """(name, pinned version) for each line of the learners' requirements that applies here."""
    pins = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        requirement, _, marker = line.partition(";")
        if requirement and applies(marker):
            name, _, version = requirement.partition("==")
            pins.append((name.strip(), version.strip()))
    return pins


def top_module(name):
    """The module a distribution installs ('dask-jobqueue' -> 'dask_jobqueue'), or None
    for one that installs only a program (py-spy)."""
    wanted = name.lower().replace("_", "-")
    modules = [module for module, distributions in importlib.metadata.packages_distributions().items()
               if wanted in (d.lower().replace("_", "-") for d in distributions)
               and not module.startswith("_")]
    if not modules:
        return None
    same = [m for m in modules if m.lower().replace("_", "-") == wanted]
    return (same or sorted(modules, key=len))[0]


def check_packages():
    """Every package of examples/requirements.txt is installed, at its version, and imports."""
    failed, wrong = [], []
    pins = [(name, version) for name, version in requirements() if name not in MPI_PACKAGES]
    for name, version in pins:
        try:
            installed = importlib.metadata.version(name)
            module = top_module(name)
            if module is not None:
                importlib.import_module(module)
        except Exception as error:  # not installed, or an import that fails for any reason
            failed.append(f"{name} ({error})")
            continue
        if version and installed != version:
            wrong.append(f"{name} {installed} (the lesson pins {version})")
    if failed:
        return report("FAIL", f"cannot import {', '.join(failed)}: "
                              "python -m pip install -r examples/requirements.txt")
    if wrong:
        report("info", "other versions than the lesson's: " + ", ".join(wrong))
    return report("ok", f"all {len(pins)} packages of examples/requirements.txt import "
                        "(MPI's are checked below)")


def check_cores():
    limits = count_cores.core_limits()
    usable = count_cores.usable_cores()
    found = [f"{name} {value}" for name, value in limits.items() if value is not None]
    report("ok", f"{usable} usable core{'s' if usable != 1 else ''} ({'; '.join(found)})")
    if usable < 2:
        report("info", "only 1 core: examples run, but you will see no parallel speedup here")
    return True


def check_start_method():
    return report("info", f"default start method for processes: {multiprocessing.get_start_method()}")


def check_numpy():
    try:
        import numpy
        from threadpoolctl import threadpool_info
    except Exception:
        return True  # check_packages has said what is missing
    blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    if blas:
        return report("ok", f"NumPy {numpy.__version__}, BLAS {blas[0]['internal_api']} "
                            f"using {blas[0]['num_threads']} threads")
    # threadpoolctl cannot see every BLAS: Apple's Accelerate, which NumPy's wheels
    # for Apple silicon use on macOS 14 and newer, is one.  Ask NumPy what it was built with.
    try:
        name = numpy.show_config(mode="dicts")["Build Dependencies"]["blas"]["name"]
    except Exception:
        name = "unknown"
    hint = "; VECLIB_MAXIMUM_THREADS limits its threads" if "accelerate" in name.lower() else ""
    return report("ok", f"NumPy {numpy.__version__}, BLAS {name} (its threads are not visible "
                        f"to threadpoolctl{hint})")


def find_mpiexec():
    """mpiexec next to this Python (the mpich wheel puts it there), else on PATH."""
    beside = Path(sys.executable).with_name("mpiexec")
    return str(beside) if beside.exists() else shutil.which("mpiexec")


def check_mpi(mpiexec, timeout):
    try:
        from mpi4py import MPI
    except Exception as error:  # ImportError, or a RuntimeError when no MPI library loads
        return report("FAIL", f"mpi4py cannot be imported ({error}): see the setup page, MPI section")
    library = " ".join(MPI.Get_library_version().splitlines()[0].split())
    report("ok", f"mpi4py {sys.modules['mpi4py'].__version__} with {library}")

    if not mpiexec or not shutil.which(mpiexec):
        return report("FAIL", "mpiexec not found: install the mpich wheel (Linux/macOS) or MS-MPI (Windows)")
    # Each rank sends its number to rank 0, which alone prints.
    command = [mpiexec, "-n", "2", sys.executable, "-c",
               "from mpi4py import MPI; ranks = MPI.COMM_WORLD.gather(MPI.COMM_WORLD.rank); "
               "ranks is None or print(*ranks)"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return report("FAIL", f"mpiexec -n 2 did not finish in {timeout} s: see the setup page, MPI section")
    except OSError as error:
        return report("FAIL", f"mpiexec could not start ({error.strerror}): {mpiexec}")
    if result.returncode != 0 or result.stdout.split() != ["0", "1"]:
        last = (result.stderr.strip().splitlines() or ["no error message"])[-1]
        return report("FAIL", f"mpiexec -n 2 did not run two ranks: {last}")
    return report("ok", f"mpiexec -n 2 ran two ranks ({mpiexec})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-mpi", action="store_true",
                        help="skip the MPI checks (if you will not do the MPI episodes)")
    parser.add_argument("--mpiexec", default=find_mpiexec(),
                        help="the mpiexec to test (default: the one next to this Python, else on PATH)")
    parser.add_argument("--timeout", type=int, default=60,
                        help="seconds to wait for mpiexec (default: %(default)s)")
    args = parser.parse_args()
    if args.timeout < 1:
        parser.error("--timeout must be at least 1 second")

    results = [check_python(), check_packages(), check_cores(), check_start_method(), check_numpy()]
    if not args.no_mpi:
        results.append(check_mpi(args.mpiexec, args.timeout))
    if all(results):
        print("All checks passed: you are ready for the lesson.")
        return 0
    print(f"{results.count(False)} check(s) failed: fix the lines marked [FAIL].")
    return 1


if __name__ == "__main__":
    sys.exit(main())
