"""What the resource tracker survives: kill -9 of the program, but not of its process group.

A small program creates a shared block and waits.  It is killed twice, with
SIGKILL, which no program can catch:

- only the program itself: its resource tracker, a process of its own, sees
  the program go, warns about the leaked block and removes it;
- the program's whole process group, the tracker with it (what a batch
  system does when it kills a job, or a crash of the machine): the block
  stays in /dev/shm, taking memory, until someone unlinks it by name.

Linux only: the blocks are files in /dev/shm there, and can be looked at.
"""
import argparse
import os
import signal
import subprocess
import sys
import time
from multiprocessing import shared_memory
from pathlib import Path

PROGRAM = """\
import time
from multiprocessing import shared_memory
block = shared_memory.SharedMemory(create=True, size=1024 * 1024)
print(block.name, flush=True)
time.sleep(60)
"""


def still_there(name, seconds):
    """Is the block still in /dev/shm after `seconds` (checked every 0.1 s)?"""
    deadline = time.monotonic() + seconds
    while Path("/dev/shm", name).exists():
        if time.monotonic() > deadline:
            return True
        time.sleep(0.1)
    return False


# start-listing
def kill_and_look(whole_group, seconds):
    program = subprocess.Popen([sys.executable, "-c", PROGRAM], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True,
                               start_new_session=True)  # a process group of its own
    name = program.stdout.readline().strip()              # the block exists now
    if whole_group:
        os.killpg(program.pid, signal.SIGKILL)  # the program and its resource tracker
    else:
        program.kill()                          # the program alone: kill -9 PID
    program.wait()
    left = still_there(name, seconds)
    warned = "leaked shared_memory" in program.stderr.read()
    if left:
        shared_memory.SharedMemory(name=name).unlink()  # the clean-up nobody else will do
    return name, left, warned
# end-listing


def positive(text):
    """argparse type: a number of seconds, more than 0."""
    if float(text) <= 0:
        raise argparse.ArgumentTypeError(f"{text} is not more than 0")
    return float(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=positive, default=1.0,
                        help="how long to wait for the tracker (default: %(default)s)")
    args = parser.parse_args()
    if not sys.platform.startswith("linux"):
        print("This demonstration looks in /dev/shm: it is for Linux.")
        return
    for whole_group, what in ((False, "the program"), (True, "its whole process group")):
        name, left, warned = kill_and_look(whole_group, args.seconds)
        print(f"kill -9 of {what}: block {'still in' if left else 'gone from'} /dev/shm; "
              f"tracker's warning: {'yes' if warned else 'no'}")
        if left:
            print(f"  removed it by hand: SharedMemory(name={name!r}).unlink()")


if __name__ == "__main__":
    main()
