"""The glossary and the episodes stay in step.

Every entry of content/glossary.md must be linked (with the {term} role) from
at least one episode page, content/NN-*.md: a term that no episode uses
does not belong in the lesson's glossary, and a learner who meets a term in
an episode should be one click from its meaning.  An entry with several names
(GIL / global interpreter lock) counts as linked when any of them is.
"""
import re

import pytest

from harness import CONTENT

GLOSSARY = CONTENT / "glossary.md"
# {term}`GIL` or {term}`the lock <GIL>` in MyST, :term:`GIL` in reStructuredText.
TERM_ROLE = re.compile(r"(?:\{term\}|:term:)`([^`]+)`")


def glossary_entries() -> list[tuple[str, ...]]:
    """The entries of the glossary directive, each as the tuple of its names.

    In the directive's body, a line that starts in the first column is a term;
    consecutive term lines name one entry; indented lines are its definition.
    """
    text = GLOSSARY.read_text(encoding="utf-8")
    body = re.search(r"^```\{glossary\}\n(.*?)^```", text, re.M | re.S)
    assert body, "no glossary directive in glossary.md"
    entries, names = [], []
    for line in body.group(1).splitlines():
        if not line.strip() or line.startswith(":"):      # blank, or an option like :sorted:
            if names:
                entries.append(tuple(names))
                names = []
        elif line[0].isspace():                            # definition
            if names:
                entries.append(tuple(names))
                names = []
        else:
            names.append(line.strip())
    if names:
        entries.append(tuple(names))
    return entries


def linked_terms(pages) -> dict[str, set[str]]:
    """Lower-cased term -> the pages that link it (Sphinx matches terms case-insensitively)."""
    linked = {}
    for page in pages:
        for target in TERM_ROLE.findall(page.read_text(encoding="utf-8")):
            explicit = re.match(r"^(.*?)\s*<([^<>]+)>$", target, re.S)
            term = explicit.group(2) if explicit else target
            linked.setdefault(" ".join(term.split()).lower(), set()).add(page.name)
    return linked


EPISODES = sorted(CONTENT.glob("[0-9][0-9]-*.md"))
ENTRIES = glossary_entries()


def test_glossary_is_read():
    assert len(ENTRIES) >= 20, ENTRIES
    assert ("GIL", "global interpreter lock") in ENTRIES
    assert all(name and not name.startswith(" ") for entry in ENTRIES for name in entry)


def test_links_with_a_label_are_understood(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("The {term}`lock <GIL>` and {term}`Speedup`, also :term:`rank`.")
    assert linked_terms([page]) == {"gil": {"page.md"}, "speedup": {"page.md"}, "rank": {"page.md"}}


@pytest.mark.parametrize("entry", ENTRIES, ids=[" / ".join(entry) for entry in ENTRIES])
def test_every_term_is_linked_from_an_episode(entry):
    linked = linked_terms(EPISODES)
    pages = set().union(*(linked.get(name.lower(), set()) for name in entry))
    assert pages, (f"no episode page links the glossary term {' / '.join(entry)!r}: link its first "
                   f"use with {{term}}`{entry[0]}` in the episode that explains it")


def test_every_term_link_names_a_glossary_entry():
    """Caught by the strict build too; this says it without building."""
    names = {name.lower() for entry in ENTRIES for name in entry}
    pages = sorted(CONTENT.glob("*.md"))
    unknown = {term: sorted(where) for term, where in linked_terms(pages).items() if term not in names}
    assert not unknown, f"links to terms the glossary does not define: {unknown}"
