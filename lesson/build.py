"""The one sphinx-build command line: for make, the tests and scripts/measure_builds.py.

Strict: a warning is an error (-W), all of them are reported first
(--keep-going), and a reference to nothing is a warning (-n).

    python -m lesson.build html _build/html --doctrees _build/doctrees [sphinx options ...]
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from lesson.runner import CONTENT, ROOT

STRICT = ("-W", "--keep-going", "-n")


def sphinx_command(builder: str, outdir: Path, *, doctrees: Path, options=(), root: Path = ROOT,
                   python: str = sys.executable) -> list[str]:
    """sphinx-build, strictly, of root/content with root's conf.py into `outdir`."""
    return [python, "-m", "sphinx", "-b", builder, "-c", str(root), *STRICT, *options,
            "-d", str(doctrees), str(root / CONTENT.relative_to(ROOT)), str(outdir)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("builder", help="html or singlehtml")
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--doctrees", type=Path, required=True)
    args, options = parser.parse_known_args()
    command = sphinx_command(args.builder, args.outdir, doctrees=args.doctrees, options=options)
    os.execv(command[0], command)


if __name__ == "__main__":
    main()
