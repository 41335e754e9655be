"""The page of all exercises holds every exercise of every episode, and works.

It is assembled by sphinx-lesson's exerciselist directive from copies of the
episodes' exercises, so these tests look at the built page.
"""
import re
from collections import Counter
from html.parser import HTMLParser

import pytest

from harness import CONTENT

pytestmark = pytest.mark.xdist_group("site")

EXERCISE = re.compile(r"^`{3,}\{exercise\}", re.M)
SOLUTION = re.compile(r"^\s*(?:`{3,}|~{3,})\{solution\}", re.M)


class Admonitions(HTMLParser):
    """Classes of each admonition <div>, and every id, of one page."""

    def __init__(self):
        super().__init__()
        self.classes = []
        self.ids = Counter()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids[attrs["id"]] += 1
        classes = (attrs.get("class") or "").split()
        if tag == "div" and "admonition" in classes:
            self.classes.append(classes)


def parse(page):
    parser = Admonitions()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_every_exercise_and_solution_is_listed(built_site):
    episodes = sorted(CONTENT.glob("[0-9][0-9]-*.md"))
    sources = [page.read_text(encoding="utf-8") for page in episodes]
    exercises = sum(len(EXERCISE.findall(text)) for text in sources)
    solutions = sum(len(SOLUTION.findall(text)) for text in sources)
    assert exercises, "no episode has an exercise"
    listed = parse(built_site["html"] / "exercises.html").classes
    assert sum("exercise" in c for c in listed) == exercises
    assert sum("solution" in c for c in listed) == solutions
    # Nothing else is copied (questions, keypoints, instructor notes).
    assert all("exercise" in c or "solution" in c for c in listed)
    text = (built_site["html"] / "exercises.html").read_text(encoding="utf-8")
    for page, source in zip(episodes, sources):
        if EXERCISE.search(source):
            assert f'href="{page.stem}.html#' in text, f"no link back to {page.name}"


def test_no_page_repeats_an_id(built_site):
    """Repeated ids break the solution buttons on the page of all exercises."""
    repeated = {}
    for page in sorted(built_site["html"].glob("*.html")):
        twice = sorted(name for name, count in parse(page).ids.items() if count > 1)
        if twice:
            repeated[page.name] = twice
    assert not repeated, f"ids used more than once: {repeated}"
