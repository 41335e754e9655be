"""Profile a pool while it runs, with py-spy: which workers compute, which wait.

py-spy reads the call stacks of a running Python program from outside, many
times a second, without changing the program.  `py-spy record --subprocesses
--idle` follows the pool's worker processes too, and keeps the samples of
processes that are waiting as well as those computing.  This script runs
unbalanced.py (or your balanced version of it) under py-spy record, then
counts for each process how many samples caught it inside count_primes.
With --dump it instead takes snapshots of every process's stack (py-spy
dump), as you would on a job that seems stuck, and shows the first in which
one worker computes while the other waits.

py-spy is installed with the lesson's examples/requirements.txt; on macOS it
needs sudo, on Linux it may need permission to trace processes (ptrace).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def find_py_spy():
    """py-spy beside this Python (a virtual environment's bin/), else on PATH."""
    beside = Path(sys.executable).with_name("py-spy.exe" if os.name == "nt" else "py-spy")
    return str(beside) if beside.exists() else shutil.which("py-spy")


# start-record
def record(py_spy, program, rate):
    """Run `program` under py-spy record; return its raw samples, one stack per line."""
    with tempfile.TemporaryDirectory() as folder:
        raw = Path(folder) / "profile.txt"
        run = subprocess.run([py_spy, "record", "--subprocesses", "--idle", "--format", "raw",
                              "--rate", str(rate), "--output", str(raw), "--", *program],
                             check=True, timeout=300, capture_output=True, text=True)
        print("".join(line for line in run.stdout.splitlines(keepends=True)
                      if line.strip() and "py-spy" not in line), end="")
        return raw.read_text(encoding="utf-8").splitlines()


def computing_share(lines, function="count_primes"):
    """{worker's process id: share of its samples inside `function`}.

    A raw line is 'process 1:"...";process 2:"...";frame;frame;... count':
    the last process named is the one sampled, under its parents.  Pool
    workers are the processes seen running multiprocessing's worker loop.
    """
    samples, inside, workers = {}, {}, set()
    for line in lines:
        stack, count = line.rsplit(" ", 1)
        pid = int(re.findall(r"process (\d+):", stack)[-1])
        samples[pid] = samples.get(pid, 0) + int(count)
        if f";{function} (" in stack:
            inside[pid] = inside.get(pid, 0) + int(count)
        if ";worker (multiprocessing/pool.py" in stack:
            workers.add(pid)
    return {pid: inside.get(pid, 0) / samples[pid] for pid in sorted(workers)}
# end-record


def idle_workers(snapshot):
    """Pool workers whose main thread py-spy saw idle: waiting for their next task
    (a worker busy sending a result back is active, and does not count)."""
    blocks = re.split(r"^(?=Process \d+:)", snapshot, flags=re.M)
    return sum(1 for block in blocks if "worker (multiprocessing/pool.py" in block
               and re.search(r'^Thread \d+ \(idle\): "MainThread"', block, re.M))


def dump_when_one_waits(py_spy, program, every=0.1):
    """Start `program` and take a py-spy dump of all its processes every `every`
    seconds; return the second of two in a row in which one worker computes while
    another waits (not a moment at start-up), or None if the program ends first."""
    process = subprocess.Popen(program, stdout=subprocess.DEVNULL)
    in_a_row = 0
    try:
        while process.poll() is None:
            time.sleep(every)
            snapshot = subprocess.run([py_spy, "dump", "--subprocesses", "--pid", str(process.pid)],
                                      capture_output=True, text=True, timeout=60, check=False).stdout
            snapshot = re.sub(r"\x1b\[[0-9;]*m", "", snapshot)  # colours, forced in Jupyter
            computing = snapshot.count("    count_primes (")
            waiting = idle_workers(snapshot)
            in_a_row = in_a_row + 1 if computing == 1 and waiting >= 1 else 0
            if in_a_row == 2:
                return snapshot
    finally:
        process.wait(timeout=300)
    return None


def script_here(name):
    """argparse type: the name of a script in this folder."""
    if not (HERE / name).is_file():
        raise argparse.ArgumentTypeError(f"no {name} beside spy_on_pool.py")
    return name


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--script", type=script_here, default="unbalanced.py",
                        help="the pool to profile, in this folder (default unbalanced.py)")
    parser.add_argument("--rate", type=at_least_one, default=100, help="samples per second")
    parser.add_argument("--dump", action="store_true",
                        help="show a snapshot in which a worker waits, instead")
    args = parser.parse_args()
    py_spy = find_py_spy()
    if py_spy is None:
        sys.exit("py-spy not found: pip install py-spy (it is in examples/requirements.txt)")
    program = [sys.executable, str(HERE / args.script)]
    print(f"Profiling: python {args.script} (its pool: 2 workers)")
    if args.dump:
        # A busy machine can end the run before two snapshots in a row catch it: run it again.
        for _ in range(3):
            snapshot = dump_when_one_waits(py_spy, program)
            if snapshot is not None:
                break
        else:
            sys.exit(f"no snapshot caught a worker waiting in 3 runs of {args.script}")
        for line in snapshot.splitlines():
            shown = r"\s+(count_primes|task|worker|wait|run_pool) "
            if line.startswith(("Process ", "Thread ")) or re.match(shown, line):
                print(line)
        return
    shares = computing_share(record(py_spy, program, args.rate))
    if not shares:
        sys.exit("py-spy saw no pool workers")
    for number, share in enumerate(shares.values(), 1):
        print(f"Worker {number}: {share:.0%} of its samples in count_primes")
    print(f"Busiest worker: {max(shares.values()):.0%} computing")
    print(f"Least busy worker: {min(shares.values()):.0%} computing")


if __name__ == "__main__":
    main()
