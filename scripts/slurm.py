"""A real single-node Slurm, for the lesson's tests and as a practice cluster.

The tests of every job script and of dask-jobqueue need a scheduler, and so
does a learner without a cluster account on the cluster day.  This script
gives them one on a Linux machine (Debian or Ubuntu, as root), with nothing
shared with any other Slurm, munge or MariaDB there:

    python3 scripts/slurm.py install       # apt-get the Debian packages if missing
    python3 scripts/slurm.py start DIR     # configure in DIR, start the daemons, wait until idle
    python3 scripts/slurm.py stop DIR      # cancel every job, stop the daemons by their PIDs
    python3 scripts/slurm.py check         # start in a temporary folder, run one job, stop
    python3 scripts/slurm.py watch DIR PID # once process PID has gone, stop DIR's cluster

`start` and `check` run job accounting (sacct) by default: slurmdbd with a
MariaDB server of its own, what a learner on the practice cluster needs.
`--no-accounting` leaves both out, which saves 2 to 4 s at start, 2 s at stop
and 115 MB of disk: tests/slurm_cluster.py's fixture does so
(``start(folder, accounting=False)``), as its tests never call sacct.

Everything lives in DIR: slurm.conf, slurmdbd.conf, the state and spool
folders, the logs, munge's socket, MariaDB's data, socket and config
(DIR/mysql), and pids.json (the daemons' process ids).  The daemons listen on
ports chosen free at start (MariaDB on 127.0.0.1 only), so two copies (two
worktrees, two test runs, a practice cluster beside a system MariaDB) do not
meet.  Clients find the cluster through SLURM_CONF=DIR/slurm.conf
(``Cluster.env``).  The tests start it from tests/slurm_cluster.py; the
lesson's setup page (content/setup.md) shows learners how to start one.

Standard library only: .ci/run runs ``install`` before the virtual environment
exists, and learners download this one file.
"""
from __future__ import annotations

import argparse
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PACKAGES = ("slurmctld", "slurmd", "slurm-client", "munge")
COMMANDS = ("slurmctld", "slurmd", "sbatch", "srun", "sinfo", "squeue", "scancel", "munged")
# Job accounting: slurmdbd (which pulls in Slurm's MySQL plugin) and a MariaDB server.
ACCOUNTING_PACKAGES = ("slurmdbd", "mariadb-server")
ACCOUNTING_COMMANDS = ("slurmdbd", "sacct", "sacctmgr", "mariadbd", "mariadb-install-db", "mariadb")
# MariaDB before 10.5 (Debian 10, Ubuntu 20.04) names its programs after MySQL.
OLD_NAMES = {"mariadbd": "mysqld", "mariadb-install-db": "mysql_install_db", "mariadb": "mysql"}
MUNGE_KEY = Path("/etc/munge/munge.key")
SBIN = ("/usr/sbin", "/sbin")
PARTITION = "lesson"
CLUSTER_NAME = "lesson"
DB_USER = "mysql"          # MariaDB's own system user, created by its package


class SlurmUnavailable(RuntimeError):
    """Slurm cannot run here; the message says why and what to do."""


def which(name: str) -> str | None:
    path = os.pathsep.join([os.environ.get("PATH", ""), *SBIN])
    found = shutil.which(name, path=path)
    if found is None and name in OLD_NAMES:
        found = shutil.which(OLD_NAMES[name], path=path)
    return found


def missing_commands(accounting: bool = False) -> list[str]:
    names = COMMANDS + (ACCOUNTING_COMMANDS if accounting else ())
    return [name for name in names if which(name) is None]


def run(line, *, timeout: float = 30, env=None, check: bool = True) -> subprocess.CompletedProcess:
    """Run a short command, capture its output, fail with it if it fails."""
    result = subprocess.run(line, capture_output=True, text=True, timeout=timeout, env=env,
                            stdin=subprocess.DEVNULL, check=False)
    if check and result.returncode != 0:
        raise SlurmUnavailable(f"{' '.join(map(str, line))} failed ({result.returncode}):\n"
                               f"{result.stdout}{result.stderr}")
    return result


# --- Install ---------------------------------------------------------------------

