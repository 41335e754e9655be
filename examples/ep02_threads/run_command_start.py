"""Starter for the type-along: run a program from a list of arguments, with a timeout.

This is where run_command.py begins.  The program's output goes straight to
the terminal and nothing reads it; at the timeout the program is killed.  In
the type-along we add two reader threads that collect stdout and stderr line
by line, and a stop() that also ends the processes the program started.

    python run_command_start.py --timeout 5 -- python chatty.py --lines 3
"""
import argparse
import subprocess
import sys


# start-listing
class Command:
    """One run of an external program, given as a list of arguments (no shell)."""

    def __init__(self, args, timeout=None):
        self.args = list(args)
        self.timeout = timeout
        self.timed_out = False
        self._process = None

    def start(self):
        self._process = subprocess.Popen(self.args)   # output goes straight to our terminal
        return self

    def wait(self):
        """Wait for the program to end, kill it at the timeout; return its exit status."""
        try:
            self._process.wait(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            self.timed_out = True
            self._process.kill()
            self._process.wait()
        return self._process.returncode

    def run(self):
        return self.start().wait()
# end-listing


def positive(text):
    """argparse type: a number more than 0."""
    if float(text) <= 0:
        raise argparse.ArgumentTypeError(f"{text} is not more than 0")
    return float(text)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        usage="%(prog)s [-h] [--timeout SECONDS] -- PROGRAM [ARGUMENT ...]")
    parser.add_argument("--timeout", type=positive, default=None, metavar="SECONDS",
                        help="stop the program after this many seconds (default: no limit)")
    parser.add_argument("command", nargs=argparse.REMAINDER, metavar="PROGRAM ...",
                        help="the program and its arguments, after --")
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the program to run after --")
    if command[0] == "python":
        command[0] = sys.executable    # the same Python, in a virtual environment too

    runner = Command(command, timeout=args.timeout)
    try:
        returncode = runner.run()
    except FileNotFoundError:
        parser.error(f"cannot run {command[0]!r}: program not found")
    print(f"Exit status: {returncode}")
    print(f"Timed out: {'yes' if runner.timed_out else 'no'}")


if __name__ == "__main__":
    main()
