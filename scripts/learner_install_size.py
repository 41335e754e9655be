"""Measure the learners' install: download size and disk size of examples/requirements.txt.

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
RESULT = ROOT / "content" / "learner-install.json"


def requirements_digest(path: Path = REQUIREMENTS) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


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
        return {
            "requirements_sha256": requirements_digest(),
            "download_bytes": folder_size(wheels),
            "venv_bytes": folder_size(venv),
            "empty_venv_bytes": empty,
            "packages": len(json.loads(listed.stdout)) - 1,  # pip itself came with the venv
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
          f"{result['venv_bytes'] / 1e6:.0f} MB in the virtual environment; wrote {RESULT}")


if __name__ == "__main__":
    main()
