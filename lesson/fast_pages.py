"""Sphinx extension: pages that show their text at once on a slow connection.

A workshop's Wi-Fi is slow and shared.  The theme and the extensions put a
dozen scripts in each page's head, and the browser draws nothing until it has
fetched and run them all.  None of them is needed to read the text: they add
the copy buttons, the solution toggles, the sidebar's behaviour and search.
So every script file is deferred: it is fetched while the page is drawn and
runs, in the original order, once the page has been read.  The few lines of
script written into the page itself (settings for the toggle buttons) stay
where they are and run at once, so the settings exist before any script that
reads them.  (``_templates/layout.html`` does the same for the theme's own
script.)  myst-nb's style sheet is only linked from the pages that are
notebooks, the only ones that use it.

Each page also gets a ``<meta name="description">``: its first paragraph of
running text, which search engines show under the page's title.
"""
from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.builders.html._assets import _JavaScript

DESCRIPTION_LENGTH = 155


def deferred(script: _JavaScript) -> _JavaScript:
    """The same script file, deferred (a script written into the page stays as it is)."""
    if not script.filename:
        return script
    attributes = {k: v for k, v in script.attributes.items() if k not in ("async", "defer")}
    return _JavaScript(script.filename, priority=script.priority, **attributes, defer="defer")


def in_page_first(scripts: list) -> list:
    """Scripts written into the page (settings) before the files that read them."""
    return sorted(scripts, key=lambda s: 0 if isinstance(s, _JavaScript) and not s.filename else 1)


def description(doctree) -> str:
    """The first paragraph of running text, not inside a box, shortened at a word."""
    if doctree is None:
        return ""
    for paragraph in doctree.findall(nodes.paragraph):
        inside_box = any(isinstance(parent, (nodes.Admonition, nodes.admonition, nodes.table))
                         for parent in _ancestors(paragraph))
        classes = set(paragraph.get("classes", ()))
        text = " ".join(paragraph.astext().split())
        if inside_box or classes & {"examples-zip", "example-download", "example-machine"} or len(text) < 60:
            continue
        if len(text) > DESCRIPTION_LENGTH:
            text = text[:DESCRIPTION_LENGTH].rsplit(" ", 1)[0].rstrip(",;:") + "…"
        return text
    return ""


def _ancestors(node):
    while node.parent is not None:
        node = node.parent
        yield node


def is_notebook(app, pagename) -> bool:
    """Is this page a notebook that myst-nb executed (a page with code cells)?"""
    try:
        source = Path(app.env.doc2path(pagename))
    except Exception:
        return False
    if not source.is_file():
        return False
    return source.suffix == ".ipynb" or "kernelspec:" in source.read_text(encoding="utf-8")[:2000]


def page_context(app, pagename, templatename, context, doctree):
    # The search page adds searchtools.js itself, not deferred, and it calls
    # doctools.js at once: there every script keeps its place.
    if "script_files" in context and pagename != "search":
        context["script_files"] = in_page_first(
            [deferred(script) if isinstance(script, _JavaScript) else script
             for script in context["script_files"]])
    if "css_files" in context and not is_notebook(app, pagename):
        context["css_files"] = [css for css in context["css_files"]
                                if "mystnb." not in str(getattr(css, "filename", css))]
    text = description(doctree) or app.config.lesson_description
    if text:
        from html import escape

        context["metatags"] = context.get("metatags", "") + \
            f'\n<meta name="description" content="{escape(text, quote=True)}" />'


def setup(app):
    app.add_config_value("lesson_description", "", "html")
    app.connect("html-page-context", page_context)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
