"""Sphinx extension: the directives that shape the lesson's pages.

``going-further``
    A part of an episode that is not taught live: depth for self-study.  It is
    a collapsed box (sphinx-togglebutton's ``dropdown``) whose HTML carries the
    class ``going-further``, titled "Going further: <title>" and followed, in
    the title itself, by the one-line ``:summary:`` of what it adds, so that a
    learner sees what is inside without opening it.  The print edition opens
    it (``_static/lesson.css``), the notebooks quote it like any other box, and
    the content budget (``budget.py``) leaves it out of the core path.

``episode-toctree``
    The toctree of the episodes, from ``runner.EPISODES``; ``:day: N`` keeps one day's.

``episode-schedule``
    The index's table of one day's episodes (``:day: N``): page, minutes and
    what the learner will learn, from ``runner.EPISODES``.

``UniqueIds`` (the one-page lesson only)
    Ids repeated by the pages put together get a suffix, so every collapsed box
    opens on its own button.

``lesson_other_formats`` (a setting)
    Which of the one-page lesson and the PDF the menu links: only what was built.

``lesson-schedule``
    A clock for the instructor guide.  Each content line is either
    ``episode N`` (its minutes from ``EPISODES``) or ``What happens | minutes``;
    ``:start: HH:MM`` is the first row's start.  Times follow from the minutes,
    so a schedule cannot have a gap or disagree with the index.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.directives.other import TocTree
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from lesson import runner
from lesson.runner import EPISODES, episode

GOING_FURTHER = "going-further"


class GoingFurther(SphinxDirective):
    """A collapsed, clearly marked part of a page for self-study."""

    required_arguments = 1
    final_argument_whitespace = True
    option_spec = {"summary": directives.unchanged_required}
    has_content = True

    def run(self):
        summary = self.options.get("summary", "").strip()
        if not summary:
            raise self.error("going-further needs a one-line :summary: of what the part adds")
        box = nodes.admonition(classes=[GOING_FURTHER, "dropdown"])
        self.set_source_info(box)
        title_nodes, messages = self.state.inline_text(self.arguments[0], self.lineno)
        summary_nodes, more = self.state.inline_text(summary, self.lineno)
        title = nodes.title("", "Going further: ", *title_nodes)
        title += nodes.inline("", " (", classes=["going-further-sep"])
        title += nodes.inline("", "", *summary_nodes, classes=["going-further-summary"])
        title += nodes.inline("", ")", classes=["going-further-sep"])
        box += title
        self.state.nested_parse(self.content, self.content_offset, box)
        return [box, *messages, *more]


class EpisodeToctree(TocTree):
    """The toctree of the episodes, from runner.EPISODES (the one list).

    Takes the options of ``toctree``; ``:day: N`` keeps the episodes of one day.
    """

    option_spec = {**TocTree.option_spec, "day": directives.positive_int}

    def run(self):
        day = self.options.pop("day", None)
        pages = [e.page for e in EPISODES if day is None or e.day == day]
        self.content = StringList(pages, source="lesson.runner.EPISODES")
        return super().run()


def _myst_table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


class _TableDirective(SphinxDirective):
    def parse_lines(self, lines: list[str]) -> list[nodes.Node]:
        self.env.note_dependency(runner.__file__)  # the minutes are defined there
        holder = nodes.container()
        self.state.nested_parse(StringList(lines, source=self.get_source_info()[0]),
                                self.content_offset, holder)
        return holder.children


class EpisodeSchedule(_TableDirective):
    """The index's schedule of one day: Episode | Time | What you will learn."""

    option_spec = {"day": directives.positive_int}

    def run(self):
        day = self.options.get("day", 1)
        rows = [[f"{{doc}}`{e.page}`", f"{e.minutes} min", e.learn]
                for e in EPISODES if e.day == day]
        return self.parse_lines(_myst_table(["Episode", "Time", "What you will learn"], rows))


class LessonSchedule(_TableDirective):
    """A clock: Time | Session | Minutes, from episode numbers and other sessions."""

    has_content = True
    option_spec = {"start": directives.unchanged_required}

    def run(self):
        try:
            clock = datetime.strptime(self.options.get("start", "09:00"), "%H:%M")
        except ValueError as error:
            raise self.error(f"lesson-schedule: :start: must be HH:MM ({error})") from None
        rows = []
        for line in self.content:
            line = line.strip()
            if not line:
                continue
            if line.startswith("episode "):
                e = episode(int(line.split()[1]))
                session, minutes = f"Episode {e.number}: {{doc}}`{e.page}`", e.minutes
            elif "|" in line:
                session, minutes = (part.strip() for part in line.rsplit("|", 1))
                minutes = int(minutes)
            else:
                raise self.error(f"lesson-schedule: {line!r} is neither 'episode N' "
                                 "nor 'Session | minutes'")
            end = clock + timedelta(minutes=minutes)
            rows.append([f"{clock:%H:%M}–{end:%H:%M}", session, str(minutes)])
            clock = end
        return self.parse_lines(_myst_table(["Time", "Session", "Minutes"], rows))


class UniqueIds(SphinxPostTransform):
    """The one-page lesson gets every id once.

    sphinx-lesson numbers exercises and solutions per page (exercise-0,
    solution-0, ...), so the pages put together repeat them, and the button of
    a collapsed box opens the first box with its id: on screen, the solutions of
    every later page stayed open.  A repeated id gets a suffix (solution-0-2).
    """

    builders = ("singlehtml",)
    default_priority = 900  # after every other post-transform

    def run(self, **kwargs) -> None:
        seen: set[str] = set()
        for node in self.document.findall(nodes.Element):
            renamed = []
            for old in node.get("ids", ()):
                new, n = old, 1
                while new in seen:
                    n += 1
                    new = f"{old}-{n}"
                seen.add(new)
                renamed.append(new)
            if renamed:
                node["ids"] = renamed


def other_formats(app, pagename, templatename, context, doctree):
    """The formats the menu links (_templates/layout.html): those built with the site."""
    context["lesson_other_formats"] = [name for name in app.config.lesson_other_formats.split(",")
                                       if name]


def setup(app):
    # "one-page,pdf" when make singlehtml and make pdf are built with the site (Makefile):
    # the menu must not link what a plain `make html` did not build.
    app.add_config_value("lesson_other_formats", "", "html")
    app.connect("html-page-context", other_formats)
    app.add_post_transform(UniqueIds)
    app.add_directive(GOING_FURTHER, GoingFurther)
    app.add_directive("episode-toctree", EpisodeToctree)
    app.add_directive("episode-schedule", EpisodeSchedule)
    app.add_directive("lesson-schedule", LessonSchedule)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}

