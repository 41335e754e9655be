"""The instructor guide's schedules add up and agree with the lesson's index.

An instructor plans a day from these tables: a row whose minutes do not match
its clock times, a gap between rows, or an episode time that differs from the
index page would make the day run over.  Read from the built pages (their
<table>s), with the episodes from runner.EPISODES.
"""
import re
from datetime import datetime

import pytest

from harness import EPISODES, Element, built_page, parse_html

pytestmark = pytest.mark.site

DAY_ONE = [episode.number for episode in EPISODES if episode.day == 1]
DAY_TWO = [episode.number for episode in EPISODES if episode.day == 2]
NUMBER_OF_PAGE = {f"{episode.page}.html": episode.number for episode in EPISODES}


def tables(tree: Element) -> list[tuple[list[str], list[Element]]]:
    """Each table: its header cells' text and its body rows (<tr> elements)."""
    found = []
    for table in tree.find_all("table"):
        header = [cell.text().strip() for cell in table.find_all("th")]
        rows = [row for body in table.find_all("tbody") for row in body.find_all("tr")]
        found.append((header, rows))
    return found


def cells(row: Element) -> list[Element]:
    return row.find_all("td")


def index_times(html) -> dict[int, int]:
    """Episode number -> minutes, from the schedule table on the index page."""
    times = {}
    for header, rows in tables(parse_html(built_page(html, "index"))):
        if header[:2] != ["Episode", "Time"]:
            continue
        for row in rows:
            first, time = cells(row)[:2]
            pages = [NUMBER_OF_PAGE.get(a.attrs.get("href", "").split("#")[0])
                     for a in first.find_all("a")]
            minutes = re.fullmatch(r"(\d+) min", time.text().strip())
            if pages and pages[0] and minutes:
                times[pages[0]] = int(minutes.group(1))
    return times


def schedules(html) -> list[list[tuple[datetime, datetime, str, int]]]:
    """Every table of the guide whose header is Time | Session | Minutes, as rows."""
    found = []
    for header, rows in tables(parse_html(built_page(html, "instructor-guide"))):
        if header != ["Time", "Session", "Minutes"]:
            continue
        table = []
        for row in rows:
            time, session, minutes = (cell.text().strip() for cell in cells(row))
            clock = re.fullmatch(r"(\d\d:\d\d)–(\d\d:\d\d)", time)
            assert clock and minutes.isdigit(), f"a schedule row the test cannot read: {time!r}"
            start, end = (datetime.strptime(t, "%H:%M") for t in clock.groups())
            table.append((start, end, " ".join(session.split()), int(minutes)))
        found.append(table)
    return found


def episode_of(session: str) -> int | None:
    found = re.match(r"^Episode (\d+):", session)
    return int(found.group(1)) if found else None


def test_index_gives_every_episode_a_time(built_site):
    assert sorted(index_times(built_site["html"])) == [episode.number for episode in EPISODES]


def test_there_is_a_full_day_and_two_half_days(built_site):
    found = schedules(built_site["html"])
    expected = 3 + (1 if DAY_TWO else 0)
    assert len(found) == expected, (f"expected {expected} schedules (full day, day 1, day 2"
                                    f"{', the second day' if DAY_TWO else ''}), found {len(found)}")
    full, day1, day2 = found[:3]
    assert [episode_of(s) for _, _, s, _ in full if episode_of(s)] == DAY_ONE
    halves = [episode_of(s) for _, _, s, _ in day1 + day2 if episode_of(s)]
    assert halves == DAY_ONE
    assert 0 < sum(1 for _, _, s, _ in day1 if episode_of(s)) < len(DAY_ONE)
    if DAY_TWO:
        assert [episode_of(s) for _, _, s, _ in found[3] if episode_of(s)] == DAY_TWO


def test_schedules_add_up(built_site):
    times = index_times(built_site["html"])
    for rows in schedules(built_site["html"]):
        assert any("break" in session.lower() for _, _, session, _ in rows), "no break"
        for (start, end, session, minutes), following in zip(rows, rows[1:] + [None]):
            assert (end - start).seconds // 60 == minutes, f"{session}: clock times and minutes differ"
            if following is not None:
                assert following[0] == end, f"gap or overlap after {session}"
            number = episode_of(session)
            if number:
                assert minutes == times[number], \
                    f"{session}: {minutes} min here, {times[number]} on the index"


def test_episode_sections_give_the_same_times(built_site):
    html = built_site["html"]
    headings = [h.text().strip() for h in parse_html(built_page(html, "instructor-guide")).find_all("h3")]
    sections = {int(n): int(m) for heading in headings
                for n, m in re.findall(r"^Episode (\d+): .*\((\d+) minutes\)$", heading)}
    assert sections == index_times(html)
