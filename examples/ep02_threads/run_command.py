"""Run another program, stream its output through two threads, stop it cleanly.

The class Command starts a program from a list of arguments (never through a
shell, so no argument is ever read as shell syntax).  Two reader threads take
the lines the program writes to stdout and to stderr as they come.  Reading
both pipes at the same time is what prevents a deadlock: a pipe holds only
a little data (64 kB on Linux), and a program that fills the one nobody reads
stops, waiting, for ever.  Lines of one stream arrive in order; which of
the two streams' lines comes first is up to the thread scheduler.  A timeout
or a call to stop() ends the program and every process it started, and
wait() returns the exit status and the lines collected.  run_command_start.py
is the same program before the reader threads and the stopping were added.

From the command line, put the program after `--`; the name `python` means the
Python running this script:

    python run_command.py --timeout 5 -- python chatty.py --lines 3
"""
import argparse
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass

POSIX = os.name == "posix"


class CommandError(Exception):
    """The program could not be started."""


@dataclass
class Outcome:
    returncode: int      # negative on POSIX when a signal ended the program: -15 is SIGTERM
    stdout: list         # the lines, without their line endings
    stderr: list
    timed_out: bool
    seconds: float


class Command:
    """One run of an external program.

    on_line(stream, line), if given, is called for every line as it arrives,
    with stream "stdout" or "stderr".  It runs in a reader thread: anything it
    shares with other threads needs a lock.
    """

    def __init__(self, args, timeout=None, on_line=None):
        if isinstance(args, str):
            raise TypeError("give the command as a list of arguments, not one string")
        self.args = list(args)
        if not self.args:
            raise ValueError("the command is empty")
        self.timeout = timeout
        self.on_line = on_line
        self.lines = {"stdout": [], "stderr": []}
        self.timed_out = False
        self._process = None

    def start(self):
        try:
            self._process = subprocess.Popen(
                self.args, stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                text=True, encoding="utf-8", errors="replace",
                # POSIX: a new session, whose process group id is the program's
                # pid, so that we can signal the program and all its children.
                start_new_session=POSIX,
            )
        except FileNotFoundError:
            raise CommandError(f"cannot run {self.args[0]!r}: program not found") from None
        except PermissionError:
            raise CommandError(f"cannot run {self.args[0]!r}: permission denied") from None
        self._started = time.monotonic()
        self._readers = [
            threading.Thread(target=self._read, args=(self._process.stdout, "stdout"), daemon=True),
            threading.Thread(target=self._read, args=(self._process.stderr, "stderr"), daemon=True),
        ]
        for reader in self._readers:
            reader.start()
        return self

    def _read(self, pipe, stream):
        """Reader thread: collect lines from one pipe until the program closes it."""
        with pipe:
            for line in pipe:
                line = line.rstrip("\n")
                self.lines[stream].append(line)
                if self.on_line:
                    self.on_line(stream, line)

    def wait(self):
        """Wait for the program to end (stopping it at the timeout) and return the Outcome."""
        try:
            left = None if self.timeout is None else self.timeout - (time.monotonic() - self._started)
            self._process.wait(timeout=left)
        except subprocess.TimeoutExpired:
            self.timed_out = True
            self.stop()
        # Children the program left running would keep the pipes open, and our
        # readers waiting: on POSIX, end whatever is left of its process group.
        if POSIX:
            self._signal_group(signal.SIGKILL)
        for reader in self._readers:
            reader.join(timeout=5)
        return Outcome(self._process.returncode, self.lines["stdout"], self.lines["stderr"],
                       self.timed_out, time.monotonic() - self._started)

    def run(self):
        return self.start().wait()

    def stop(self, grace=1.0):
        """End the program and its children: ask first, then force after `grace` seconds."""
        if self._process is None or self._process.poll() is not None:
            return
        if POSIX:
            self._signal_group(signal.SIGTERM)    # a program may catch this and tidy up
            try:
                self._process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                pass
            self._signal_group(signal.SIGKILL)    # cannot be caught
        else:
            # Windows: taskkill /T ends the program and the processes it
            # started (its tree), /F forces it.  (Windows has console process
            # groups and Job Objects too, but using them takes much more code.)
            try:
                subprocess.run(["taskkill", "/T", "/F", "/PID", str(self._process.pid)],
                               capture_output=True, timeout=30)
            except (OSError, subprocess.TimeoutExpired):
                pass
            if self._process.poll() is None:
                self._process.kill()
        self._process.wait()

    def _signal_group(self, sig):
        """POSIX: send `sig` to every process in the program's group."""
        try:
            os.killpg(self._process.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass    # nobody left in the group


def positive(text):
    """argparse type: a number more than 0."""
    if float(text) <= 0:
        raise argparse.ArgumentTypeError(f"{text} is not more than 0")
    return float(text)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        usage="%(prog)s [-h] [--timeout SECONDS] [--quiet] -- PROGRAM [ARGUMENT ...]")
    parser.add_argument("--timeout", type=positive, default=None, metavar="SECONDS",
                        help="stop the program after this many seconds (default: no limit)")
    parser.add_argument("--quiet", action="store_true",
                        help="do not echo the lines, only count them")
    parser.add_argument("command", nargs=argparse.REMAINDER, metavar="PROGRAM ...",
                        help="the program and its arguments, after --")
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the program to run after --")
    if command[0] == "python":
        command[0] = sys.executable    # the same Python, in a virtual environment too

    print_lock = threading.Lock()      # two reader threads print: keep their lines whole

    def echo(stream, line):
        with print_lock:
            print(f"{stream}| {line}", flush=True)

    try:
        outcome = Command(command, timeout=args.timeout, on_line=None if args.quiet else echo).run()
    except CommandError as error:
        parser.error(str(error))

    print(f"Exit status: {outcome.returncode}")
    print(f"Lines read: {len(outcome.stdout)} from stdout, {len(outcome.stderr)} from stderr")
    print(f"Timed out: {'yes' if outcome.timed_out else 'no'}")
    print(f"Time: {outcome.seconds:.2f} s")
    # Like the timeout command: 124 after a timeout, else the program's own
    # status (128 + the signal's number when a signal ended it, as shells do).
    status = outcome.returncode if outcome.returncode >= 0 else 128 - outcome.returncode
    sys.exit(124 if outcome.timed_out else status)


if __name__ == "__main__":
    main()
