"""Every episode as a Jupyter notebook (lesson/notebooks.py).

The built site has ``notebooks/<page>.ipynb`` for every episode.  These tests
check that each one is a valid notebook with the page's title, a Markdown cell
per section and a code cell per output shown on the page, and then run every
notebook from top to bottom with nbclient, as a learner would: in a folder of
its own where the site's ``examples.zip`` was unpacked, with a Python kernel of
this environment.  No cell may raise, except a cell of a notebook page tagged
``raises-exception`` (episode 3 shows an error on purpose).

Running the notebooks runs every example of the lesson again (four or five
minutes on 2 cores).  The runs are independent: one test per episode, each in
an xdist group of its own, so pytest-xdist shares them out among its workers
(they come last in the collection, after the examples' tests).
"""
from __future__ import annotations

import os
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from harness import FORMATS, ROOT
from lesson import runner
from test_browser import chromium, serve  # noqa: F401  (chromium is a fixture)

# Every test here reads the built site; the site tests share one xdist worker.
# The other formats run on a worker of their own, beside the browser tests, and
# each notebook's run goes to whichever worker is free (a group of its own).
pytestmark = [pytest.mark.site, pytest.mark.xdist_group("site-formats")]


EPISODES = [episode.page for episode in runner.EPISODES]
EXECUTED = ROOT / "_build" / "test" / "notebooks-run"  # the notebooks as the tests ran them
CELL_TIMEOUT = 300  # seconds for one cell: the longest example-output on a page has 120


class Page(HTMLParser):
    """What a built episode page shows: its headings and its example outputs."""

    def __init__(self):
        super().__init__()
        self.headings: list[tuple[int, str]] = []
        self.outputs = 0
        self.heading: list[str] | None = None
        self.level = 0
        self.skip = 0  # inside the headerlink (the pilcrow)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag in ("h1", "h2", "h3", "h4") and self.heading is None:
            self.heading, self.level = [], int(tag[1])
        elif tag == "a" and "headerlink" in classes and self.heading is not None:
            self.skip += 1
        elif tag == "div" and "example-output" in classes:
            self.outputs += 1

    def handle_endtag(self, tag):
        if tag == "a" and self.skip:
            self.skip -= 1
        elif tag == f"h{self.level}" and self.heading is not None:
            self.headings.append((self.level, " ".join("".join(self.heading).split())))
            self.heading = None

    def handle_data(self, data):
        if self.heading is not None and not self.skip:
            self.heading.append(data)


