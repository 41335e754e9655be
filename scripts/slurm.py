"""A real single-node Slurm for the lesson's tests: install, configure, start, stop.

The tests of every job script and of dask-jobqueue need a scheduler.  This
script gives them one on the machine the tests run on (Debian or Ubuntu, as
root), with nothing shared with any other Slurm or munge there:

    python3 scripts/slurm.py install       # apt-get the Debian packages if missing
    python3 scripts/slurm.py start DIR     # configure in DIR, start the daemons, wait until idle
    python3 scripts/slurm.py stop DIR      # cancel every job, stop the daemons by their PIDs
    python3 scripts/slurm.py check         # start in a temporary folder, run one job, stop
    python3 scripts/slurm.py watch DIR PID # once process PID has gone, stop DIR's cluster

Everything lives in DIR: slurm.conf, the state and spool folders, the logs,
munge's socket, and pids.json (the daemons' process ids).  The daemons listen
on ports chosen free at start, so two copies (two worktrees, two test runs)
do not meet.  Clients find the cluster through SLURM_CONF=DIR/slurm.conf
(``Cluster.env``).  The tests start it from tests/slurm_cluster.py.

Standard library only: .ci/run runs ``install`` before the virtual environment exists.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PACKAGES = ("slurmctld", "slurmd", "slurm-client", "munge")
COMMANDS = ("slurmctld", "slurmd", "sbatch", "srun", "sinfo", "squeue", "scancel", "munged")
MUNGE_KEY = Path("/etc/munge/munge.key")
SBIN = ("/usr/sbin", "/sbin")
PARTITION = "lesson"


class SlurmUnavailable(RuntimeError):
    """Slurm cannot run here; the message says why and what to do."""


def which(name: str) -> str | None:
    path = os.pathsep.join([os.environ.get("PATH", ""), *SBIN])
    return shutil.which(name, path=path)


def missing_commands() -> list[str]:
    return [name for name in COMMANDS if which(name) is None]


def run(line, *, timeout: float = 30, env=None, check: bool = True) -> subprocess.CompletedProcess:
    """Run a short command, capture its output, fail with it if it fails."""
    result = subprocess.run(line, capture_output=True, text=True, timeout=timeout, env=env,
                            stdin=subprocess.DEVNULL, check=False)
    if check and result.returncode != 0:
        raise SlurmUnavailable(f"{' '.join(map(str, line))} failed ({result.returncode}):\n"
                               f"{result.stdout}{result.stderr}")
    return result


# --- Install ---------------------------------------------------------------------

def install() -> None:
    """Install Debian's Slurm and munge packages with apt when a command is missing."""
    missing = missing_commands()
    if not missing:
        print("Slurm and munge are installed.")
        return
    if shutil.which("apt-get") is None:
        raise SlurmUnavailable(f"missing {', '.join(missing)} and no apt-get here: install "
                               f"Slurm ({', '.join(PACKAGES)}) yourself")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    print(f"Installing {' '.join(PACKAGES)} (missing: {', '.join(missing)})", flush=True)
    subprocess.run([*sudo, "apt-get", "update"], check=True, timeout=600, env=env)
    subprocess.run([*sudo, "env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y",
                    "--no-install-recommends", *PACKAGES], check=True, timeout=900, env=env)


# --- Configure --------------------------------------------------------------------

def short_hostname() -> str:
    try:
        return run(["hostname", "-s"]).stdout.strip()
    except (OSError, SlurmUnavailable):
        return socket.gethostname().split(".")[0]


def make_hostname_resolve(host: str) -> None:
    """slurmctld and slurmd find each other by the node's name: it must resolve."""
    try:
        socket.gethostbyname(host)
    except OSError:
        with open("/etc/hosts", "a", encoding="utf-8") as hosts:
            hosts.write(f"127.0.0.1 {host}\n")


def node_line(host: str) -> str:
    """The node's hardware as slurmd sees it (CPUs, cores, memory), for slurm.conf."""
    words = run([which("slurmd"), "-C"]).stdout.split("\n")[0].split()
    fields = [word for word in words if not word.startswith(("NodeName=", "UpTime="))]
    return f"NodeName={host} {' '.join(fields)} State=UNKNOWN"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_config(folder: Path, host: str) -> Path:
    """slurm.conf (and an empty cgroup.conf) in `folder`; every path points inside it."""
    for name in ("state", "spool", "munge"):
        (folder / name).mkdir(exist_ok=True)
    conf = folder / "slurm.conf"
    conf.write_text(f"""\
# Written by scripts/slurm.py: a one-node cluster for the lesson's tests.
ClusterName=lesson
SlurmctldHost={host}
SlurmctldPort={free_port()}
SlurmdPort={free_port()}
SlurmUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket={folder / 'munge' / 'munge.socket'}
StateSaveLocation={folder / 'state'}
SlurmdSpoolDir={folder / 'spool'}
SlurmctldPidFile={folder / 'slurmctld.pid'}
SlurmdPidFile={folder / 'slurmd.pid'}
SlurmctldLogFile={folder / 'slurmctld.log'}
SlurmdLogFile={folder / 'slurmd.log'}
ProctrackType=proctrack/linuxproc
TaskPlugin=task/affinity
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
SchedulerType=sched/backfill
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
KillWait=5
MinJobAge=60
{node_line(host)}
PartitionName={PARTITION} Nodes={host} Default=YES MaxTime=INFINITE State=UP
""", encoding="utf-8")
    (folder / "cgroup.conf").write_text("# Not used: proctrack/linuxproc and task/affinity.\n",
                                        encoding="utf-8")
    return conf


