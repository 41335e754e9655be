"""Claims about measured numbers, checked against what a run printed.

A page declares what it expects of a timed example once, beside the run
(``:expect:`` of the ``example-output`` directive), for example::

    :expect: [Speedup] >= 0.75 * min(2, cores); [Speedup with threads] <= 1.25

A claim is a comparison.  ``[Label]`` stands for the first number printed
after ``Label:`` on a line of the output (the line starts with the label,
after any indentation); ``cores`` is the number of cores the build may use;
numbers, + - * /, parentheses, ``min`` and ``max`` do the rest.

``check`` evaluates the claims on one run, and ``notice_text`` says in plain
words what was expected, what was measured, the likely reason for a miss
(how much CPU the run received, how many cores there were, and whether two
cores ran at full speed together: ``pair_speedup``) and the command to rerun
it.  Every producer of timed numbers (the pages' example runs, the
benchmark of episode 6, the MPI scaling of episode 11) measures through
``measure_until_met``, writes its note with ``notice_text`` (``note_markdown``
for a generated include) and fails a strict build through ``strict_status``:
the lesson has one rule for every number it shows.
"""
from __future__ import annotations

import ast
import operator
import os
import re
import statistics
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

# How many times a run is measured while one of its claims misses.
ATTEMPTS = 3
# Other programs using more than this many cores on average during a run
# count as a disturbance: the run did not get the machine it asked for.
DISTURBED_CORES = 0.3
# Two copies of a fixed job at once that run less than this many times as fast
# as one: the machine's two cores do not both run at full speed together.
SLOW_PAIR = 1.5

OPERATORS = {ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge}
SYMBOLS = {ast.Lt: "<", ast.LtE: "≤", ast.Gt: ">", ast.GtE: "≥"}
ARITHMETIC = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
              ast.Div: operator.truediv}
LABEL = re.compile(r"\[([^\[\]]+)\]")
NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


class ClaimError(ValueError):
    """A claim that cannot be read, or names a number the output lacks."""


@dataclass(frozen=True)
class Claim:
    text: str                   # as written, e.g. "[Speedup] >= 0.75 * min(2, cores)"
    labels: tuple[str, ...]     # the labels it names, in order
    tree: ast.Expression        # the comparison, labels replaced by names _0, _1, ...


def parse_claims(text: str) -> list[Claim]:
    """Claims separated by ';' (or newlines)."""
    claims = []
    for part in re.split(r"[;\n]", text or ""):
        part = part.strip()
        if part:
            claims.append(parse_claim(part))
    return claims


def parse_claim(text: str) -> Claim:
    labels: list[str] = []

    def name_for(match: re.Match) -> str:
        label = match.group(1).strip()
        if label not in labels:
            labels.append(label)
        return f"_{labels.index(label)}"

    code = LABEL.sub(name_for, text)
    try:
        tree = ast.parse(code, mode="eval")
    except SyntaxError:
        raise ClaimError(f"cannot read the claim {text!r}") from None
    if not isinstance(tree.body, ast.Compare) or not all(
            type(op) in OPERATORS for op in tree.body.ops):
        raise ClaimError(f"a claim compares with <, <=, > or >=: {text!r}")
    if not labels:
        raise ClaimError(f"a claim names a measured number in [brackets]: {text!r}")
    for node in ast.walk(tree):
        allowed = (ast.Expression, ast.Compare, ast.BinOp, ast.UnaryOp, ast.USub, ast.UAdd,
                   ast.Constant, ast.Name, ast.Call, ast.Load, *OPERATORS, *ARITHMETIC)
        if not isinstance(node, allowed):
            raise ClaimError(f"{type(node).__name__} is not allowed in a claim: {text!r}")
        if isinstance(node, ast.Call) and not (isinstance(node.func, ast.Name)
                                               and node.func.id in ("min", "max")):
            raise ClaimError(f"only min() and max() can be called in a claim: {text!r}")
        if isinstance(node, ast.Name) and not (node.id in ("cores", "min", "max")
                                               or re.fullmatch(r"_\d+", node.id)):
            raise ClaimError(f"unknown name {node.id!r} in a claim (labels go in [brackets]): {text!r}")
        if isinstance(node, ast.Constant) and not isinstance(node.value, (int, float)):
            raise ClaimError(f"only numbers can appear in a claim: {text!r}")
    return Claim(text, tuple(labels), tree)


def measured_value(output: str, label: str) -> float:
    """The first number after 'label:' on the line that starts with it."""
    found = []
    for line in output.splitlines():
        head, colon, rest = line.strip().partition(":")
        if colon and head.strip() == label:
            number = NUMBER.search(rest)
            if number:
                found.append(float(number.group()))
    if not found:
        raise ClaimError(f"the output has no line '{label}: <number>'")
    if len(found) > 1:
        raise ClaimError(f"the output has {len(found)} lines '{label}: <number>'; a claim needs one")
    return found[0]


