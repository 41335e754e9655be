"""Measure the learners' install: download size and disk size of examples/requirements.txt.

It also measures what the optional examples/requirements-jupyter.txt (JupyterLab,
for the episodes' notebooks) adds to that install.

Creates a fresh virtual environment in a temporary folder with this Python,
downloads the wheels that examples/requirements.txt pins, installs them, and
writes what it measured into content/learner-install.json.  The setup page
shows those figures (conf.py reads the file), and tests/test_learner_install.py
fails when examples/requirements.txt has changed since the last measurement,
so the page cannot quote the size of an older install.

    python scripts/learner_install_size.py          # about a minute, needs PyPI
"""
import argparse
import datetime
import hashlib
import json
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "examples" / "requirements.txt"
JUPYTER = ROOT / "examples" / "requirements-jupyter.txt"
RESULT = ROOT / "content" / "learner-install.json"


def requirements_digest() -> str:
    """One digest of both requirement files: a change to either calls for a new measurement."""
    return hashlib.sha256(REQUIREMENTS.read_bytes() + b"\0" + JUPYTER.read_bytes()).hexdigest()


def folder_size(folder: Path) -> int:
    """Bytes of all files under `folder` (links not followed)."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def measure(python: str) -> dict:
    with tempfile.TemporaryDirectory() as temporary:
        venv, wheels = Path(temporary, "venv"), Path(temporary, "wheels")
        subprocess.run([python, "-m", "venv", str(venv)], check=True, timeout=300)
        pip = [str(venv / ("Scripts" if sys.platform == "win32" else "bin") / "python"), "-m", "pip"]
        empty = folder_size(venv)
        subprocess.run([*pip, "download", "--quiet", "-d", str(wheels), "-r", str(REQUIREMENTS)],
                       check=True, timeout=900)
        subprocess.run([*pip, "install", "--quiet", "--no-index", "--find-links", str(wheels),
                        "-r", str(REQUIREMENTS)], check=True, timeout=900)
        listed = subprocess.run([*pip, "list", "--format=json"], check=True, timeout=120,
                                capture_output=True, text=True)
        base_venv, base_download = folder_size(venv), folder_size(wheels)
        base_wheels = {path.name for path in wheels.iterdir()}
        # The optional JupyterLab on top: only the wheels the base install lacked count.
        subprocess.run([*pip, "download", "--quiet", "-d", str(wheels), "-r", str(REQUIREMENTS),
                        "-r", str(JUPYTER)], check=True, timeout=900)
        subprocess.run([*pip, "install", "--quiet", "--no-index", "--find-links", str(wheels),
                        "-r", str(JUPYTER)], check=True, timeout=900)
        added = [path for path in wheels.iterdir() if path.name not in base_wheels]
        return {
            "requirements_sha256": requirements_digest(),
            "download_bytes": base_download,
            "venv_bytes": base_venv,
            "empty_venv_bytes": empty,
            "packages": len(json.loads(listed.stdout)) - 1,  # pip itself came with the venv
            "jupyter_download_bytes": sum(path.stat().st_size for path in added),
            "jupyter_venv_bytes": folder_size(venv) - base_venv,
            "python": platform.python_version(),
            "platform": f"{platform.system()} {platform.machine()}",
            "date": datetime.date.today().isoformat(),
        }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=sys.executable, help="the Python to make the venv with")
    args = parser.parse_args()
    result = measure(args.python)
    RESULT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"{result['packages']} packages: {result['download_bytes'] / 1e6:.0f} MB to download, "
          f"{result['venv_bytes'] / 1e6:.0f} MB in the virtual environment; JupyterLab adds "
          f"{result['jupyter_download_bytes'] / 1e6:.0f} MB and {result['jupyter_venv_bytes'] / 1e6:.0f} MB; "
          f"wrote {RESULT}")


if __name__ == "__main__":
    main()
