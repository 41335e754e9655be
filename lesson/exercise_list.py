"""Sphinx: the page that lists every exercise (sphinx-lesson's exerciselist), kept right.

The list is rebuilt whenever a page changed, and the exercises copied onto it
get ids of their own and a link back that names the episode.
"""
from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from lesson import runner
from lesson.example_output import ResolveOutputs


def refresh_exercise_list(app, env, added, changed, removed) -> list[str]:
    """When any page changed, also rebuild the pages that list all exercises."""
    if not (added or changed or removed):
        return []
    listing = []
    for docname in env.found_docs:
        path = Path(env.doc2path(docname))
        if path.suffix == ".md" and "{exerciselist}" in path.read_text(encoding="utf-8"):
            listing.append(docname)
    return listing


class CopiedExercises(SphinxPostTransform):
    """The exercises copied onto the list of all exercises: ids of their own, plain code.

    sphinx-lesson numbers exercises per page (exercise-0, solution-0, ...), so
    the list, which holds the exercises of every page, repeats ids.  Repeated
    ids are invalid HTML, and they break the buttons that open solutions (the
    button of one toggles the first element with that id).  Each copied
    exercise's ids get its page's name in front: 01-why-solution-0.

    Each copy's link back reads "From Episode 4: Pools:", not the source file's name.

    The copies' code is shown without syntax colours: coloured, each token is
    an element of its own, and the page that holds every solution would carry
    about 4,500 of them, enough to slow its loading on a phone (Lighthouse's
    DOM-size finding).  The episode pages keep their colours.
    """

    # After sphinx-lesson's ExerciseListTransform has put the copies in, and
    # ResolveOutputs has filled in their outputs.
    default_priority = ResolveOutputs.default_priority + 1

    def run(self, **kwargs) -> None:
        # sphinx-lesson labels each copy with its source file ("In 04-pools.md:"); a
        # learner knows the episode by its number and title.
        for link in list(self.document.findall(nodes.reference)):
            docname = link.get("refdocname")
            if docname in self.env.titles and link.astext().startswith("In "):
                label = self.env.titles[docname].astext()
                episode = runner.episode_of_page(docname)
                label = f"Episode {episode.number}: {label}" if episode else label
                link.children = [nodes.Text(f"From {label}:")]
        for admonition in list(self.document.findall(nodes.admonition)):
            origin = getattr(admonition, "target_docname", None)
            if origin is None or origin == self.env.docname:
                continue
            prefix = re.sub(r"[^\w-]+", "-", origin) + "-"
            renamed = {}
            for node in admonition.findall(nodes.Element):
                for index, old in enumerate(node["ids"]):
                    if not old.startswith(prefix):
                        renamed[old] = node["ids"][index] = prefix + old
            for block in admonition.findall(nodes.literal_block):
                block["language"] = "text"
            for node in admonition.findall(nodes.Element):
                if node.get("refid") in renamed:
                    node["refid"] = renamed[node["refid"]]
                node["backrefs"] = [renamed.get(name, name) for name in node["backrefs"]]


def setup(app):
    app.setup_extension("lesson.example_output")
    app.connect("env-get-outdated", refresh_exercise_list)
    app.add_post_transform(CopiedExercises)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
