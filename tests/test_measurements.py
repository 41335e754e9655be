"""The checking of timing claims (lesson/measurements.py) and the example-output directive.

The unit tests feed measurements.check fixed outputs.  The build tests make a
tiny Sphinx project in a temporary folder, with a fake example that prints
fixed numbers, and build it with `python -m sphinx` (under a timeout):

- a measurement below its expectation gives the `measurement-note` notice,
  one above it does not, and STRICT_TIMINGS=1 turns the miss into a failed build;
- a claim that cannot be read is a clear build error;
- the cache of outputs (_build/example-cache, keyed on the example's bytes,
  its arguments and the environment) reruns a changed example and not an
  unchanged one; LESSON_NO_CACHE=1 reruns it anyway;
- runs without claims go side by side, and timed runs after them, one at a
  time, even when the page has them first.

Timings are never measured here: the numbers are printed by the fake.
"""
import re

import pytest

from harness import parse_html, run_command
from lesson import measurements
from lesson.build import sphinx_command

# --- The claims themselves ------------------------------------------------------------

OUTPUT = "Time serial: 2.00 s\nTime with 2 workers: 1.10 s\nSpeedup: 1.82\n"


def outcomes(claims, output=OUTPUT, cores=2):
    return measurements.check(measurements.parse_claims(claims), output, cores)


@pytest.mark.parametrize("claims, ok", [
    ("[Speedup] >= 0.75 * min(2, cores)", [True]),
    ("[Speedup] >= 0.95 * cores", [False]),
    ("[Speedup] <= 1.25", [False]),
    ("1.5 <= [Speedup] <= 2", [True]),
    ("[Time serial] / [Time with 2 workers] > 1.8; [Speedup] < 1", [True, False]),
    ("[Speedup] >= max(1, cores - 1)", [True]),
])
def test_claims_are_checked_against_the_output(claims, ok):
    assert [o.ok for o in outcomes(claims)] == ok


def test_cores_is_the_builds_usable_cores():
    assert [o.ok for o in outcomes("[Speedup] >= 0.75 * cores", cores=2)] == [True]
    assert [o.ok for o in outcomes("[Speedup] >= 0.75 * cores", cores=4)] == [False]


@pytest.mark.parametrize("claims, message", [
    ("[Speedup] > > 2", "cannot read the claim"),
    ("[Speedup] >> 2", "compares with <, <=, > or >="),
    ("[Speedup] == 2", "compares with <, <=, > or >="),
    ("2 > 1", "names a measured number"),
    ("[Speedup] > speedup", "unknown name 'speedup'"),
    ("[Speedup] > abs(-1)", "only min() and max()"),
    ("[Speedup] > 'fast'", "only numbers"),
    ("[Speedup] > __import__('os')", "only min() and max()"),
])
def test_a_claim_that_cannot_be_read_says_why(claims, message):
    with pytest.raises(measurements.ClaimError, match=re.escape(message)):
        measurements.parse_claims(claims)


@pytest.mark.parametrize("output, message", [
    ("Speed: 1.8\n", "no line 'Speedup: <number>'"),
    ("Speedup: 1.8\nSpeedup: 1.9\n", "2 lines 'Speedup: <number>'"),
])
def test_a_claim_needs_exactly_one_line_with_its_label(output, message):
    with pytest.raises(measurements.ClaimError, match=re.escape(message)):
        outcomes("[Speedup] > 1", output=output)


def test_a_label_is_the_start_of_a_line_not_part_of_another():
    assert measurements.measured_value("  Speedup: 1.5 (two workers)\nSpeedup with threads: 0.9\n",
                                       "Speedup") == 1.5


def verdict(claims, cores=2, needs_cores=1, cpu=2.0, busy=2.0):
    share = measurements.Share.of(1.0, cpu, busy, cores)
    return measurements.Verdict(outcomes(claims, cores=cores), share, needs_cores, 3, cores)


def test_no_notice_when_the_claims_hold():
    assert measurements.notice_text(verdict("[Speedup] >= 1.5"), "python x.py") == []


