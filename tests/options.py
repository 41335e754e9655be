"""A script's command-line options, read from its source without running it.

The bad-input test needs every numeric option of every example.  Running each
script to ask argparse would start about a hundred processes whenever pytest
collects, even for ``-k one_example``; instead the script is parsed with
``ast`` and its ``add_argument(...)`` calls are read:

- the option's names (the longest one is used, ``--workers`` over ``-w``),
  ``dest=`` or the name argparse derives from it;
- whether it is numeric: ``type=int`` / ``type=float``, or else the type of
  its ``default=`` (a number, an arithmetic expression of numbers such as
  ``2 * 10**6``, or a module-level constant holding one);
- ``nargs`` and ``action``: flags (``store_true``, ``count``, ...) take no value
  and are left out, as are positional arguments;
- the lower bounds the script itself checks: ``if args.tasks < 2:`` says the
  script means to reject 1, ``if args.seconds <= 0:`` that it rejects 0.

What cannot be read statically (a ``type=`` that is a function of the
script's own, a default computed at run time) counts as not numeric: such an
option is not probed, which is the safe side for a test that must not fail on
a correct script.
"""
from __future__ import annotations

import ast
import operator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FLAG_ACTIONS = {"store_true", "store_false", "store_const", "append_const", "count",
                "help", "version", "BooleanOptionalAction"}
ARITHMETIC = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
              ast.Div: operator.truediv, ast.FloorDiv: operator.floordiv, ast.Pow: operator.pow}


@dataclass(frozen=True)
class Option:
    option: str                     # the longest option string, e.g. "--workers"
    dest: str                       # the attribute on the parsed namespace, e.g. "workers"
    kind: type | None               # int, float, or None when it is not a number
    nargs: str | int | None = None
    bounds: tuple[tuple[str, float], ...] = ()   # (operator, value) from `args.dest < value` checks

    @property
    def numeric(self) -> bool:
        return self.kind in (int, float)

    @property
    def integer(self) -> bool:
        return self.kind is int


