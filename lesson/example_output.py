"""Sphinx extension: run an example during the build and show its output.

Usage in a MyST page::

    ```{example-output} ep04_pools/count_divisors.py
    :args: --count 4
    :expect: [Speedup] >= 0.75 * min(2, cores)
    :needs-cores: 2
    ```

The argument is a path under ``examples/``.  Options:

``:args:``        command-line arguments, split like a shell would (no shell runs)
``:mpi:``         number of ranks: run under the environment's ``mpiexec -n N``
``:python-args:`` put between ``python`` and the script, e.g. ``-m mpi4py``
``:launcher:``    put in front of the whole command, e.g. ``taskset -c 0``
``:env:``         extra environment variables, ``NAME=value`` separated by
                  spaces; shown in front of the command, as a shell takes them
``:returncode:``  the exit status the example is expected to give (default 0)
``:timeout:``     seconds before the run is stopped (default 120)
``:expect:``      claims about the numbers it prints (see measurements.py);
                  a run that misses them is tried again, up to ``:attempts:``
                  (default: the configuration value lesson_measure_attempts, 3),
                  and if it still misses, a ``measurement-note`` admonition
                  beside the output says so (with STRICT_TIMINGS=1 in the
                  environment, a miss is a build error instead)
``:needs-cores:`` the claims need this many usable cores; with fewer, the
                  note says there is nothing to speed up here

The example runs in a pseudo-terminal (runner.run), so the page shows
what a learner's terminal shows.  A run that is not in the cache leaves a
placeholder in the page (ExampleRuns): runs without claims start at once,
a few side by side, while the pages are read; timed runs (with ``:expect:``)
wait until reading is over and every other run has finished, then go one at
a time on an otherwise quiet machine.  The placeholders are filled in when
the pages are written.  Its output is cached
(lesson/example_cache.py says on what it is keyed).

The role ``{measured}`Label``` inserts the number after ``Label:`` in the
output of the latest example-output above it on the page.

The build commands, the downloads and the exercise list are extensions of
their own (build_commands.py, downloads.py, exercise_list.py).

The block shows the command as a learner would type it, then everything the
example printed, then one line naming the machine it ran on.  An unexpected
exit status or a timeout is a build warning, so a strict build fails; at the
timeout the example's whole process group is stopped (an MPI job's ranks too).
"""
from __future__ import annotations

import shlex
import shutil
from concurrent.futures import Future, ThreadPoolExecutor

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole
from sphinx_lesson import exerciselist

from lesson import example_cache, measurements, runner
from lesson.build_machine import machine_description
from lesson.runner import EXAMPLES

logger = logging.getLogger(__name__)





def parse_env(text: str) -> dict[str, str]:
    pairs = {}
    for item in shlex.split(text):
        name, sep, value = item.partition("=")
        if not sep:
            raise ValueError(f"expected NAME=value, got {item!r}")
        pairs[name] = value
    return pairs




def run_example(script: str, run: dict, claims: list, needs_cores: int, attempts: int) -> dict:
    """Run the example (again, while a claim is missed, up to `attempts` times).

    Returns a record that can be cached: output, exit status, CPU share, attempts.
    A run that misses its claims is repeated, and the first one that meets
    them is shown; if none does, the last one is shown with a note.
    """
    cores = runner.usable_cores()
    line = runner.command(script, run["args"], ranks=run["ranks"],
                                 python_args=run["python_args"], launcher=run["launcher"])

    def measure_once(attempt):
        result = runner.run(line, timeout=run["timeout"], env=run["env"], terminal=True)
        share = measurements.Share.of(result.wall, result.cpu, result.busy, cores)
        record = {"output": result.stdout, "returncode": result.returncode, "attempts": attempt,
                  "wall": share.wall, "received": share.received, "others": share.others}
        outcomes = []   # none to check: a run that fails, or whose claims cannot be read, is shown as is
        if claims and result.returncode == run["returncode"]:
            try:
                outcomes = measurements.check(claims, result.stdout, cores)
            except measurements.ClaimError:
                pass
        return record, [measurements.Verdict(outcomes, share, needs_cores, attempt, cores)]

    record, (verdict,) = measurements.measure_until_met(measure_once, attempts)
    if verdict.pair is not None:
        record["pair"] = verdict.pair
    return record


