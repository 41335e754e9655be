"""What each example must print: the table the example tests are driven by.

One module per episode (ep02.py, ep03.py, ...) defines these dicts (each optional):

EXPECTATIONS  path under examples/ -> list of Run (see harness.py): one
              subprocess run each, with the patterns, values, counts and exit
              status expected from it.
MODULES       path under examples/ -> why this .py file is imported rather
              than run (it has no __main__ guard).
EXEMPT        path under examples/ -> {option: why} for a numeric option that
              rightly accepts a negative number or zero (e.g. joblib's
              n_jobs=-1), which test_bad_input would otherwise reject.
BROKEN        path under examples/ -> why this script fails on purpose (it
              demonstrates a failure).  Its Runs in EXPECTATIONS run it, with
              the exit status they expect; it is not asked for --help, an
              unknown option or bad values, and test_script_shape leaves it be.

This package merges them; a path defined twice is an error.  A module that
cannot be imported (a NameError, a typo) is recorded in IMPORT_ERRORS instead
of breaking the collection of every test module; test_examples.py then fails
with its traceback, and the other episodes' tests still run.  A test fails for
an example with no entry and for an entry whose example does not exist, so
the table and examples/ stay in step.  Every script is also checked, without
an entry, for --help and for an unknown option.
"""
import importlib
import pkgutil
import traceback

EXPECTATIONS = {}
MODULES = {}
EXEMPT = {}
BROKEN = {}
IMPORT_ERRORS = {}

for _info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
    try:
        _module = importlib.import_module(f"{__name__}.{_info.name}")
    except Exception:
        IMPORT_ERRORS[f"{_info.name}.py"] = traceback.format_exc()
        continue
    for _name in ("EXPECTATIONS", "MODULES", "EXEMPT", "BROKEN"):
        _merged, _part = globals()[_name], getattr(_module, _name, {})
        _twice = _merged.keys() & _part.keys()
        if _twice:
            raise ValueError(f"{_info.name}.py defines {_name} entries already defined: {sorted(_twice)}")
        _merged.update(_part)
