"""Preflight check: is this computer ready for the Parallel Python lesson?

Run it in the environment you installed for the lesson:

    python examples/check_setup.py

It prints one line per check: [ok] when fine, [info] for facts worth knowing,
[FAIL] for a problem, with what to do about it.  It exits with status 1 if
anything needed is missing, 0 otherwise.
"""
import argparse
import multiprocessing
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

MIN_PYTHON = (3, 10)


def report(status, message):
    print(f"[{status}]".ljust(7), message)
    return status != "FAIL"


def check_python():
    version = platform.python_version()
    if sys.version_info < MIN_PYTHON:
        return report("FAIL", f"Python {version} is too old: install Python 3.10 or newer")
    return report("ok", f"Python {version} ({platform.python_implementation()}, {platform.system()})")


def cgroup_cpu_limit(root=Path("/sys/fs/cgroup")):
    """A container's CPU quota in cores (cgroup v2, else v1), or None if there is none."""
    try:
        quota, period = (root / "cpu.max").read_text().split()  # v2: "max 100000" or "200000 100000"
    except (OSError, ValueError):
        try:  # v1: two files; a quota of -1 means none
            quota = (root / "cpu" / "cpu.cfs_quota_us").read_text().strip()
            period = (root / "cpu" / "cpu.cfs_period_us").read_text().strip()
        except OSError:
            return None
    if quota in ("max", "-1"):
        return None
    return int(quota) / int(period)


def check_cores():
    logical = os.cpu_count()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else logical
    line = f"{usable} usable cores of {logical} logical"
    limits = [usable]
    quota = cgroup_cpu_limit()
    if quota is not None:
        line += f"; this container may use {quota:g} cores' worth of time"
        limits.append(max(1, int(quota)))
    slurm = os.environ.get("SLURM_CPUS_PER_TASK")
    if slurm and slurm.isdigit():
        line += f"; Slurm gave this job {slurm} per task"
        limits.append(int(slurm))
    report("ok", line)
    if min(limits) < 2:
        report("info", "only 1 core: examples run, but you will see no parallel speedup here")
    return True


def check_start_method():
    method = multiprocessing.get_start_method()
    return report("info", f"default start method for processes: {method}")


def check_numpy():
    try:
        import numpy
    except ImportError as error:
        return report("FAIL", f"NumPy cannot be imported ({error}): pip install -r requirements.txt")
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return report("ok", f"NumPy {numpy.__version__} (install threadpoolctl to see its BLAS threads)")
    blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    if not blas:
        return report("ok", f"NumPy {numpy.__version__}, no BLAS library found")
    pool = blas[0]
    return report("ok", f"NumPy {numpy.__version__}, BLAS {pool['internal_api']} "
                        f"using {pool['num_threads']} threads")


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
    # Each rank sends its number to rank 0, which alone prints: lines printed
    # by several ranks at once can arrive mixed together.
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
                        help="skip the MPI checks (if you will not do the MPI episode)")
    parser.add_argument("--mpiexec", default=find_mpiexec(),
                        help="the mpiexec to test (default: the one next to this Python, else on PATH)")
    parser.add_argument("--timeout", type=int, default=60,
                        help="seconds to wait for mpiexec (default: %(default)s)")
    args = parser.parse_args()
    if args.timeout < 1:
        parser.error("--timeout must be at least 1 second")

    results = [check_python(), check_cores(), check_start_method(), check_numpy()]
    if not args.no_mpi:
        results.append(check_mpi(args.mpiexec, args.timeout))

    if all(results):
        print("All checks passed: you are ready for the lesson.")
        return 0
    print(f"{results.count(False)} check(s) failed: fix the lines marked [FAIL].")
    return 1


if __name__ == "__main__":
    sys.exit(main())
