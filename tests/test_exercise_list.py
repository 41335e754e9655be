"""The page of all exercises holds every exercise of every episode, and works.

It is assembled by sphinx-lesson's exerciselist directive from copies of the
episodes' exercises, so these tests compare built pages: the exercises and
solutions an episode page shows (whatever fence wrote them: backticks,
colons or tildes) against those on the list.
"""
from collections import Counter

import pytest

from harness import built_page, built_pages, episode_docnames, parse_html

pytestmark = pytest.mark.site


def admonitions(page) -> list[list[str]]:
    """The classes of each admonition <div> of a built page."""
    return [element.classes for element in parse_html(page).find_all("div", "admonition")]


def ids(page) -> Counter:
    return Counter(element.attrs["id"] for element in parse_html(page).iter()
                   if element.attrs.get("id"))


def test_every_exercise_and_solution_is_listed(built_site):
    html = built_site["html"]
    shown = {page: admonitions(built_page(html, page)) for page in episode_docnames()}
    exercises = sum("exercise" in c for found in shown.values() for c in found)
    solutions = sum("solution" in c for found in shown.values() for c in found)
    assert exercises, "no episode has an exercise"
    listed = admonitions(built_page(html, "exercises"))
    assert sum("exercise" in c for c in listed) == exercises
    assert sum("solution" in c for c in listed) == solutions
    # Nothing else is copied (questions, keypoints, instructor notes); a solution
    # may hold the measurement note of its own output.
    assert all("exercise" in c or "solution" in c or "measurement-note" in c for c in listed)
    links = {element.attrs.get("href", "").split("#")[0]
             for element in parse_html(built_page(html, "exercises")).find_all("a")}
    for page, found in shown.items():
        if any("exercise" in c for c in found):
            assert f"{page}.html" in links, f"no link back to {page}.html"


def test_no_page_repeats_an_id(built_site):
    """Repeated ids break the solution buttons on the page of all exercises."""
    repeated = {}
    for page in built_pages(built_site["html"]):
        twice = sorted(name for name, count in ids(page).items() if count > 1)
        if twice:
            repeated[page.name] = twice
    assert not repeated, f"ids used more than once: {repeated}"
