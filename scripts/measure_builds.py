"""Build the site several times from scratch and report how far its numbers can be trusted.

Each build runs in a fresh copy of the working tree (no cache of example
outputs, no generated files), with this Python.  Afterwards the script reads
every built page and reports:

- the time of each fresh build, and of a rebuild after changing one sentence;
- every speedup shown (a line of an example's output whose label says
  "speedup", "faster" or "ratio", and every speedup in the benchmark's JSON),
  with its smallest and largest value over the builds and their ratio;
- the measurement notes (class ``measurement-note``) on each page;
- the machine's own spread: before and after each build, the speedup of two
  copies of a fixed pure-Python job run at once (2 on two free cores).  When
  that varies by more than 15 %, the machine, not the lesson, sets the floor
  under the spread of the lesson's speedups.

    python scripts/measure_builds.py                 # three builds on a quiet machine
    python scripts/measure_builds.py --hogs 2        # two busy loops compete with each build

The targets: on an idle 2-core machine, no measurement note in three
builds and no speedup varying by more than 15 % (max/min 1.15); with two busy
loops, a note beside every number that misses its expectation.
"""
import argparse
import html
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from lesson import measurements
from lesson.build import sphinx_command
from lesson.site import site_pages

ROOT = Path(__file__).resolve().parent.parent

SKIP = {".git", ".venv", ".nox", "node_modules", "_build", "_generated", "jupyter_execute", "__pycache__",
        ".pytest_cache"}
SPEEDUP_LABEL = re.compile(r"speedup|faster|ratio", re.I)
NOTE = re.compile(r'<div class="[^"]*\bmeasurement-note\b[^"]*"')
OUTPUT_BLOCK = re.compile(r'<div class="[^"]*example-output[^"]*">.*?<pre>(.*?)</pre>', re.S)


def busy_loop():
    while True:
        pass


def spread_line(label: str, seen: list[float | None]) -> str:
    seen = [value for value in seen if value is not None]
    if not seen:
        return f"{label}: not measured (the probe failed)"
    return f"{label}: min {min(seen):.2f}, max {max(seen):.2f}, max/min {max(seen) / min(seen):.2f}"


def copy_tree(target: Path) -> None:
    shutil.copytree(ROOT, target, symlinks=True,
                    ignore=lambda folder, names: [n for n in names if n in SKIP or n.startswith(".venv")])


def build(tree: Path, timeout: float) -> float:
    """One strict HTML build of `tree` with this Python; its wall time in seconds."""
    command = sphinx_command("html", tree / "_build" / "html", doctrees=tree / "_build" / "doctrees",
                             options=("-q",), root=tree)
    # The copy's own lesson package, not the one installed from this tree.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tree), os.environ.get("PYTHONPATH", "")])}
    start = time.perf_counter()
    result = subprocess.run(command, cwd=tree, capture_output=True, text=True, timeout=timeout, env=env)
    took = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"the build in {tree} failed:\n{result.stderr[-3000:]}")
    return took


def speedups_on_pages(site: Path) -> dict[tuple[str, str], float]:
    """(page, 'block N: label') -> the number, for every speedup-like line of an output."""
    found = {}
    for page in (site / name for name in site_pages(site)):
        text = page.read_text(encoding="utf-8")
        for index, block in enumerate(OUTPUT_BLOCK.findall(text)):
            lines = html.unescape(re.sub(r"<[^>]+>", "", block)).splitlines()
            for line in lines[1:]:  # the first line is the command
                label, colon, rest = line.strip().partition(":")
                number = re.search(r"\d+(?:\.\d+)?", rest)
                if colon and number and SPEEDUP_LABEL.search(label):
                    found[(page.stem, f"output {index + 1}: {label.strip()}")] = float(number.group())
    return found


