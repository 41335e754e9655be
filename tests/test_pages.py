"""Pages and examples stay in step: every example is shown, every include exists."""
from harness import EXAMPLES, ROOT, example_files, page_references


def test_every_included_file_exists():
    missing = [f"{page.relative_to(ROOT)}: {kind} {path}"
               for page, kind, path in page_references() if not path.is_file()]
    assert not missing, "pages include files that do not exist:\n" + "\n".join(missing)


def test_every_example_is_included_by_a_page():
    included = {path for _, kind, path in page_references() if kind == "literalinclude"}
    shown_nowhere = [name for name in example_files() if (EXAMPLES / name).resolve() not in included]
    assert not shown_nowhere, ("no page has a literalinclude of these examples: "
                               f"{shown_nowhere}")
