"""Sphinx extension: run an example during the build and show its output.

Usage in a MyST page::

    ```{example-output} ep01/count_cores.py
    :args: --tasks 4
    ```

The argument is a path under ``examples/``.  Options:

``:args:``        command-line arguments, split like a shell would (no shell runs)
``:mpi:``         number of ranks: run under the environment's ``mpiexec -n N``
``:python-args:`` put between ``python`` and the script, e.g. ``-m mpi4py``
``:env:``         extra environment variables, ``NAME=value`` separated by
                  spaces; shown in front of the command, as a shell takes them
``:returncode:``  the exit status the example is expected to give (default 0)
``:timeout:``     seconds before the run is stopped (default 120)

The extension also runs the commands listed in the configuration value
``lesson_build_commands`` when the build starts (each a list of arguments for
this Python, relative to the repository root): the scripts that draw the
pictures and run the quick benchmark, so those are never stale either.

The block shows the command as a learner would type it, then everything the
example printed, then one line naming the machine it ran on.  An unexpected
exit status or a timeout is a build warning, so a strict build fails; at the
timeout the example's whole process group is stopped (an MPI job's ranks too).

Downloads, so that nobody has to remember them on a page:

- When the build starts, the whole ``examples/`` folder is packed into
  ``content/_generated/examples.zip`` (configuration value
  ``lesson_examples_zip``; no ``__pycache__``, ``.pyc`` or hidden files).
- Every page whose name matches ``lesson_examples_zip_pages`` (the setup page
  and the episodes) gets a line under its title that links the zip, unless
  the page already links it with ``{download}``.
- Every ``literalinclude`` of a file under ``examples/`` is followed by a link
  that downloads that file, whole, even when the listing shows only part of it.

All links use Sphinx's download mechanism, so the files are copied into
``_downloads/`` and a missing file is a build warning.
"""
from __future__ import annotations

import os
import platform
import re
import shlex
import signal
import subprocess
import sys
import zipfile
from functools import lru_cache
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from build_machine import cpu_model, usable_cores
from sphinx_lesson import exerciselist

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
logger = logging.getLogger(__name__)


@lru_cache(maxsize=None)
def machine_description() -> str:
    """One line that says where the build ran: OS, CPU, cores, Python."""
    model = cpu_model()
    cpu = f"{model}, " if model else ""
    return (
        f"{platform.system()} {platform.machine()}, {cpu}"
        f"{usable_cores()} usable cores ({os.cpu_count()} logical), "
        f"{platform.python_implementation()} {platform.python_version()}"
    )


def example_command(script: str, args: list[str], ranks: int | None,
                    python_args: list[str], *, shown: bool = False) -> list[str]:
    """The command that runs ``examples/<script>`` from the repository's root.

    With ``shown=True``, the same command as a learner types it: ``python``
    and ``mpiexec`` by name instead of this environment's paths.
    """
    python = "python" if shown else sys.executable
    command = [python, *python_args, f"examples/{script}", *args]
    if ranks:
        mpiexec = "mpiexec" if shown else str(Path(sys.executable).with_name("mpiexec"))
        command = [mpiexec, "-n", str(ranks), *command]
    return command


def run_with_timeout(command: list[str], env: dict[str, str], timeout: float) -> tuple[str, int | None]:
    """Run in a process group of its own; output and exit status (None at the timeout)."""
    process = subprocess.Popen(command, cwd=ROOT, env=env, text=True, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               start_new_session=True)
    try:
        output, _ = process.communicate(timeout=timeout)
        return output, process.returncode
    except subprocess.TimeoutExpired:
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
        output, _ = process.communicate()
        return output, None


def parse_env(text: str) -> dict[str, str]:
    pairs = {}
    for item in shlex.split(text):
        name, sep, value = item.partition("=")
        if not sep:
            raise ValueError(f"expected NAME=value, got {item!r}")
        pairs[name] = value
    return pairs


