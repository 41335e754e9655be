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

That is the machine's own Slurm (22.05 on Debian 12).  `--version 24.11`
gives Debian 13's instead, the current Slurm the lesson's job scripts are
also tested on: `install --version 24.11` makes a minimal Debian 13 in
/var/lib/parallel-python/slurm-24.11/root with debootstrap (about 300 MB) and
installs its Slurm there; `start DIR --version 24.11 --no-accounting` runs the
daemons in that chroot, with /proc, /sys, /dev, /home, /root, /tmp and DIR
bind-mounted at the same paths (add a folder the jobs need with --bind), and
`stop DIR` unmounts them.  Its clients run in the chroot too, through the
scripts in /var/lib/parallel-python/slurm-24.11/bin (`start` says which PATH
to export): a 24.11 controller does not answer 22.05's sbatch.

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
import re
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

SYSTEM = "system"          # the machine's own Slurm packages (22.05 on Debian 12)
# A current Slurm, from a newer Debian release than the machine's, runs in a
# chroot: {Slurm version: the Debian release that packages it}.
CHROOTS = {"24.11": "trixie"}
CHROOT_HOME = Path("/var/lib/parallel-python")
# python3 brings the libraries (OpenSSL, libffi, SQLite...) that the lesson's
# .venv interpreter, shared from the machine, loads in a job.
CHROOT_PACKAGES = ("slurmctld", "slurmd", "slurm-client", "munge", "python3")
CLIENTS = ("sbatch", "srun", "salloc", "squeue", "scancel", "sinfo", "scontrol", "sacct",
           "sstat", "sattach")
# Bind-mounted into the chroot at the same paths: what the daemons need of the
# machine, then where lessons, virtual environments and their Pythons (pyenv's
# is under /root) usually are.
SYSTEM_MOUNTS = ("/proc", "/sys", "/dev", "/dev/pts", "/dev/shm")
SHARED = ("/home", "/root", "/tmp")
# Shared, these would hide the chroot's own system (/usr/local is empty there).
NOT_SHAREABLE = ("/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/proc", "/run",
                 "/sbin", "/sys", "/usr", "/var")


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


@dataclass(frozen=True)
class Slurm:
    """One Slurm version's programs: the machine's own (SYSTEM), or those of a
    Debian release in a chroot below CHROOT_HOME (see the module's docstring)."""
    version: str = SYSTEM

    @property
    def home(self) -> Path | None:
        return None if self.version == SYSTEM else CHROOT_HOME / f"slurm-{self.version}"

    @property
    def root(self) -> Path:
        """The chroot's /, as the machine sees it."""
        return self.home / "root"

    @property
    def bin(self) -> Path:
        """Scripts that run the chroot's clients.  Outside the chroot: in a job, inside
        it, this PATH entry finds nothing and the chroot's own srun runs."""
        return self.home / "bin"

    @property
    def installed(self) -> bool:
        return self.home is None or (self.root / ".installed").is_file()

    def path(self, inside) -> Path:
        """A file of this Slurm's system (/etc/munge/munge.key) as the machine sees it."""
        return Path(inside) if self.home is None else self.root / str(inside).lstrip("/")

    def which(self, name: str) -> str | None:
        """The program's path as this Slurm's system sees it."""
        if self.home is None:
            return which(name)
        for folder in ("/usr/bin", "/usr/sbin"):
            if self.path(f"{folder}/{name}").is_file():
                return f"{folder}/{name}"
        return None

    def ids(self, user: str) -> tuple[int, int]:
        """(uid, gid) of `user` in this Slurm's system."""
        if self.home is None:
            entry = pwd.getpwnam(user)
            return entry.pw_uid, entry.pw_gid
        for line in self.path("/etc/passwd").read_text(encoding="utf-8").splitlines():
            fields = line.split(":")
            if fields[0] == user:
                return int(fields[2]), int(fields[3])
        raise SlurmUnavailable(f"no user {user} in {self.root}: install it again")

    def command(self, name: str, *args, user: str | None = None) -> list[str]:
        """The command line that runs program `name` of this Slurm (as `user`)."""
        path = self.which(name)
        if path is None:
            raise SlurmUnavailable(f"{name} is not installed"
                                   + ("" if self.home is None else f" in {self.root}"))
        if self.home is None:
            switch = [] if user is None else ["setpriv", f"--reuid={user}", f"--regid={user}",
                                              "--init-groups"]
            return [*switch, path, *map(str, args)]
        uid, gid = self.ids(user) if user else (0, 0)
        return [which("chroot"), f"--userspec={uid}:{gid}", str(self.root), path, *map(str, args)]


