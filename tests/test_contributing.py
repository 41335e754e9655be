"""CONTRIBUTING.md, followed word for word, adds an example, an exercise and an episode.

Each test takes the fenced blocks of one step-by-step section of
CONTRIBUTING.md as they stand, applies them to a throwaway copy of the
repository (the files git tracks or would track, with this .venv), and runs
there, with the copy's own ``lesson`` package, the commands the section
lists.  A command that needs the built site is not run: a strict build takes
a minute and a half or more, and the site tests check the built site on every
``make test``.  What the build needs of the text written is checked instead:
the file a listing includes exists and holds the function it shows, the run a
page shows exits as declared, a new episode is in ``EPISODES`` and in the
guide's schedules with its minutes.  Change a block of CONTRIBUTING.md and
this follows it; a block that no longer works, or that disagrees with the
text around it, fails here.
"""
from __future__ import annotations

import ast
import json
import re
import shlex
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

import harness
from harness import EPISODES, ROOT, Result, skip_or_fail
from lesson import runner

CONTRIBUTING = ROOT / "CONTRIBUTING.md"
# MyST reads pages with markdown-it-py; CommonMark alone finds the same ``` and ~~~ fences.
MARKDOWN = MarkdownIt("commonmark")
COMMAND_TIMEOUT = 300


# --- Reading Markdown ------------------------------------------------------------

@dataclass(frozen=True)
class Block:
    """A fenced block: its info string, its text, and the paragraph just before it."""
    info: str
    text: str
    lead: str


@dataclass(frozen=True)
class Directive:
    """A MyST directive (```{name} argument): its options, and the directives in its body."""
    name: str
    argument: str
    options: dict[str, str]
    body: list[Directive] = field(default_factory=list)


def words(text: str) -> str:
    return " ".join(text.split())


def code_spans(text: str) -> list[str]:
    return [words(span) for span in re.findall(r"`([^`]+)`", text)]


def section(title: str) -> tuple[list[Block], str]:
    """The fenced blocks of CONTRIBUTING's ``## title`` section, and its prose."""
    tokens = MARKDOWN.parse(CONTRIBUTING.read_text(encoding="utf-8"))
    blocks, prose, inside, lead = [], [], False, ""
    for before, token in zip([None, *tokens], tokens):
        if token.type == "inline" and before.type == "heading_open" and before.tag == "h2":
            inside = token.content == title
        elif inside and token.type == "inline" and before.type == "paragraph_open":
            lead = token.content
            prose.append(lead)
        elif inside and token.type == "fence":
            blocks.append(Block(token.info.strip(), token.content, lead))
    assert blocks, f"CONTRIBUTING.md has no section '## {title}' with code blocks"
    return blocks, words(" ".join(prose))


def one_span(text: str, pattern: str) -> str:
    """The one code span of `text` that matches `pattern` (a path the step names)."""
    found = [span for span in code_spans(text) if re.fullmatch(pattern, span)]
    assert len(found) == 1, f"expected one `{pattern}` in this step of CONTRIBUTING.md:\n{text}"
    return found[0]


def directives(markdown: str) -> list[Directive]:
    """The directives of a Markdown text, each with those nested in its body."""
    found = []
    for token in MARKDOWN.parse(markdown):
        head = re.fullmatch(r"\{([\w-]+)\}\s*(.*)", token.info.strip()) if token.type == "fence" else None
        if head is None:
            continue
        lines, options = token.content.splitlines(), {}
        while lines and (option := re.fullmatch(r":([\w-]+):\s*(.*)", lines[0])):
            options[option[1]] = option[2].strip().strip("\"'")  # MyST reads a quoted value as YAML
            lines.pop(0)
        found.append(Directive(head[1], head[2].strip(), options, directives("\n".join(lines))))
    return found


def walk(found: list[Directive]):
    for directive in found:
        yield directive
        yield from walk(directive.body)


def insert_before(path: Path, marker: str, text: str) -> None:
    """Write `text` into `path` just before the one line that starts with `marker`."""
    old = path.read_text(encoding="utf-8")
    at = [m.start() for m in re.finditer(rf"^{re.escape(marker)}", old, re.M)]
    assert len(at) == 1, f"{path.name}: expected one line starting with {marker!r}, found {len(at)}"
    path.write_text(old[:at[0]] + text + old[at[0]:], encoding="utf-8")


# --- The copy of the repository ------------------------------------------------------

def run_in(copy: Path, line: list[str], timeout: float = COMMAND_TIMEOUT) -> Result:
    """Run `line` from the copy's root, the copy first on the path; pytest's temporary
    folders go beside the copy, not among this run's."""
    return runner.run(line, cwd=copy, timeout=timeout,
                      env={"PYTHONPATH": str(copy), "PYTEST_DEBUG_TEMPROOT": str(copy.parent)})


