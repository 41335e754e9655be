"""How long are the listings a learner reads, and how much of them is plumbing?

Reads the built site (``make html`` first) and measures every listing of a
file under examples/: the code blocks that lesson/example_output.py
marks with the class ``example-listing``.  It prints

- the number of listings, the median and 90th percentile of their non-blank
  lines, and how many are over 40 and over 60 lines;
- the share of the shown lines that are command-line plumbing (argparse,
  ``parser.error`` and the ``if`` that leads to it, ``add_argument``,
  ``parse_args``, output redirection: ``redirect_stdout`` / ``redirect_stderr``,
  ``os.devnull``, ``sys.stdout = ...``, ``only_rank0_prints``; a statement
  spread over several lines counts whole)
  and in how many listings plumbing appears;
- the longest listings and those with plumbing, by page and file.

The targets (CONTRIBUTING.md states them): median <= 25, 90th percentile <= 45, at most 3 over
60 lines, plumbing at most 3% of the lines shown and in at most 5 listings.
This script only reports; it exits 0 whatever it finds.

    python scripts/listing_stats.py                  # reads _build/html
    python scripts/listing_stats.py --html _build/test/html --top 15
"""
import argparse
import math
import re
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

from lesson.site import Element, built_pages, parse_html

ROOT = Path(__file__).resolve().parent.parent
PLUMBING = re.compile(r"\bargparse\b|\bArgumentParser\b|\bparser\.error\b|\.add_argument\b|"
                      r"\.parse_args\b|\.parse_known_args\b|\bredirect_stdout\b|\bredirect_stderr\b|"
                      r"\bos\.devnull\b|\bsys\.(stdout|stderr)\s*=[^=]|\bonly_rank0_prints\b")
# The test of a check whose block is a parser.error(...) is plumbing too.
CHECK = re.compile(r"^\s*(el)?if\b.*:\s*$")
TARGETS = {"median": 25, "p90": 45, "over 60": 3, "plumbing share": 0.03, "with plumbing": 5}


@dataclass
class Listing:
    page: str          # the built page, e.g. "04-pools.html"
    example: str       # the file it shows, e.g. "examples/ep04_pools/map_starmap.py"
    lines: int         # non-blank lines shown
    plumbing: int      # of those, lines of plumbing statements


def plumbing_lines(lines: list[str]) -> int:
    """Non-blank lines that belong to a statement matching PLUMBING (brackets followed),
    and the `if ...:` line of a check whose next line is a parser.error(...)."""
    count, statement, depth = 0, [], 0
    for number, line in enumerate(lines):
        if depth == 0 and CHECK.match(line) and number + 1 < len(lines) \
                and "parser.error" in lines[number + 1]:
            count += 1
            continue
        code = re.sub(r"#.*$", "", re.sub(r"(['\"]).*?\1", '""', line))
        statement.append(line)
        depth = max(0, depth + sum(code.count(c) for c in "([{") - sum(code.count(c) for c in ")]}"))
        if depth == 0:
            if PLUMBING.search("\n".join(statement)):
                count += sum(1 for text in statement if text.strip())
            statement = []
    if statement and PLUMBING.search("\n".join(statement)):
        count += sum(1 for text in statement if text.strip())
    return count


def listings(html: Path) -> list[Listing]:
    found = []
    for page in built_pages(html):
        tree = parse_html(page)
        for block in tree.find_all("div", "example-listing"):
            shown = [line for line in block.find_all("pre")[0].text().splitlines()]
            found.append(Listing(page.name, example_of(block), sum(1 for t in shown if t.strip()),
                                 plumbing_lines(shown)))
    return found


def example_of(block: Element) -> str:
    """The file a listing shows: named by the download line the build puts after it."""
    anchor = block.parent if block.parent and "literal-block-wrapper" in block.parent.classes else block
    siblings = [c for c in anchor.parent.children if isinstance(c, Element)]
    following = siblings[siblings.index(anchor) + 1:]
    if following and "example-download" in following[0].classes:
        codes = following[0].find_all("code")
        if codes:
            return codes[0].text().strip()
    return "?"


def percentile(values: list[int], fraction: float) -> int:
    """The nearest-rank percentile: the smallest value with `fraction` of them at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def report(found: list[Listing], top: int) -> str:
    sizes = [listing.lines for listing in found]
    shown = sum(sizes)
    plumbing = sum(listing.plumbing for listing in found)
    with_plumbing = [listing for listing in found if listing.plumbing]
    rows = [
        ("Listings of files under examples/", f"{len(found)}", ""),
        ("Median non-blank lines", f"{statistics.median(sizes):g}", f"<= {TARGETS['median']}"),
        ("90th percentile (nearest rank)", f"{percentile(sizes, 0.9)}", f"<= {TARGETS['p90']}"),
        ("Listings over 40 lines", f"{sum(s > 40 for s in sizes)}", ""),
        ("Listings over 60 lines", f"{sum(s > 60 for s in sizes)}", f"<= {TARGETS['over 60']}"),
        ("Lines shown in all", f"{shown}", ""),
        ("Plumbing lines", f"{plumbing} ({plumbing / shown:.1%})" if shown else "0",
         f"<= {TARGETS['plumbing share']:.0%}"),
        ("Listings with plumbing", f"{len(with_plumbing)}", f"<= {TARGETS['with plumbing']}"),
    ]
    width = max(len(name) for name, _, _ in rows)
    out = [f"{'Measure':<{width}}  {'Value':>12}  Target", f"{'-' * width}  {'-' * 12}  ------"]
    out += [f"{name:<{width}}  {value:>12}  {target}" for name, value, target in rows]
    copies = sum(1 for listing in found if listing.page == "exercises.html")
    if copies:
        out.append(f"({copies} of the listings are the copies on exercises.html, the list of all exercises.)")

    def table(title, chosen):
        lines = ["", title, f"{'Lines':>5}  {'Plumbing':>8}  {'Page':<22}  File"]
        lines += [f"{lst.lines:>5}  {lst.plumbing:>8}  {lst.page:<22}  {lst.example}" for lst in chosen]
        return lines

    longest = sorted(found, key=lambda listing: -listing.lines)[:top]
    out += table(f"The {len(longest)} longest listings", longest)
    if with_plumbing:
        out += table("Listings that show plumbing",
                     sorted(with_plumbing, key=lambda listing: -listing.plumbing))
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, default=ROOT / "_build" / "html",
                        help="the built site (default: _build/html)")
    parser.add_argument("--top", type=int, default=10, help="how many of the longest listings to name")
    args = parser.parse_args()
    if args.top < 0:
        parser.error("--top must not be negative")
    if not (args.html / "index.html").is_file():
        parser.error(f"no built site in {args.html}: run `make html` first")
    found = listings(args.html)
    if not found:
        print(f"No listing of an example (class example-listing) in {args.html}.")
        return 0
    print(report(found, args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