def _number(node: ast.AST, constants: dict[str, object]) -> object:
    """The value of a constant expression (numbers, + - * / // **, module constants), or None."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = _number(node.operand, constants)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return -value if isinstance(node.op, ast.USub) else value
        return None
    if isinstance(node, ast.BinOp) and type(node.op) in ARITHMETIC:
        left, right = _number(node.left, constants), _number(node.right, constants)
        if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (left, right)):
            try:
                return ARITHMETIC[type(node.op)](left, right)
            except (ArithmeticError, ValueError):
                return None
    if isinstance(node, (ast.List, ast.Tuple)):  # a list default: the type of its items
        items = [_number(item, constants) for item in node.elts]
        return items if items and all(v is not None for v in items) else None
    return None


def _constants(tree: ast.Module) -> dict[str, object]:
    """Module-level NAME = <constant expression> assignments."""
    constants: dict[str, object] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 \
                and isinstance(node.targets[0], ast.Name):
            constants[node.targets[0].id] = _number(node.value, constants)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
            constants[node.target.id] = _number(node.value, constants)
    return constants


def _kind(call: ast.Call, constants: dict[str, object]) -> type | None:
    keywords = {k.arg: k.value for k in call.keywords if k.arg}
    given = keywords.get("type")
    if given is not None:
        if isinstance(given, ast.Name) and given.id in ("int", "float"):
            return int if given.id == "int" else float
        return None  # a converter of the script's own: cannot tell
    default = _number(keywords["default"], constants) if "default" in keywords else None
    if isinstance(default, list):
        default = default[0]
    if isinstance(default, bool) or not isinstance(default, (int, float)):
        return None
    return type(default)


def _rejections(test: ast.AST, negated: bool = False):
    """(comparison, negated) for each comparison that alone makes an `if` test true.

    ``a or b`` rejects when either holds; ``not (a and b)`` when either fails,
    so its comparisons are requirements, read negated.  ``x is not None and
    x <= 0`` rejects by its comparison alone: the other parts are guards.
    """
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        yield from _rejections(test.operand, not negated)
    elif isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And if negated else ast.Or):
        for value in test.values:
            yield from _rejections(value, negated)
    elif isinstance(test, ast.BoolOp) and not negated:  # `and`: only beside guards
        checks = [value for value in test.values if not _is_guard(value)]
        if len(checks) == 1:
            yield from _rejections(checks[0], negated)
    elif isinstance(test, ast.Compare):
        yield test, negated


def _is_guard(node: ast.AST) -> bool:
    """`x is None`, `x is not None`, or a bare name or attribute tested for truth."""
    if isinstance(node, ast.Compare):
        return all(isinstance(op, (ast.Is, ast.IsNot)) for op in node.ops)
    return isinstance(node, (ast.Name, ast.Attribute))


def _calls_error(body: list[ast.stmt]) -> bool:
    """Does this block call parser.error(...) or sys.exit(...)?"""
    return any(isinstance(node, ast.Call) and (
        (isinstance(node.func, ast.Attribute) and node.func.attr in ("error", "exit"))
        or (isinstance(node.func, ast.Name) and node.func.id == "exit"))
        for statement in body for node in ast.walk(statement))


def _bounds(tree: ast.Module) -> dict[str, list[tuple[str, float]]]:
    """dest -> the lower bounds the script enforces: ("<", 1) for ``if args.n < 1: parser.error(...)``.

    Only comparisons in the test of an ``if`` whose block calls ``parser.error``
    (or ``sys.exit``) count, with the option's attribute on one side and a
    number on the other (``args.n < 1``, ``args.n <= 0``, ``1 > args.n``).
    Under ``not`` a comparison states what is allowed (``not 0 < args.s <= 60``
    rejects ``args.s <= 0``).  Upper bounds, and ``min(args.a) < 1`` and the
    like, are not followed: the rule for counts covers lists.
    """
    constants = _constants(tree)
    found: dict[str, list[tuple[str, float]]] = {}
    for statement in ast.walk(tree):
        if not (isinstance(statement, ast.If) and _calls_error(statement.body)):
            continue
        for node, negated in _rejections(statement.test):
            operands = [node.left, *node.comparators]
            for op, left, right in zip(node.ops, operands, operands[1:]):
                # Normalise to "attribute OP number" with OP in < / <=: rejected below.
                if negated:  # a requirement: `0 < args.x` rejects args.x <= 0
                    if isinstance(right, ast.Attribute) and isinstance(op, (ast.Lt, ast.LtE)):
                        attribute, value, strict = right, _number(left, constants), isinstance(op, ast.LtE)
                    elif isinstance(left, ast.Attribute) and isinstance(op, (ast.Gt, ast.GtE)):
                        attribute, value, strict = left, _number(right, constants), isinstance(op, ast.GtE)
                    else:
                        continue
                elif isinstance(left, ast.Attribute) and isinstance(op, (ast.Lt, ast.LtE)):
                    attribute, value, strict = left, _number(right, constants), isinstance(op, ast.Lt)
                elif isinstance(right, ast.Attribute) and isinstance(op, (ast.Gt, ast.GtE)):
                    attribute, value, strict = right, _number(left, constants), isinstance(op, ast.Gt)
                else:
                    continue
                if not isinstance(attribute.value, ast.Name) or attribute.value.id == "self":
                    continue
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    continue
                found.setdefault(attribute.attr, []).append(("<" if strict else "<=", value))
    return found


@cache
def _read(path: Path, mtime: float) -> tuple[Option, ...]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    constants = _constants(tree)
    bounds = _bounds(tree)
    options = []
    for call in ast.walk(tree):
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                and call.func.attr == "add_argument"):
            continue
        names = [arg.value for arg in call.args
                 if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]
        if not names or not all(name.startswith("-") for name in names):
            continue  # a positional argument
        keywords = {k.arg: k.value for k in call.keywords if k.arg}
        action = keywords.get("action")
        action_name = (action.value if isinstance(action, ast.Constant) else
                       action.attr if isinstance(action, ast.Attribute) else
                       action.id if isinstance(action, ast.Name) else None)
        if action_name in FLAG_ACTIONS:
            continue
        nargs_node = keywords.get("nargs")
        nargs = nargs_node.value if isinstance(nargs_node, ast.Constant) else None
        if nargs == 0:
            continue
        longest = max(names, key=len)
        dest_node = keywords.get("dest")
        if isinstance(dest_node, ast.Constant):
            dest = dest_node.value
        else:
            long_names = [name for name in names if name.startswith("--")]
            dest = (long_names[0] if long_names else names[0]).lstrip("-").replace("-", "_")
        options.append(Option(longest, dest, _kind(call, constants), nargs,
                              tuple(bounds.get(dest, ()))))
    return tuple(options)


def options(path: Path) -> list[Option]:
    """The options of the script at `path` (see the module docstring)."""
    return list(_read(path, path.stat().st_mtime))