def install(accounting: bool = True) -> None:
    """Install Debian's Slurm and munge packages (and, for accounting, slurmdbd and
    MariaDB's server) with apt when a command is missing."""
    missing = missing_commands(accounting)
    packages = PACKAGES + (ACCOUNTING_PACKAGES if accounting else ())
    if not missing:
        print(f"Slurm and munge{', slurmdbd and MariaDB' if accounting else ''} are installed.")
        return
    if shutil.which("apt-get") is None:
        raise SlurmUnavailable(f"missing {', '.join(missing)} and no apt-get here: install "
                               f"Slurm ({', '.join(packages)}) yourself")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    print(f"Installing {' '.join(packages)} (missing: {', '.join(missing)})", flush=True)
    subprocess.run([*sudo, "apt-get", "update"], check=True, timeout=600, env=env)
    subprocess.run([*sudo, "env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y",
                    "--no-install-recommends", *packages], check=True, timeout=900, env=env)


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


def accounting_lines(folder: Path, host: str, dbd_port: int | None) -> str:
    """slurm.conf's accounting settings: through slurmdbd on `dbd_port`, or none.
    With slurmdbd, AccountingStoragePass names the munge socket for talking to it
    (AuthInfo covers the rest); without it, clients look for the system's munge."""
    if dbd_port is None:
        return """\
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none"""
    return f"""\
AccountingStorageType=accounting_storage/slurmdbd
AccountingStorageHost={host}
AccountingStoragePort={dbd_port}
AccountingStoragePass={folder / 'munge' / 'munge.socket'}
JobAcctGatherType=jobacct_gather/linux
JobAcctGatherFrequency=task=1"""


