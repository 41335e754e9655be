"""Sphinx extension: run an example during the build and show its output.

Usage in a MyST page::

    ```{example-output} ep01/count_cores.py
    :args: --tasks 4
    ```

The argument is a path under ``examples/``.  Options:

``:args:``        command-line arguments, split like a shell would (no shell runs)
``:mpi:``         number of ranks: run under the environment's ``mpiexec -n N``
``:env:``         extra environment variables, ``NAME=value`` separated by spaces
``:returncode:``  the exit status the example is expected to give (default 0)
``:timeout:``     seconds before the run is stopped (default 120)

The extension also runs the commands listed in the configuration value
``lesson_build_commands`` when the build starts (each a list of arguments for
this Python, relative to the repository root): the scripts that draw the
pictures and run the quick benchmark, so those are never stale either.

The block shows the command as a learner would type it, then everything the
example printed, then one line naming the machine it ran on.  An unexpected
exit status or a timeout is a build warning, so a strict build fails.
"""
from __future__ import annotations

import os
import platform
import shlex
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
logger = logging.getLogger(__name__)


def usable_cores() -> int:
    """Cores this process may run on (affinity mask), not just those that exist."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def cpu_model() -> str:
    """The processor's model name where the system tells it, else ''."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


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


def example_command(script: str, args: list[str], ranks: int | None) -> list[str]:
    """The command that runs ``examples/<script>`` with this environment's Python."""
    command = [sys.executable, str(Path("examples") / script), *args]
    if ranks:
        mpiexec = Path(sys.executable).with_name("mpiexec")
        command = [str(mpiexec), "-n", str(ranks), *command]
    return command


def shown_command(script: str, args: list[str], ranks: int | None) -> str:
    """The same command as a learner types it in the repository's root."""
    words = ["python", f"examples/{script}", *args]
    if ranks:
        words = ["mpiexec", "-n", str(ranks), *words]
    return shlex.join(words)


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
        ranks = self.options.get("mpi")
        expected = self.options.get("returncode", 0)
        timeout = self.options.get("timeout", 120)
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        try:
            env.update(parse_env(self.options.get("env", "")))
        except ValueError as error:
            raise self.error(f"example-output: {error}") from None

        command = example_command(script, args, ranks)
        try:
            result = subprocess.run(
                command, cwd=ROOT, env=env, timeout=timeout,
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            )
            output, status = result.stdout, result.returncode
        except subprocess.TimeoutExpired as error:
            output = error.stdout.decode() if isinstance(error.stdout, bytes) else (error.stdout or "")
            status = None
            logger.warning("example-output: %s did not finish in %d s",
                           shlex.join(command), timeout, location=self.get_location())
        if status is not None and status != expected:
            logger.warning("example-output: %s exited with %s, expected %s:\n%s",
                           shlex.join(command), status, expected, output,
                           location=self.get_location())

        text = f"$ {shown_command(script, args, ranks)}\n{output.rstrip()}"
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


def setup(app):
    app.add_config_value("lesson_build_commands", [], "env")
    app.connect("builder-inited", run_build_commands)
    app.add_directive("example-output", ExampleOutput)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
