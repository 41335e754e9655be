"""The content budget: can an episode be taught, as written, in its slot?

Read from the built HTML of each episode page.  The *core path* is the page's
prose, read top to bottom: every word outside code blocks and example outputs,
exercises included; solutions, instructor notes, going-further parts
(``pages.GOING_FURTHER``) and measurement notes are left out.  The limits:

- at most ``MAX_WORDS_PER_MINUTE`` words of core prose per minute of the
  episode's slot (``runner.Episode.minutes``);
- the first core exercise within ``MAX_STRETCH`` minutes, and no stretch longer
  than that without one (between two exercises, and after the last one), at
  the page's own pace: a stretch of w words lasts w / (core words / minutes).

This is a check of the page's content, not a timing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lesson.runner import EPISODES, Episode
from lesson.site import Element, parse_html

MAX_WORDS_PER_MINUTE = 45
MAX_STRETCH = 15  # minutes

# Elements whose text is not core prose: code, outputs, and the optional parts.
SKIPPED_CLASSES = {"highlight", "solution", "instructor-note", "going-further",
                   # A measurement note is the build machine's report, not teaching: a
                   # busy build would otherwise push a page over its budget.
                   "measurement-note"}
SKIPPED_TAGS = {"pre", "script", "style"}
WORD = re.compile(r"[^\W_]")  # a word is a run of non-space characters with a letter or digit


def count_words(text: str) -> int:
    return sum(1 for token in text.split() if WORD.search(token))


def core_path(page: Element) -> tuple[int, list[tuple[int, int]]]:
    """Core words in the article body, and (words before, words at the end) of each core exercise."""
    words = 0
    exercises: list[list[int]] = []

    def walk(element: Element) -> None:
        nonlocal words
        for child in element.children:
            if isinstance(child, str):
                words += count_words(child)
                continue
            classes = set(child.classes)
            if child.tag in SKIPPED_TAGS or classes & SKIPPED_CLASSES \
                    or any(c.startswith("highlight-") for c in classes):
                continue
            exercise = [words, words] if {"exercise", "admonition"} <= classes else None
            if exercise:
                exercises.append(exercise)
            walk(child)
            if exercise:
                exercise[1] = words

    for body in (e for e in page.iter() if e.attrs.get("itemprop") == "articleBody"):
        walk(body)
        break
    return words, [tuple(pair) for pair in exercises]


@dataclass
class Budget:
    """One episode's core path, measured."""
    episode: Episode
    words: int
    exercises: list[tuple[int, int]] = field(default_factory=list)  # (start, end) in words

    @property
    def minutes(self) -> int:
        return self.episode.minutes

    @property
    def words_per_minute(self) -> float:
        return self.words / self.minutes

    def at(self, words: int) -> float:
        """Minutes into the slot after this many words, at the page's own pace."""
        return words / self.words * self.minutes if self.words else 0.0

    @property
    def first_exercise(self) -> float | None:
        return self.at(self.exercises[0][0]) if self.exercises else None

    @property
    def stretches(self) -> list[float]:
        """Minutes without an exercise: before the first, between two, after the last."""
        edges = [0]
        for start, end in self.exercises:
            edges += [start, end]
        edges.append(self.words)
        return [self.at(edges[i + 1] - edges[i]) for i in range(0, len(edges), 2)]

    @property
    def longest_stretch(self) -> float:
        return max(self.stretches)

    def problems(self) -> list[str]:
        found = []
        if self.words_per_minute > MAX_WORDS_PER_MINUTE:
            found.append(f"{self.words} core words in {self.minutes} min is "
                         f"{self.words_per_minute:.0f} per minute (at most {MAX_WORDS_PER_MINUTE}: "
                         f"{MAX_WORDS_PER_MINUTE * self.minutes} words)")
        if not self.exercises:
            found.append("no exercise in the core path")
        elif self.first_exercise > MAX_STRETCH:
            found.append(f"the first exercise comes after {self.first_exercise:.0f} min "
                         f"(at most {MAX_STRETCH})")
        if self.exercises and self.longest_stretch > MAX_STRETCH:
            found.append(f"{self.longest_stretch:.0f} min without an exercise (at most {MAX_STRETCH})")
        return found


def measure_page(path: Path, episode: Episode) -> Budget:
    return Budget(episode, *core_path(parse_html(path)))


def measure(html: Path) -> list[Budget]:
    """Every episode's budget, from the built site in `html` (e.g. _build/html)."""
    return [measure_page(Path(html) / f"{e.page}.html", e) for e in EPISODES]


def table(budgets: list[Budget]) -> str:
    """The budgets as a Markdown table, with a last column naming what is over."""
    lines = ["| Episode | Minutes | Core words | Words/min | Core exercises | First at (min) "
             "| Longest stretch (min) | Over budget |",
             "|---|---|---|---|---|---|---|---|"]
    for b in budgets:
        first = f"{b.first_exercise:.0f}" if b.first_exercise is not None else "-"
        longest = f"{b.longest_stretch:.0f}" if b.exercises else "-"
        lines.append(f"| {b.episode.page} | {b.minutes} | {b.words} | {b.words_per_minute:.0f} "
                     f"| {len(b.exercises)} | {first} | {longest} | {'; '.join(b.problems()) or 'no'} |")
    return "\n".join(lines)
