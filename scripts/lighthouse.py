"""Score the built site with Lighthouse, as a phone on a slow network would load it.

Serves _build/html on 127.0.0.1 as a static web host would (gzip, and a
long cache for the files under _static/), runs Lighthouse (its default mobile settings:
a mid-range phone on a throttled 4G connection) on every page of the lesson
with the system's Chromium, and prints each page's scores for performance,
accessibility, best practices and SEO, and what the page weighs without its
images.  Lighthouse comes from the npm registry into _build/lighthouse the
first time (node and npm are needed; nothing else is downloaded).

    python scripts/lighthouse.py                    # every page
    python scripts/lighthouse.py --pages 02-threads  # one page

Exits with status 1 when a page misses the lesson's targets: performance at
least 90, the other three 100, and at most 500 KB of scripts, styles and fonts.
"""
import argparse
import functools
import gzip
import http.server
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from lesson import chromium as chromium_setup
from lesson.runner import EPISODES

ROOT = Path(__file__).resolve().parent.parent

LIGHTHOUSE = "12.8.2"
TOOLS = ROOT / "_build" / "lighthouse"
CLI = TOOLS / "node_modules" / "lighthouse" / "cli" / "index.js"
PAGES = ["index", "setup", *(episode.page for episode in EPISODES),
         "quick-reference", "exercises", "glossary", "instructor-guide", "personas"]
TARGETS = {"performance": 90, "accessibility": 100, "best-practices": 100, "seo": 100}
MAX_WEIGHT = 500_000
# As the browser tests start it: headless, and no connection to Google's services.
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run "
                "--disable-background-networking --disable-component-update --disable-sync "
                "--disable-default-apps --disable-extensions")


def chromium() -> str:
    browser = chromium_setup.find_chromium()
    if browser is None:
        sys.exit(f"Chromium not found. {chromium_setup.INSTALL_HINT}")
    return browser


def install_lighthouse() -> None:
    if CLI.is_file():
        return
    npm = shutil.which("npm") or sys.exit("npm not found: install Node.js to run Lighthouse")
    TOOLS.mkdir(parents=True, exist_ok=True)
    subprocess.run([npm, "install", "--no-audit", "--no-fund", "--prefix", str(TOOLS),
                    f"lighthouse@{LIGHTHOUSE}"], check=True, timeout=900)


class StaticHost(http.server.SimpleHTTPRequestHandler):
    """Serves files as a static web host does: text compressed with gzip when the
    browser accepts it, and the files under _static/ (whose links carry a
    checksum, ?v=...) cached for a year."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        compressible = path.suffix in {".html", ".css", ".js", ".svg", ".json", ".txt"}
        if not (path.is_file() and compressible and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def end_headers(self):
        if "/_static/" in self.path or "/_images/" in self.path:
            self.send_header("Cache-Control", "public, max-age=31536000")
        super().end_headers()


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(StaticHost, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def audit(url: str, browser: str, timeout: float) -> dict:
    with tempfile.TemporaryDirectory() as temporary:
        report = Path(temporary, "report.json")
        subprocess.run(["node", str(CLI), url, "--output=json", f"--output-path={report}", "--quiet",
                        f"--chrome-flags={CHROME_FLAGS}"], check=True, timeout=timeout,
                       env=dict(os.environ, CHROME_PATH=browser))
        return json.loads(report.read_text(encoding="utf-8"))


def summary(report: dict) -> dict:
    scores = {name: round(100 * (category["score"] or 0))
              for name, category in report["categories"].items()}
    requests = report["audits"]["network-requests"]["details"]["items"]
    weight = sum(item.get("transferSize", 0) for item in requests if item.get("resourceType") != "Image")
    failed = [audit["title"] for audit in report["audits"].values()
              if audit.get("score") is not None and audit["score"] < 1
              and audit.get("scoreDisplayMode") in ("binary", "metricSavings")][:6]
    fcp = report["audits"]["first-contentful-paint"]["numericValue"] / 1000
    return {**scores, "weight": weight, "fcp": fcp, "failed": failed}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html", help="the built site")
    parser.add_argument("--pages", nargs="+", default=PAGES, help="page names, without .html")
    parser.add_argument("--timeout", type=int, default=180, help="seconds allowed per page")
    args = parser.parse_args()
    if not (args.site / "index.html").is_file():
        parser.error(f"no built site in {args.site}: run make html first")
    browser = chromium()
    install_lighthouse()
    server, base = serve(args.site)
    missed = False
    print(f"{'page':<18} {'perf':>5} {'a11y':>5} {'b.p.':>5} {'seo':>5} {'KB':>6} {'FCP s':>6}")
    try:
        for page in args.pages:
            result = summary(audit(f"{base}/{page}.html", browser, args.timeout))
            print(f"{page:<18} {result['performance']:>5} {result['accessibility']:>5} "
                  f"{result['best-practices']:>5} {result['seo']:>5} {result['weight'] / 1000:>6.0f} "
                  f"{result['fcp']:>6.1f}", flush=True)
            misses = [name for name, target in TARGETS.items() if result[name] < target]
            if misses or result["weight"] > MAX_WEIGHT:
                missed = True
                print(f"    below target: {', '.join(misses) or 'weight'}; "
                      f"audits not passed: {'; '.join(result['failed'])}")
    finally:
        server.shutdown()
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
