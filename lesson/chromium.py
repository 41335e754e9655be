"""Which Chromium to use, and how to start it, for the tools that drive one.

The browser tests (tests/test_browser.py), the PDF (scripts/print_pdf.py) and
Lighthouse CI (lighthouserc.js) all use the system's Chromium (Debian's
package; .ci/run installs it) or the browser that CHROMIUM names.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

CANDIDATES = [
    "chromium", "chromium-browser", "google-chrome", "google-chrome-stable",
    "/usr/bin/chromium",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    r"C:\Program Files\Google\Chrome\Application\chrome.exe",
]

# The page must be the only thing that makes requests: Chromium's own
# background traffic (updates, sync, field trials) is switched off.  Every host
# name but ours resolves to nothing, so a request to another host is still seen
# (and reported) but fails at once, as it would in a room without wifi.  As
# root (containers, CI) Chromium only starts without its sandbox.
ARGS = ["--headless", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update",
        "--disable-sync",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"]
if hasattr(os, "geteuid") and os.geteuid() == 0:
    ARGS.append("--no-sandbox")

INSTALL_HINT = (
    "On Debian/Ubuntu: sudo apt install chromium. Elsewhere install Chromium "
    "(https://www.chromium.org/getting-involved/download-chromium/) or Google Chrome "
    "and set CHROMIUM=/path/to/the/browser.")


def find_chromium(candidates=CANDIDATES) -> str | None:
    """The browser to use: $CHROMIUM if set, else the first candidate that exists."""
    chosen = os.environ.get("CHROMIUM")
    if chosen:
        return chosen if Path(chosen).is_file() else None
    for name in candidates:
        path = shutil.which(name) or (name if Path(name).is_file() else None)
        if path:
            return path
    return None
