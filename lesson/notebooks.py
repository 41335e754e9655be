"""Sphinx extension: every episode as a Jupyter notebook, linked from its page.

For the html builder, each episode page (runner.EPISODES) is turned,
from its resolved doctree, into ``<outdir>/notebooks/<page>.ipynb``:

- the prose becomes Markdown cells, one per section (headings, paragraphs with
  their emphasis, code and links, lists, definition lists, tables, figures as
  their alt text and caption, and the admonitions -- questions, objectives,
  exercises, their solutions, instructor notes, key points -- as quoted blocks
  with a bold title).  Links to other pages of the site point at the site,
  relative to the notebooks folder (``../05-futures.html``);
- the listings of files under ``examples/`` stay code to read (Markdown code
  blocks): the notebook runs the script itself instead;
- every ``example-output`` becomes a code cell that runs the command the page
  shows, with the helper ``run()`` defined in the notebook's first code cell:
  ``run("python examples/ep04_pools/map_squares.py --n 6")``.  The helper runs
  it as a separate program (as a script, the way episode 3 says examples that
  start processes must run), with this notebook's Python and the ``mpiexec``
  beside it, with extra environment variables given as ``env={...}`` (so the
  same cell works on Windows, where ``NAME=value command`` does not), and it
  raises unless the exit status is the one the page expects (``returncode=``);
- code cells of pages that are notebooks themselves (episode 3) stay code
  cells, without the build's outputs; their paths to ``../examples/`` (the
  page runs in ``content/``) become ``examples/`` (the notebook runs in the
  folder that holds the unpacked examples).

The first cells say where the notebook comes from, that it must be opened
from the folder that holds the unpacked ``examples/`` folder, and what to
install; a code cell checks the folder and defines ``run()``.

Each episode page also gets a line, after the one that links the examples zip,
that downloads its notebook; and the template variable ``lesson_notebook``
(the menu's "This episode as a notebook", _templates/layout.html) is set.
"""
from __future__ import annotations

import posixpath
import re
import shlex
from pathlib import Path

import nbformat
from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from lesson import runner

logger = logging.getLogger(__name__)

FOLDER = "notebooks"  # under the html output folder

SETUP_CODE = '''\
import io, os, shlex, shutil, subprocess, sys
from pathlib import Path

if not Path("examples").is_dir():
    raise FileNotFoundError(
        f"There is no examples/ folder in {Path.cwd()}. Unpack examples.zip "
        "(python -m zipfile -e examples.zip .) and open this notebook from the folder that holds examples/.")
# The cells that import from the episode's own modules find them there.
sys.path.insert(0, str(Path("examples", EPISODE_FOLDER)))


def run(command, env=None, returncode=0):
    """Run a command of the lesson as a separate program and show what it prints.

    "python" is this notebook's Python and "mpiexec" the one beside it; env adds
    environment variables; returncode is the exit status the lesson expects.
    """
    here = Path(sys.executable).parent
    programs = {"python": sys.executable, "mpiexec": shutil.which("mpiexec", path=str(here)) or "mpiexec"}
    words = [programs.get(word, word) for word in shlex.split(command)]
    if shutil.which(words[0]) is None:
        print(f"{words[0]} is not installed on this computer, so this command cannot run here.")
        return
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONIOENCODING": "utf-8", **(env or {})}
    # A process group of its own, as in a terminal of its own: a program that
    # sends itself Ctrl-C (episodes 4 and 5) must not interrupt this notebook.
    own_group = {"start_new_session": True} if os.name == "posix" else \
        {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
    with subprocess.Popen(words, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          **own_group) as process:
        try:
            for line in io.TextIOWrapper(process.stdout, encoding="utf-8", errors="replace", newline=""):
                print(line, end="")
        except BaseException:  # interrupted: stop the program too
            process.kill()
            raise
    if process.returncode != returncode:
        raise RuntimeError(f"{command} exited with status {process.returncode}, not {returncode}")
'''


def notebook_path(page: str) -> str:
    """Where an episode's notebook is, relative to the html output folder."""
    return f"{FOLDER}/{page}.ipynb"


# --- The doctree as Markdown ---------------------------------------------------------

MARKDOWN_SPECIAL = re.compile(r"([\\`*_<>\[\]])")


def escape(text: str) -> str:
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def code_span(text: str) -> str:
    text = text.replace("\n", " ")
    fence = "`"
    while fence in text:
        fence += "`"
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{padding}{text}{padding}{fence}"


