"""Helpers for the exercises that count long lines: the files, and the command line.

Imported, not run, by ex_count_lines.py, ex_spawn_safe.py and their solutions
(and by your own copies of them in this folder): each writes a few text files
for itself, so the answer is known, and reads the same two options.
"""
import argparse
from pathlib import Path


def write_files(folder, files):
    """Write file0.txt, file1.txt, ... into `folder`; file i holds lines of length 1 .. 15 * (i + 1)."""
    paths = []
    for i in range(files):
        path = Path(folder) / f"file{i}.txt"
        path.write_text("".join("x" * length + "\n" for length in range(1, 15 * (i + 1) + 1)))
        paths.append(str(path))
    return paths


def at_least_one(text):
    """argparse type: a number of files, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def not_negative(text):
    """argparse type: a line length, 0 or more."""
    if int(text) < 0:
        raise argparse.ArgumentTypeError(f"{text} is negative")
    return int(text)


def print_counts(counts, limit):
    """Print {file name: count} sorted by name, and the total."""
    for name in sorted(counts):
        print(f"{name}: {counts[name]} lines longer than {limit} characters")
    print(f"Total: {sum(counts.values())}")
