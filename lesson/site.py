"""The built site, read back: its pages as trees of elements.

The page tests, the content budget and scripts/listing_stats.py read the
built HTML through these (html.parser, from the standard library).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from lesson import runner
from lesson.runner import CONTENT

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}


@dataclass
class Element:
    """One element of a parsed HTML page: enough of a DOM for the page tests."""
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)
    parent: Element | None = field(default=None, repr=False)

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def text(self) -> str:
        """The text inside, leaving out Sphinx's permalink icons (class headerlink)."""
        return "".join(c if isinstance(c, str) else "" if "headerlink" in c.classes else c.text()
                       for c in self.children)

    def iter(self):
        """This element and every element inside it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Element]:
        return [e for e in self.iter() if (tag is None or e.tag == tag)
                and (cls is None or cls in e.classes)]

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.open = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {name: value or "" for name, value in attrs}, parent=self.open[-1])
        self.open[-1].children.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.open[-1].children.append(
            Element(tag, {name: value or "" for name, value in attrs}, parent=self.open[-1]))

    def handle_endtag(self, tag):
        # Close up to the matching open element; a stray end tag is ignored.
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data):
        self.open[-1].children.append(data)


def parse_html(path: Path) -> Element:
    """The page at `path` as a tree of Elements (html.parser, from the standard library).

    Parsed once per version of the file: several site tests read the same pages.
    Do not change the tree you get.
    """
    path = Path(path).resolve()
    return _parse_html(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=256)
def _parse_html(path: Path, mtime_ns: int) -> Element:
    builder = _TreeBuilder()
    builder.feed(path.read_text(encoding="utf-8"))
    builder.close()
    return builder.root


def built_page(html: Path, docname: str) -> Path:
    """The HTML file of a page: built_page(html, "04-pools")."""
    return html / f"{docname}.html"


def episode_docnames() -> list[str]:
    """The episode pages, from runner.EPISODES (the one list)."""
    return runner.episode_pages()


def site_pages(html: Path) -> list[str]:
    """Every HTML page of the built site, as a path from `html` ('index.html', 'search.html',
    'one-page/index.html'), leaving out the _static, _downloads and jupyter_execute folders."""
    return sorted(
        path.relative_to(html).as_posix() for path in html.rglob("*.html")
        if not any(part.startswith("_") or part == "jupyter_execute"
                   for part in path.relative_to(html).parts[:-1]))


def built_pages(html: Path) -> list[Path]:
    """Every page built from a source in content/ (not genindex, search and the like)."""
    sources = {p.relative_to(CONTENT).with_suffix("").as_posix() for p in CONTENT.rglob("*")
               if p.suffix in {".md", ".rst", ".ipynb"}
               and not {"_build", "jupyter_execute", "_generated"} & set(p.parts)
               and not any(part.startswith(".") for part in p.relative_to(CONTENT).parts)}
    return sorted(built_page(html, name) for name in sources if built_page(html, name).is_file())


def page_references(html: Path) -> list[tuple[Path, str, str]]:
    """(built page, kind, example) for every listing of an example and every example-output.

    kind is "literalinclude" (a listing, found by the download line the build
    puts under it: its text names examples/<example>) or "example-output" (a
    block of output, whose first line is the command that ran).
    """
    found = []
    for page in built_pages(html):
        tree = parse_html(page)
        for line in tree.find_all("p", "example-download"):
            code = next(iter(line.find_all("code")), None)
            if code is not None:
                name = code.text().strip()
                found.append((page, "literalinclude", name.removeprefix("examples/")))
        for block in tree.find_all("div", "example-output"):
            command = block.text().strip().splitlines()[0] if block.text().strip() else ""
            script = re.search(r"examples/(\S+)", command)
            if script:
                found.append((page, "example-output", script.group(1)))
    return found
