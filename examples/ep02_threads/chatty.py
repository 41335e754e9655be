"""A program that talks on both output streams: the child for run_command.py.

It writes numbered lines to stdout and to stderr in turn, flushing each one so
that a reader sees it at once.  Options make it write megabytes to both
streams (to show that run_command.py does not deadlock), run until it is
stopped, and start a child of its own (to show that stopping reaches it too).
"""
import argparse
import subprocess
import sys
import time


def write_lines(lines, delay, forever):
    """Numbered lines, one on stdout and one on stderr in turn, each flushed at once."""
    number = 0
    while number < lines or forever:
        number += 1
        print(f"line {number} on stdout", flush=True)
        print(f"line {number} on stderr", file=sys.stderr, flush=True)
        time.sleep(delay)


def write_megabytes(mb):
    """mb MiB to each stream in turn, in blocks of 1024 lines, so that both pipes fill up."""
    line = "x" * 63 + "\n"          # 64 bytes
    for _ in range(mb * 16):
        sys.stdout.write(line * 1024)
        sys.stderr.write(line * 1024)
    sys.stdout.flush()
    sys.stderr.flush()


def start_grandchild():
    """A child of our own, in our process group, that sleeps for an hour unless ended."""
    helper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3600)"])
    print(f"grandchild pid {helper.pid}", flush=True)
    return helper


def not_negative(text):
    """argparse type: a whole number, 0 or more."""
    if int(text) < 0:
        raise argparse.ArgumentTypeError(f"{text} is negative")
    return int(text)


def seconds(text):
    """argparse type: a number of seconds, 0 or more."""
    if float(text) < 0:
        raise argparse.ArgumentTypeError(f"{text} is negative")
    return float(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=not_negative, default=3,
                        help="numbered lines to write to each stream (default: 3)")
    parser.add_argument("--delay", type=seconds, default=0.1,
                        help="seconds between two lines (default: 0.1)")
    parser.add_argument("--mb", type=not_negative, default=0,
                        help="first write this many MiB to each stream (default: 0)")
    parser.add_argument("--forever", action="store_true",
                        help="after the lines, keep writing one line per --delay until stopped")
    parser.add_argument("--grandchild", action="store_true",
                        help="start a child process that sleeps for as long as this one runs")
    args = parser.parse_args()

    helper = start_grandchild() if args.grandchild else None
    write_megabytes(args.mb)
    write_lines(args.lines, args.delay, args.forever)
    if helper is not None:
        helper.terminate()
        helper.wait()
    print("done", flush=True)


if __name__ == "__main__":
    main()
