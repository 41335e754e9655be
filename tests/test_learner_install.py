"""The setup page's install figures belong to the current examples/requirements.txt.

scripts/learner_install_size.py measures the learners' install and records the
digest of the requirements it measured; the page shows its figures.  When the
requirements change, this test fails until the script is run again.
"""
import json

from scripts import learner_install_size


def test_install_figures_are_for_the_current_requirements():
    measured = json.loads(learner_install_size.RESULT.read_text(encoding="utf-8"))
    assert measured["requirements_sha256"] == learner_install_size.requirements_digest(), (
        "examples/requirements.txt changed since its install was measured: "
        "run python scripts/learner_install_size.py")


def test_learner_install_stays_small():
    """What learners download and keep on disk stays under 550 MB (the setup page shows it)."""
    measured = json.loads(learner_install_size.RESULT.read_text(encoding="utf-8"))
    assert measured["venv_bytes"] <= 550e6, measured
