"""Fixtures and marks shared by all tests.

A test that reads the built site takes the ``built_site`` fixture and carries
the ``site`` mark (``pytestmark = pytest.mark.site`` in its module).  The mark
is what selects them (``-m site``, ``-m "not site and not slurm"`` in noxfile.py)
and what puts them at the end of the run, after the one that builds the site
(pytest_collection_modifyitems); a test that uses the fixture without the mark
is a collection error, so the two cannot drift apart.  Tests that must share
a worker name a group (``pytest.mark.xdist_group``), as the one-page and PDF
tests do; the site is built once whichever worker asks first (built_site).
"""
import json
import os

import psutil
import pytest

# The test Slurm: the `slurm` fixture and its grouping (tests/slurm_cluster.py).
from leftovers import left_behind, running
from slurm_cluster import mark_slurm_tests, slurm  # noqa: F401


def pytest_xdist_auto_num_workers(config):
    """-n auto: one worker more than the usable cores.  Much of the suite waits
    (examples that sleep, a browser loading a page, Slurm starting a job), so a
    worker per core left a third of the CPU idle; the tests never judge a timing."""
    from lesson.runner import usable_cores

    return usable_cores() + 1


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config, items):
    """Put the site tests last but one, which goes first; group the Slurm tests on
    one worker; refuse a site test without the mark.

    xdist hands the tests out in this order (--no-loadscope-reorder).  The
    first site test builds the site (the built_site fixture), so it starts at
    once, on one worker, while the others run the examples' tests; the rest
    of the site tests come after those, and spread over every worker once
    the site is built.  Kept on the building worker, as they were, they ran
    one after another for minutes after everything else had finished.
    """
    mark_slurm_tests(items)
    unmarked = [item.nodeid for item in items
                if "built_site" in getattr(item, "fixturenames", ()) and not is_site_test(item)]
    if unmarked:
        raise pytest.UsageError("these tests use the built_site fixture without the site mark "
                                "(add pytestmark = pytest.mark.site): " + ", ".join(unmarked))
    site = [item for item in items if is_site_test(item)]
    builds = [item for item in site if "built_site" in getattr(item, "fixturenames", ())][:1]
    others = [item for item in items if not is_site_test(item)]
    items[:] = builds + others + [item for item in site if item not in builds]


def is_site_test(item) -> bool:
    return item.get_closest_marker("site") is not None


@pytest.fixture(autouse=True)
def no_process_left_behind():
    """Fail a test that leaves a process it started still running.

    Everything a test starts is a descendant of this pytest process; after the
    test, any descendant that was not there before must be gone (a short grace
    period lets exiting processes finish).  Leftovers are killed, then reported.
    """
    me = psutil.Process()
    before = {child.pid for child in me.children(recursive=True)}
    yield
    described = left_behind(lambda: [child for child in me.children(recursive=True)
                                     if child.pid not in before and running(child)])
    assert not described, "processes left running: " + ", ".join(described)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The site, built once per test run, strictly, into _build/test/html.

    The tests that use it are kept on one xdist worker (the "site" group), but
    a session fixture belongs to a worker, not to the run, and two builds into
    one folder break each other.  So the first worker to get here builds under
    a lock shared by the run and records the result; any other worker waits,
    then reads the record instead of building again.
    """
    from dataclasses import asdict

    from filelock import FileLock

    from harness import ROOT, Result, build_site

    html = ROOT / "_build" / "test" / "html"
    if os.environ.get("PYTEST_XDIST_WORKER") is None:  # not under xdist: one process
        return {"result": build_site(html), "html": html}
    shared = tmp_path_factory.getbasetemp().parent     # one folder per run, for all workers
    record = shared / "site-build.json"
    with FileLock(shared / "site-build.lock"):
        if record.is_file():
            result = Result(**json.loads(record.read_text(encoding="utf-8")))
        else:
            result = build_site(html)
            record.write_text(json.dumps(asdict(result)), encoding="utf-8")
    return {"result": result, "html": html}


@pytest.fixture(scope="session")
def other_formats(built_site):
    """The one-page lesson and the PDF (make singlehtml, make pdf), built once per run
    into _build/test/formats; the tests that use them carry the site mark too."""
    from harness import build_other_formats, skip_or_fail
    from lesson import chromium

    assert built_site["result"].returncode == 0, built_site["result"].describe()
    if chromium.find_chromium() is None:
        skip_or_fail("Chromium was not found, and it prints the PDF", chromium.INSTALL_HINT)
    return build_other_formats()