# --- Install ---------------------------------------------------------------------

def apt_install(packages) -> None:
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run([*sudo, "apt-get", "update"], check=True, timeout=600, env=env)
    subprocess.run([*sudo, "env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y",
                    "--no-install-recommends", *packages], check=True, timeout=900, env=env)


def install(accounting: bool = True, version: str = SYSTEM) -> None:
    """Install Debian's Slurm and munge packages (and, for accounting, slurmdbd and
    MariaDB's server) with apt when a command is missing; or Slurm `version` in its chroot."""
    if version != SYSTEM:
        return install_chroot(Slurm(version))
    missing = missing_commands(accounting)
    packages = PACKAGES + (ACCOUNTING_PACKAGES if accounting else ())
    if not missing:
        print(f"Slurm and munge{', slurmdbd and MariaDB' if accounting else ''} are installed.")
        return
    if shutil.which("apt-get") is None:
        raise SlurmUnavailable(f"missing {', '.join(missing)} and no apt-get here: install "
                               f"Slurm ({', '.join(packages)}) yourself")
    print(f"Installing {' '.join(packages)} (missing: {', '.join(missing)})", flush=True)
    apt_install(packages)


def debian_mirror() -> str:
    """The Debian mirror this machine's apt uses (not its security archive)."""
    files = [Path("/etc/apt/sources.list"), *sorted(Path("/etc/apt/sources.list.d").glob("*"))]
    for path in files:
        if path.name == "sources.list" or path.suffix in (".list", ".sources"):
            text = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
            for uri in re.findall(r"^(?:URIs:|deb)\s+(?:\[[^]]*\]\s+)?(\S+)", text, re.M):
                if uri.rstrip("/").endswith("/debian"):
                    return uri
    return "http://deb.debian.org/debian"


def install_chroot(slurm: Slurm) -> None:
    """A minimal Debian release (debootstrap) in slurm.root, with its Slurm, munge
    and python3, and the client scripts in slurm.bin.  Once done, it only says so."""
    suite = CHROOTS[slurm.version]
    if not slurm.installed:
        if shutil.which("apt-get") is None:
            raise SlurmUnavailable(f"Slurm {slurm.version} runs in a Debian {suite} chroot made "
                                   f"with debootstrap and apt-get: Debian or Ubuntu only")
        if os.geteuid() != 0:
            raise SlurmUnavailable("installing a chroot needs root: run it with sudo")
        if which("debootstrap") is None:
            print("Installing debootstrap", flush=True)
            apt_install(["debootstrap", "debian-archive-keyring"])
        if slurm.root.exists():                 # an install that stopped half-way
            if mounts_under(slurm.root):
                raise SlurmUnavailable(f"folders are mounted in {slurm.root}: stop its cluster")
            shutil.rmtree(slurm.root)
        slurm.root.parent.mkdir(parents=True, exist_ok=True)
        mirror = debian_mirror()
        print(f"Making a minimal Debian {suite} in {slurm.root} from {mirror}", flush=True)
        subprocess.run([which("debootstrap"), "--variant=minbase", suite, str(slurm.root), mirror],
                       check=True, timeout=1200, stdin=subprocess.DEVNULL)
        # No package may start its service in the chroot.
        policy = slurm.path("/usr/sbin/policy-rc.d")
        policy.write_text("#!/bin/sh\nexit 101\n", encoding="utf-8")
        policy.chmod(0o755)
        in_chroot = [which("chroot"), str(slurm.root), "env", "DEBIAN_FRONTEND=noninteractive"]
        print(f"Installing {' '.join(CHROOT_PACKAGES)} in it", flush=True)
        for line in (["apt-get", "update"],
                     ["apt-get", "install", "-y", "--no-install-recommends", *CHROOT_PACKAGES],
                     ["apt-get", "clean"]):
            subprocess.run([*in_chroot, *line], check=True, timeout=900, stdin=subprocess.DEVNULL)
        (slurm.root / ".installed").write_text(f"{slurm.version}\n", encoding="utf-8")
    write_clients(slurm)
    print(f"Slurm {slurm.version} (Debian {suite}) is installed in {slurm.root}.")


