"""The glossary and the episodes stay in step.

Every entry of the glossary page must be linked (with the {term} role) from
at least one episode page (runner.EPISODES): a term that no episode
uses does not belong in the lesson's glossary, and a learner who meets a term
in an episode should be one click from its meaning.  An entry with several
names (GIL / global interpreter lock) counts as linked when any of them is.

Read from the built site: an entry is a run of <dt id="term-..."> elements in
the glossary's <dl>, and a link to it is an <a href="glossary.html#term-...">,
however the page wrote it ({term}`GIL`, {term}`the lock <GIL>`, :term:`GIL`).
"""
from pathlib import Path

import pytest

from harness import Element, built_page, built_pages, episode_docnames, parse_html

pytestmark = pytest.mark.site


def glossary_entries(tree: Element) -> list[dict[str, str]]:
    """Each entry of the page's glossaries: {term id: the name shown}, in order."""
    entries = []
    for glossary in tree.find_all("dl", "glossary"):
        current: dict[str, str] = {}
        for child in glossary.children:
            if not isinstance(child, Element):
                continue
            if child.tag == "dt" and child.attrs.get("id", "").startswith("term-"):
                current[child.attrs["id"]] = child.text().strip()
            elif child.tag == "dd" and current:
                entries.append(current)
                current = {}
        if current:
            entries.append(current)
    return entries


def term_links(tree: Element) -> set[str]:
    """The glossary ids this page links to ('term-GIL')."""
    linked = set()
    for link in tree.find_all("a"):
        page, _, fragment = link.attrs.get("href", "").partition("#")
        if Path(page).name == "glossary.html" and fragment.startswith("term-"):
            linked.add(fragment)
    return linked


def test_entries_and_links_are_read():
    """The readers above on a page written the way Sphinx writes one."""
    from lesson.site import _TreeBuilder

    builder = _TreeBuilder()
    builder.feed('<dl class="simple glossary"><dt id="term-GIL">GIL<a class="headerlink" '
                 'href="#term-GIL"></a></dt><dt id="term-global-interpreter-lock">global '
                 'interpreter lock</dt><dd><p>The lock.</p></dd><dt id="term-rank">rank</dt>'
                 '<dd><p>A process.</p></dd></dl><p><a class="reference internal" '
                 'href="glossary.html#term-GIL"><span class="xref std std-term">the lock</span>'
                 '</a> and <a href="other.html#term-rank">no</a></p>')
    assert glossary_entries(builder.root) == [
        {"term-GIL": "GIL", "term-global-interpreter-lock": "global interpreter lock"},
        {"term-rank": "rank"}]
    assert term_links(builder.root) == {"term-GIL"}


def test_glossary_is_read(built_site):
    entries = glossary_entries(parse_html(built_page(built_site["html"], "glossary")))
    assert len(entries) >= 20, entries
    assert any(set(entry.values()) == {"GIL", "global interpreter lock"} for entry in entries)


def test_every_term_is_linked_from_an_episode(built_site):
    html = built_site["html"]
    entries = glossary_entries(parse_html(built_page(html, "glossary")))
    linked = set().union(*(term_links(parse_html(built_page(html, page)))
                           for page in episode_docnames()))
    unlinked = [" / ".join(entry.values()) for entry in entries if not linked & set(entry)]
    assert not unlinked, ("no episode page links these glossary terms: link the first use of "
                          f"each with {{term}}`...` in the episode that explains it: {unlinked}")


def test_every_term_link_names_a_glossary_entry(built_site):
    """Caught by the strict build too; this names the page."""
    html = built_site["html"]
    known = {term for entry in glossary_entries(parse_html(built_page(html, "glossary")))
             for term in entry}
    unknown = {page.name: sorted(term_links(parse_html(page)) - known) for page in built_pages(html)}
    unknown = {page: terms for page, terms in unknown.items() if terms}
    assert not unknown, f"links to terms the glossary does not define: {unknown}"
