"""lesson/pages.py: what the menu links, and the schedules' clocks."""
from types import SimpleNamespace

import pytest

from lesson.pages import other_formats


@pytest.mark.parametrize("setting, linked", [("", []), ("one-page", ["one-page"]),
                                             ("one-page,pdf", ["one-page", "pdf"])])
def test_the_menu_links_only_the_formats_built_with_the_site(setting, linked):
    """A plain make html links neither the one-page lesson nor the PDF (no 404 in the menu)."""
    context = {}
    app = SimpleNamespace(config=SimpleNamespace(lesson_other_formats=setting))
    other_formats(app, "index", "page.html", context, None)
    assert context["lesson_other_formats"] == linked