def read_page(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def plain(markdown: str) -> str:
    """A Markdown heading's text as the page shows it: no escapes, no markup."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"\\(.)", r"\1", text)
    return " ".join(text.replace("`", "").replace("**", "").split())


def notebook_of(html: Path, page: str) -> Path:
    return html / "notebooks" / f"{page}.ipynb"


def example_cells(notebook) -> list:
    return [cell for cell in notebook.cells
            if cell.cell_type == "code" and cell.source.startswith("run(")]


@pytest.fixture(scope="module")
def html(built_site):
    html = built_site["html"]
    if not (html / "index.html").is_file():
        pytest.fail("the site was not built; see test_site.py's failures", pytrace=False)
    return html


# --- What the notebooks hold ----------------------------------------------------

@pytest.mark.parametrize("page", EPISODES)
def test_notebook_holds_the_page(html, page):
    path = notebook_of(html, page)
    assert path.is_file(), f"{page}: no notebook at {path}"
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata.kernelspec.name == "python3"

    shown = read_page(html / f"{page}.html")
    (title_level, title), *sections = shown.headings
    assert title_level == 1
    first = notebook.cells[0]
    assert first.cell_type == "markdown" and plain(first.source.removeprefix("# ")) == title, \
        f"{page}: the first cell is not the title {title!r}: {first.source!r}"

    headings = [plain(cell.source.splitlines()[0].lstrip("#"))
                for cell in notebook.cells if cell.cell_type == "markdown"
                and cell.source.startswith("#")]
    missing = [text for _, text in sections if text not in headings]
    assert not missing, f"{page}: sections without a Markdown cell of their own: {missing}"

    runs = example_cells(notebook)
    assert len(runs) == shown.outputs, \
        f"{page}: {shown.outputs} outputs on the page, {len(runs)} cells that run an example"
    assert shown.outputs >= 1, f"{page} shows no example output"
    setup = notebook.cells[2]
    assert setup.cell_type == "code" and "def run(" in setup.source
    assert "examples" in notebook.cells[1].source and "jupyterlab" in notebook.cells[1].source


def test_example_cells_run_what_the_page_shows(html):
    """The commands of the cells are the commands on the page (env, mpiexec, exit status)."""
    notebook = nbformat.read(notebook_of(html, "07-mpi"), as_version=4)
    sources = [cell.source for cell in example_cells(notebook)]
    assert any(s.startswith("run('mpiexec -n 4 python examples/ep07_mpi/") for s in sources), sources
    assert any("returncode=" in s for s in sources), sources
    assert any("env={'SLURM_NTASKS': '4'" in s for s in sources), sources
    processes = nbformat.read(notebook_of(html, "03-processes"), as_version=4)
    code = [cell.source for cell in processes.cells if cell.cell_type == "code"
            and not cell.source.startswith("run(")]
    assert any("def square" in source for source in code), "episode 3's own code cells are missing"
    assert not any("../examples" in source for source in code), code


def test_episode_pages_link_their_notebook(html):
    for page in EPISODES:
        text = (html / f"{page}.html").read_text(encoding="utf-8")
        links = re.findall(r'<a [^>]*href="(notebooks/[^"]+\.ipynb)"[^>]*>', text)
        # The line under the title, and the menu's "This episode as a notebook".
        assert links.count(f"notebooks/{page}.ipynb") == 2, f"{page}: notebook links {links}"
        assert "This episode as a notebook" in text
    index = (html / "index.html").read_text(encoding="utf-8")
    assert "notebooks/" not in index, "the index is not an episode and has no notebook"


# --- Running them ----------------------------------------------------------------

def the_zip(html: Path) -> Path:
    found = sorted((html / "_downloads").glob("*/examples.zip"))
    assert len(found) == 1, f"expected one examples.zip in _downloads, found {found}"
    return found[0]


def kernel_environment() -> dict[str, str]:
    """This environment, without pytest's marker: ipykernel stops forwarding what
    child processes print when PYTEST_CURRENT_TEST is set."""
    return {name: value for name, value in os.environ.items()
            if name != "PYTEST_CURRENT_TEST" and not name.startswith("PYTEST_XDIST")}


@pytest.mark.parametrize("page", [pytest.param(page, marks=pytest.mark.xdist_group(f"notebook-{page}"))
                                  for page in EPISODES])
def test_notebook_runs_from_top_to_bottom(html, page, tmp_path):
    from nbclient import NotebookClient

    with zipfile.ZipFile(the_zip(html)) as archive:
        archive.extractall(tmp_path)
    assert (tmp_path / "examples").is_dir()
    notebook = nbformat.read(notebook_of(html, page), as_version=4)
    client = NotebookClient(notebook, kernel_name="python3", timeout=CELL_TIMEOUT,
                            resources={"metadata": {"path": str(tmp_path)}})
    segments = runner.shm_files(runner.MPICH_SEGMENT)
    try:
        client.execute(env=kernel_environment())
    finally:  # kept for a maintainer to open: what a learner's run shows
        EXECUTED.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook, EXECUTED / f"{page}.ipynb")
        # The notebook's cells start mpiexec themselves: clean up as runner.run does.
        runner.remove_abandoned_mpi_segments(segments)

    problems = []
    for number, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        errors = [output for output in cell.outputs if output.output_type == "error"]
        if errors and "raises-exception" not in cell.metadata.get("tags", []):
            problems.append(f"cell {number} ({cell.source.splitlines()[0]!r}) raised "
                            f"{errors[0].ename}: {errors[0].evalue}")
        printed = "".join(output.get("text", "") for output in cell.outputs
                          if output.output_type == "stream")
        if cell.source.startswith("run(") and not printed.strip():
            problems.append(f"cell {number} ({cell.source!r}) printed nothing")
    assert not problems, f"{page}:\n" + "\n".join(problems)


def test_setup_cell_says_where_to_open_the_notebook(html, tmp_path):
    """Opened in a folder without examples/, the first code cell says what to do."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    notebook = nbformat.read(notebook_of(html, EPISODES[0]), as_version=4)
    notebook.cells = notebook.cells[:3]
    client = NotebookClient(notebook, kernel_name="python3", timeout=60,
                            resources={"metadata": {"path": str(tmp_path)}})
    with pytest.raises(CellExecutionError, match="Unpack examples.zip"):
        client.execute(env=kernel_environment())


# --- In a browser: the links to the other formats -----------------------------------

# make singlehtml and make pdf put these into the site; the tests build them beside
# the tests' site instead (test_browser.py checks every page of that one), and the
# web server below serves them at the same addresses.
OTHER_FORMATS = ("one-page/", "parallel-python.pdf")


@pytest.fixture(scope="module")
def served(html):
    """The tests' site on 127.0.0.1, with the one-page lesson and the PDF beside it,
    where make singlehtml and make pdf put them."""
    with serve(html, beside={prefix: FORMATS for prefix in OTHER_FORMATS}) as url:
        yield url


@pytest.fixture
def browser_page(html, served, chromium):  # noqa: F811  (the chromium fixture)
    """A browser context that accepts downloads, for one test."""
    context = chromium.new_context(accept_downloads=True)
    context.set_default_timeout(15_000)
    yield context, served, html
    context.close()


def download_by_click(page, link) -> tuple[str, bytes]:
    with page.expect_download() as info:
        link.click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


@pytest.mark.parametrize("which", ["the line under the title", "the menu"])
def test_notebook_link_downloads_the_notebook(browser_page, which):
    context, url, _ = browser_page
    page = context.new_page()
    page.goto(url + "04-pools.html")
    link = page.locator("p.episode-notebook a") if which == "the line under the title" \
        else page.get_by_role("link", name="This episode as a notebook")
    assert link.count() == 1, f"04-pools.html: no notebook link in {which}"
    name, data = download_by_click(page, link)
    assert name == "04-pools.ipynb"
    notebook = nbformat.reads(data.decode("utf-8"), as_version=4)
    nbformat.validate(notebook)
    assert notebook.cells[0].source == "# Pools"
    page.close()


def test_menu_links_to_the_one_page_lesson_and_the_pdf(other_formats, browser_page):
    context, url, html = browser_page
    page = context.new_page()
    page.goto(url + "04-pools.html")
    one_page = page.get_by_role("link", name="The lesson on one page")
    response = context.request.get(url + one_page.get_attribute("href"))
    assert response.ok, f"{one_page.get_attribute('href')}: HTTP {response.status}"
    one_page.click()
    page.wait_for_load_state()
    assert page.url.endswith("one-page/index.html")
    headings = {" ".join(text.rstrip("\uf0c1¶").split())
                for text in page.locator("h1, h2").all_inner_texts()}
    for episode in EPISODES:  # every episode is on the one page
        title = read_page(html / f"{episode}.html").headings[0][1]
        assert title in headings, f"{title!r} is not a heading of the one-page lesson"
    page.go_back()
    pdf = page.get_by_role("link", name="The lesson as a PDF")
    response = context.request.get(url + pdf.get_attribute("href"))
    assert response.ok, f"{pdf.get_attribute('href')}: HTTP {response.status}"
    assert response.body().startswith(b"%PDF-"), "the PDF link does not give a PDF"
    page.close()
