"""The site builds strictly: no warning, every page and example output present."""
import re

import pytest

from harness import built_page, episode_docnames, page_references

pytestmark = pytest.mark.site


def test_build_has_no_warnings(built_site):
    result = built_site["result"]
    problems = [line for line in (result.stdout + result.stderr).splitlines()
                if re.search(r"\b(WARNING|ERROR|CRITICAL)\b", line)]
    assert result.returncode == 0 and not problems, "\n".join(problems) + "\n" + result.describe()


def test_pages_exist_for_every_episode(built_site):
    html = built_site["html"]
    for page in ["index", "setup", *episode_docnames()]:
        assert built_page(html, page).is_file(), f"{page}.html was not built"


def test_example_output_names_the_machine(built_site):
    """Each page that runs an example shows its output and where it ran."""
    pages = {page for page, kind, _ in page_references(built_site["html"]) if kind == "example-output"}
    assert pages, "no page runs an example during the build"
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "Output produced while building this page on:" in text, page
        assert re.search(r"\d+ usable cores \(\d+ logical\), CPython \d+\.\d+", text), page