# --- Start and stop -------------------------------------------------------------------

@dataclass
class Cluster:
    folder: Path
    pids: dict[str, int]

    @property
    def conf(self) -> Path:
        return self.folder / "slurm.conf"

    @property
    def env(self) -> dict[str, str]:
        """What a client (sbatch, srun, dask-jobqueue) needs to find this cluster."""
        return {"SLURM_CONF": str(self.conf)}

    def client_env(self) -> dict[str, str]:
        return dict(os.environ, **self.env)

    def save(self) -> None:
        (self.folder / "pids.json").write_text(json.dumps(self.pids), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> Cluster:
        folder = Path(folder).resolve()
        return cls(folder, json.loads((folder / "pids.json").read_text(encoding="utf-8")))

    def logs(self) -> str:
        parts = []
        for name in ("munged.log", "slurmctld.log", "slurmd.log", "daemons.out"):
            path = self.folder / name
            if path.is_file():
                parts.append(f"--- {name} (last lines) ---\n"
                             + "\n".join(path.read_text(errors="replace").splitlines()[-15:]))
        return "\n".join(parts)


def check_can_run() -> None:
    if not sys.platform.startswith("linux"):
        raise SlurmUnavailable(f"the test Slurm runs on Linux only (this is {sys.platform})")
    if os.geteuid() != 0:
        raise SlurmUnavailable("the test Slurm's daemons must run as root "
                               "(run the tests as root, e.g. in a container, or under CI)")
    missing = missing_commands()
    if missing:
        raise SlurmUnavailable(f"not installed: {', '.join(missing)}; install them with "
                               f"`python3 scripts/slurm.py install` (Debian/Ubuntu: apt)")


def _ensure_munge_key() -> None:
    if MUNGE_KEY.is_file():
        return
    MUNGE_KEY.parent.mkdir(mode=0o700, exist_ok=True)
    shutil.chown(MUNGE_KEY.parent, "munge", "munge")
    mungekey = which("mungekey")
    if mungekey:
        run(["setpriv", "--reuid=munge", "--regid=munge", "--init-groups", mungekey,
             "--create", f"--keyfile={MUNGE_KEY}"])
    else:
        MUNGE_KEY.write_bytes(os.urandom(128))
        MUNGE_KEY.chmod(0o400)
        shutil.chown(MUNGE_KEY, "munge", "munge")


def _spawn(line, folder: Path, *, as_munge: bool = False) -> subprocess.Popen:
    """Start a daemon in the foreground, in a session of its own, logging to daemons.out."""
    with open(folder / "daemons.out", "ab") as out:
        return subprocess.Popen(
            line, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True, env=dict(os.environ, SLURM_CONF=str(folder / "slurm.conf")),
            user="munge" if as_munge else None, group="munge" if as_munge else None,
            extra_groups=[] if as_munge else None)


def _wait_for(test, timeout: float, what: str, cluster: Cluster) -> None:
    deadline = time.monotonic() + timeout
    while not test():
        for name, pid in cluster.pids.items():
            if not _alive(pid):
                raise SlurmUnavailable(f"{name} exited while waiting for {what}\n{cluster.logs()}")
        if time.monotonic() > deadline:
            raise SlurmUnavailable(f"timed out after {timeout} s waiting for {what}\n{cluster.logs()}")
        time.sleep(0.2)


def _alive(pid: int) -> bool:
    try:
        waited, _ = os.waitpid(pid, os.WNOHANG)   # our child: reap it if it has exited
        if waited == pid:
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie that is not our child counts as gone
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] != "Z"
    except OSError:
        return False


def node_state(cluster: Cluster) -> str:
    result = run([which("sinfo"), "-h", "-N", "-o", "%T"], env=cluster.client_env(), check=False,
                 timeout=10)
    return result.stdout.strip() if result.returncode == 0 else ""