def write_clients(slurm: Slurm) -> None:
    """For each client (sbatch, srun, ...), a script in slurm.bin that runs the
    chroot's in the caller's folder (which the chroot must share)."""
    slurm.bin.mkdir(parents=True, exist_ok=True)
    for name in CLIENTS:
        if (path := slurm.which(name)) is not None:
            script = slurm.bin / name
            script.write_text(f"""#!/bin/sh
# Slurm {slurm.version}'s {name}, run in its chroot (written by scripts/slurm.py).
exec {which('chroot')} {slurm.root} /usr/bin/env --chdir="$PWD" {path} "$@"
""", encoding="utf-8")
            script.chmod(0o755)


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


def node_line(host: str, slurm: Slurm) -> str:
    """The node's hardware as slurmd sees it (CPUs, cores, memory), for slurm.conf."""
    words = run(slurm.command("slurmd", "-C")).stdout.split("\n")[0].split()
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


def write_config(folder: Path, host: str, dbd_port: int | None = None,
                 slurm: Slurm = Slurm()) -> Path:
    """slurm.conf and cgroup.conf in `folder`; every path points inside it.
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
{node_line(host, slurm)}
PartitionName={PARTITION} Nodes={host} Default=YES MaxTime=INFINITE State=UP
""", encoding="utf-8")
    # Slurm 23.02 and later's slurmd loads a cgroup plugin even when no other plugin
    # uses it, and finds no cgroups in a chroot.
    (folder / "cgroup.conf").write_text(
        "# Not used: proctrack/linuxproc and task/affinity.\n"
        + ("" if slurm.home is None else "CgroupPlugin=disabled\n"), encoding="utf-8")
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


# --- A chroot's folders --------------------------------------------------------------

def mounts_under(root: Path) -> list[Path]:
    """The mount points at or below `root`, deepest first."""
    found = []
    for line in Path("/proc/self/mountinfo").read_text(encoding="utf-8").splitlines():
        # The fifth field, with space, tab, newline and backslash written in octal.
        point = Path(re.sub(r"\\([0-7]{3})", lambda code: chr(int(code[1], 8)), line.split()[4]))
        if point == root or root in point.parents:
            found.append(point)
    return sorted(found, key=lambda point: len(point.parts), reverse=True)


def shared_folders(folder: Path, extra=()) -> list[Path]:
    """The machine's folders a chroot's jobs see: SHARED, the cluster's folder and
    `extra`, those that exist, none below another."""
    found = []
    for path in sorted({Path(p).resolve() for p in (*SHARED, folder, *extra) if Path(p).is_dir()},
                       key=lambda path: len(path.parts)):
        if path == Path("/") or (any(path == Path(system) or Path(system) in path.parents
                                     for system in NOT_SHAREABLE)
                                 and Path("/usr/local") not in (path, *path.parents)):
            raise SlurmUnavailable(f"cannot share {path} with the chroot: it would hide the "
                                   f"chroot's own system (for a .venv, use a Python that is "
                                   f"not the system's, e.g. pyenv's or uv's)")
        if not any(kept in path.parents for kept in found):
            found.append(path)
    return found


def owner_file(slurm: Slurm) -> Path:
    """Names the cluster folder whose start mounted the chroot's folders."""
    return slurm.home / "mounted-for"


