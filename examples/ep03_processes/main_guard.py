"""Why the `if __name__ == "__main__":` guard matters, shown safely.

Under spawn (and forkserver) a new process starts a fresh Python that imports
the main module again, so that it can find the function it is to run.  The
main module's top-level code therefore runs once more in every child.  If
that code starts a process, the child would start one too, and so on:
multiprocessing stops this with a RuntimeError in the child.  Code under the
guard runs only in the program you started, where __name__ is "__main__";
in a child the main module is imported under the name "__mp_main__".

This script writes two small programs, one without the guard and one with it,
into a temporary folder, runs each in a separate Python with a timeout, and
shows what they printed.  Under fork the unguarded program works: the child is
a copy of the running parent and imports nothing, which is why the mistake
goes unnoticed on Linux until the code runs on macOS or Windows.
"""
import argparse
import multiprocessing
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

WITHOUT_GUARD = '''\
import multiprocessing

print(f"top of the main module, running as {__name__}")


def greet():
    print("hello from the child")


process = multiprocessing.get_context("METHOD").Process(target=greet)
process.start()
process.join()
print(f"child exit code: {process.exitcode}")
'''

WITH_GUARD = '''\
import multiprocessing

print(f"top of the main module, running as {__name__}")


def greet():
    print("hello from the child")


if __name__ == "__main__":
    process = multiprocessing.get_context("METHOD").Process(target=greet)
    process.start()
    process.join()
    print(f"child exit code: {process.exitcode}")
'''


def run_program(source, folder, name, timeout):
    """Run `source` as a program of its own; return its output and its errors."""
    path = Path(folder) / name
    path.write_text(source)
    try:
        result = subprocess.run([sys.executable, "-u", str(path)], capture_output=True,
                                text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return f"(stopped: it did not finish in {timeout} s)", ""
    return result.stdout, result.stderr


def last_error(stderr):
    """The first paragraph of the exception at the end of a traceback."""
    lines = stderr.rstrip().splitlines()
    starts = [i for i, line in enumerate(lines) if line[:1].isalpha() and "Error" in line]
    paragraph = []
    for line in lines[starts[-1] if starts else 0:]:
        if not line.strip() and len(paragraph) > 1:
            break
        paragraph.append(line.strip())
    return " ".join(paragraph)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--method", default="spawn",
                        help="start method the two programs use (default: %(default)s)")
    parser.add_argument("--timeout", type=float, default=60,
                        help="seconds each program may run (default: %(default)s)")
    args = parser.parse_args()
    if args.method not in multiprocessing.get_all_start_methods():
        parser.error(f"--method must be one of: {', '.join(multiprocessing.get_all_start_methods())}")
    if args.timeout <= 0:
        parser.error("--timeout must be more than 0")

    with tempfile.TemporaryDirectory() as folder:
        for title, source in (("without the guard", WITHOUT_GUARD), ("with the guard", WITH_GUARD)):
            stdout, stderr = run_program(source.replace("METHOD", args.method), folder,
                                         "program.py", args.timeout)
            print(f"--- {title}, start method {args.method} ---")
            print(stdout.rstrip())
            if stderr.strip():
                print("Its error output ends with:")
                print(textwrap.fill(last_error(stderr), width=76,
                                    initial_indent="    ", subsequent_indent="    "))


if __name__ == "__main__":
    main()
