"""Downloads: the zip of all examples, and a link under every listing of one.

The links are added by lesson/downloads.py, not written on the pages,
so these tests look at the built site: what a learner actually gets.
"""
import os
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pytest

from harness import (
    EXAMPLES,
    ROOT,
    Element,
    built_page,
    built_pages,
    episode_docnames,
    example_files,
    parse_html,
)
from lesson import downloads


def download_hrefs(tree: Element) -> list[tuple[list[str], str]]:
    """(classes of the enclosing <p>, href) of every download link on a page."""
    found = []
    for link in tree.find_all("a", "download"):
        paragraph = next((a for a in link.ancestors() if a.tag == "p"), None)
        found.append((paragraph.classes if paragraph else [], link.attrs["href"]))
    return found


def target(page: Path, href: str) -> Path:
    return (page.parent / unquote(href)).resolve()


# --- The zip ----------------------------------------------------------------------

def the_zip(html: Path) -> Path:
    found = sorted((html / "_downloads").glob("*/examples.zip"))
    assert len(found) == 1, f"expected one examples.zip in _downloads, found {found}"
    return found[0]


@pytest.mark.site
def test_zip_holds_exactly_the_examples(built_site):
    with zipfile.ZipFile(the_zip(built_site["html"])) as archive:
        names = archive.namelist()
        assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")], names
        assert len(names) == len(set(names)), "a file is in the zip twice"
        # The same rule (runner.is_example_file) decides what the tests run.
        assert set(names) == {f"examples/{name}" for name in example_files(EXAMPLES)}
        for name in names:
            assert archive.read(name) == (ROOT / name).read_bytes(), f"{name} differs from the file"


def test_zip_leaves_out_caches_and_hidden_files(tmp_path):
    """The packing itself, on a folder that has the things it must leave out."""
    folder = tmp_path / "examples"
    for name in ("top.py", "ep01/a.py", "ep01/data.csv", "ep01/__pycache__/a.cpython-311.pyc",
                 "ep01/stray.pyc", ".DS_Store", "ep02/.ipynb_checkpoints/b.py"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(name)
    target = tmp_path / "out" / "examples.zip"
    names = downloads.write_examples_zip(folder, target)
    with zipfile.ZipFile(target) as archive:
        assert archive.namelist() == names
        assert archive.read("examples/ep01/a.py") == b"ep01/a.py"
    assert names == ["examples/ep01/a.py", "examples/ep01/data.csv", "examples/top.py"]
    # What the tests take for examples is the same set.
    assert example_files(folder) == ["ep01/a.py", "ep01/data.csv", "top.py"]
    # Packing twice gives the same bytes, and leaves the file as it was: the pages
    # that link to it are then not read again on the next build.
    first, written = target.read_bytes(), target.stat().st_mtime_ns
    os.utime(target, ns=(written - 10**9, written - 10**9))   # as if from an earlier build
    downloads.write_examples_zip(folder, target)
    assert target.read_bytes() == first
    assert target.stat().st_mtime_ns == written - 10**9
    # A changed example makes a new zip.
    (folder / "top.py").write_text("changed")
    downloads.write_examples_zip(folder, target)
    with zipfile.ZipFile(target) as archive:
        assert archive.read("examples/top.py") == b"changed"
    assert not list(target.parent.glob("*.partial"))


@pytest.mark.site
def test_setup_and_every_episode_link_the_zip(built_site):
    html = built_site["html"]
    pages = ["setup", *episode_docnames()]
    zip_file = the_zip(html)
    for name in pages:
        page = built_page(html, name)
        assert page.is_file(), f"{page.name} was not built"
        hrefs = [href for _, href in download_hrefs(parse_html(page)) if href.endswith("examples.zip")]
        assert hrefs, f"{page.name} has no link to examples.zip"
        assert all(target(page, href) == zip_file for href in hrefs), (page.name, hrefs)


# --- A link under every listing ---------------------------------------------------

def listings_and_links(tree: Element) -> list[tuple[Element, Element | None]]:
    """Each listing of an example, with the element that follows it (its download line).

    A listing with a caption sits in a wrapper <div class="literal-block-wrapper">,
    and its line follows the wrapper.
    """
    pairs = []
    for listing in tree.find_all("div", "example-listing"):
        anchor = listing
        if listing.parent is not None and "literal-block-wrapper" in listing.parent.classes:
            anchor = listing.parent
        siblings = [c for c in anchor.parent.children if isinstance(c, Element)]
        following = siblings[siblings.index(anchor) + 1:]
        pairs.append((listing, following[0] if following else None))
    return pairs


@pytest.mark.site
def test_every_listing_is_followed_by_the_download_of_its_file(built_site):
    """On every built page (also those that copy listings: the list of all exercises),
    each listing of an example is followed straight away by a link that downloads
    that file, whole: the named example's bytes, and the listing's lines are in it."""
    html = built_site["html"]
    total = 0
    for page in built_pages(html):
        tree = parse_html(page)
        for listing, line in listings_and_links(tree):
            total += 1
            assert line is not None and "example-download" in line.classes, \
                f"{page.name}: a listing without its download line straight after it"
            name = line.find_all("code")[0].text().strip()
            example = ROOT / name
            assert name.startswith("examples/") and example.is_file(), f"{page.name}: {name}"
            [href] = [href for _, href in download_hrefs(line)]
            downloaded = target(page, href)
            assert downloaded.is_file(), f"{page.name}: {href} is not in the built site"
            assert downloaded.read_bytes() == example.read_bytes(), f"{page.name}: {href} is not {name}"
            source_lines = {text.strip() for text in example.read_text(encoding="utf-8").splitlines()}
            shown = [text.strip() for text in listing.find_all("pre")[0].text().splitlines()]
            assert set(shown) <= source_lines, f"{page.name}: the listing above {name} is not from it"
        # No download line without its listing.
        lines = tree.find_all("p", "example-download")
        assert len(lines) == len(listings_and_links(tree)), f"{page.name}: download lines without a listing"
    assert total, "no listing of an example found in the built site"
