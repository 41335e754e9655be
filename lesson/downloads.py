"""Sphinx: the examples as downloads, so that nobody has to remember them on a page.

- When the build starts, the whole ``examples/`` folder is packed into
  ``content/_generated/examples.zip`` (configuration value
  ``lesson_examples_zip``; the files runner.example_files lists).
- The setup page and every episode (runner.EPISODES) get a line under their
  title that links the zip, unless the page already links it with
  ``{download}``.
- Every ``literalinclude`` of a file under ``examples/`` is followed by a link
  that downloads that file, whole, even when the listing shows only part of it.

All links use Sphinx's download mechanism, so the files are copied into
``_downloads/`` and a missing file is a build warning.
"""
from __future__ import annotations

import filecmp
import os
import zipfile
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from lesson import runner
from lesson.runner import EXAMPLES, ROOT

logger = logging.getLogger(__name__)


# Every file in the zip gets this date, so the same examples give the same bytes.
ZIP_DATE = (2026, 1, 1, 0, 0, 0)


def write_examples_zip(folder: Path, target: Path) -> list[str]:
    """Pack `folder` into the zip `target`, under one top folder named like it.

    Unpacking gives ``examples/...``, so the commands on the pages work from the
    folder it was unpacked in.  Written to a temporary file first, so a reader
    never sees half a zip.  A zip with the same bytes is left as it was: every
    page that links to it would otherwise count as changed, and be read again,
    on every build.  Returns the names inside.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    names = []
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        for relative in runner.example_files(folder):
            name = f"{folder.name}/{relative}"
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, (folder / relative).read_bytes())
            names.append(name)
    if target.is_file() and filecmp.cmp(partial, target, shallow=False):
        partial.unlink()
    else:
        os.replace(partial, target)
    return names


def build_examples_zip(app) -> None:
    """At the start of the build: pack examples/ into the configured zip."""
    target = Path(app.srcdir) / app.config.lesson_examples_zip
    names = write_examples_zip(EXAMPLES, target)
    logger.info("lesson: packed %d files into %s", len(names), target)


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

        if self.env.docname in zip_pages():
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


def zip_pages() -> set[str]:
    """The pages that get the line linking the zip: setup and every episode."""
    return {"setup", *runner.episode_pages()}


def setup(app):
    app.add_config_value("lesson_examples_zip", "_generated/examples.zip", "env")
    app.connect("builder-inited", build_examples_zip)
    app.add_transform(ExampleDownloads)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
