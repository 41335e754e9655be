#!/usr/bin/env python3
"""Print each episode's content budget from the built site, and exit 1 if one is over.

    python scripts/lesson_budget.py [--html _build/html]

Minutes, core words, words per minute, core exercises, when the first comes
and the longest stretch without one (lesson/budget.py defines them).
Build the site first (make html).
"""
import argparse
import sys
from pathlib import Path

from lesson import budget

ROOT = Path(__file__).resolve().parent.parent



def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, default=ROOT / "_build" / "html",
                        help="the built site (default: _build/html)")
    args = parser.parse_args()
    missing = [e.page for e in budget.EPISODES if not (args.html / f"{e.page}.html").is_file()]
    if missing:
        parser.error(f"{args.html} has no built page for {', '.join(missing)}: run make html first")
    budgets = budget.measure(args.html)
    print(budget.table(budgets))
    over = [b for b in budgets if b.problems()]
    print(f"\n{len(over)} of {len(budgets)} episodes over budget")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