class ExampleOutput(SphinxDirective):
    """Run one example and insert what it printed (see the module docstring)."""

    required_arguments = 1
    has_content = False
    option_spec = {
        "args": directives.unchanged,
        "mpi": directives.positive_int,
        "python-args": directives.unchanged,
        "env": directives.unchanged,
        "returncode": int,
        "timeout": directives.positive_int,
        "expect": directives.unchanged,
        "needs-cores": directives.positive_int,
        "attempts": directives.positive_int,
        "launcher": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        script = self.arguments[0]
        path = EXAMPLES / script
        if not path.is_file():
            raise self.error(f"example-output: no such example: examples/{script}")
        # Rebuild this page when the example, or a file it imports, changes.
        for dependency in [path, *runner.local_imports(script)]:
            self.env.note_dependency(str(dependency))
        try:
            extra_env = parse_env(self.options.get("env", ""))
            claims = measurements.parse_claims(self.options.get("expect", ""))
        except ValueError as error:
            raise self.error(f"example-output: {error}") from None
        run = {"args": shlex.split(self.options.get("args", "")),
               "python_args": shlex.split(self.options.get("python-args", "")),
               "ranks": self.options.get("mpi"), "env": extra_env,
               "returncode": self.options.get("returncode", 0),
               "timeout": self.options.get("timeout", 120),
               "launcher": shlex.split(self.options.get("launcher", ""))}
        if run["launcher"] and shutil.which(run["launcher"][0]) is None:
            # taskset is Linux only: say so on the page rather than fail a build elsewhere.
            logger.info("example-output: %s not found; not running %s", run["launcher"][0], script)
            text = f"(This run needs {run['launcher'][0]}, which the build machine does not have.)"
            return [nodes.paragraph(text, text)]
        spec = {"script": script, "run": run, "expect": self.options.get("expect", ""),
                "needs_cores": self.options.get("needs-cores", 1),
                "attempts": self.options.get("attempts", self.config.lesson_measure_attempts),
                "location": self.get_location()}
        timing = [spec["attempts"], self.config.lesson_timed_runs_alone] if claims else None
        key = example_cache.cache_key(script, run, timing)
        outputs = self.env.temp_data.setdefault("lesson_outputs", [])
        record = example_cache.cached_record(key, timed=bool(claims))
        if record is not None:
            outputs.append(record["output"])
            return output_nodes(spec, record)
        self.env.app.lesson_runs.submit(self.env.docname, key, spec)
        outputs.append(PendingKey(key))
        return [pending_output(key=key, spec=spec)]




def shown_command(spec: dict, *, shown: bool = True) -> list[str]:
    """The command of a run, as the page shows it (with its environment in front)."""
    run = spec["run"]
    words = [f"{name}={value}" for name, value in run["env"].items()] if shown else []
    return words + runner.command(spec["script"], run["args"], ranks=run["ranks"],
                                         python_args=run["python_args"], launcher=run["launcher"],
                                         shown=shown)


def run_and_cache(key: str, spec: dict) -> dict:
    """Run the example of `spec` and cache its record; a run that failed is not cached."""
    run = spec["run"]
    claims = measurements.parse_claims(spec["expect"])
    record = run_example(spec["script"], run, claims, spec["needs_cores"], spec["attempts"])
    if record["returncode"] == run["returncode"]:
        example_cache.store(key, record)
    return record


def report_failure(spec: dict, record: dict) -> None:
    """A build warning for a run that timed out or gave an unexpected exit status."""
    run, command = spec["run"], shlex.join(shown_command(spec, shown=False))
    if record["returncode"] is None:
        logger.warning("example-output: %s did not finish in %d s", command, run["timeout"],
                       location=spec["location"])
    elif record["returncode"] != run["returncode"]:
        logger.warning("example-output: %s exited with %s, expected %s:\n%s", command,
                       record["returncode"], run["returncode"], record["output"],
                       location=spec["location"])


def output_nodes(spec: dict, record: dict, *, report: bool = True) -> list[nodes.Node]:
    """What the page shows of one run: the command and its output, the measurement
    note when a claim missed, and the line naming the machine.  report=False: a
    copy (on the list of exercises), whose missed claims were reported already."""
    run, command = spec["run"], shown_command(spec)
    text = f"$ {shlex.join(command)}\n{record['output'].rstrip()}"
    block = nodes.literal_block(text, text, language="console")
    block["classes"].append("example-output")
    # For the notebooks (notebooks.py): the command shown and the exit status it gives.
    block["example_command"] = command
    block["example_returncode"] = run["returncode"]
    result = [block]
    claims = measurements.parse_claims(spec["expect"])
    if claims:
        result += measurement_note(spec, claims, record, shlex.join(command), report)
    machine = f"Output produced while building this page on: {machine_description()}"
    if claims and record["attempts"] > 1:
        machine += f"; timed on attempt {record['attempts']}"
    note = nodes.paragraph(classes=["example-machine"])
    note += nodes.emphasis(text=machine + ".")
    return [*result, note]


def measurement_note(spec, claims, record, rerun, report=True) -> list[nodes.Node]:
    cores = runner.usable_cores()
    script, location = spec["script"], spec["location"]
    try:
        outcomes = measurements.check(claims, record["output"], cores)
    except measurements.ClaimError as error:
        logger.warning("example-output: %s: %s", script, error, location=location)
        return []
    share = measurements.Share(record["wall"], record["received"], record["others"], cores)
    verdict = measurements.Verdict(outcomes, share, spec["needs_cores"], record["attempts"], cores,
                                   record.get("pair"))
    paragraphs = measurements.notice_text(verdict, rerun)
    if not paragraphs:
        return []
    if verdict.missed and report:
        say = logger.warning if measurements.strict() else logger.info
        say("example-output: %s missed its expectation: %s", script,
            "; ".join(o.describe(cores) for o in verdict.missed), location=location)
    return [measurement_admonition(paragraphs)]


# --- Runs that were not in the cache ------------------------------------------------

class pending_output(nodes.General, nodes.Element):
    """Where the output of a run that was not in the cache goes (ResolveOutputs)."""


class pending_measured(nodes.Inline, nodes.Element):
    """A {measured} number taken from the output of such a run."""


class PendingKey(str):
    """In the page's list of outputs: the cache key of a run that has not finished."""


class ExampleRuns:
    """The runs that the pages asked for and the cache did not have.

    The runs without claims of one page go in a thread, in the page's order
    (a page may run a script that reads what the one above it wrote), as
    soon as the page has been read; the pages' threads go side by side (as
    many as there are usable cores, and at least two: many runs sleep, or
    wait on a server or on MPI ranks), while the build reads on.  A timed run
    waits for the end of reading (env-updated) and for every other run to
    finish; then the timed runs go one at a time, so nothing of the build's
    own competes with them.  So a run without claims must not need the
    output of a timed run above it.
    """

    def __init__(self, timed_alone: bool = True) -> None:
        self.timed_alone = timed_alone
        self.pool = None
        self.page: dict[str, list[str]] = {}      # docname: its untimed runs, in order
        self.waiting: list[Future] = []
        self.timed: dict[str, dict] = {}
        self.specs: dict[str, dict] = {}
        self.records: dict[str, dict] = {}
        self.shown: set[str] = set()              # put into a page already

    def submit(self, docname: str, key: str, spec: dict) -> None:
        if key in self.specs:
            return
        self.specs[key] = spec
        if spec["expect"] and self.timed_alone:
            self.timed[key] = spec
        else:
            self.page.setdefault(docname, []).append(key)

    def page_read(self, docname: str) -> None:
        """Once a page has been read (doctree-read): start its untimed runs."""
        keys = self.page.pop(docname, [])
        if not keys:
            return
        if self.pool is None:
            self.pool = ThreadPoolExecutor(max_workers=max(2, runner.usable_cores()),
                                           thread_name_prefix="example")
        self.waiting.append(self.pool.submit(
            lambda: [(key, run_and_cache(key, self.specs[key])) for key in keys]))

    def finish(self) -> None:
        """At the end of reading: wait for the untimed runs, then run the timed ones."""
        for docname in list(self.page):  # a page whose reading stopped half-way
            self.page_read(docname)
        for future in self.waiting:
            for key, record in future.result():
                self.keep(key, record)
        self.waiting.clear()
        if self.pool is not None:
            self.pool.shutdown()
            self.pool = None
        if self.timed:
            logger.info("lesson: %d timed runs, one at a time", len(self.timed))
        for key, spec in self.timed.items():
            self.keep(key, run_and_cache(key, spec))
        self.timed.clear()

    def keep(self, key: str, record: dict) -> None:
        report_failure(self.specs[key], record)
        self.records[key] = record

    def record(self, key: str, spec: dict) -> dict:
        """The record of a run for the page being written (run now if nobody did)."""
        if key not in self.records:
            record = example_cache.cached_record(key, timed=bool(spec["expect"]))
            if record is None:  # the page's doctree was read by another process
                self.specs[key] = spec
                self.keep(key, run_and_cache(key, spec))
            else:
                self.records[key] = record
        return self.records[key]


def start_runs(app) -> None:
    # Threads cannot let the runs take Ctrl-C (lesson.runner): the main thread does, now.
    runner.let_children_take_ctrl_c()
    app.lesson_runs = ExampleRuns(timed_alone=app.config.lesson_timed_runs_alone)


class ResolveOutputs(SphinxPostTransform):
    """Put the output of each run that was pending into the page being written.

    It runs just after sphinx-lesson's exercise list has copied in the
    exercises of every page, so the copies are filled in too, and just before
    CopiedExercises."""

    default_priority = exerciselist.el_transform_priority + 1

    def run(self, **kwargs) -> None:
        runs = self.app.lesson_runs
        for node in list(self.document.findall(pending_output)):
            key = node["key"]
            node.replace_self(output_nodes(node["spec"], runs.record(key, node["spec"]),
                                           report=key not in runs.shown))
            runs.shown.add(key)
        for node in list(self.document.findall(pending_measured)):
            output = runs.records[node["key"]]["output"] if node["key"] in runs.records else ""
            node.replace_self(measured_nodes(node["label"], output, node["location"]))


def measurement_admonition(paragraphs: list[str]) -> nodes.admonition:
    """The visible notice beside a number that missed its expectation."""
    admonition = nodes.admonition(classes=["measurement-note"])
    admonition += nodes.title(text="Measurement note")
    for text in paragraphs:
        paragraph = nodes.paragraph()
        # `command` spans become inline code, the rest stays text.
        for index, piece in enumerate(text.split("`")):
            if index % 2:
                paragraph += nodes.literal(piece, piece)
            elif piece:
                paragraph += nodes.Text(piece)
        admonition += paragraph
    return admonition


class MeasuredRole(SphinxRole):
    """{measured}`Speedup`: the number after 'Speedup:' in the latest output above, on
    this page.  For prose that quotes a measurement: it can never disagree with it."""

    def run(self):
        label = self.text.strip()
        outputs = self.env.temp_data.get("lesson_outputs", [])
        if not outputs:
            logger.warning(f"{{measured}}`{label}`: no example-output above it on this page",
                           location=self.get_location())
            return [nodes.inline(label, label)], []
        if isinstance(outputs[-1], PendingKey):
            return [pending_measured(key=str(outputs[-1]), label=label,
                                     location=self.get_location())], []
        return measured_nodes(label, outputs[-1], self.get_location()), []


def measured_nodes(label: str, output: str, location) -> list[nodes.Node]:
    try:
        value = measurements.measured_value(output, label)
    except measurements.ClaimError as error:
        logger.warning(f"{{measured}}`{label}`: {error}", location=location)
        return [nodes.inline(label, label)]
    text = f"{value:g}"
    return [nodes.inline(text, text, classes=["measured"])]




























def setup(app):
    # How often a timed run that misses its expectation is tried in all.
    app.add_config_value("lesson_measure_attempts", measurements.ATTEMPTS, "env")
    # False: timed runs go side by side with the others, like them (the tests' build,
    # which never judges a timing: the tests run beside it anyway).
    app.add_config_value("lesson_timed_runs_alone", True, "env")
    app.add_role("measured", MeasuredRole())
    app.connect("builder-inited", start_runs)
    app.connect("doctree-read", lambda app, doctree: app.lesson_runs.page_read(app.env.docname))
    app.connect("env-updated", lambda app, env: app.lesson_runs.finish())
    app.add_directive("example-output", ExampleOutput)
    app.add_post_transform(ResolveOutputs)
    return {"version": "1.1", "env_version": 2, "parallel_read_safe": True, "parallel_write_safe": True}
