"""The instructor guide's schedules add up and agree with the lesson's index.

An instructor plans a day from these tables: a row whose minutes do not match
its clock times, a gap between rows, or an episode time that differs from the
index page would make the day run over.
"""
import re
import sys
from datetime import datetime

import pytest

from harness import CONTENT, ROOT

sys.path.insert(0, str(ROOT / "sphinxext"))
from lesson_runner import EPISODES as ALL_EPISODES  # noqa: E402

GUIDE = CONTENT / "instructor-guide.md"
INDEX = CONTENT / "index.md"
# The first day's episodes fill the full day and the two half days; the
# second day's have schedules of their own, after those three.
EPISODES = [episode.number for episode in ALL_EPISODES if episode.day == 1]
SECOND_DAY = [episode.number for episode in ALL_EPISODES if episode.day == 2]
ROW = re.compile(r"^\| (\d\d:\d\d)–(\d\d:\d\d) \| (.+?) \| (\d+) \|$")


def index_times() -> dict[int, int]:
    """Episode number -> minutes, from the schedule table on the index page."""
    times = {}
    for line in INDEX.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 2:
            continue
        number = re.match(r"^(?:\{doc\}`(\d\d)-|(\d+)\. )", cells[0])
        minutes = re.match(r"^(\d+) min$", cells[1])
        if number and minutes:
            times[int(number.group(1) or number.group(2))] = int(minutes.group(1))
    return times


def schedules() -> list[list[tuple[datetime, datetime, str, int]]]:
    """Every table of the guide whose header is Time | Session | Minutes, as rows."""
    tables, current = [], None
    for line in GUIDE.read_text(encoding="utf-8").splitlines():
        if line.startswith("| Time | Session | Minutes |"):
            current = []
            tables.append(current)
        elif current is not None and line.startswith("|"):
            if set(line) <= set("|- "):
                continue
            row = ROW.match(line)
            assert row, f"a schedule row the test cannot read: {line!r}"
            start, end = (datetime.strptime(t, "%H:%M") for t in row.group(1, 2))
            current.append((start, end, row.group(3), int(row.group(4))))
        else:
            current = None
    return tables


def episode_of(session: str) -> int | None:
    found = re.match(r"^Episode (\d+):", session)
    return int(found.group(1)) if found else None


def test_index_gives_every_episode_a_time():
    assert sorted(index_times()) == sorted(EPISODES + SECOND_DAY)


def test_there_is_a_full_day_and_two_half_days():
    tables = schedules()
    assert len(tables) >= 3, f"expected 3 schedules (full day, day 1, day 2) first, found {len(tables)}"
    full, day1, day2 = tables[:3]
    assert [episode_of(s) for _, _, s, _ in full if episode_of(s)] == list(EPISODES)
    halves = [episode_of(s) for _, _, s, _ in day1 + day2 if episode_of(s)]
    assert halves == list(EPISODES)
    assert 0 < sum(1 for _, _, s, _ in day1 if episode_of(s)) < len(EPISODES)


def test_second_day_episodes_are_scheduled_once():
    later = [episode_of(s) for table in schedules()[3:] for _, _, s, _ in table if episode_of(s)]
    assert sorted(later) == sorted(SECOND_DAY), later


@pytest.mark.parametrize("table", range(len(schedules())))
def test_schedule_adds_up(table):
    rows = schedules()[table]
    times = index_times()
    assert any("break" in session.lower() for _, _, session, _ in rows), "no break"
    for (start, end, session, minutes), following in zip(rows, rows[1:] + [None]):
        assert (end - start).seconds // 60 == minutes, f"{session}: clock times and minutes differ"
        if following is not None:
            assert following[0] == end, f"gap or overlap after {session}"
        number = episode_of(session)
        if number:
            assert minutes == times[number], f"{session}: {minutes} min here, {times[number]} on the index"


def test_episode_sections_give_the_same_times():
    text = GUIDE.read_text(encoding="utf-8")
    sections = {int(n): int(m) for n, m in
                re.findall(r"^### Episode (\d+): .*\((\d+) minutes\)$", text, re.M)}
    assert sections == index_times()
