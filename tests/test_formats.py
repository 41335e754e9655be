"""The lesson on one page (make singlehtml) and as a PDF (make pdf).

Both are built once per test run from the same sources as the site, with the
Makefile's commands, into _build/test/formats (the other_formats fixture of
conftest.py, shared with the notebook tests' browser checks).  The PDF is
read back with pdfplumber: its outline, its text, its metadata, and where
every character sits on the paper.
"""
import re

import pytest

from lesson.runner import EPISODES

# The other formats run on a worker of their own, beside the browser tests.
pytestmark = [pytest.mark.site, pytest.mark.xdist_group("site-formats")]

RIGHT_MARGIN_MM = 16  # the @page rule in _static/lesson.css
MONOSPACE = re.compile(r"mono|courier|consol|menlo", re.I)


def title_of(html_file):
    return re.sub(r"<[^>]+>", "", re.search(r"<h1>(.*?)<a", html_file.read_text(encoding="utf-8"),
                                            re.S).group(1)).strip()


@pytest.fixture(scope="module")
def formats(built_site, other_formats):
    """The one-page lesson and the PDF, opened with pdfplumber."""
    import pdfplumber

    html = built_site["html"]
    document = pdfplumber.open(other_formats / "parallel-python.pdf")
    yield {"html": html, "single": other_formats / "one-page" / "index.html", "pdf": document,
           "titles": [title_of(html / f"{episode.page}.html") for episode in EPISODES]}
    document.close()


def test_single_page_holds_every_episode(formats):
    text = formats["single"].read_text(encoding="utf-8")
    headings = [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h2>(.*?)<a", text, re.S)]
    missing = [title for title in formats["titles"] if title not in headings]
    assert not missing, f"episodes missing from the one-page lesson: {missing}"


def test_single_page_repeats_no_id(formats):
    """Every page numbers its exercises from 0; on one page a repeated id made the
    button of each later solution open the first one, so on screen they stayed open."""
    ids = re.findall(r' id="([^"]+)"', formats["single"].read_text(encoding="utf-8"))
    repeated = sorted({name for name in ids if ids.count(name) > 1})
    assert not repeated, f"ids used more than once on the one-page lesson: {repeated[:10]}"


def test_pdf_is_tagged_and_titled(formats):
    document = formats["pdf"]
    assert document.metadata.get("Title", "").startswith("Parallel Python")
    catalog = document.doc.catalog
    assert "StructTreeRoot" in catalog, "the PDF is not tagged"
    assert "Outlines" in catalog, "the PDF has no outline"


def test_outline_lists_every_episode(formats):
    outline = [title for _level, title, *_ in formats["pdf"].doc.get_outlines()]
    missing = [title for title in formats["titles"] if title not in outline]
    assert not missing, f"episodes missing from the PDF's outline: {missing}"


def test_each_episode_starts_a_page(formats):
    """The page count matches the episodes: every episode begins at the top of a page of its own."""
    pages = formats["pdf"].pages
    assert len(pages) >= 2 * len(EPISODES), f"only {len(pages)} pages for {len(EPISODES)} episodes"
    tops = [(page.extract_text() or "").strip().splitlines()[:1] for page in pages]
    firsts = {re.sub(r"^\W+", "", lines[0]).strip() for lines in tops if lines}
    missing = [title for title in formats["titles"] if title not in firsts]
    assert not missing, f"these episodes do not start a page: {missing}"


def test_text_can_be_searched(formats):
    text = "\n".join(page.extract_text() or "" for page in formats["pdf"].pages)
    assert "mpiexec" in text
    assert "Output produced while building this page on:" in text, "the build machine line is missing"


def test_every_exercise_and_solution_is_printed(formats):
    """As many exercise titles as the episode pages have, and every solution open."""
    expected = 0
    for episode in EPISODES:
        expected += len(re.findall(r'class="admonition-title">Exercise \d+',
                                   (formats["html"] / f"{episode.page}.html").read_text(encoding="utf-8")))
    text = "\n".join(page.extract_text() or "" for page in formats["pdf"].pages)
    # The one-page lesson also holds the list of all exercises: each appears twice.
    printed = len(re.findall(r"^\W*Exercise \d+: ", text, re.M))  # after the theme's icon
    assert printed >= expected > 0, (printed, expected)
    assert "In this printed edition, each exercise is followed by its" in text


def test_no_code_line_runs_past_the_margin(formats):
    too_wide = []
    for number, page in enumerate(formats["pdf"].pages, 1):
        limit = page.width - RIGHT_MARGIN_MM * 72 / 25.4 + 1
        for char in page.chars:
            if MONOSPACE.search(char["fontname"]) and char["x1"] > limit:
                too_wide.append(f"page {number}: {char['text']!r} at {char['x1']:.0f} pt")
                break
    assert not too_wide, "code runs past the right margin: " + "; ".join(too_wide[:10])
