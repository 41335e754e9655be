"""The site builds strictly: no warning, every example's output present."""
import re

import pytest

from harness import CONTENT, page_references

pytestmark = pytest.mark.xdist_group("site")


def test_build_has_no_warnings(built_site):
    result = built_site["result"]
    problems = [line for line in (result.stdout + result.stderr).splitlines()
                if re.search(r"\b(WARNING|ERROR|CRITICAL)\b", line)]
    assert result.returncode == 0 and not problems, "\n".join(problems) + "\n" + result.describe()


def test_pages_exist_for_every_source(built_site):
    html = built_site["html"]
    for page in ["index", "setup", *(p.stem for p in CONTENT.glob("[0-9][0-9]-*.md"))]:
        assert (html / f"{page}.html").is_file(), f"{page}.html was not built"


def test_example_output_names_the_machine(built_site):
    """Each page that runs an example shows its output and where it ran."""
    html = built_site["html"]
    pages = {page for page, kind, _ in page_references() if kind == "example-output"}
    assert pages, "no page runs an example during the build"
    for page in pages:
        text = (html / page.relative_to(CONTENT).with_suffix(".html")).read_text(encoding="utf-8")
        assert "Output produced while building this page on:" in text, page
        assert re.search(r"\d+ usable cores \(\d+ logical\), CPython \d+\.\d+", text), page