def enter_chroot(slurm: Slurm, folder: Path, extra=()) -> None:
    """Bind-mount the machine's folders into the chroot, each private (nothing
    mounted below it reaches the machine's own tree), for the cluster in `folder`;
    give it the machine's /etc/hosts (the node's name must resolve there too)."""
    if mounts_under(slurm.root):
        owner = owner_file(slurm).read_text(encoding="utf-8").strip() \
            if owner_file(slurm).is_file() else ""
        if owner and Path(owner) != folder and Cluster.running(Path(owner)):
            raise SlurmUnavailable(f"Slurm {slurm.version} already runs, for {owner}: one at a "
                                   f"time (slurm.py stop {owner})")
        unmount_all(slurm.root)           # left by a start or stop that was killed
    owner_file(slurm).write_text(f"{folder}\n", encoding="utf-8")
    for source in (*SYSTEM_MOUNTS, *shared_folders(folder, extra)):
        target = slurm.path(source)
        target.mkdir(parents=True, exist_ok=True)
        run([which("mount"), "--bind", "--make-private", str(source), str(target)])
    shutil.copyfile("/etc/hosts", slurm.path("/etc/hosts"))


def leave_chroot(slurm: Slurm, folder: Path) -> None:
    """Unmount what enter_chroot mounted for the cluster in `folder` (nothing if
    another cluster's start mounted it)."""
    owner = owner_file(slurm)
    if owner.is_file() and Path(owner.read_text(encoding="utf-8").strip()) == folder:
        unmount_all(slurm.root)
        owner.unlink()


def unmount_all(root: Path) -> None:
    """Unmount everything below `root`, deepest first; a mount still busy after
    2 s (a process that is still exiting) is detached (umount --lazy)."""
    deadline = time.monotonic() + 2
    while points := mounts_under(root):
        if run([which("umount"), str(points[0])], check=False).returncode != 0:
            if time.monotonic() < deadline:
                time.sleep(0.1)
                continue
            run([which("umount"), "--lazy", str(points[0])])


# --- Start and stop -------------------------------------------------------------------

@dataclass
class Cluster:
    folder: Path
    pids: dict[str, int]
    version: str = SYSTEM

    @property
    def slurm(self) -> Slurm:
        return Slurm(self.version)

    @property
    def conf(self) -> Path:
        return self.folder / "slurm.conf"

    @property
    def env(self) -> dict[str, str]:
        """What a client (sbatch, srun, dask-jobqueue) needs to find this cluster:
        SLURM_CONF, and for a chroot's Slurm a PATH that starts with its clients."""
        env = {"SLURM_CONF": str(self.conf)}
        if self.slurm.home is not None:
            env["PATH"] = f"{self.slurm.bin}{os.pathsep}{os.environ.get('PATH', os.defpath)}"
        return env

    def client_env(self) -> dict[str, str]:
        return dict(os.environ, **self.env)

    def save(self) -> None:
        (self.folder / "pids.json").write_text(json.dumps(self.pids), encoding="utf-8")
        (self.folder / "version").write_text(f"{self.version}\n", encoding="utf-8")

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
        version = folder / "version"
        return cls(folder, json.loads((folder / "pids.json").read_text(encoding="utf-8")),
                   version.read_text(encoding="utf-8").strip() if version.is_file() else SYSTEM)

    def logs(self) -> str:
        parts = []
        for name in ("munge/munged.log", "mysql/mariadbd.log", "slurmdbd.log", "slurmctld.log",
                     "slurmd.log", "daemons.out"):
            path = self.folder / name
            if path.is_file():
                parts.append(f"--- {name} (last lines) ---\n"
                             + "\n".join(path.read_text(errors="replace").splitlines()[-15:]))
        return "\n".join(parts)


def check_can_run(accounting: bool = False, slurm: Slurm = Slurm()) -> None:
    if not sys.platform.startswith("linux"):
        raise SlurmUnavailable(f"the test Slurm runs on Linux only (this is {sys.platform})")
    if os.geteuid() != 0:
        raise SlurmUnavailable("the Slurm daemons must run as root: start it with sudo "
                               "(or run the tests as root, e.g. in a container, or under CI)")
    if slurm.home is not None:
        if not slurm.installed:
            raise SlurmUnavailable(f"Slurm {slurm.version} is not installed: install it with "
                                   f"`sudo python3 slurm.py install --version {slurm.version}` "
                                   f"(Debian/Ubuntu: debootstrap)")
        if accounting:
            raise SlurmUnavailable(f"Slurm {slurm.version} in its chroot runs without "
                                   f"accounting (no sacct): start it with --no-accounting")
        return
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