@pytest.fixture
def copy(tmp_path) -> Path:
    """The repository's files that git tracks or would track, as they are now, with
    this run's virtual environment as .venv."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        skip_or_fail("git and a git checkout are needed to copy the repository",
                     "Run the tests in a clone of the repository.")
    listed = runner.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                        cwd=ROOT, timeout=60)
    assert listed.returncode == 0, listed.describe()
    root = tmp_path / "repository"
    for name in filter(None, listed.stdout.split("\0")):
        if (ROOT / name).is_file():  # a file deleted but not yet committed is left out
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, root / name)
    venv = Path(sys.prefix) if sys.prefix != sys.base_prefix else ROOT / ".venv"
    (root / ".venv").symlink_to(venv, target_is_directory=True)
    found = run_in(root, [runner.PYTHON, "-c", "import lesson; print(lesson.__file__)"], timeout=60)
    assert Path(found.stdout.strip()).is_relative_to(root), found.describe()
    return root


def directive_names(copy: Path) -> set[str]:
    """The directives the lesson's pages use: the build knows these."""
    return {d.name for page in (copy / "content").glob("*.md")
            for d in walk(directives(page.read_text(encoding="utf-8")))}


def check_shown(copy: Path, page: Path, shown: list[Directive], known: set[str]) -> None:
    """What the build needs of the directives `shown` on `page`: known directives, an
    included example and the function it shows, a run that exits as declared."""
    unknown = {d.name for d in walk(shown)} - known
    assert not unknown, f"directives no page of the lesson uses: {unknown}"
    on_page = list(walk(directives(page.read_text(encoding="utf-8"))))
    assert all(d in on_page for d in walk(shown)), f"{page.name} does not read as the step wrote it"
    for directive in walk(shown):
        options = directive.options
        if directive.name == "literalinclude":
            path = (page.parent / directive.argument).resolve()
            assert path.is_file(), f"{page.name}: literalinclude of a missing file: {directive.argument}"
            assert path.is_relative_to((copy / "examples").resolve()), f"not an example: {path}"
            text = path.read_text(encoding="utf-8")
            if "pyobject" in options:
                defined = {node.name for node in ast.parse(text).body
                           if isinstance(node, ast.FunctionDef | ast.ClassDef)}
                assert options["pyobject"] in defined, f"{path.name} defines no {options['pyobject']}"
            for marker in (options[name] for name in ("start-after", "end-before") if name in options):
                assert marker in text, f"{path.name} has no line {marker!r}"
        elif directive.name == "example-output":
            assert (copy / "examples" / directive.argument).is_file(), \
                f"{page.name}: example-output of a missing example: {directive.argument}"
            line = runner.command(directive.argument, shlex.split(options.get("args", "")),
                                  ranks=int(options["mpi"]) if "mpi" in options else None,
                                  python_args=shlex.split(options.get("python-args", "")))
            result = run_in(copy, line, timeout=int(options.get("timeout", 120)))
            assert result.returncode == int(options.get("returncode", 0)), result.describe()


def run_commands(copy: Path, console: str) -> list[str]:
    """Run the console block's commands that need no built site; return those not run."""
    site = []
    for line in (line[2:] for line in console.splitlines() if line.startswith("$ ")):
        arguments = shlex.split(line)
        for name in arguments[1:]:
            if re.match(r"(examples|tests|lesson|scripts|content)/", name):
                assert (copy / name).exists(), f"CONTRIBUTING.md's command names a missing file: {line}"
        modules = [copy / name for name in arguments if re.fullmatch(r"tests/test_\w+\.py", name)]
        if any(re.search(r"pytest\.mark\.site\b", module.read_text(encoding="utf-8"))
               for module in modules):
            site.append(line)
            continue
        result = run_in(copy, arguments)
        assert result.returncode == 0, f"CONTRIBUTING.md's command failed: {line}\n{result.describe()}"
    return site


# --- Adding an example -------------------------------------------------------------

@dataclass(frozen=True)
class ExampleSteps:
    """The blocks of "Adding an example, step by step", and the paths its steps name."""
    script: str           # examples/ep04_pools/map_squares.py
    code: str
    module: str           # tests/expectations/ep04.py
    entry: str            # the EXPECTATIONS entry
    imported: str         # the module's `from harness import ...` line, as the step gives it
    page: str             # content/04-pools.md
    snippet: str          # what the page shows
    commands: str

    def write_example(self, copy: Path) -> None:
        """Steps 1 and 2: the script, its entry first in EXPECTATIONS, the names it imports."""
        (copy / self.script).write_text(self.code, encoding="utf-8")
        module = copy / self.module
        old = module.read_text(encoding="utf-8")
        opening = list(re.finditer(r"^EXPECTATIONS\b[^=\n]*= \{\n", old, re.M))
        assert len(opening) == 1, f"{self.module}: expected one line `EXPECTATIONS ... = {{`"
        new = old[:opening[0].end()] + self.entry + old[opening[0].end():]
        current = re.search(r"^from harness import (.+)$", new, re.M)
        assert current, f"{self.module} has no `from harness import` line"
        used = {node.id for node in ast.walk(ast.parse("{" + self.entry + "}", mode="eval"))
                if isinstance(node, ast.Name) and hasattr(harness, node.id)}
        names = sorted({*current[1].split(", "), *used}, key=ruff_order)
        line = f"from harness import {', '.join(names)}"
        assert line == self.imported, (f"after step 2, {self.module} imports `{line}`; "
                                       f"CONTRIBUTING.md says `{self.imported}`")
        module.write_text(new.replace(current[0], line), encoding="utf-8")