def code_fence(text: str, language: str = "") -> str:
    fence = "```"
    while fence in text:
        fence += "`"
    return f"{fence}{language}\n{text.rstrip()}\n{fence}"


def quote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.splitlines())


def indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line if line else "" for line in text.splitlines())


def admonition_title(node: nodes.Element) -> str:
    title = next((child for child in node.children if isinstance(child, nodes.title)), None)
    if title is not None:
        return title.astext()
    # note, warning, ...: the kind of admonition is its title
    return node.tagname.replace("_", " ").capitalize()


class Converter:
    """One page's resolved doctree as notebook cells."""

    def __init__(self, app, docname: str):
        self.app = app
        self.docname = docname
        self.cells: list = []
        self.markdown: list[tuple[int, str]] = []  # (quote depth, block) of the Markdown cell
        self.title = ""
        self.tab_names: list[str] = []
        self.depth = 0                  # admonitions around what is written now

    def emit(self, text: str) -> None:
        """Add a block to the Markdown cell, quoted once per admonition around it."""
        for _ in range(self.depth):
            text = quote(text)
        self.markdown.append((self.depth, text))

    # Cells

    def flush(self) -> None:
        text, previous = "", 0
        for depth, block in self.markdown:
            if block.strip():
                # Between two blocks of one admonition, a line that keeps the quote going.
                text += ("\n" + ("> " * min(depth, previous)).rstrip() + "\n" if text else "") + block
                previous = depth
        if text:
            self.cells.append(nbformat.v4.new_markdown_cell(text))
        self.markdown = []

    def code_cell(self, source: str, metadata: dict | None = None) -> None:
        self.flush()
        self.cells.append(nbformat.v4.new_code_cell(source, metadata=metadata or {}))

    # Blocks

    def convert(self, document: nodes.document) -> None:
        for child in document.children:
            self.top(child, level=1)
        self.flush()

    def top(self, node: nodes.Node, level: int) -> None:
        """Body elements at the level of sections: sections start Markdown cells,
        example outputs and notebook code cells are code cells."""
        if isinstance(node, nodes.section):
            self.flush()
            title = node.next_node(nodes.title)
            heading = self.inline(title) if title is not None else ""
            if level == 1 and not self.title:
                self.title = title.astext() if title is not None else self.docname
            self.emit("#" * min(level, 6) + " " + heading)
            for child in node.children:
                if child is not title:
                    self.top(child, level + 1)
            self.flush()
        elif self.is_code_cell(node):
            self.notebook_cell(node)
        elif isinstance(node, nodes.literal_block) and "example-output" in node["classes"]:
            self.example_cell(node)
        elif self.holds_code(node) and isinstance(node, (nodes.Admonition, nodes.admonition)):
            # An exercise whose solution runs an example: the quoted text stops
            # for the code cell and goes on in the next Markdown cell.
            self.depth += 1
            self.emit(f"**{escape(admonition_title(node))}**")
            for child in node.children:
                if not isinstance(child, nodes.title):
                    self.top(child, level)
            self.depth -= 1
        elif self.holds_code(node):
            # A container with code cells in it (sphinx-tabs, plain containers): go inside.
            for child in node.children:
                self.top(child, level)
        else:
            text = self.block(node)
            if text:
                self.emit(text)

    def holds_code(self, node: nodes.Node) -> bool:
        if not isinstance(node, nodes.Element):
            return False
        return any(self.is_code_cell(n) or "example-output" in n.get("classes", ())
                   for n in node.findall(nodes.Element) if n is not node)

    @staticmethod
    def is_code_cell(node: nodes.Node) -> bool:
        return isinstance(node, nodes.container) and node.get("nb_element") == "cell_code"

    def notebook_cell(self, node: nodes.container) -> None:
        source = next((n for n in node.findall(nodes.container)
                       if n.get("nb_element") == "cell_code_source"), None)
        if source is None:
            return
        code = source.astext()
        # The page runs in content/; the notebook in the folder that holds examples/.
        code = code.replace("../examples/", "examples/")
        tags = list(node.get("cell_metadata", {}).get("tags", []))
        self.code_cell(code, {"tags": tags} if tags else {})

    def example_cell(self, node: nodes.literal_block) -> None:
        words = list(node.get("example_command") or [])
        if not words:  # a build without the command on the node: read the shown line
            words = node.astext().splitlines()[0].removeprefix("$ ").split()
        env = {}
        while words and re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", words[0]):
            name, _, value = words.pop(0).partition("=")
            env[name] = value
        arguments = [repr(shlex.join(words))]
        if env:
            arguments.append("env={" + ", ".join(f"{k!r}: {v!r}" for k, v in env.items()) + "}")
        returncode = node.get("example_returncode", 0)
        if returncode:
            arguments.append(f"returncode={returncode}")
        self.code_cell(f"run({', '.join(arguments)})")

    def blocks(self, children) -> str:
        return "\n\n".join(text for text in (self.block(child) for child in children) if text)

    def block(self, node: nodes.Node) -> str:
        if isinstance(node, (nodes.comment, nodes.target, nodes.substitution_definition,
                             nodes.raw, nodes.system_message, addnodes.index, nodes.title,
                             addnodes.toctree, nodes.footnote)):
            return ""
        classes = node.get("classes", ()) if isinstance(node, nodes.Element) else ()
        if {"example-download", "example-machine", "examples-zip", "measurement-note",
                "episode-notebook"} & set(classes):
            return ""  # links and notes about the site's build, not about the notebook
        if isinstance(node, nodes.Text):
            return escape(node.astext())
        if isinstance(node, nodes.paragraph):
            return self.inline(node)
        if isinstance(node, nodes.section):
            return self.blocks(node.children)
        if isinstance(node, nodes.bullet_list):
            return "\n".join(self.item("- ", item) for item in node.children)
        if isinstance(node, nodes.enumerated_list):
            start = node.get("start", 1)
            return "\n".join(self.item(f"{start + i}. ", item) for i, item in enumerate(node.children))
        if isinstance(node, nodes.definition_list):
            items = []
            for item in node.children:
                term = " ".join(self.inline(t) for t in item.findall(nodes.term))
                if not (term.startswith("**") and term.endswith("**")):
                    term = f"**{term}**"
                definition = next(item.findall(nodes.definition), None)
                body = self.blocks(definition.children) if definition is not None else ""
                items.append(self.item_text("- ", f"{term}: {body}"))
            return "\n".join(items)
        if isinstance(node, nodes.table):
            return self.table(node)
        if isinstance(node, (nodes.Admonition, nodes.admonition)):
            body = self.blocks(child for child in node.children if not isinstance(child, nodes.title))
            return quote(f"**{escape(admonition_title(node))}**\n\n{body}")
        if isinstance(node, nodes.block_quote):
            return quote(self.blocks(node.children))
        if isinstance(node, nodes.figure):
            image = next(node.findall(nodes.image), None)
            parts = []
            if image is not None and image.get("alt"):
                parts.append(f"*{escape(image['alt'])}*")
            caption = next(node.findall(nodes.caption), None)
            if caption is not None:
                parts.append(self.inline(caption))
            legend = next(node.findall(nodes.legend), None)
            if legend is not None:
                parts.append(self.blocks(legend.children))
            return "\n\n".join(parts)
        if isinstance(node, nodes.image):
            return f"*{escape(node.get('alt', ''))}*" if node.get("alt") else ""
        if isinstance(node, nodes.literal_block):
            if "example-listing" in classes:
                return code_fence(node.astext(), "python")
            language = node.get("language", "")
            return code_fence(node.astext(), "" if language in ("default", "none") else language)
        if isinstance(node, nodes.doctest_block):
            return code_fence(node.astext(), "python")
        if isinstance(node, nodes.container) and "literal-block-wrapper" in classes:
            caption = next(node.findall(nodes.caption), None)
            block = next(node.findall(nodes.literal_block), None)
            parts = [f"*{self.inline(caption)}*"] if caption is not None else []
            if block is not None:
                parts.append(self.block(block))
            return "\n\n".join(parts)
        if isinstance(node, nodes.line_block):
            return "  \n".join(self.inline(line) for line in node.findall(nodes.line))
        if isinstance(node, nodes.transition):
            return "---"
        if isinstance(node, nodes.rubric):
            return f"**{self.inline(node)}**"
        if isinstance(node, nodes.topic):
            return quote(self.blocks(node.children))
        if type(node).__name__.startswith("SphinxTabs"):
            return self.tabs(node)
        if isinstance(node, nodes.Element):
            return self.blocks(node.children)
        return ""

    def tabs(self, node: nodes.Element) -> str:
        """sphinx-tabs: each panel under its tab's name, in bold."""
        kind = type(node).__name__
        if kind == "SphinxTabsTablist":
            self.tab_names = [tab.astext() for tab in node.children]
            return ""
        if kind == "SphinxTabsPanel":
            name = self.tab_names.pop(0) if self.tab_names else ""
            body = self.blocks(node.children)
            return f"**{escape(name)}:**\n\n{body}" if name else body
        return self.blocks(node.children)

    def item(self, marker: str, item: nodes.Node) -> str:
        return self.item_text(marker, self.blocks(item.children))

    @staticmethod
    def item_text(marker: str, text: str) -> str:
        lines = text.splitlines() or [""]
        rest = indent("\n".join(lines[1:]), " " * len(marker))
        return marker + lines[0] + ("\n" + rest if rest else "")

    def table(self, node: nodes.table) -> str:
        rows = []
        for row in node.findall(nodes.row):
            cells = [" ".join(self.inline(p) if isinstance(p, nodes.paragraph) else self.block(p)
                              for p in entry.children).replace("\n", " ").replace("|", r"\|")
                     for entry in row.children]
            rows.append(cells)
        if not rows:
            return ""
        width = max(len(row) for row in rows)
        rows = [row + [""] * (width - len(row)) for row in rows]
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
        lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
        title = next((child for child in node.children if isinstance(child, nodes.title)), None)
        if title is not None:
            lines.insert(0, f"**{self.inline(title)}**\n")
        return "\n".join(lines)

    # Inline

    def inline(self, node: nodes.Node) -> str:
        return "".join(self.span(child) for child in node.children).strip()

    def span(self, node: nodes.Node) -> str:
        if isinstance(node, nodes.Text):
            return escape(node.astext().replace("\n", " "))
        if isinstance(node, (nodes.target, nodes.system_message, nodes.raw, addnodes.index,
                             nodes.footnote_reference)):
            return ""
        if isinstance(node, nodes.literal):
            return code_span(node.astext())
        if isinstance(node, nodes.emphasis):
            return f"*{self.inline(node)}*"
        if isinstance(node, nodes.strong):
            return f"**{self.inline(node)}**"
        if isinstance(node, addnodes.download_reference):
            target = node.get("filename")
            text = self.inline(node)
            return f"[{text}](../_downloads/{target})" if target else text
        if isinstance(node, nodes.reference):
            text = self.inline(node)
            url = self.url(node)
            return f"[{text}]({url})" if url else text
        if isinstance(node, nodes.image):
            return f"*{escape(node.get('alt', ''))}*"
        if isinstance(node, nodes.inline) and "measured" in node["classes"]:
            # {measured}: a number of the build; the notebook's own run prints another.
            return f"{escape(node.astext())} (when the lesson was built)"
        if isinstance(node, nodes.Element):
            return "".join(self.span(child) for child in node.children)
        return ""

    def url(self, node: nodes.reference) -> str:
        """A link of the page as a link from the notebooks folder to the site."""
        if node.get("refuri"):
            uri = node["refuri"]
            if re.match(r"^[a-z][a-z0-9+.-]*:", uri) or uri.startswith("#"):
                return uri if not uri.startswith("#") else self.page_url(uri)
            # Relative to the page: make it relative to notebooks/.
            page_folder = posixpath.dirname(self.docname)
            return posixpath.relpath(posixpath.normpath(posixpath.join(page_folder, uri)), FOLDER) \
                if not uri.startswith("/") else uri
        if node.get("refid"):
            return self.page_url("#" + node["refid"])
        return ""

    def page_url(self, anchor: str) -> str:
        page = self.app.builder.get_target_uri(self.docname)
        return posixpath.relpath(page, FOLDER) + anchor


