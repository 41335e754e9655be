"""Pages and examples stay in step: every example is shown on a page.

Read from the built site, where the build has marked every listing of an
example with a download line naming it, so what counts is what a learner
sees (a listing inside a collapsed solution counts; a fence the Markdown
parser did not take for a directive does not).  An include of a file that
does not exist is a build warning, which test_site fails on.
"""
from urllib.parse import unquote

import pytest

from harness import EXAMPLES, built_pages, example_files, page_references, parse_html

pytestmark = pytest.mark.site


def downloaded_examples(html):
    """Examples that a page links for download (``{download}``): the file's name and bytes."""
    by_name = {}
    for name in example_files():
        by_name.setdefault(name.rsplit("/", 1)[-1], []).append(name)
    found = set()
    for page in built_pages(html):
        for link in parse_html(page).find_all("a", "download"):
            target = (page.parent / unquote(link.attrs["href"])).resolve()
            for name in by_name.get(target.name, ()):
                if target.is_file() and (EXAMPLES / name).read_bytes() == target.read_bytes():
                    found.add(name)
    return found


def test_every_example_is_included_by_a_page(built_site):
    """Every script has a listing; a data file (requirements.txt) may be a download instead."""
    html = built_site["html"]
    included = {example for _, kind, example in page_references(html) if kind == "literalinclude"}
    assert included, "no page of the built site lists an example"
    not_listed = [name for name in example_files() if name not in included]
    downloadable = downloaded_examples(html) if not_listed else set()
    shown_nowhere = [name for name in not_listed if name.endswith((".py", ".sh"))
                     or name not in downloadable]
    assert not shown_nowhere, ("no page has a literalinclude of these examples: "
                               f"{shown_nowhere}")


def test_every_listed_example_exists(built_site):
    listed = {example for _, _, example in page_references(built_site["html"])}
    missing = sorted(listed - set(example_files()))
    assert not missing, f"pages list or run examples that are not in examples/: {missing}"