def test_the_notice_says_expected_measured_reason_and_rerun():
    text = " ".join(measurements.notice_text(verdict("[Speedup] >= 0.95 * cores"), "python x.py"))
    assert "Expected Speedup ≥ 1.9 (0.95 × cores), with cores = 2." in text
    assert "Measured Speedup 1.82." in text
    assert "after 3 attempts" in text and "`python x.py`" in text


def test_the_notice_names_a_busy_machine():
    busy = verdict("[Speedup] >= 1.9", cpu=1.0, busy=2.0)   # others used a whole core
    assert busy.share.disturbed
    assert "the build machine was busy" in " ".join(measurements.notice_text(busy, "python x.py"))


@pytest.mark.parametrize("pair, said", [(1.31, True), (1.95, False), (None, False)])
def test_the_notice_names_cores_that_are_slow_together(pair, said):
    missed = verdict("[Speedup] >= 0.95 * cores", needs_cores=2)   # the run had the machine
    missed.pair = pair
    text = " ".join(measurements.notice_text(missed, "python x.py"))
    assert ("ran 1.31 times as fast as one, where two free cores give 2" in text) is said
    assert "no other program was seen using the CPU" in text


def test_the_share_alone_explains_a_busy_or_starved_run_and_then_no_probe_runs():
    busy = measurements.Share.of(1.0, 1.0, 2.0, 2)      # others kept a core busy
    starved = measurements.Share.of(1.0, 0.5, 0.5, 2)   # half a core for a two-core run
    full = measurements.Share.of(1.0, 1.9, 1.9, 2)
    assert measurements.share_reason(busy, 2).startswith("the build machine was busy")
    assert measurements.share_reason(starved, 2).endswith("less than it asked for.")
    assert measurements.share_reason(full, 2) is None
    assert [measurements.needs_pair_probe(s, 2) for s in (busy, starved, full)] == [False, False, True]
    assert not measurements.needs_pair_probe(full, 1)


def test_the_pair_probe_runs_two_copies_of_the_reference_job():
    assert measurements.reference_job() == sum(i * i for i in range(2_000_000))
    assert measurements.pair_speedup(repeats=1) > 0


def test_too_few_cores_means_nothing_to_speed_up():
    one_core = verdict("[Speedup] >= 0.75 * min(2, cores)", cores=1, needs_cores=2)
    assert one_core.missed == [] and not one_core.ok
    assert "there is nothing to speed up here" in " ".join(
        measurements.notice_text(one_core, "python x.py"))


# --- The directive, in a tiny Sphinx project --------------------------------------------

CONF = """
from pathlib import Path
from lesson import build_commands, build_machine, example_cache, example_output, runner
runner.usable_cores()          # cached from the real examples before they move
build_machine.machine_description()
project_root = Path(__file__).resolve().parent
for module in (runner, example_cache, example_output, build_commands):
    module.ROOT = project_root
    module.EXAMPLES = project_root / "examples"
example_cache.CACHE = project_root / "_build" / "example-cache"
extensions = ["myst_parser", "lesson.example_output", "lesson.build_commands"]
"""

# Prints the numbers it is given, and notes each run (with its --tag) in runs.log.
FAKE = """\
import argparse
import os
from pathlib import Path

parser = argparse.ArgumentParser()
parser.add_argument("--speedup", default="1.80")
parser.add_argument("--tag", default="")
args = parser.parse_args()
with open(Path(__file__).parent / "runs.log", "a") as log:
    log.write(args.tag + "\\n")
print("Time serial: 2.00 s")
print(f"Speedup: {args.speedup}")
print("Variable:", os.environ.get("LESSON_X", "unset"))
"""


@pytest.fixture
def project(tmp_path):
    (tmp_path / "examples" / "fake").mkdir(parents=True)
    for name in ("numbers.py", "other.py"):
        (tmp_path / "examples" / "fake" / name).write_text(FAKE)
    (tmp_path / "content").mkdir()
    (tmp_path / "conf.py").write_text(CONF)
    return tmp_path