# --- The notebook ---------------------------------------------------------------------

def folder_of(docname: str) -> str:
    """The episode's folder under examples/ (runner.EPISODES)."""
    return runner.episode_of_page(docname).folder


def intro_cells(app, docname: str, title: str) -> list:
    page = app.builder.get_target_uri(docname)
    site_page = posixpath.relpath(page, FOLDER)
    text = (
        f"This notebook is the episode [{escape(title)}]({site_page}) of the lesson "
        f"*{escape(app.config.project)}*, made from the page `{page}` when the site was built. "
        "Its Markdown cells are the page's text, exercises and solutions included; "
        "its code cells run the page's examples, so what they print comes from your computer.\n\n"
        "Open it from the folder that holds the unpacked `examples/` folder: download "
        "`examples.zip` from the page, unpack it there (`python -m zipfile -e examples.zip .` "
        "gives `examples/...`), and put this notebook beside it.\n\n"
        "It needs Jupyter in the lesson's environment (the one with "
        "`examples/requirements.txt` installed, see the setup page): "
        "`python -m pip install jupyterlab`, then `jupyter lab` in that folder.\n\n"
        "The first code cell checks the folder and defines `run()`, which runs a command of "
        "the lesson as its own program, as in a terminal: examples that start processes must "
        "run as scripts (episode 3 says why). Run the cells from the top.")
    return [nbformat.v4.new_markdown_cell(f"# {escape(title)}"),
            nbformat.v4.new_markdown_cell(text),
            nbformat.v4.new_code_cell(SETUP_CODE.replace("EPISODE_FOLDER", repr(folder_of(docname)))
                                      .rstrip())]