def _ensure_munge_key(slurm: Slurm) -> None:
    key = slurm.path(MUNGE_KEY)
    if key.is_file():
        return
    munge = slurm.ids("munge")
    key.parent.mkdir(mode=0o700, exist_ok=True)
    os.chown(key.parent, *munge)
    if slurm.which("mungekey"):
        run(slurm.command("mungekey", "--create", f"--keyfile={MUNGE_KEY}", user="munge"))
    else:
        key.write_bytes(os.urandom(128))
        key.chmod(0o400)
        os.chown(key, *munge)


# The daemons this process started, by PID, until _terminate has seen them go: a
# Popen dropped while its process runs warns (ResourceWarning) when it is collected.
_STARTED: dict[int, subprocess.Popen] = {}


def _spawn(line, folder: Path) -> subprocess.Popen:
    """Start a daemon in the foreground, in a session of its own, logging to daemons.out."""
    with open(folder / "daemons.out", "ab") as out:
        process = subprocess.Popen(
            line, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True, env=dict(os.environ, SLURM_CONF=str(folder / "slurm.conf")))
    _STARTED[process.pid] = process
    return process


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
    result = run(cluster.slurm.command("sinfo", "-h", "-N", "-o", "%T"), env=cluster.client_env(),
                 check=False, timeout=10)
    return result.stdout.strip() if result.returncode == 0 else ""


def start(folder: Path, *, accounting: bool = True, timeout: float = 60, version: str = SYSTEM,
          bind=()) -> Cluster:
    """Configure Slurm in `folder`, start munged, (with accounting: MariaDB and
    slurmdbd,) slurmctld and slurmd; wait until the node is idle.  With a
    `version` of CHROOTS, in its chroot, which shares the folders in `bind` too."""
    slurm = Slurm(version)
    check_can_run(accounting, slurm)
    folder = Path(folder).resolve()
    check_folder(folder)
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o755)              # munge must reach its socket folder inside
    if Cluster.running(folder):
        raise SlurmUnavailable(f"a cluster is already running in {folder}: stop it first "
                               f"(slurm.py stop {folder})")
    cluster = Cluster(folder, {}, version)
    cluster.save()                   # from here on, `slurm.py stop` cleans up
    try:
        host = short_hostname()
        make_hostname_resolve(host)
        if slurm.home is not None:
            enter_chroot(slurm, folder, bind)
        dbd_port = free_port() if accounting else None
        conf = write_config(folder, host, dbd_port, slurm)
        munge_dir = folder / "munge"
        os.chown(munge_dir, *slurm.ids("munge"))
        munge_dir.chmod(0o755)          # munged wants its socket folder reachable by all
        _ensure_munge_key(slurm)
        munged = _spawn(slurm.command(
            "munged", "--foreground", f"--socket={munge_dir / 'munge.socket'}",
            f"--pid-file={munge_dir / 'munged.pid'}", f"--log-file={munge_dir / 'munged.log'}",
            f"--seed-file={munge_dir / 'munged.seed'}", f"--key-file={MUNGE_KEY}", user="munge"),
            folder)
        cluster.pids["munged"] = munged.pid
        cluster.save()
        _wait_for((munge_dir / "munge.socket").exists, 15, "munged's socket", cluster)
        if accounting:
            start_accounting(cluster, host, dbd_port, timeout)
        slurmctld = _spawn(slurm.command("slurmctld", "-D", "-i", "-f", conf), folder)
        cluster.pids["slurmctld"] = slurmctld.pid
        cluster.save()
        slurmd = _spawn(slurm.command("slurmd", "-D", "-f", conf, "-N", host), folder)
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
    if _alive(pid):
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while _alive(pid):
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                deadline += 5
            time.sleep(0.1)
    if pid in _STARTED:
        _STARTED.pop(pid).poll()  # already reaped by _alive: poll() just records that


def ancestors() -> set[int]:
    """This process and those that started it (a shell, sudo, timeout)."""
    found, pid = set(), os.getpid()
    while pid > 1 and pid not in found:
        found.add(pid)
        try:
            pid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            break
    return found


