"""The built site in a real browser, used the way a learner uses it.

Every page of the built site (whatever pages exist) is opened in headless
Chromium, driven by Playwright, from a local web server on 127.0.0.1:

- it loads with no console error and asks no other host for anything (the
  site must work offline in a workshop room with poor wifi);
- an accessibility scan (axe-core, bundled with axe-playwright-python) finds
  no serious or critical violation, at desktop and at phone width, and no page
  scrolls sideways on a phone;
- solutions are collapsed when the page loads and open on a click;
- the copy button copies commands without their prompts;
- the search page finds ``mpiexec``.

Screenshots of the index and of episode 1, at desktop and phone widths, go to
``_build/screenshots/`` for a maintainer to look at.

The browser is Chromium installed by the system (``sudo apt install chromium``
on Debian/Ubuntu), or the one named by the ``CHROMIUM`` environment variable.
Without it these tests skip, saying how to install it; under CI (``CI=true``)
they fail instead.  Each test starts its own browser and closes it, so no
browser process outlives a test (conftest.py checks that).
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import harness
from harness import ROOT
from lesson import chromium as chromium_setup
from lesson.site import site_pages

pytestmark = pytest.mark.site

SCREENSHOTS = ROOT / "_build" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# The prompts the copy button leaves out (copybutton_prompt_text in conf.py).
PROMPT = re.compile(r"^(\$ |>>> |\.\.\. |PS> )", re.M)

# How Chromium is found and started: lesson/chromium.py (the PDF and Lighthouse CI use it too).
CHROMIUM_ARGS = chromium_setup.ARGS
INSTALL_HINT = chromium_setup.INSTALL_HINT + " CI (CI=true) fails instead of skipping."
find_chromium = chromium_setup.find_chromium


# --- Finding the browser, or saying why not ----------------------------------

def skip_or_fail(reason: str) -> None:
    """Skip on a learner's machine; fail under CI, where the browser must be there."""
    harness.skip_or_fail(reason, INSTALL_HINT)


@pytest.fixture
def chromium():
    """A headless Chromium for one test, closed when the test ends."""
    executable = find_chromium()
    if executable is None:
        where = os.environ.get("CHROMIUM")
        skip_or_fail(f"CHROMIUM={where} does not exist" if where else
                     "Chromium was not found, so the browser tests cannot run")
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        skip_or_fail("Playwright for Python is not installed (it is in requirements.txt: "
                     "make venv)")
    playwright = sync_playwright().start()
    try:
        try:
            browser = playwright.chromium.launch(executable_path=executable,
                                                 args=CHROMIUM_ARGS, timeout=60_000)
        except Error as error:
            skip_or_fail(f"{executable} did not start: {str(error).splitlines()[0]}")
        yield browser
        browser.close()
    finally:
        playwright.stop()


# --- The site, served on 127.0.0.1 ------------------------------------------