def to_notebook(app, doctree: nodes.document, docname: str) -> nbformat.NotebookNode:
    converter = Converter(app, docname)
    converter.convert(doctree)
    cells = converter.cells
    # The title is the notebook's first cell; the page's heading cell would repeat it.
    if cells and cells[0].cell_type == "markdown":
        first, _, rest = cells[0].source.partition("\n\n")
        if first.startswith("# "):
            if rest:
                cells[0].source = rest
            else:
                cells.pop(0)
    notebook = nbformat.v4.new_notebook()
    notebook.cells = intro_cells(app, docname, converter.title or docname) + cells
    notebook.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    return notebook


def write_notebook(app, doctree: nodes.document, docname: str) -> None:
    if app.builder.name != "html" or docname not in runner.episode_pages():
        return
    notebook = to_notebook(app, doctree, docname)
    nbformat.validate(notebook)
    target = Path(app.outdir) / notebook_path(docname)
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, str(target))


def outdated_notebooks(app, env, added, changed, removed) -> list[str]:
    """Read and write again an episode whose notebook is missing, or older than this
    extension (a change here changes every notebook)."""
    if app.builder.name != "html":
        return []
    made_by = Path(__file__).stat().st_mtime
    outdated = []
    for page in runner.episode_pages():
        notebook = Path(app.outdir) / notebook_path(page)
        if page in env.found_docs and (not notebook.is_file() or notebook.stat().st_mtime < made_by):
            outdated.append(page)
    return outdated


