"""Episode 3's notebook: the learner's copy matches the page, and works from the unpacked zip.

The page content/03-processes.md is a notebook that myst-nb runs during the
build, from content/.  Learners get the same cells as
examples/ep03_processes/processes_notebook.ipynb in the examples zip, unpack
it, start Jupyter in that folder and open the notebook, whose kernel then
runs in examples/ep03_processes/.  These tests check that the notebook holds
exactly the page's visible code cells, and run it as a learner would: in a
kernel whose working folder is the notebook's own, in a temporary folder that
holds nothing but the unpacked zip.
"""
import sys
import zipfile

import nbformat
from myst_nb.core.read import read_myst_markdown_notebook
from nbclient import NotebookClient

from harness import CONTENT, EXAMPLES
from lesson import downloads

NOTEBOOK = "ep03_processes/processes_notebook.ipynb"


def code_cells(notebook):
    return [cell for cell in notebook.cells if cell.cell_type == "code"
            and "remove-cell" not in cell.metadata.get("tags", [])]


def test_the_notebook_holds_the_pages_cells():
    page = read_myst_markdown_notebook((CONTENT / "03-processes.md").read_text(encoding="utf-8"))
    copy = nbformat.read(EXAMPLES / NOTEBOOK, as_version=4)
    nbformat.validate(copy)
    shown, given = code_cells(page), code_cells(copy)
    assert [c.source.strip() for c in given] == [c.source.strip() for c in shown]
    # The cell that fails on purpose is marked so in both, so that Jupyter's
    # "run all" (and nbclient) carries on past it.
    assert ["raises-exception" in c.metadata.get("tags", []) for c in given] == \
           ["raises-exception" in c.metadata.get("tags", []) for c in shown]


def test_the_notebook_runs_from_the_unpacked_zip(tmp_path, monkeypatch):
    downloads.write_examples_zip(EXAMPLES, tmp_path / "examples.zip")
    learner = tmp_path / "learner"
    with zipfile.ZipFile(tmp_path / "examples.zip") as archive:
        archive.extractall(learner)
    notebook_path = learner / "examples" / NOTEBOOK
    notebook = nbformat.read(notebook_path, as_version=4)
    # ipykernel forwards what child processes write (file descriptors 1 and 2)
    # on Linux and macOS, but not when it sees it runs under pytest.
    monkeypatch.delenv("PYTEST_CURRENT_TEST", raising=False)
    # Jupyter starts a notebook's kernel in the notebook's folder.
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(notebook_path.parent)}}).execute()
    define, fails, fixed = code_cells(notebook)

    assert define.outputs[0]["data"]["text/plain"] == "16"
    errors = [o for o in fails.outputs if o.output_type == "error"]
    assert [e.ename for e in errors] == ["TimeoutError"], fails.outputs
    if sys.platform != "win32":
        # On Linux and macOS the kernel passes the workers' error stream into the cell.
        text = "".join(o.get("text", "") for o in fails.outputs if o.output_type == "stream")
        assert "Can't get attribute 'square'" in text, fails.outputs
    printed = "".join(o.get("text", "") for o in fixed.outputs if o.output_type == "stream")
    assert printed.strip() == str([x * x for x in range(10)]), fixed.outputs
    assert not [o for o in fixed.outputs if o.output_type == "error"]
