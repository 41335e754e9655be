"""Dask workers as Slurm jobs, with dask-jobqueue's SLURMCluster.

SLURMCluster writes a job script that starts Dask workers and submits it
with sbatch, once per job you ask for; the workers then connect back to the
scheduler, which runs inside this program.  From the Client on, the code is
the same as with a LocalCluster on a laptop (episode 8).  Leaving the
with-block stops the workers and cancels their jobs.

It runs on a Slurm login node; elsewhere it stops at once and says so.
--print-script only shows the job script it would submit: that needs no Slurm.
"""
import argparse
import getpass
import math
import shutil
import subprocess
import sys
import tempfile

import dask
from dask_jobqueue import SLURMCluster
from distributed import Client


def slurm_here():
    """Why this machine cannot submit Slurm jobs, or None when it can (sbatch is there and
    squeue reaches the cluster's controller)."""
    if shutil.which("sbatch") is None:
        return "no sbatch here"
    try:
        answer = subprocess.run(["squeue", "--noheader", "--user", getpass.getuser()],
                                capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "squeue did not answer in 10 s"
    return None if answer.returncode == 0 else "squeue cannot reach a Slurm cluster"


def count_primes(block):
    """Primes in range(start, stop), by trial division."""
    start, stop = block
    return sum(1 for n in range(max(start, 2), stop)
               if all(n % d for d in range(2, math.isqrt(n) + 1)))


# start-listing
def make_cluster(cores, memory, walltime):
    """A Dask cluster whose workers are Slurm jobs of `cores` cores each."""
    return SLURMCluster(
        cores=cores,              # cores per job
        processes=cores,          # worker processes per job: one thread each, for pure Python
        memory=memory,            # memory per job, shared by its workers
        walltime=walltime,        # each job's time limit
        python=sys.executable,    # the workers run this Python, with this environment
        # account="my_project",   # sbatch -A: the project your time is billed to
        # queue="normal",         # sbatch -p: the partition
        # The workers must reach the scheduler over the network.  Where the
        # compute nodes only see the fast network, name its interface:
        # interface="ib0",                          # scheduler and workers
        # scheduler_options={"interface": "ib0"},   # or just the scheduler
    )


def count_on_cluster(cluster, jobs, workers_per_job, limit, blocks):
    """Submit `jobs` jobs, wait for their workers, count primes below limit."""
    cluster.scale(jobs=jobs)
    with Client(cluster) as client:
        client.wait_for_workers(jobs * workers_per_job, timeout=120)
        workers = len(client.scheduler_info()["workers"])
        step = math.ceil(limit / blocks)
        futures = client.map(count_primes, [(i, min(i + step, limit)) for i in range(0, limit, step)])
        return workers, sum(client.gather(futures))
# end-listing


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=at_least_one, default=2, help="Slurm jobs to submit (default 2)")
    parser.add_argument("--cores", type=at_least_one, default=1, help="cores (and workers) per job")
    parser.add_argument("--limit", type=at_least_one, default=200_000, help="count primes below this")
    parser.add_argument("--print-script", action="store_true",
                        help="show the job script and stop, submitting nothing")
    args = parser.parse_args()
    problem = None if args.print_script else slurm_here()
    if problem:
        sys.exit(f"dask_slurm.py needs a Slurm login node ({problem}); "
                 "--print-script shows the job script without Slurm")
    # The scheduler, which runs here, keeps its scratch files in a folder removed at the end
    # (by default it would leave /tmp/dask-scratch-space behind, even for --print-script).
    with tempfile.TemporaryDirectory() as scratch, dask.config.set({"temporary-directory": scratch}), \
            make_cluster(args.cores, memory=f"{args.cores}GB", walltime="00:10:00") as cluster:
        if args.print_script:
            print(cluster.job_script())
            return
        workers, primes = count_on_cluster(cluster, args.jobs, args.cores, args.limit, blocks=10)
    print(f"Workers: {workers} in {args.jobs} Slurm jobs")
    print(f"Primes below {args.limit}: {primes}")


if __name__ == "__main__":
    main()