def page(project, *blocks):
    (project / "content" / "index.md").write_text("# Numbers\n" + "".join(blocks))


def output_block(args, expect="[Speedup] >= 1.5", extra="", script="numbers.py"):
    return f"""
```{{example-output}} fake/{script}
:args: {args}
:expect: {expect}
:attempts: 1
{extra}```
"""


def build(project, *options, **env):
    """Build the project strictly, from scratch, into _build/html; return the result."""
    command = sphinx_command("html", project / "_build" / "html", doctrees=project / "_build" / "doctrees",
                             options=(*options, "-E"), root=project)
    return run_command(command, timeout=120, cwd=project,
                       env={"STRICT_TIMINGS": "", "LESSON_NO_CACHE": "", **env})


def blocks_and_notes(project) -> list[tuple[str, str]]:
    """("output", text) and ("note", text) for each block of the page, in order."""
    tree = parse_html(project / "_build" / "html" / "index.html")
    found = []
    for element in tree.iter():
        if element.tag == "div" and "example-output" in element.classes:
            found.append(("output", element.text()))
        elif element.tag == "div" and "measurement-note" in element.classes:
            found.append(("note", " ".join(element.text().split())))
    return found


def runs(project) -> list[str]:
    """The --tag of every run of the fakes so far."""
    log = project / "examples" / "fake" / "runs.log"
    return log.read_text().splitlines() if log.is_file() else []


def test_a_miss_gives_the_notice_beside_it_and_a_hit_does_not(project):
    page(project, output_block("--speedup 0.90"), output_block("--speedup 1.80"))
    result = build(project)
    assert result.returncode == 0, result.describe()
    kinds = [(kind, text) for kind, text in blocks_and_notes(project)]
    assert [kind for kind, _ in kinds] == ["output", "note", "output"], kinds
    assert "--speedup 0.90" in kinds[0][1] and "--speedup 1.80" in kinds[2][1]
    note = kinds[1][1]
    assert "Expected Speedup ≥ 1.5. Measured Speedup 0.9." in note
    assert "python examples/fake/numbers.py --speedup 0.90" in note


def test_strict_timings_fails_the_build_on_a_miss(project):
    page(project, output_block("--speedup 0.90"))
    result = build(project, STRICT_TIMINGS="1")
    assert result.returncode != 0, result.describe()
    assert "missed its expectation: expected Speedup ≥ 1.5; measured Speedup 0.9" in result.stderr, \
        result.describe()


def test_a_build_command_that_fails_fails_the_build(project):
    """The benchmark and the MPI scaling exit 1 on a strict miss (tests/test_benchmark_claims.py,
    tests/test_ep11_coupled_mpi.py); their exit status must fail the build that runs them."""
    producer = project / "producer.py"
    producer.write_text("import sys\nprint('STRICT_TIMINGS: missed', file=sys.stderr)\nsys.exit(1)\n")
    with open(project / "conf.py", "a") as conf:
        conf.write("lesson_build_commands = [{'command': ['producer.py']}]\n")
    page(project)
    result = build(project, STRICT_TIMINGS="1")
    assert result.returncode != 0, result.describe()
    assert "failed with exit status 1" in result.stderr and "STRICT_TIMINGS: missed" in result.stderr, \
        result.describe()


def test_strict_timings_passes_a_hit_and_a_run_with_too_few_cores(project):
    page(project, output_block("--speedup 1.80"),
         output_block("--speedup 0.90", extra=":needs-cores: 1000\n"))
    result = build(project, STRICT_TIMINGS="1")
    assert result.returncode == 0, result.describe()
    kinds = blocks_and_notes(project)
    assert [kind for kind, _ in kinds] == ["output", "output", "note"], kinds
    assert "nothing to speed up" in kinds[2][1]


def test_a_bad_claim_is_a_clear_build_error(project):
    page(project, output_block("--speedup 1.80", "[Speedup] > > 1"),
         output_block("--speedup 1.80", "[Missing] > 1"))
    result = build(project)
    assert result.returncode != 0, result.describe()
    for message in ("cannot read the claim '[Speedup] > > 1'",
                    "the output has no line 'Missing: <number>'"):
        assert re.search(r"index\.md:\d+: (WARNING|ERROR): example-output: .*" + re.escape(message),
                         result.stderr), result.describe()