class ExampleOutput(SphinxDirective):
    """Run one example and insert what it printed."""

    required_arguments = 1
    has_content = False
    option_spec = {
        "args": directives.unchanged,
        "mpi": directives.positive_int,
        "python-args": directives.unchanged,
        "env": directives.unchanged,
        "returncode": int,
        "timeout": directives.positive_int,
    }

    def run(self) -> list[nodes.Node]:
        script = self.arguments[0]
        path = EXAMPLES / script
        if not path.is_file():
            raise self.error(f"example-output: no such example: examples/{script}")
        # Rebuild this page when the example changes.
        self.env.note_dependency(str(path))

        args = shlex.split(self.options.get("args", ""))
        python_args = shlex.split(self.options.get("python-args", ""))
        ranks = self.options.get("mpi")
        expected = self.options.get("returncode", 0)
        timeout = self.options.get("timeout", 120)
        try:
            extra_env = parse_env(self.options.get("env", ""))
        except ValueError as error:
            raise self.error(f"example-output: {error}") from None

        command = example_command(script, args, ranks, python_args)
        output, status = run_with_timeout(command, dict(os.environ, PYTHONUNBUFFERED="1", **extra_env),
                                          timeout)
        if status is None:
            logger.warning("example-output: %s did not finish in %d s",
                           shlex.join(command), timeout, location=self.get_location())
        if status is not None and status != expected:
            logger.warning("example-output: %s exited with %s, expected %s:\n%s",
                           shlex.join(command), status, expected, output,
                           location=self.get_location())

        shown = [f"{name}={value}" for name, value in extra_env.items()]
        shown += example_command(script, args, ranks, python_args, shown=True)
        text = f"$ {shlex.join(shown)}\n{output.rstrip()}"
        block = nodes.literal_block(text, text, language="console")
        block["classes"].append("example-output")
        note = nodes.paragraph(classes=["example-machine"])
        note += nodes.emphasis(text=f"Output produced while building this page on: {machine_description()}.")
        return [block, note]


def run_build_commands(app) -> None:
    """Run each of lesson_build_commands once, before any page is read."""
    for arguments in app.config.lesson_build_commands:
        command = [sys.executable, *arguments]
        logger.info("lesson_examples: running %s", shlex.join(arguments))
        try:
            result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
        except subprocess.TimeoutExpired:
            logger.warning("lesson_examples: %s did not finish in 600 s", shlex.join(arguments))
            continue
        if result.returncode != 0:
            logger.warning("lesson_examples: %s failed with exit status %d:\n%s",
                           shlex.join(arguments), result.returncode, result.stderr)


# --- Downloads ------------------------------------------------------------------

# Every file in the zip gets this date, so the same examples give the same bytes.
ZIP_DATE = (2026, 1, 1, 0, 0, 0)


def is_packed(relative: Path) -> bool:
    """Does this file (a path relative to examples/) belong in the zip?"""
    return not any(part == "__pycache__" or part.startswith(".") for part in relative.parts) \
        and relative.suffix not in {".pyc", ".pyo"}


def packed_files(folder: Path) -> list[Path]:
    """The files of `folder` that go into the zip, relative to it, sorted."""
    return sorted(path.relative_to(folder) for path in folder.rglob("*")
                  if path.is_file() and is_packed(path.relative_to(folder)))


