"""Bad values get a one-line error and exit status 2, for every example.

No list to keep: each script's argparse options are read from the script
itself (the LESSON_DUMP_OPTIONS hook), and every numeric option is tried with
a negative number; options that count things (workers, tasks, repeats, ...)
are also tried with zero.  An option that rightly accepts such a value is
listed in EXEMPT in its episode's expectations module, with the reason.
Scripts that take no numeric option are not probed.
"""
import json
import re

import pytest

from expectations import EXEMPT
from harness import PYTHON, Run, check_result, hooks_env, run_command, scripts

# Option names that count things: zero of them makes no sense.
COUNTS = re.compile(r"worker|task|repeat|process|thread|job|chunk|rank|dart|sample|"
                    r"item|size|count|number|steps|points|pairs|^n$|^n_", re.I)


def numeric_options(example):
    result = run_command([PYTHON, f"examples/{example}"], timeout=60,
                         env=hooks_env(LESSON_DUMP_OPTIONS="1"))
    assert result.returncode == 0, result.describe()
    return [o for o in json.loads(result.stdout) if o["numeric"]]


def probes():
    for example in scripts():
        for option in numeric_options(example):
            if option["option"] in EXEMPT.get(example, {}):
                continue
            values = ["-1"]
            if option["integer"] and COUNTS.search(option["dest"]):
                values.append("0")
            for value in values:
                yield pytest.param(example, option["option"], value,
                                   id=f"{example}-{option['option']}={value}")


@pytest.mark.parametrize("example, option, value", list(probes()))
def test_bad_value_is_rejected(example, option, value):
    result = run_command([PYTHON, f"examples/{example}", option, value], timeout=60)
    check_result(result, Run(returncode=2, stderr=(r"error: ",)))
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert len(errors) == 1, result.describe()


def test_exemptions_name_real_options():
    for example, options in EXEMPT.items():
        known = {o["option"] for o in numeric_options(example)}
        assert set(options) <= known, f"{example}: EXEMPT names unknown options {set(options) - known}"
