"""Print the one-page lesson (make singlehtml) to a PDF with Chromium.

The PDF is tagged (its text has a structure that screen readers and copying
follow), has an outline of the episodes built from the headings, and carries
the lesson's title in its metadata.  Solutions and other collapsed boxes are
printed open, and long lines of code wrap (the print rules are in
_static/lesson.css).  No TeX installation is needed: the browser the browser
tests drive does the typesetting.

    python scripts/print_pdf.py     # _build/html/one-page -> _build/html/parallel-python.pdf
"""
import argparse
import os
import sys
from pathlib import Path

from lesson import chromium

ROOT = Path(__file__).resolve().parent.parent


TITLE = "Parallel Python: a lesson on parallel programming in Python"
FOOTER = ('<div style="font-size: 8px; width: 100%; text-align: center; color: #555;">'
          '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')


def print_pdf(single_page: Path, target: Path, timeout: float = 180) -> None:
    from playwright.sync_api import sync_playwright

    executable = chromium.find_chromium()
    if executable is None:
        sys.exit(f"Chromium was not found. {chromium.INSTALL_HINT}")
    partial = target.with_name(target.name + ".partial")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=chromium.ARGS,
                                             timeout=timeout * 1000)
        try:
            page = browser.new_page()
            page.goto(single_page.resolve().as_uri(), wait_until="load", timeout=timeout * 1000)
            # The title goes into the PDF's metadata; "beforeprint" makes the
            # toggle buttons open every solution, as a browser's print dialog does.
            page.evaluate("title => { document.title = title;"
                          " window.dispatchEvent(new Event('beforeprint')); }", TITLE)
            page.emulate_media(media="print")
            # Paper size and margins come from the page's @page rule (lesson.css).
            page.pdf(path=str(partial), prefer_css_page_size=True, print_background=True,
                     tagged=True, outline=True, display_header_footer=True,
                     header_template="<span></span>", footer_template=FOOTER)
        finally:
            browser.close()
    os.replace(partial, target)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--single-page", type=Path,
                        default=ROOT / "_build" / "html" / "one-page" / "index.html",
                        help="the page that make singlehtml wrote")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "html" / "parallel-python.pdf",
                        help="the PDF to write")
    args = parser.parse_args()
    if not args.single_page.is_file():
        parser.error(f"{args.single_page} does not exist: run make singlehtml first")
    print_pdf(args.single_page, args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