def write_examples_zip(folder: Path, target: Path) -> list[str]:
    """Pack `folder` into the zip `target`, under one top folder named like it.

    Unpacking gives ``examples/...``, so the commands on the pages work from the
    folder it was unpacked in.  Written to a temporary file first, so a reader
    never sees half a zip.  Returns the names inside.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    names = []
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        for relative in packed_files(folder):
            name = (Path(folder.name) / relative).as_posix()
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, (folder / relative).read_bytes())
            names.append(name)
    os.replace(partial, target)
    return names


def build_examples_zip(app) -> None:
    """At the start of the build: pack examples/ into the configured zip."""
    target = Path(app.srcdir) / app.config.lesson_examples_zip
    names = write_examples_zip(EXAMPLES, target)
    logger.info("lesson_examples: packed %d files into %s", len(names), target)


def download_link(target: str, *children: nodes.Node) -> addnodes.download_reference:
    """A {download} link to `target`, a path relative to the source folder."""
    # A leading slash makes Sphinx read the path from the source folder,
    # whatever folder the page is in.
    reference = addnodes.download_reference("", "", reftarget="/" + target, refexplicit=True)
    reference += children
    return reference


class ExampleDownloads(SphinxTransform):
    """Add the download links described in the module's docstring."""

    # After the directives have made their nodes; before Sphinx emits
    # doctree-read (a transform of priority 880), on which its download
    # collector registers the files to copy.
    default_priority = 850

    def apply(self) -> None:
        srcdir = Path(self.env.srcdir)
        zip_target = self.config.lesson_examples_zip
        folders = []
        for block in list(self.document.findall(nodes.literal_block)):
            source = Path(block.get("source") or "")
            if not source.is_absolute() or not source.is_relative_to(EXAMPLES) or not source.is_file():
                continue
            relative = source.relative_to(ROOT).as_posix()
            folders.append(source.parent.relative_to(ROOT).as_posix() + "/")
            block["classes"].append("example-listing")
            link = download_link(os.path.relpath(source, srcdir).replace(os.sep, "/"),
                                 nodes.Text("Download "),
                                 nodes.literal(relative, relative, classes=["download"]))
            line = nodes.paragraph("", "", link, classes=["example-download"])
            if block.astext().strip() != source.read_text(encoding="utf-8").strip():
                line += nodes.Text(" (the whole script; the listing shows part of it)")
            # A listing with a caption sits in a wrapper: put the link after it.
            anchor = block.parent if "literal-block-wrapper" in block.parent.get("classes", ()) else block
            anchor.parent.insert(anchor.parent.index(anchor) + 1, line)

        if re.match(self.config.lesson_examples_zip_pages, self.env.docname):
            self.add_zip_line(zip_target, sorted(set(folders)))

    def add_zip_line(self, zip_target: str, folders: list[str]) -> None:
        wanted = "/" + zip_target
        for reference in self.document.findall(addnodes.download_reference):
            if reference["reftarget"] in (wanted, zip_target):
                return  # the page links the zip itself
        section = next(self.document.findall(nodes.section), None)
        if section is None:
            return
        name = Path(zip_target).name
        line = nodes.paragraph("", "", classes=["examples-zip"])
        line += nodes.Text("Download all the lesson's examples in one file: ")
        line += download_link(zip_target, nodes.literal(name, name, classes=["download"]))
        line += nodes.Text(". Unpacked, it gives the examples/ folder")
        if folders:
            line += nodes.Text("; this page's scripts are in ")
            for number, folder in enumerate(folders):
                if number:
                    line += nodes.Text(" and ")
                line += nodes.literal(folder, folder)
        line += nodes.Text(".")
        title = next(iter(section.findall(nodes.title)), None)
        section.insert(section.index(title) + 1 if title is not None else 0, line)


# --- The exercise list --------------------------------------------------------------

def refresh_exercise_list(app, env, added, changed, removed) -> list[str]:
    """When any page changed, also rebuild the pages that list all exercises."""
    if not (added or changed or removed):
        return []
    listing = []
    for docname in env.found_docs:
        path = Path(env.doc2path(docname))
        if path.suffix == ".md" and "{exerciselist}" in path.read_text(encoding="utf-8"):
            listing.append(docname)
    return listing


class UniqueExerciseIds(SphinxPostTransform):
    """Give the exercises copied onto the list of all exercises ids of their own.

    sphinx-lesson numbers exercises per page (exercise-0, solution-0, ...), so
    the list, which holds the exercises of every page, repeats ids.  Repeated
    ids are invalid HTML, and they break the buttons that open solutions (the
    button of one toggles the first element with that id).  Each copied
    exercise's ids get its page's name in front: 01-why-solution-0.
    """

    # Just after sphinx-lesson's ExerciseListTransform has put the copies in.
    default_priority = exerciselist.el_transform_priority + 1

    def run(self, **kwargs) -> None:
        for admonition in list(self.document.findall(nodes.admonition)):
            origin = getattr(admonition, "target_docname", None)
            if origin is None or origin == self.env.docname:
                continue
            prefix = re.sub(r"[^\w-]+", "-", origin) + "-"
            renamed = {}
            for node in admonition.findall(nodes.Element):
                for index, old in enumerate(node["ids"]):
                    if not old.startswith(prefix):
                        renamed[old] = node["ids"][index] = prefix + old
            for node in admonition.findall(nodes.Element):
                if node.get("refid") in renamed:
                    node["refid"] = renamed[node["refid"]]
                node["backrefs"] = [renamed.get(name, name) for name in node["backrefs"]]


def setup(app):
    app.add_config_value("lesson_build_commands", [], "env")
    app.add_config_value("lesson_examples_zip", "_generated/examples.zip", "env")
    app.add_config_value("lesson_examples_zip_pages", r"^(setup|0[1-9]-.*)$", "env")
    app.connect("builder-inited", run_build_commands)
    app.connect("builder-inited", build_examples_zip)
    app.connect("env-get-outdated", refresh_exercise_list)
    app.add_directive("example-output", ExampleOutput)
    app.add_transform(ExampleDownloads)
    app.add_post_transform(UniqueExerciseIds)
    return {"version": "1.1", "env_version": 2, "parallel_read_safe": True, "parallel_write_safe": True}
