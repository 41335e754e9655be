"""Fixtures shared by all tests."""
import sys
import time
from pathlib import Path

import psutil
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))


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
    deadline = time.monotonic() + 5
    while True:
        left = [child for child in me.children(recursive=True)
                if child.pid not in before and child.is_running()
                and child.status() != psutil.STATUS_ZOMBIE]
        if not left or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    described = []
    for child in left:
        try:
            described.append(f"{child.pid} ({' '.join(child.cmdline()[:4])})")
            child.kill()
        except psutil.NoSuchProcess:
            pass
    assert not described, "processes left running: " + ", ".join(described)


@pytest.fixture(scope="session")
def built_site():
    """The site, built once per test session, strictly, into _build/test/html."""
    from harness import ROOT, build_site

    html = ROOT / "_build" / "test" / "html"
    result = build_site(html)
    return {"result": result, "html": html}