def ruff_order(name: str) -> tuple:
    """Where ruff's isort puts an imported name: constants, then classes, then the rest."""
    kind = 0 if name.isupper() and len(name) > 1 else 1 if name[0].isupper() else 2
    return kind, name.lower(), name


def example_steps() -> ExampleSteps:
    blocks, prose = section("Adding an example, step by step")
    assert [block.info for block in blocks] == ["python", "python", "markdown", "console"], \
        "the blocks of 'Adding an example, step by step' changed: change this test with them"
    code, entry, snippet, commands = blocks
    script = one_span(code.lead, r"examples/\S+\.py")
    keys = ast.parse("{" + entry.text + "}", mode="eval").body.keys
    assert [ast.literal_eval(key) for key in keys] == [script.removeprefix("examples/")], \
        f"step 2's entry is not for step 1's {script}"
    episode = next((e for e in EPISODES if e.folder == Path(script).parts[1]), None)
    assert episode, f"{script} is not in an episode's folder"
    page = one_span(snippet.lead, r"content/\S+\.md")
    assert page == f"content/{episode.page}.md", f"step 3 names {page}, not the page of {script}"
    imported = [span for span in code_spans(prose)
                if re.fullmatch(r"from harness import \w+(, \w+)*", span)]
    assert len(imported) == 1, "step 2 should give the module's `from harness import ...` line once"
    return ExampleSteps(script, code.text, one_span(entry.lead, r"tests/expectations/\w+\.py"),
                        entry.text, imported[0], page, snippet.text, commands.text)


def test_adding_an_example(copy):
    steps = example_steps()
    known = directive_names(copy)
    steps.write_example(copy)
    page = copy / steps.page
    insert_before(page, "```{keypoints}", steps.snippet + "\n")
    shown = directives(steps.snippet)
    assert [d.name for d in shown] == ["literalinclude", "example-output"], "step 3: the listing, the run"
    check_shown(copy, page, shown, known)
    not_run = run_commands(copy, steps.commands)
    assert len(not_run) == 1, f"expected one command that needs the built site, found {not_run}"


# --- Adding an exercise ---------------------------------------------------------------

def test_adding_an_exercise(copy):
    """The example's steps with the exercise of "Adding an exercise" in place of step 3."""
    steps = example_steps()
    blocks, _ = section("Adding an exercise")
    assert [block.info for block in blocks] == ["markdown"], "'Adding an exercise': one block, the exercise"
    exercise = blocks[0]
    assert one_span(exercise.lead, r"content/\S+\.md") == steps.page, "not the example's page"
    page = copy / steps.page
    known = directive_names(copy)
    numbers = [int(n) for n in re.findall(r"^````\{exercise\} Exercise (\d+):",
                                          page.read_text(encoding="utf-8"), re.M)]
    steps.write_example(copy)
    insert_before(page, "```{keypoints}", exercise.text + "\n")
    shown = directives(exercise.text)
    assert [d.name for d in shown] == ["exercise"], "the block is one exercise"
    assert shown[0].argument.startswith(f"Exercise {max(numbers, default=0) + 1}: "), \
        f"the page's next exercise is number {max(numbers, default=0) + 1}"
    solutions = [d for d in shown[0].body if d.name == "solution"]
    assert len(solutions) == 1, "the exercise holds one solution"
    listed = {(page.parent / d.argument).resolve() for d in walk(solutions[0].body)
              if d.name == "literalinclude"}
    assert (copy / steps.script).resolve() in listed, "the solution's code is the example"
    check_shown(copy, page, shown, known)
    run_commands(copy, steps.commands)


# --- Adding an episode ------------------------------------------------------------------

EPISODES_OF_COPY = """
import json
from lesson.runner import EPISODES, episode
print(json.dumps([[e.number, e.page, e.folder, e.day, e.minutes, e.path.is_file(),
                   episode(e.number) == e] for e in EPISODES]))
"""


