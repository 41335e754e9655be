"""Downloads: the zip of all examples, and a link under every listing of one.

The links are added by sphinxext/lesson_examples.py, not written on the pages,
so these tests look at the built site: what a learner actually gets.
"""
import re
import sys
import zipfile
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest

from harness import CONTENT, EXAMPLES, ROOT, page_references

sys.path.insert(0, str(ROOT / "sphinxext"))
import lesson_examples  # noqa: E402  (needs the path above)


def files_of(folder: Path) -> set[str]:
    """Every file under `folder` a learner should get, listed independently of the extension."""
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*")
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
            and not any(part.startswith(".") for part in path.relative_to(folder).parts)}


class Links(HTMLParser):
    """The download links of one HTML page: the class of the <p> they sit in, and the href."""

    def __init__(self):
        super().__init__()
        self.paragraph = None
        self.found = []       # (class of the enclosing <p>, href)
        self.listings = 0     # code blocks marked as a listing of an example

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "p":
            self.paragraph = attrs.get("class") or ""
        elif tag == "a" and "download" in classes:
            self.found.append((self.paragraph, attrs["href"]))
        elif tag == "div" and "example-listing" in classes:
            self.listings += 1

    def handle_endtag(self, tag):
        if tag == "p":
            self.paragraph = None


def links(page: Path) -> Links:
    parser = Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def target(page: Path, href: str) -> Path:
    return (page.parent / unquote(href)).resolve()


def built_page(html: Path, source: Path) -> Path:
    return html / source.relative_to(CONTENT).with_suffix(".html")


def episode_pages() -> list[Path]:
    return sorted(CONTENT.glob("[0-9][0-9]-*.md"))


# --- The zip ----------------------------------------------------------------------

def the_zip(html: Path) -> Path:
    found = sorted((html / "_downloads").glob("*/examples.zip"))
    assert len(found) == 1, f"expected one examples.zip in _downloads, found {found}"
    return found[0]


@pytest.mark.xdist_group("site")
def test_zip_holds_exactly_the_examples(built_site):
    with zipfile.ZipFile(the_zip(built_site["html"])) as archive:
        names = archive.namelist()
        assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")], names
        assert len(names) == len(set(names)), "a file is in the zip twice"
        assert set(names) == {f"examples/{name}" for name in files_of(EXAMPLES)}
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
    names = lesson_examples.write_examples_zip(folder, target)
    with zipfile.ZipFile(target) as archive:
        assert archive.namelist() == names
        assert archive.read("examples/ep01/a.py") == b"ep01/a.py"
    assert names == ["examples/ep01/a.py", "examples/ep01/data.csv", "examples/top.py"]
    # Packing twice gives the same bytes, so an unchanged zip is an unchanged file.
    first = target.read_bytes()
    lesson_examples.write_examples_zip(folder, target)
    assert target.read_bytes() == first


@pytest.mark.xdist_group("site")
def test_setup_and_every_episode_link_the_zip(built_site):
    html = built_site["html"]
    pages = [CONTENT / "setup.md", *episode_pages()]
    assert len(pages) > 1
    zip_file = the_zip(html)
    for source in pages:
        page = built_page(html, source)
        hrefs = [href for _, href in links(page).found if href.endswith("examples.zip")]
        assert hrefs, f"{page.name} has no link to examples.zip"
        assert all(target(page, href) == zip_file for href in hrefs), (page.name, hrefs)


# --- A link under every listing ---------------------------------------------------

@pytest.mark.xdist_group("site")
def test_every_listing_of_an_example_has_its_download_link(built_site):
    """Each literalinclude of a file in examples/ -> one link to that file, whole."""
    html = built_site["html"]
    included = {}
    for source, kind, path in page_references():
        if kind == "literalinclude" and path.is_relative_to(EXAMPLES.resolve()):
            included.setdefault(source, Counter())[path] += 1
    assert included, "no page includes an example"
    for source, expected in included.items():
        page = built_page(html, source)
        found = Counter()
        for paragraph, href in links(page).found:
            if paragraph == "example-download":
                downloaded = target(page, href)
                assert downloaded.is_file(), f"{page.name}: {href} is not in the built site"
                matches = [path for path in expected
                           if path.name == downloaded.name and path.read_bytes() == downloaded.read_bytes()]
                assert matches, f"{page.name}: {href} is none of the examples the page includes"
                found[matches[0]] += 1
        assert found == expected, (f"{page.name}: listings and download links differ:\n"
                                   f"included {dict(expected)}\nlinked {dict(found)}")


@pytest.mark.xdist_group("site")
def test_every_listing_on_every_built_page_is_followed_by_a_link(built_site):
    """Also on pages that copy listings from others (the list of all exercises)."""
    html = built_site["html"]
    pages = sorted(html.glob("*.html"))
    total = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        parsed = links(page)
        downloads = [href for paragraph, href in parsed.found if paragraph == "example-download"]
        assert parsed.listings == len(downloads), f"{page.name}: {parsed.listings} listings, {len(downloads)} links"
        # Each link comes straight after its listing: no other code block between.
        for block in re.split(r'<div class="[^"]*example-listing', text)[1:]:
            head = block.split('class="example-download"', 1)[0]
            assert "highlight-" not in head.split("</pre>", 1)[1], f"{page.name}: a listing without its link"
        for href in downloads:
            assert target(page, href).is_file(), f"{page.name}: {href} is missing"
        total += parsed.listings
    assert total, "no listing of an example found in the built site"