def start(folder: Path, *, timeout: float = 60) -> Cluster:
    """Configure Slurm in `folder`, start munged, slurmctld and slurmd; wait until idle."""
    check_can_run()
    folder = Path(folder).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o755)              # munge must reach its socket folder inside
    host = short_hostname()
    make_hostname_resolve(host)
    conf = write_config(folder, host)
    munge_dir = folder / "munge"
    shutil.chown(munge_dir, "munge", "munge")
    munge_dir.chmod(0o755)          # munged wants its socket folder reachable by all
    _ensure_munge_key()

    cluster = Cluster(folder, {})
    try:
        munged = _spawn([which("munged"), "--foreground", f"--socket={munge_dir / 'munge.socket'}",
                         f"--pid-file={munge_dir / 'munged.pid'}", f"--log-file={munge_dir / 'munged.log'}",
                         f"--seed-file={munge_dir / 'munged.seed'}", f"--key-file={MUNGE_KEY}"],
                        folder, as_munge=True)
        cluster.pids["munged"] = munged.pid
        cluster.save()
        _wait_for((munge_dir / "munge.socket").exists, 15, "munged's socket", cluster)
        slurmctld = _spawn([which("slurmctld"), "-D", "-i", "-f", str(conf)], folder)
        cluster.pids["slurmctld"] = slurmctld.pid
        cluster.save()
        slurmd = _spawn([which("slurmd"), "-D", "-f", str(conf), "-N", host], folder)
        cluster.pids["slurmd"] = slurmd.pid
        cluster.save()
        _wait_for(lambda: node_state(cluster) == "idle", timeout, "the node to be idle", cluster)
    except BaseException:
        stop(cluster)
        raise
    return cluster


def _terminate(pid: int, timeout: float = 15) -> None:
    """SIGTERM, wait for the exit (each daemon takes about 2 s), then SIGKILL."""
    if not _alive(pid):
        return
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _alive(pid):
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            deadline += 5
        time.sleep(0.1)


def job_processes(cluster: Cluster) -> list[int]:
    """Processes left of this cluster's jobs (slurmstepd, job scripts): those whose
    environment names its slurm.conf.  slurmd leaves running jobs alone when it stops."""
    marker = f"SLURM_CONF={cluster.conf}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if marker in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
        except OSError:
            continue
    return [pid for pid in found if pid not in cluster.pids.values()]


def stop(cluster: Cluster) -> None:
    """Cancel every job, stop slurmd, slurmctld and munged, in that order, by PID,
    then kill whatever is left of the jobs."""
    if "slurmctld" in cluster.pids and _alive(cluster.pids["slurmctld"]):
        env = cluster.client_env()
        run([which("scancel"), f"--partition={PARTITION}"], env=env, check=False, timeout=15)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            jobs = run([which("squeue"), "-h", "-t", "all", "-o", "%T"], env=env, check=False,
                       timeout=10).stdout.split()
            if not set(jobs) & {"PENDING", "RUNNING", "CONFIGURING", "COMPLETING", "SUSPENDED"}:
                break
            time.sleep(0.3)
    for name in ("slurmd", "slurmctld", "munged"):
        if name in cluster.pids:
            _terminate(cluster.pids[name])
    for pid in job_processes(cluster):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def watch(folder: Path, parent: int) -> None:
    """Wait until process `parent` has gone, then stop the cluster in `folder` and
    remove the folder: the test run that started it was killed before it could."""
    while _alive(parent):
        time.sleep(0.5)
    stop(Cluster.load(folder))
    shutil.rmtree(folder, ignore_errors=True)


# --- Command line ----------------------------------------------------------------------

def check() -> None:
    """Start a cluster in a temporary folder, run one job through sbatch -W, stop it."""
    folder = Path(tempfile.mkdtemp(prefix="lesson-slurm-"))
    started = time.perf_counter()
    cluster = start(folder)
    print(f"Slurm started in {time.perf_counter() - started:.1f} s, config {cluster.conf}")
    try:
        result = run([which("sbatch"), "-W", "--parsable", f"--output={folder / 'job.out'}",
                      "--wrap", "echo hello from job $SLURM_JOB_ID on $(hostname -s)"],
                     env=cluster.client_env(), timeout=60)
        print(f"Job {result.stdout.strip()}: {(folder / 'job.out').read_text().strip()}")
    finally:
        started = time.perf_counter()
        stop(cluster)
        print(f"Slurm stopped in {time.perf_counter() - started:.1f} s")
    shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["install", "start", "stop", "check", "watch"])
    parser.add_argument("folder", nargs="?", type=Path, help="the cluster's private folder")
    parser.add_argument("pid", nargs="?", type=int, help="watch: the process to outlive")
    args = parser.parse_args()
    if args.action in ("start", "stop", "watch") and args.folder is None:
        parser.error(f"{args.action} needs the cluster's folder")
    if args.action == "watch" and args.pid is None:
        parser.error("watch needs the process id to wait for")
    try:
        if args.action == "install":
            install()
        elif args.action == "start":
            cluster = start(args.folder)
            print(f"Slurm is up; use it with: export SLURM_CONF={cluster.conf}")
        elif args.action == "stop":
            stop(Cluster.load(args.folder))
        elif args.action == "watch":
            watch(args.folder, args.pid)
        else:
            check()
    except SlurmUnavailable as problem:
        sys.exit(f"slurm.py: {problem}")


if __name__ == "__main__":
    main()