def write_config(folder: Path, host: str, dbd_port: int | None = None) -> Path:
    """slurm.conf (and an empty cgroup.conf) in `folder`; every path points inside it.
    With `dbd_port`, accounting goes to the slurmdbd listening there."""
    for name in ("state", "spool", "munge"):
        (folder / name).mkdir(exist_ok=True)
    conf = folder / "slurm.conf"
    conf.write_text(f"""\
# Written by scripts/slurm.py: a one-node cluster for the lesson's tests and learners.
ClusterName={CLUSTER_NAME}
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
{accounting_lines(folder, host, dbd_port)}
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


def write_dbd_config(folder: Path, host: str, dbd_port: int, db_port: int, password: str) -> Path:
    """slurmdbd.conf (mode 600: it holds the database's password; slurmdbd refuses
    one that others may read), next to slurm.conf, where slurmdbd looks for it."""
    conf = folder / "slurmdbd.conf"
    conf.touch(mode=0o600)
    conf.chmod(0o600)
    conf.write_text(f"""\
# Written by scripts/slurm.py: the accounting daemon of the one-node cluster.
AuthType=auth/munge
AuthInfo=socket={folder / 'munge' / 'munge.socket'}
DbdHost={host}
DbdPort={dbd_port}
SlurmUser=root
PidFile={folder / 'slurmdbd.pid'}
LogFile={folder / 'slurmdbd.log'}
StorageType=accounting_storage/mysql
StorageHost=127.0.0.1
StoragePort={db_port}
StorageUser=slurm
StoragePass={password}
StorageLoc=slurm_acct_db
""", encoding="utf-8")
    return conf


def write_db_config(folder: Path, db_port: int) -> Path:
    """DIR/mysql/my.cnf: MariaDB's data, socket, pid file and log in DIR/mysql, TCP on
    127.0.0.1:`db_port` only.  Every MariaDB program here is given it with
    --defaults-file, so none reads /etc/mysql and nothing meets a system MariaDB."""
    db = folder / "mysql"
    db.mkdir(exist_ok=True)
    shutil.chown(db, DB_USER, DB_USER)
    db.chmod(0o750)
    cnf = db / "my.cnf"
    cnf.write_text(f"""\
# Written by scripts/slurm.py: the practice cluster's accounting database.
[mysqld]
user={DB_USER}
datadir={db / 'data'}
socket={db / 'mariadb.sock'}
pid-file={db / 'mariadbd.pid'}
log-error={db / 'mariadbd.log'}
port={db_port}
bind-address=127.0.0.1
skip-name-resolve
# Small, for a few jobs' records: slurmdbd's log calls the first two below its
# recommended values (for a site's database), as expected.  The lock wait is
# the one Slurm's accounting page asks for.
innodb_buffer_pool_size=64M
innodb_log_file_size=16M
innodb_lock_wait_timeout=900

[client]
socket={db / 'mariadb.sock'}
user=root
""", encoding="utf-8")
    return cnf


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

    @property
    def accounting(self) -> bool:
        return "slurmdbd" in self.pids

    @staticmethod
    def running(folder: Path) -> list[str]:
        """The daemons of an earlier start in `folder` that still run."""
        try:
            pids = json.loads((Path(folder) / "pids.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        return [name for name, pid in pids.items() if _is_daemon(pid, name)]

    @classmethod
    def load(cls, folder: Path) -> Cluster:
        folder = Path(folder).resolve()
        return cls(folder, json.loads((folder / "pids.json").read_text(encoding="utf-8")))

    def logs(self) -> str:
        parts = []
        for name in ("munge/munged.log", "mysql/mariadbd.log", "slurmdbd.log", "slurmctld.log",
                     "slurmd.log", "daemons.out"):
            path = self.folder / name
            if path.is_file():
                parts.append(f"--- {name} (last lines) ---\n"
                             + "\n".join(path.read_text(errors="replace").splitlines()[-15:]))
        return "\n".join(parts)


def check_can_run(accounting: bool = False) -> None:
    if not sys.platform.startswith("linux"):
        raise SlurmUnavailable(f"the test Slurm runs on Linux only (this is {sys.platform})")
    if os.geteuid() != 0:
        raise SlurmUnavailable("the Slurm daemons must run as root: start it with sudo "
                               "(or run the tests as root, e.g. in a container, or under CI)")
    missing = missing_commands(accounting)
    if missing:
        raise SlurmUnavailable(f"not installed: {', '.join(missing)}; install them with "
                               f"`sudo python3 slurm.py install` (Debian/Ubuntu: apt)"
                               + ("" if missing_commands() else
                                  ", or start without accounting: --no-accounting"))
    if accounting:
        try:
            pwd.getpwnam(DB_USER)
        except KeyError:
            raise SlurmUnavailable(f"no user {DB_USER!r}, which MariaDB's package creates: "
                                   f"reinstall mariadb-server, or use --no-accounting") from None


def check_folder(folder: Path) -> None:
    """munged (which runs as user munge) refuses a socket below a folder that is not
    root's, or that others may write to without the sticky bit, such as a home folder;
    MariaDB (user mysql) and the jobs must reach the folder too.  Say so first."""
    for parent in reversed(folder.parents):
        try:
            info = parent.stat()
        except FileNotFoundError:
            continue                  # created by start, as root
        problem = None
        if info.st_uid != 0:
            problem = f"it belongs to {_user_name(info.st_uid)}, not root"
        elif info.st_mode & 0o022 and not info.st_mode & stat.S_ISVTX:
            problem = "others may write to it"
        elif not info.st_mode & 0o001:
            problem = "other users may not enter it"
        if problem:
            raise SlurmUnavailable(
                f"the cluster's folder cannot be inside {parent}: {problem}.  munge, MariaDB and "
                f"the jobs need every folder above it to be root's and open to all: use a "
                f"folder such as /opt/practice-cluster (not one in a home folder)")


def _user_name(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"user {uid}"


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


def _spawn(line, folder: Path, *, as_user: str | None = None) -> subprocess.Popen:
    """Start a daemon in the foreground, in a session of its own, logging to daemons.out;
    as root, or as `as_user` (munge for munged)."""
    with open(folder / "daemons.out", "ab") as out:
        return subprocess.Popen(
            line, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True, env=dict(os.environ, SLURM_CONF=str(folder / "slurm.conf")),
            user=as_user, group=as_user, extra_groups=[] if as_user else None)


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


def _is_daemon(pid: int, name: str) -> bool:
    """Process `pid` runs and is daemon `name`: not another program that was given
    the PID after a reboot (pids.json outlives the daemons then)."""
    if not _alive(pid):
        return False
    try:
        comm = Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return False
    return comm in (name[:15], OLD_NAMES.get(name, name)[:15])     # mysqld before MariaDB 10.5


def node_state(cluster: Cluster) -> str:
    result = run([which("sinfo"), "-h", "-N", "-o", "%T"], env=cluster.client_env(), check=False,
                 timeout=10)
    return result.stdout.strip() if result.returncode == 0 else ""


def start(folder: Path, *, accounting: bool = True, timeout: float = 60) -> Cluster:
    """Configure Slurm in `folder`, start munged, (with accounting: MariaDB and
    slurmdbd,) slurmctld and slurmd; wait until the node is idle."""
    check_can_run(accounting)
    folder = Path(folder).resolve()
    check_folder(folder)
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o755)              # munge must reach its socket folder inside
    if Cluster.running(folder):
        raise SlurmUnavailable(f"a cluster is already running in {folder}: stop it first "
                               f"(slurm.py stop {folder})")
    host = short_hostname()
    make_hostname_resolve(host)
    dbd_port = free_port() if accounting else None
    conf = write_config(folder, host, dbd_port)
    munge_dir = folder / "munge"
    shutil.chown(munge_dir, "munge", "munge")
    munge_dir.chmod(0o755)          # munged wants its socket folder reachable by all
    _ensure_munge_key()

    cluster = Cluster(folder, {})
    try:
        munged = _spawn([which("munged"), "--foreground", f"--socket={munge_dir / 'munge.socket'}",
                         f"--pid-file={munge_dir / 'munged.pid'}", f"--log-file={munge_dir / 'munged.log'}",
                         f"--seed-file={munge_dir / 'munged.seed'}", f"--key-file={MUNGE_KEY}"],
                        folder, as_user="munge")
        cluster.pids["munged"] = munged.pid
        cluster.save()
        _wait_for((munge_dir / "munge.socket").exists, 15, "munged's socket", cluster)
        if accounting:
            start_accounting(cluster, host, dbd_port, timeout)
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


def start_accounting(cluster: Cluster, host: str, dbd_port: int, timeout: float) -> None:
    """Start MariaDB (its data in DIR/mysql, created on the first start), give
    slurmdbd a database user, start slurmdbd, register the cluster with it."""
    folder = cluster.folder
    db_port = free_port()
    cnf = write_db_config(folder, db_port)
    db = cnf.parent
    if not (db / "data" / "mysql").is_dir():
        # --defaults-file must come first.  The root account authenticates by the
        # Unix socket (root only); slurmdbd gets a password account below.
        run([which("mariadb-install-db"), f"--defaults-file={cnf}", f"--user={DB_USER}",
             "--auth-root-authentication-method=socket", "--skip-test-db"], timeout=120)
    mariadbd = _spawn([which("mariadbd"), f"--defaults-file={cnf}"], folder)
    cluster.pids["mariadbd"] = mariadbd.pid
    cluster.save()
    client = [which("mariadb"), f"--defaults-file={cnf}", "--batch"]
    _wait_for(lambda: run([*client, "-e", "SELECT 1"], check=False, timeout=10).returncode == 0,
              timeout, "MariaDB to accept connections", cluster)
    password = secrets.token_hex(16)
    run([*client, "-e",
         f"CREATE USER IF NOT EXISTS 'slurm'@'127.0.0.1' IDENTIFIED BY '{password}';"
         f"ALTER USER 'slurm'@'127.0.0.1' IDENTIFIED BY '{password}';"
         "GRANT ALL ON slurm_acct_db.* TO 'slurm'@'127.0.0.1';"])

    write_dbd_config(folder, host, dbd_port, db_port, password)
    slurmdbd = _spawn([which("slurmdbd"), "-D"], folder)
    cluster.pids["slurmdbd"] = slurmdbd.pid
    cluster.save()
    env = cluster.client_env()
    sacctmgr = which("sacctmgr")
    # slurmdbd creates its tables before it answers; then the cluster needs a record.
    _wait_for(lambda: run([sacctmgr, "-n", "-P", "show", "cluster", "format=cluster"], env=env,
                          check=False, timeout=10).returncode == 0,
              timeout, "slurmdbd to answer", cluster)
    known = run([sacctmgr, "-n", "-P", "show", "cluster", "format=cluster"], env=env).stdout.split()
    if CLUSTER_NAME not in known:
        run([sacctmgr, "-i", "add", "cluster", CLUSTER_NAME], env=env)


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
    """Cancel every job, stop slurmd, slurmctld, slurmdbd, MariaDB and munged, in
    that order, by PID, then kill whatever is left of the jobs."""
    if "slurmctld" in cluster.pids and _is_daemon(cluster.pids["slurmctld"], "slurmctld"):
        env = cluster.client_env()
        run([which("scancel"), f"--partition={PARTITION}"], env=env, check=False, timeout=15)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            jobs = run([which("squeue"), "-h", "-t", "all", "-o", "%T"], env=env, check=False,
                       timeout=10).stdout.split()
            if not set(jobs) & {"PENDING", "RUNNING", "CONFIGURING", "COMPLETING", "SUSPENDED"}:
                break
            time.sleep(0.3)
    # slurmctld sends its last job records to slurmdbd as it stops; MariaDB goes
    # after slurmdbd, and munge (which every daemon uses to talk) last.
    for name in ("slurmd", "slurmctld", "slurmdbd", "mariadbd", "munged"):
        if name in cluster.pids and _is_daemon(cluster.pids[name], name):
            _terminate(cluster.pids[name], timeout=30 if name == "mariadbd" else 15)
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

def check(accounting: bool = True) -> None:
    """Start a cluster in a temporary folder, run one job through sbatch -W (and with
    accounting, find it COMPLETED in sacct), stop it."""
    folder = Path(tempfile.mkdtemp(prefix="lesson-slurm-"))
    started = time.perf_counter()
    try:
        cluster = start(folder, accounting=accounting)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    print(f"Slurm started in {time.perf_counter() - started:.1f} s"
          f"{' with accounting' if accounting else ''}, config {cluster.conf}")
    try:
        env = cluster.client_env()
        result = run([which("sbatch"), "-W", "--parsable", f"--output={folder / 'job.out'}",
                      "--wrap", "echo hello from job $SLURM_JOB_ID on $(hostname -s)"],
                     env=env, timeout=60)
        job = result.stdout.strip().split(";")[0]
        print(f"Job {job}: {(folder / 'job.out').read_text().strip()}")
        if accounting:
            line = [which("sacct"), "-n", "-P", "-X", "-j", job, "-o", "JobID,State,ExitCode"]
            deadline = time.monotonic() + 30
            while (record := run(line, env=env).stdout.strip()).split("|")[1:2] != ["COMPLETED"]:
                if time.monotonic() > deadline:
                    raise SlurmUnavailable(f"sacct does not show job {job} COMPLETED: "
                                           f"{record!r}\n{cluster.logs()}")
                time.sleep(0.5)
            print(f"sacct: {record}")
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
    parser.add_argument("--no-accounting", dest="accounting", action="store_false",
                        help="install, start, check: without slurmdbd and MariaDB (no sacct)")
    args = parser.parse_args()
    if args.action in ("start", "stop", "watch") and args.folder is None:
        parser.error(f"{args.action} needs the cluster's folder")
    if args.action == "watch" and args.pid is None:
        parser.error("watch needs the process id to wait for")
    try:
        if args.action == "install":
            install(args.accounting)
        elif args.action == "start":
            started = time.perf_counter()
            cluster = start(args.folder, accounting=args.accounting)
            print(f"Slurm is up in {time.perf_counter() - started:.0f} s "
                  f"({'with' if cluster.accounting else 'without'} accounting); "
                  f"in each terminal that uses it, run:")
            print(f"export SLURM_CONF={cluster.conf}")
        elif args.action == "stop":
            if not (args.folder / "pids.json").is_file():
                raise SlurmUnavailable(f"no cluster was started in {args.folder.resolve()}")
            if os.geteuid() != 0:
                raise SlurmUnavailable("the daemons run as root: stop them with sudo")
            stop(Cluster.load(args.folder))
            print(f"Slurm in {args.folder.resolve()} is stopped.")
        elif args.action == "watch":
            watch(args.folder, args.pid)
        else:
            check(args.accounting)
    except SlurmUnavailable as problem:
        sys.exit(f"slurm.py: {problem}")


if __name__ == "__main__":
    main()