def test_adding_an_episode(copy):
    blocks, _ = section("Adding an episode")
    assert [block.info for block in blocks] == ["python", "markdown", "markdown"], \
        "the blocks of 'Adding an episode' changed: change this test with them"
    entry, skeleton, guide_section = blocks
    call = ast.parse(entry.text.strip().rstrip(","), mode="eval").body
    assert isinstance(call, ast.Call) and call.func.id == "Episode", "step 1 is an Episode(...)"
    number, page, folder, day, minutes, _ = (ast.literal_eval(arg) for arg in call.args)
    known = directive_names(copy)

    # Step 1: at the end of EPISODES, before its closing parenthesis.
    runner_py = copy / "lesson" / "runner.py"
    text = runner_py.read_text(encoding="utf-8")
    opening = list(re.finditer(r"^EPISODES\b[^=\n]*= \(\n", text, re.M))
    assert len(opening) == 1, "lesson/runner.py: expected one line `EPISODES ... = (`"
    closing = text.index("\n)\n", opening[0].end()) + 1
    runner_py.write_text(text[:closing] + entry.text + text[closing:], encoding="utf-8")
    # Step 2: the page.
    assert one_span(skeleton.lead, r"content/\S+\.md") == f"content/{page}.md", "step 2 names another page"
    (copy / "content" / f"{page}.md").write_text(skeleton.text, encoding="utf-8")
    # Step 3: the guide's schedules and its section.
    schedule_step = re.search(r"add the line `(episode \d+)` right after the line `(episode \d+)`",
                              words(guide_section.lead))
    assert schedule_step, f"step 3 should say which line goes after which:\n{guide_section.lead}"
    assert schedule_step.groups() == (f"episode {number}", f"episode {number - 1}"), \
        f"step 3 should put `episode {number}` after `episode {number - 1}`"
    guide = copy / "content" / "instructor-guide.md"
    lines = guide.read_text(encoding="utf-8").splitlines(keepends=True)
    after = [i for i, line in enumerate(lines) if line.strip() == f"episode {number - 1}"]
    assert after, f"no schedule of the guide has the line `episode {number - 1}`"
    for i in reversed(after):
        lines.insert(i + 1, f"episode {number}\n")
    # The section goes before the heading that follows the previous episode's.
    headings = [(token.map[0], token.tag, tokens[i + 1].content)
                for tokens in [MARKDOWN.parse("".join(lines))]
                for i, token in enumerate(tokens) if token.type == "heading_open"]
    previous = [i for i, (_, tag, title) in enumerate(headings)
                if tag == "h3" and title.startswith(f"Episode {number - 1}: ")]
    assert len(previous) == 1, f"the guide has no one section 'Episode {number - 1}: ...'"
    following = headings[previous[0] + 1][0]
    lines.insert(following, guide_section.text + "\n")
    guide.write_text("".join(lines), encoding="utf-8")

    # The copy's runner has the episode, last, with its page.
    listed = run_in(copy, [runner.PYTHON, "-c", EPISODES_OF_COPY], timeout=60)
    assert listed.returncode == 0, listed.describe()
    episodes = json.loads(listed.stdout)
    assert episodes[-1] == [number, page, folder, day, minutes, True, True], episodes[-1]
    assert [e[0] for e in episodes] == list(range(1, len(episodes) + 1)), "EPISODES in order, from 1"
    # The page: a title, questions, objectives and instructor-note, keypoints last.
    tokens = MARKDOWN.parse(skeleton.text)
    assert tokens[0].type == "heading_open" and tokens[0].tag == "h1", "the page starts with its title"
    shown = directives(skeleton.text)
    assert [d.name for d in shown[:3]] + [shown[-1].name] == \
        ["questions", "objectives", "instructor-note", "keypoints"]
    check_shown(copy, copy / "content" / f"{page}.md", shown, known)
    # The guide: every schedule names episodes that exist, each day's in order; each
    # episode has its section, with the minutes of EPISODES.
    text = guide.read_text(encoding="utf-8")
    schedules = [re.findall(r"^episode (\d+)$", token.content, re.M) for token in MARKDOWN.parse(text)
                 if token.type == "fence" and token.info.strip() == "{lesson-schedule}"]
    for d in {e[3] for e in episodes}:
        of_day = [e[0] for e in episodes if e[3] == d]
        shown_of_day = [int(n) for schedule in schedules for n in schedule if int(n) in of_day]
        assert shown_of_day and shown_of_day == of_day * (len(shown_of_day) // len(of_day)), \
            f"day {d}: the schedules show episodes {shown_of_day}, EPISODES has {of_day}"
    assert all(int(n) <= len(episodes) for schedule in schedules for n in schedule)
    sections = {int(n): int(m)
                for n, m in re.findall(r"^### Episode (\d+): .*\((\d+) minutes\)$", text, re.M)}
    assert sections == {e[0]: e[4] for e in episodes}, "the guide's sections and EPISODES differ in minutes"