def test_the_cache_reruns_a_changed_example_and_not_an_unchanged_one(project):
    def blocks(args_b="--tag b", env_c=""):
        return [output_block("--tag a"), output_block(args_b),
                output_block("--tag c", extra=env_c), output_block("--tag d", script="other.py")]

    page(project, *blocks())
    assert build(project).returncode == 0
    assert sorted(runs(project)) == ["a", "b", "c", "d"]
    # Unchanged, with other arguments, another environment, other bytes:
    page(project, *blocks(args_b="--tag b --speedup 1.70", env_c=":env: LESSON_X=1\n"))
    other = project / "examples" / "fake" / "other.py"
    other.write_text(other.read_text().replace('"Time serial: 2.00 s"', '"Time serial: 3.00 s"'))
    assert build(project).returncode == 0
    assert sorted(runs(project)[4:]) == ["b", "c", "d"], "only the changed runs run again"
    shown = [text for kind, text in blocks_and_notes(project) if kind == "output"]
    assert "Variable: 1" in shown[2] and "Time serial: 3.00 s" in shown[3]
    # LESSON_NO_CACHE=1 reruns even the unchanged ones.
    assert build(project, LESSON_NO_CACHE="1").returncode == 0
    assert sorted(runs(project)[7:]) == ["a", "b", "c", "d"]


# Two untimed runs of this wait (up to 30 s) until the other one has started too.
MEET = """\
import sys
import time
from pathlib import Path

here = Path(__file__).parent
me, other = sys.argv[1], sys.argv[2]
(here / f"{me}.started").touch()
deadline = time.monotonic() + 30
while not (here / f"{other}.started").exists() and time.monotonic() < deadline:
    time.sleep(0.05)
together = (here / f"{other}.started").exists()
with open(here / "runs.log", "a") as log:
    log.write(me + "\\n")
print(f"{me}: {'together' if together else 'alone'}")
"""


def test_untimed_runs_go_side_by_side_and_timed_ones_after_them(project):
    (project / "examples" / "fake" / "meet.py").write_text(MEET)
    untimed = "\n```{{example-output}} fake/meet.py\n:args: {} {}\n```\n"
    # The timed run comes first on the page, yet runs last, alone; its number is quoted.
    # The untimed runs of one page go in its order; those of two pages side by side.
    page(project, output_block("--tag timed --speedup 1.80"), "\nQuoted: {measured}`Speedup`.\n",
         untimed.format("a", "b"), output_block("--tag after-a", expect=""))
    (project / "content" / "other.md").write_text("---\norphan: true\n---\n# Other\n"
                                                  + untimed.format("b", "a"))
    result = build(project)
    assert result.returncode == 0, result.describe()
    done = runs(project)
    assert sorted(done[:3]) == ["a", "after-a", "b"] and done[3:] == ["timed"], done
    assert done.index("a") < done.index("after-a"), done
    shown = [text for kind, text in blocks_and_notes(project) if kind == "output"]
    assert "Speedup: 1.80" in shown[0] and "a: together" in shown[1]
    html = (project / "_build" / "html" / "index.html").read_text(encoding="utf-8")
    assert 'Quoted: <span class="measured">1.8</span>.' in html
    assert "b: together" in (project / "_build" / "html" / "other.html").read_text(encoding="utf-8")


def test_the_tests_build_times_in_page_order_and_keeps_its_timings_apart(project):
    page(project, output_block("--tag timed --speedup 1.80"), output_block("--tag untimed", expect=""))
    assert build(project, "-D", "lesson_timed_runs_alone=0").returncode == 0
    assert runs(project) == ["timed", "untimed"], "side by side: the timed run in the page's order"
    # make html measures the timed run anew, alone, and takes the other one from the cache.
    assert build(project).returncode == 0
    assert runs(project)[2:] == ["timed"]