# --- The link on the page ------------------------------------------------------------------

class notebook_link(nodes.Inline, nodes.TextElement):
    """A link that downloads the episode's notebook (an <a download> in HTML)."""


def visit_notebook_link(self, node):
    self.body.append(self.starttag(node, "a", "", href=node["href"], download=node["filename"],
                                   CLASS="reference download notebook"))


def depart_notebook_link(self, node):
    self.body.append("</a>")


class NotebookLine(SphinxPostTransform):
    """Put a line that downloads the notebook after the zip line (or the title)."""

    default_priority = 900
    builders = ("html",)

    def run(self, **kwargs) -> None:
        page = self.env.docname
        if page not in runner.episode_pages():
            return
        section = next(self.document.findall(nodes.section), None)
        if section is None:
            return
        href = posixpath.relpath(notebook_path(page), posixpath.dirname(page) or ".")
        name = f"{page}.ipynb"
        line = nodes.paragraph("", "", classes=["episode-notebook"])
        line += nodes.Text("Download this episode as a Jupyter notebook: ")
        link = notebook_link("", "", href=href, filename=name)
        link += nodes.literal(name, name, classes=["download"])
        line += link
        line += nodes.Text(". Put it beside the unpacked examples/ folder and open it there;"
                           " it needs Jupyter: ")
        install = "python -m pip install jupyterlab"
        line += nodes.literal(install, install)
        line += nodes.Text(".")
        zip_line = next((n for n in section.children if isinstance(n, nodes.paragraph)
                         and "examples-zip" in n["classes"]), None)
        if zip_line is not None:
            section.insert(section.index(zip_line) + 1, line)
        else:
            title = next(iter(section.findall(nodes.title)), None)
            section.insert(section.index(title) + 1 if title is not None else 0, line)


def page_context(app, pagename, templatename, context, doctree) -> None:
    if app.builder.name == "html" and pagename in runner.episode_pages():
        context["lesson_notebook"] = notebook_path(pagename)


def setup(app):
    app.add_node(notebook_link, html=(visit_notebook_link, depart_notebook_link))
    app.add_post_transform(NotebookLine)
    app.connect("doctree-resolved", write_notebook)
    app.connect("env-get-outdated", outdated_notebooks)
    app.connect("html-page-context", page_context)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