def job_processes(cluster: Cluster) -> list[int]:
    """Processes left of this cluster's jobs (slurmstepd, job scripts): those whose
    environment names its slurm.conf, but this one and its ancestors (a terminal
    that exported SLURM_CONF).  slurmd leaves running jobs alone when it stops."""
    marker = f"SLURM_CONF={cluster.conf}".encode()
    found, mine = [], ancestors()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) in mine:
            continue
        try:
            if marker in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
        except OSError:
            continue
    return [pid for pid in found if pid not in cluster.pids.values()]


def stop(cluster: Cluster) -> None:
    """Cancel every job, stop slurmd, slurmctld, slurmdbd, MariaDB and munged, in
    that order, by PID, then kill whatever is left of the jobs; unmount what the
    start mounted in a chroot."""
    slurm = cluster.slurm
    if "slurmctld" in cluster.pids and _is_daemon(cluster.pids["slurmctld"], "slurmctld"):
        env = cluster.client_env()
        run(slurm.command("scancel", f"--partition={PARTITION}"), env=env, check=False, timeout=15)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            jobs = run(slurm.command("squeue", "-h", "-t", "all", "-o", "%T"), env=env,
                       check=False, timeout=10).stdout.split()
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
    if slurm.home is not None:
        leave_chroot(slurm, cluster.folder)


def watch(folder: Path, parent: int) -> None:
    """Wait until process `parent` has gone, then stop the cluster in `folder` and
    remove the folder: the test run that started it was killed before it could."""
    while _alive(parent):
        time.sleep(0.5)
    stop(Cluster.load(folder))
    shutil.rmtree(folder, ignore_errors=True)


# --- Command line ----------------------------------------------------------------------

def check(accounting: bool = True, version: str = SYSTEM, bind=()) -> None:
    """Start a cluster in a temporary folder, run one job through sbatch -W (and with
    accounting, find it COMPLETED in sacct), stop it."""
    folder = Path(tempfile.mkdtemp(prefix="lesson-slurm-"))
    started = time.perf_counter()
    try:
        cluster = start(folder, accounting=accounting, version=version, bind=bind)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    print(f"Slurm started in {time.perf_counter() - started:.1f} s"
          f"{' with accounting' if accounting else ''}, config {cluster.conf}")
    try:
        env = cluster.client_env()
        result = run([*cluster.slurm.command("sbatch"), "-W", "--parsable", f"--output={folder / 'job.out'}",
                      "--wrap", "echo hello from job $SLURM_JOB_ID on $(hostname -s)"],
                     env=env, timeout=60)
        job = result.stdout.strip().split(";")[0]
        print(f"Job {job}: {(folder / 'job.out').read_text().strip()}")
        if accounting:
            line = cluster.slurm.command("sacct", "-n", "-P", "-X", "-j", job, "-o",
                                         "JobID,State,ExitCode")
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
    parser.add_argument("--version", choices=[SYSTEM, *CHROOTS], default=SYSTEM,
                        help="install, start, check: the machine's own Slurm (default), or "
                             "Debian's in a chroot")
    parser.add_argument("--bind", action="append", default=[], type=Path, metavar="FOLDER",
                        help="start, check with --version: a folder the jobs need (beside "
                             f"{', '.join(SHARED)} and DIR), shared at the same path")
    args = parser.parse_args()
    if args.action in ("start", "stop", "watch") and args.folder is None:
        parser.error(f"{args.action} needs the cluster's folder")
    if args.action == "watch" and args.pid is None:
        parser.error("watch needs the process id to wait for")
    try:
        if args.action == "install":
            install(args.accounting, args.version)
        elif args.action == "start":
            started = time.perf_counter()
            cluster = start(args.folder, accounting=args.accounting, version=args.version,
                            bind=args.bind)
            print(f"Slurm{'' if args.version == SYSTEM else ' ' + args.version} is up in "
                  f"{time.perf_counter() - started:.0f} s "
                  f"({'with' if cluster.accounting else 'without'} accounting); "
                  f"in each terminal that uses it, run:")
            if "PATH" in cluster.env:
                print(f"export PATH={cluster.slurm.bin}:$PATH")
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
            check(args.accounting, args.version, args.bind)
    except SlurmUnavailable as problem:
        sys.exit(f"slurm.py: {problem}")


if __name__ == "__main__":
    main()