def speedups_in_json(path: Path, prefix: str = "") -> dict[tuple[str, str], float]:
    """Every number under a key that mentions 'speedup' in a JSON file."""
    if not path.is_file():
        return {}
    found = {}

    def walk(value, where, counted):
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{where}.{key}" if where else str(key), counted or "speedup" in str(key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, f"{where}[{index}]", counted)
        elif counted and isinstance(value, (int, float)) and not isinstance(value, bool):
            found[(prefix or path.name, where)] = float(value)

    walk(json.loads(path.read_text(encoding="utf-8")), "", False)
    return found


def notes_on_pages(site: Path) -> dict[str, int]:
    return {page.stem: count for page in (site / name for name in site_pages(site))
            if (count := len(NOTE.findall(page.read_text(encoding="utf-8"))))}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--builds", type=int, default=3, help="fresh builds to make")
    parser.add_argument("--hogs", type=int, default=0, help="busy loops to run beside every build")
    parser.add_argument("--timeout", type=int, default=1200, help="seconds allowed for one build")
    args = parser.parse_args()
    if args.builds < 1:
        parser.error("--builds must be at least 1")
    if args.hogs < 0:
        parser.error("--hogs must be 0 or more")

    hogs = [multiprocessing.Process(target=busy_loop, daemon=True) for _ in range(args.hogs)]
    for hog in hogs:
        hog.start()
    values = defaultdict(list)
    notes = []
    times = []
    probes = []
    try:
        with tempfile.TemporaryDirectory(prefix="measure-builds-") as temporary:
            probes.append(measurements.pair_speedup(repeats=5))
            for number in range(1, args.builds + 1):
                tree = Path(temporary, f"build-{number}")
                copy_tree(tree)
                times.append(build(tree, args.timeout))
                probes.append(measurements.pair_speedup(repeats=5))
                site = tree / "_build" / "html"
                shown = {**speedups_on_pages(site),
                         **speedups_in_json(tree / "content" / "_generated" / "benchmark.json",
                                            "06-scaling benchmark.json")}
                for key, value in shown.items():
                    values[key].append(value)
                notes.append(notes_on_pages(site))
                print(f"build {number}: {times[-1]:.0f} s, {len(shown)} speedups, "
                      f"{sum(notes[-1].values())} measurement notes", flush=True)
            # A rebuild after changing one sentence of a page, in the last tree.
            page = tree / "content" / "02-threads.md"
            page.write_text(page.read_text(encoding="utf-8").replace(
                "## ", "This sentence was added to time a rebuild.\n\n## ", 1), encoding="utf-8")
            rebuild = build(tree, args.timeout)
    finally:
        for hog in hogs:
            hog.terminate()
            hog.join()

    print(f"\nFresh builds: {', '.join(f'{t:.0f} s' for t in times)}; "
          f"rebuild after changing one sentence: {rebuild:.1f} s")
    print(f"Busy loops beside each build: {args.hogs}\n")
    print(f"{'page':<28} {'number':<52} {'min':>7} {'max':>7} {'max/min':>8}")
    worst = 1.0
    for (page, label), seen in sorted(values.items()):
        low, high = min(seen), max(seen)
        ratio = high / low if low > 0 else float("inf")
        worst = max(worst, ratio) if len(seen) == args.builds else worst
        flag = "" if len(seen) == args.builds else f"  (in {len(seen)} of {args.builds} builds)"
        print(f"{page:<28} {label[:52]:<52} {low:>7.2f} {high:>7.2f} {ratio:>8.2f}{flag}")
    print(f"\nLargest max/min over the builds: {worst:.2f}")
    print(spread_line("The machine's own spread, before and after each build: speedup of two "
                      "copies of a fixed job at once (measurements.pair_speedup)", probes))
    for number, seen in enumerate(notes, 1):
        listed = ", ".join(f"{page} ({count})" for page, count in seen.items()) or "none"
        print(f"Measurement notes in build {number}: {listed}")


if __name__ == "__main__":
    main()
