"""Run every example and check what it printed against tests/expectations/.

The examples are found on disk; the table says what each must print.  A
script that starts processes runs under every start method; a script that
imports mpi4py runs under mpiexec with 1 to 4 ranks.  A script declared in
BROKEN (it fails on purpose) runs through its Runs only: it is not asked for
--help or an unknown option, and need not have the shape of a command-line
script.
"""
import ast

import pytest

from expectations import BROKEN, EXPECTATIONS, IMPORT_ERRORS, MODULES
from harness import EXAMPLES, Run, check_result, example_files, is_script, run_example, scripts, variants


def command_line_scripts() -> list[str]:
    """The scripts that must behave as command-line programs (all but BROKEN)."""
    return [example for example in scripts() if example not in BROKEN]


def cases():
    # A file that fails on purpose may lack the guard that makes it a script.
    for example in sorted(set(scripts()) | set(BROKEN)):
        for number, run in enumerate(EXPECTATIONS.get(example, ())):
            for method, ranks in variants(example, run):
                tags = [f"{example}#{number}"]
                if method:
                    tags.append(method)
                if ranks:
                    tags.append(f"n={ranks}")
                yield pytest.param(example, run, method, ranks, id="-".join(tags))


@pytest.mark.parametrize("example, run, method, ranks", list(cases()))
def test_example(example, run, method, ranks):
    result = run_example(example, run, start_method=method, ranks=ranks)
    check_result(result, run)


@pytest.mark.parametrize("example", command_line_scripts())
def test_help(example):
    """--help works and describes the script."""
    check_result(run_example(example, Run(args=("--help",), timeout=60)),
                 Run(stdout=(r"^usage: ", r"^options:|^optional arguments:")))


@pytest.mark.parametrize("example", command_line_scripts())
def test_unknown_option_is_one_clear_error(example):
    """A bad option is an argparse error: exit 2, one error line, no traceback."""
    result = run_example(example, Run(args=("--no-such-option",), timeout=60))
    check_result(result, Run(returncode=2, stderr=(r"error: unrecognized arguments: --no-such-option",)))
    assert sum("error:" in line for line in result.stderr.splitlines()) == 1, result.describe()


def test_every_expectations_module_imports():
    """A module of tests/expectations/ that raises on import is named here, with its error."""
    assert not IMPORT_ERRORS, "\n".join(f"tests/expectations/{name} cannot be imported:\n{error}"
                                        for name, error in IMPORT_ERRORS.items())


def test_every_script_has_expectations():
    missing = [example for example in scripts() if not EXPECTATIONS.get(example)]
    assert not missing, f"add these to EXPECTATIONS in tests/expectations/<episode>.py: {missing}"


def test_broken_scripts_fail_in_their_runs():
    """A script declared to fail on purpose is run failing, with its exit status."""
    never_fail = [name for name in BROKEN
                  if not any(run.returncode != 0 for run in EXPECTATIONS.get(name, ()))]
    assert not never_fail, f"BROKEN scripts without a Run that expects them to fail: {never_fail}"


def test_every_expectation_has_an_example():
    stale = [name for name in [*EXPECTATIONS, *MODULES, *BROKEN] if not (EXAMPLES / name).is_file()]
    assert not stale, f"tests/expectations/ names examples that do not exist: {stale}"


def test_python_files_are_scripts_or_declared_modules():
    undeclared = [name for name in example_files()
                  if name.endswith(".py") and not is_script(name) and name not in MODULES
                  and name not in BROKEN]
    assert not undeclared, ("these have no `if __name__ == '__main__':` guard; add it, "
                            f"or list them in MODULES in tests/expectations/<episode>.py: {undeclared}")


@pytest.mark.parametrize("example", command_line_scripts())
def test_script_shape(example):
    """CONTRIBUTING's rules for an example: a docstring, main(), argparse, the guard."""
    tree = ast.parse((EXAMPLES / example).read_text(encoding="utf-8"))
    assert ast.get_docstring(tree), "no module docstring saying what the example shows"
    functions = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
    assert "main" in functions, "no main() function"
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    assert "argparse" in imported, "does not use argparse"