def _evaluate(node: ast.AST, names: dict[str, float]) -> float:
    if isinstance(node, ast.Constant):
        return float(node.value)
    if isinstance(node, ast.Name):
        return names[node.id]
    if isinstance(node, ast.UnaryOp):
        value = _evaluate(node.operand, names)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp):
        return ARITHMETIC[type(node.op)](_evaluate(node.left, names), _evaluate(node.right, names))
    if isinstance(node, ast.Call):
        function = min if node.func.id == "min" else max
        return function(_evaluate(arg, names) for arg in node.args)
    raise ClaimError(f"cannot evaluate {ast.dump(node)}")


@dataclass
class Outcome:
    """One claim checked on one run."""
    claim: Claim
    ok: bool
    sides: list[float]          # every side of the comparison, evaluated
    measured: dict[str, float]  # label -> number read from the output

    def expected(self, cores: int) -> str:
        """'Speedup ≥ 1.5 (0.75 × min(2, cores), with cores = 2)'."""
        compare = self.claim.tree.body
        parts = [_side_text(compare.left, self.claim, self.sides[0])]
        for op, right, value in zip(compare.ops, compare.comparators, self.sides[1:]):
            parts.append(f"{SYMBOLS[type(op)]} {_side_text(right, self.claim, value)}")
        text = " ".join(parts)
        if "cores" in {n.id for n in ast.walk(compare) if isinstance(n, ast.Name)}:
            text += f", with cores = {cores}"
        return text

    def measured_text(self) -> str:
        """'Speedup 1.2'."""
        return ", ".join(f"{label} {value:g}" for label, value in self.measured.items())

    def describe(self, cores: int) -> str:
        return f"expected {self.expected(cores)}; measured {self.measured_text()}"


def _side_text(node: ast.AST, claim: Claim, value: float) -> str:
    """A side of the comparison: a label by name, a number as is, else value (formula)."""
    source = ast.unparse(node)
    for index, label in enumerate(claim.labels):
        source = re.sub(rf"\b_{index}\b", label, source)
    source = source.replace("*", "×")
    if isinstance(node, ast.Name) and re.fullmatch(r"_\d+", node.id):
        return source
    if isinstance(node, (ast.Constant, ast.UnaryOp)):
        return f"{value:g}"
    return f"{value:.3g} ({source})"


def check(claims: list[Claim], output: str, cores: int) -> list[Outcome]:
    """Evaluate every claim on the output of one run.  Raises ClaimError."""
    outcomes = []
    for claim in claims:
        measured = {label: measured_value(output, label) for label in claim.labels}
        names = {f"_{i}": measured[label] for i, label in enumerate(claim.labels)}
        names["cores"] = float(cores)
        compare = claim.tree.body
        sides = [_evaluate(compare.left, names), *(_evaluate(c, names) for c in compare.comparators)]
        ok = all(OPERATORS[type(op)](a, b) for op, a, b in zip(compare.ops, sides, sides[1:]))
        outcomes.append(Outcome(claim, ok, sides, measured))
    return outcomes


# --- How much of the machine the run received ----------------------------------------

@dataclass
class Share:
    """CPU a run received, and what other programs took meanwhile (both in cores)."""
    wall: float
    received: float | None      # the run's own CPU seconds / wall seconds
    others: float | None        # other programs' CPU seconds / wall seconds
    usable: int

    @classmethod
    def of(cls, wall: float, cpu: float | None, busy: float | None, usable: int) -> Share:
        if wall <= 0 or cpu is None:
            return cls(wall, None, None, usable)
        others = None if busy is None else max(0.0, busy - cpu) / wall
        return cls(wall, cpu / wall, others, usable)

    @property
    def disturbed(self) -> bool:
        return self.others is not None and self.others > DISTURBED_CORES

    def describe(self) -> str:
        if self.received is None:
            return "this system does not report how much CPU a run received"
        text = f"the run received {self.received:.1f} cores on average"
        if self.others is not None:
            text += f", while other programs kept {self.others:.1f} cores busy"
        return text


def reference_job(_=None) -> int:
    """A fixed amount of pure-Python work: about 0.2 s on one core."""
    return sum(i * i for i in range(2_000_000))


def pair_speedup(repeats: int = 3) -> float | None:
    """How many times as fast two copies of reference_job run at once as one alone.

    2 on a machine with two free cores.  Less means that the two cores do not
    both run at full speed when both are busy: on a virtual machine they may
    be two hardware threads of one physical core, or share a busy host.  It
    runs in a Python of its own, so that no worker or helper process of the
    pool outlives the call (the build has threads, and the tests look for
    leftovers).  None if that Python failed: the note then goes without it.
    """
    code = f"from lesson import measurements; print(measurements.pair_speedup_here({int(repeats)}))"
    try:
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                timeout=120, check=True)
        return float(result.stdout)
    except (subprocess.SubprocessError, ValueError):
        return None


def pair_speedup_here(repeats: int) -> float:
    """pair_speedup() in this process: the median of `repeats` timings each way."""
    def median_time(call):
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            call()
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    with ProcessPoolExecutor(2) as pool:
        list(pool.map(reference_job, range(2)))  # both workers started
        one = median_time(lambda: pool.submit(reference_job).result())
        two = median_time(lambda: list(pool.map(reference_job, range(2))))
    return 2 * one / two