class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002  (the base class's name)
        pass


@dataclass
class Site:
    html: Path
    url: str
    pages: list[str]

    def page_url(self, name: str) -> str:
        return self.url + name


@contextlib.contextmanager
def serve(folder: Path, beside: dict[str, Path] | None = None):
    """Serve folder on 127.0.0.1 from a thread of this process; yield its URL.

    `beside` maps a path prefix ("one-page/") to the folder that holds it, for
    what is served from elsewhere (the other formats, built beside the site).
    """
    class Handler(QuietHandler):
        def translate_path(self, path):
            wanted = path.lstrip("/").split("?")[0].split("#")[0]
            for prefix, elsewhere in (beside or {}).items():
                if wanted.startswith(prefix):
                    return str(elsewhere / wanted)
            return super().translate_path(path)

    handler = functools.partial(Handler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def site(built_site):
    """The built site on a local web server."""
    html = built_site["html"]
    if not (html / "index.html").is_file():
        pytest.fail("the site was not built; see test_site.py's failures", pytrace=False)
    with serve(html) as url:
        yield Site(html, url, site_pages(html))


# --- Watching what a page does -----------------------------------------------

def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "file"):
        return True
    return parts.scheme in ("http", "https") and parts.hostname in LOCAL_HOSTS


@dataclass
class Watch:
    """Everything that went wrong while pages of one browser context were open."""
    problems: list[str] = field(default_factory=list)
    requests: int = 0

    def add(self, page_name: str, problem: str) -> None:
        self.problems.append(f"{page_name}: {problem}")

    def report(self) -> str:
        return "\n".join(self.problems)


def new_context(chromium, **options):
    """A browser context (a fresh profile: no cache, no cookies) for one kind of check."""
    context = chromium.new_context(**options)
    context.set_default_timeout(15_000)
    return context


def open_page(context, watch: Watch, url: str, *, wait_until: str = "load"):
    """Open url in a new tab, recording requests, console errors and failed loads."""
    page = context.new_page()
    name = url.split("/")[-1]

    def on_request(request):
        watch.requests += 1
        if not is_local(request.url):
            watch.add(name, f"request to another host: {request.url}")

    def on_response(response):
        if response.status >= 400:
            watch.add(name, f"HTTP {response.status} for {response.url}")

    def on_console(message):
        if message.type == "error":
            watch.add(name, f"console error: {message.text}")

    page.on("request", on_request)
    page.on("response", on_response)
    page.on("console", on_console)
    page.on("pageerror", lambda error: watch.add(name, f"uncaught exception: {error}"))

    def on_request_failed(request):
        if is_local(request.url):  # the others cannot resolve, and are reported above
            watch.add(name, f"request failed: {request.url} ({request.failure})")

    page.on("requestfailed", on_request_failed)
    response = page.goto(url, wait_until=wait_until)
    if response is None or not response.ok:
        watch.add(name, f"did not load: {response.status if response else 'no response'}")
    return page


# --- The checks ----------------------------------------------------------------

def test_site_has_the_pages_a_learner_needs(site):
    for name in ("index.html", "setup.html", "01-why.html", "search.html", "genindex.html"):
        assert name in site.pages, f"{name} is missing from the built site: {site.pages}"


def test_every_page_loads_offline_without_errors(site, chromium):
    """No console error, no failed load, no request to any host but ours."""
    watch = Watch()
    context = new_context(chromium, viewport=DESKTOP)
    for name in site.pages:
        # networkidle: also catch what scripts fetch after the load event.
        open_page(context, watch, site.page_url(name), wait_until="networkidle").close()
    context.close()
    assert watch.requests >= 2 * len(site.pages), "requests were not recorded"
    assert not watch.problems, watch.report()


# What axe-core runs.  Its colour-contrast rule takes most of a scan's time,
# and colours do not change with the window's width except in what the theme
# shows only on small screens (the top bar with the site's name); so at phone
# width the full scan leaves that rule out and a second one runs it on the bar.
EVERYTHING = [(None, {"resultTypes": ["violations"]})]
AT_PHONE_WIDTH = [
    (None, {"resultTypes": ["violations"], "rules": {"color-contrast": {"enabled": False}}}),
    ({"include": [[".wy-nav-top"]]}, {"resultTypes": ["violations"], "runOnly": ["color-contrast"]}),
]


def axe_violations(page, scans) -> list[dict]:
    """Run axe-core in the page (it ships inside axe-playwright-python: nothing
    is fetched) for each (context, options) in scans."""
    from axe_playwright_python.sync_playwright import Axe

    page.evaluate(Axe().axe_script)
    violations = []
    for context, options in scans:
        if context and not all(page.locator(selector[0]).count() for selector in context["include"]):
            continue
        results = page.evaluate(
            "([context, options]) => context === null ? axe.run(options) : axe.run(context, options)",
            [context, options])
        violations += results["violations"]
    return violations


def scan_every_page(chromium, site, viewport, scans=EVERYTHING, **options):
    """Run axe-core on every page; return its serious findings, the pages too
    wide for the window, and what went wrong while loading."""
    watch = Watch()
    found, too_wide = [], []
    context = new_context(chromium, viewport=viewport, **options)
    for name in site.pages:
        page = open_page(context, watch, site.page_url(name))
        for violation in axe_violations(page, scans):
            if violation["impact"] in ("serious", "critical"):
                targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
                found.append(f"{name} ({viewport['width']}px): {violation['impact']} "
                             f"{violation['id']}: {violation['help']} "
                             f"[{len(violation['nodes'])}x, e.g. {targets}] {violation['helpUrl']}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > viewport["width"]:
            too_wide.append(f"{name}: {width}px wide in a {viewport['width']}px window")
        page.close()
    context.close()
    return found, too_wide, watch


def test_no_serious_accessibility_violation_at_desktop_width(site, chromium):
    found, too_wide, watch = scan_every_page(chromium, site, DESKTOP)
    assert not found, "axe-core found:\n" + "\n".join(found)
    assert not too_wide, "pages scroll sideways:\n" + "\n".join(too_wide)
    assert not watch.problems, watch.report()


def test_pages_work_on_a_phone(site, chromium):
    """At phone width: no serious axe violation, and nothing scrolls the page sideways."""
    found, too_wide, watch = scan_every_page(chromium, site, PHONE, AT_PHONE_WIDTH,
                                             is_mobile=True, has_touch=True)
    assert not found, "axe-core found:\n" + "\n".join(found)
    assert not too_wide, "pages scroll sideways on a phone:\n" + "\n".join(too_wide)
    assert not watch.problems, watch.report()


def test_solutions_start_collapsed_and_open_on_click(site, chromium):
    """Solutions and going-further parts start collapsed and open on a click.

    They are taken in the page's order, so a going-further part is opened
    before the solutions inside it are tried."""
    watch = Watch()
    context = new_context(chromium, viewport=DESKTOP)
    problems, solutions = [], 0
    for name in site.pages:
        page = open_page(context, watch, site.page_url(name))
        for index, solution in enumerate(page.locator("div.solution, div.going-further").all()):
            solutions += 1
            kind = "going-further part" if "going-further" in solution.get_attribute("class") else "solution"
            where = f"{name}: {kind} {index + 1}"
            title = solution.locator(":scope > .admonition-title")
            body = solution.locator(":scope > :not(.admonition-title)")
            button = title.locator("button.toggle-button")
            if body.count() == 0 or button.count() != 1:
                problems.append(f"{where} has no toggle button or no content")
                continue
            if not title.is_visible():
                problems.append(f"{where}: its title is not visible, so it cannot be opened")
                continue
            shown = [i for i in range(body.count()) if body.nth(i).is_visible()]
            if shown or button.get_attribute("aria-expanded") != "false":
                problems.append(f"{where} is open when the page loads")
                continue
            button.click()
            try:
                body.first.wait_for(state="visible", timeout=5_000)
            except Exception:  # noqa: BLE001  (reported below, with the page)
                pass
            hidden = [i for i in range(body.count()) if not body.nth(i).is_visible()]
            if hidden or button.get_attribute("aria-expanded") != "true":
                problems.append(f"{where} did not open on a click")
        page.close()
    context.close()
    assert solutions >= 1, "no page has a solution (div.solution) to check"
    assert not problems, "\n".join(problems)
    assert not watch.problems, watch.report()


def copy_with_button(page, block) -> str:
    """Click the copy button of a code block; return what reached the clipboard."""
    sentinel = "(the copy button copied nothing)"
    page.evaluate("text => navigator.clipboard.writeText(text)", sentinel)
    block.hover()
    block.locator("button.copybtn").click()
    deadline = time.monotonic() + 5
    copied = sentinel
    while copied == sentinel and time.monotonic() < deadline:
        copied = page.evaluate("navigator.clipboard.readText()")
    return copied


def test_copy_button_leaves_out_the_prompt(site, chromium):
    watch = Watch()
    context = new_context(chromium, viewport=DESKTOP,
                          permissions=["clipboard-read", "clipboard-write"])
    page = open_page(context, watch, site.page_url("setup.html"))
    venv = page.locator("div.highlight", has=page.locator("pre", has_text="$ python3 -m venv .venv"))
    visible = [venv.nth(i) for i in range(venv.count()) if venv.nth(i).is_visible()]
    assert visible, "setup.html has no visible block with '$ python3 -m venv .venv'"
    copied = copy_with_button(page, visible[0])
    assert copied.startswith("python3 -m venv .venv"), repr(copied)
    assert not PROMPT.search(copied), f"a prompt was copied: {copied!r}"
    page.close()

    # Every block with prompts, on every page, behaves the same; each tab
    # (Linux, macOS, Windows) is opened in turn to show the blocks it hides.
    problems, checked = [], 0
    for name in site.pages:
        page = open_page(context, watch, site.page_url(name))
        blocks = page.locator("div.highlight:has(> pre)")
        tabs = page.locator("button.sphinx-tabs-tab").evaluate_all(
            "tabs => [...new Set(tabs.map(tab => tab.textContent.trim()))]")
        done = set()
        for tab in [None, *tabs]:
            if tab is not None:
                page.get_by_role("tab", name=tab, exact=True).first.click()
            # Each block's visibility and text in one call: a call per block was
            # most of this test's time.
            shown = blocks.evaluate_all(
                "blocks => blocks.map(b => [b.checkVisibility(), b.querySelector('pre').innerText])")
            for index, (visible, text) in enumerate(shown):
                if index in done or not visible:
                    continue
                done.add(index)
                if not PROMPT.search(text):
                    continue
                checked += 1
                copied = copy_with_button(page, blocks.nth(index))
                if copied.startswith("(the copy button") or PROMPT.search(copied):
                    problems.append(f"{name}: block {index + 1} copied {copied[:80]!r}")
        page.close()
    context.close()
    assert checked >= 2, "fewer than two code blocks with prompts were found to copy"
    assert not problems, "\n".join(problems)
    assert not watch.problems, watch.report()


def test_search_finds_mpiexec_offline(site, chromium):
    watch = Watch()
    context = new_context(chromium, viewport=DESKTOP)
    page = open_page(context, watch, site.page_url("search.html?q=mpiexec"))
    # Results are added one by one; Sphinx says "Search finished" after the last.
    page.locator("#search-results", has_text="Search finished").wait_for(timeout=20_000)
    results = page.locator("#search-results ul.search li")
    links = [results.nth(i).locator("a").first.get_attribute("href")
             for i in range(results.count())]
    assert links, "the search for mpiexec found nothing"
    assert any("setup" in link for link in links), f"setup.html is not among {links}"
    page.close()
    context.close()
    assert not watch.problems, watch.report()


@pytest.mark.parametrize("width_name, viewport", [("desktop", DESKTOP), ("phone", PHONE)])
def test_screenshots_for_a_maintainer(site, chromium, width_name, viewport):
    """Whole-page pictures of the index and episode 1 in _build/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    watch = Watch()
    mobile = {"is_mobile": True, "has_touch": True} if width_name == "phone" else {}
    context = new_context(chromium, viewport=viewport, **mobile)
    for name in ("index.html", "01-why.html"):
        page = open_page(context, watch, site.page_url(name))
        target = SCREENSHOTS / f"{Path(name).stem}-{width_name}.png"
        target.unlink(missing_ok=True)
        # The whole page in one window as tall as the page: a full-page
        # screenshot of a shorter window would cut the fixed sidebar short.
        height = page.evaluate("document.documentElement.scrollHeight")
        page.set_viewport_size({"width": viewport["width"], "height": height})
        page.screenshot(path=str(target))
        page.set_viewport_size(viewport)
        assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"{target} is not a PNG"
        page.close()
    context.close()
    assert not watch.problems, watch.report()


def test_the_checks_catch_a_bad_page(chromium, tmp_path):
    """The checks can fail: a page with a CDN script, a web font, a console
    error, a missing image without alt text and a too-wide paragraph is caught."""
    (tmp_path / "bad.html").write_text(
        "<!DOCTYPE html><html lang='en'><head><title>bad</title>"
        "<link rel='stylesheet' href='https://fonts.example.com/font.css'>"
        "<script src='https://cdn.example.com/lib.js'></script></head>"
        "<body><main><h1>Bad</h1><script>console.error('boom')</script>"
        "<img src='missing.png'><p style='width: 2000px'>wide</p>"
        "</main></body></html>", encoding="utf-8")
    with serve(tmp_path) as url:
        bad = Site(tmp_path, url, ["bad.html"])
        found, too_wide, watch = scan_every_page(chromium, bad, DESKTOP)
    report = watch.report()
    assert "request to another host: https://fonts.example.com/font.css" in report, report
    assert "request to another host: https://cdn.example.com/lib.js" in report, report
    assert "console error: boom" in report, report
    assert "HTTP 404 for " + url + "missing.png" in report, report
    assert any("critical image-alt" in line for line in found), found
    assert too_wide, "the 2000px paragraph did not count as too wide"


# --- Without a browser: skip on a laptop, fail under CI ----------------------

def test_missing_browser_skips_with_how_to_install_it(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("CHROMIUM", raising=False)
    assert find_chromium(candidates=["/nonexistent/chromium"]) is None
    with pytest.raises(pytest.skip.Exception, match="sudo apt install chromium"):
        skip_or_fail("Chromium was not found")


def test_missing_browser_fails_under_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="sudo apt install chromium"):
        skip_or_fail("Chromium was not found")


def test_chromium_variable_names_the_browser(monkeypatch, tmp_path):
    browser_file = tmp_path / "my-chromium"
    browser_file.write_text("")
    monkeypatch.setenv("CHROMIUM", str(browser_file))
    assert find_chromium() == str(browser_file)
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "missing"))
    assert find_chromium() is None