@dataclass
class Verdict:
    """Everything the page needs to know about one timed run."""
    outcomes: list[Outcome] = field(default_factory=list)
    share: Share | None = None
    needs_cores: int = 1
    attempts: int = 1
    cores: int = 1
    pair: float | None = None   # pair_speedup() measured right after the run, if it missed

    @property
    def too_few_cores(self) -> bool:
        return self.cores < self.needs_cores

    @property
    def missed(self) -> list[Outcome]:
        return [] if self.too_few_cores else [o for o in self.outcomes if not o.ok]

    @property
    def ok(self) -> bool:
        return not self.missed and not self.too_few_cores


def share_reason(share: Share | None, needs_cores: int) -> str | None:
    """Why a run missed, if its share of the CPU says: other programs, or too little CPU."""
    if share is not None and share.disturbed:
        return f"the build machine was busy: {share.describe()}."
    if share is not None and share.received is not None and share.usable \
            and share.received < 0.75 * min(needs_cores, share.usable):
        return f"{share.describe()}, less than it asked for."
    return None


def needs_pair_probe(share: Share | None, needs_cores: int) -> bool:
    """After a miss: is pair_speedup() worth running?  Only for a run that needs two
    cores and whose share of the CPU does not explain the miss already."""
    return needs_cores >= 2 and share_reason(share, needs_cores) is None


def likely_reason(verdict: Verdict) -> str:
    share = verdict.share
    known = share_reason(share, verdict.needs_cores)
    if known:
        return known
    reason = "no other program was seen using the CPU"
    if share is not None and share.received is not None:
        reason += f" ({share.describe()})"
    if verdict.needs_cores >= 2 and verdict.pair is not None and verdict.pair < SLOW_PAIR:
        return (reason + "; but this machine's cores did not run at full speed together: "
                f"two copies of a fixed pure-Python job, timed right after this run, ran "
                f"{verdict.pair:.2f} times as fast as one, where two free cores give 2. On a "
                "virtual machine, two cores may be two hardware threads of one physical core, "
                "or share a busy host.")
    return reason + "; timings vary from run to run, and a virtual machine may not get the cores it shows."


def notice_text(verdict: Verdict, rerun: str) -> list[str]:
    """The paragraphs of the measurement note for a run that missed, or [] for none."""
    if verdict.too_few_cores:
        return [f"The build machine lets this build use {verdict.cores} "
                f"core{'s' if verdict.cores != 1 else ''}, and this run needs "
                f"{verdict.needs_cores} to show a speedup: there is nothing to speed up here, "
                "so the times below say nothing about parallel speed.",
                f"On a computer with more cores, run `{rerun}` to see the effect."]
    if not verdict.missed:
        return []
    paragraphs = []
    for outcome in verdict.missed:
        paragraphs.append(f"Expected {outcome.expected(verdict.cores)}. "
                          f"Measured {outcome.measured_text()}.")
    tries = f" (after {verdict.attempts} attempts)" if verdict.attempts > 1 else ""
    paragraphs.append(f"Likely reason{tries}: {likely_reason(verdict)}")
    paragraphs.append(f"The text around this output describes what the example shows on an idle "
                      f"machine. Run it again yourself: `{rerun}`")
    return paragraphs


def note_markdown(paragraphs: list[str]) -> list[str]:
    """The measurement note as MyST lines for a generated include ([] for no note)."""
    if not paragraphs:
        return []
    return ["```{admonition} Measurement note", ":class: measurement-note", "",
            *[line for text in paragraphs for line in (text, "")], "```", ""]


def strict() -> bool:
    """STRICT_TIMINGS=1 (publishing builds): a claim that still misses fails the build."""
    return os.environ.get("STRICT_TIMINGS", "") not in ("", "0")


def measure_until_met(measure, attempts: int = ATTEMPTS):
    """Measure, and again while a claim misses, up to `attempts` times in all.

    measure(attempt) -> (result, verdicts).  Returns the last (result, verdicts).
    When a claim still misses and the CPU a run received does not explain it,
    pair_speedup() is measured once and every verdict holds it for its note.
    """
    for attempt in range(1, attempts + 1):
        result, verdicts = measure(attempt)
        if not any(verdict.missed for verdict in verdicts):
            return result, verdicts
    if any(verdict.missed and needs_pair_probe(verdict.share, verdict.needs_cores)
           for verdict in verdicts):
        pair = pair_speedup()
        for verdict in verdicts:
            verdict.pair = pair
    return result, verdicts


def strict_status(verdicts: list[Verdict], producer: str) -> int:
    """1, with a line on stderr for each missed claim, when strict() and a claim missed; else 0."""
    missed = [(outcome, verdict.cores) for verdict in verdicts for outcome in verdict.missed]
    if not (strict() and missed):
        return 0
    for outcome, cores in missed:
        print(f"STRICT_TIMINGS: {producer} missed {outcome.describe(cores)}", file=sys.stderr)
    return 1
