"""Sphinx configuration for the Parallel Python lesson.

The configuration lives at the top of the repository; the pages live in
``content/`` (the Makefile runs ``sphinx-build -c . content _build/html``).
"""
import json
import os
from pathlib import Path

from lesson.build_machine import machine_description

ROOT = Path(__file__).resolve().parent


project = "Parallel Python"
author = "The Parallel Python contributors"
copyright = f"2026, {author}. Prose CC BY 4.0, code MIT"

extensions = [
    # Lesson directives (exercise, solution, questions, instructor-note, ...);
    # it also loads myst_nb, sphinx_copybutton, sphinx_tabs and sphinx_togglebutton.
    "sphinx_lesson",
    # Darker link and admonition colours for the Read the Docs theme (WCAG contrast).
    "sphinx_rtd_theme_ext_color_contrast",
    # Our own: run an example during the build and show what it printed; run the
    # build commands below; the examples as downloads; the list of all exercises.
    "lesson.example_output",
    "lesson.build_commands",
    "lesson.downloads",
    "lesson.exercise_list",
    # Our own: deferred scripts and a description for every page (fast on a slow network).
    "lesson.fast_pages",
    # Our own: every episode as a Jupyter notebook, linked from its page.
    "lesson.notebooks",
    # Our own: going-further parts, and the schedules made from runner.EPISODES.
    "lesson.pages",
]

exclude_patterns = ["_build", "jupyter_execute", "**.ipynb_checkpoints"]

# Scripts run at the start of every build (with this Python, from the
# repository root).  They write pictures and data into content/_generated/,
# which git ignores: nothing shown on the site is pasted by hand.
lesson_build_commands = [
    {"command": ["scripts/figures/amdahl.py", "--out", "content/_generated/amdahl.svg"],
     "inputs": ["examples/ep01_why/amdahl.py"], "outputs": ["content/_generated/amdahl.svg"]},
    {"command": ["scripts/figures/gustafson.py", "--out", "content/_generated/gustafson.svg"],
     "inputs": ["examples/ep11_coupled_mpi/scaling_laws.py"],
     "outputs": ["content/_generated/gustafson.svg"]},
    # Episode 6: a quick run of the benchmark (about 20 s on an idle 2-core machine; up to
    # 3 measurements while a claim misses): JSON, plot, tables, and the page's sentences,
    # alt text and measurement note made from the numbers.  It times the functions of
    # examples/ep06_scaling/, so it reruns when they change.  Under STRICT_TIMINGS=1 a
    # claim that still misses makes it exit with status 1, which fails a strict build.
    {"command": ["scripts/benchmark.py", "--quick", "--quiet", "--out-dir", "content/_generated"],
     "inputs": ["examples/ep06_scaling/*.py", "lesson/measurements.py",
                "lesson/runner.py", "lesson/build_machine.py"],
     "outputs": ["content/_generated/benchmark.json", "content/_generated/benchmark.svg",
                 *(f"content/_generated/benchmark-{name}.txt"
                   for name in ("ladder", "findings", "scaling", "figure"))]},
    # Episode 11: strong and weak scaling of the heat equation under mpiexec -n 1, 2, ...
    # up to the usable cores (about 7 s on 2 cores): JSON, plot, table, figure with alt text.
    {"command": ["scripts/figures/mpi_scaling.py", "--out-dir", "content/_generated"],
     "inputs": ["examples/ep11_coupled_mpi/heat.py", "examples/ep11_coupled_mpi/heat_serial.py",
                "examples/ep06_scaling/fit_amdahl.py", "lesson/measurements.py",
                "lesson/runner.py"],
     "outputs": ["content/_generated/mpi-scaling.json", "content/_generated/mpi-scaling.svg",
                 "content/_generated/mpi-scaling.txt", "content/_generated/mpi-scaling-figure.txt"]},
]
# Each entry runs again only when its script, its inputs (globs from the
# repository root), the Python or the machine changed, or an output is missing
# (or with LESSON_NO_CACHE=1 or STRICT_TIMINGS=1).

# Strict: a reference to something that does not exist is a warning, and the
# Makefile turns warnings into errors.
nitpicky = True

# --- MyST and notebooks ---------------------------------------------------
# No math renderer: MathJax would be fetched from a CDN and the site must work
# offline, so the few formulas are written as plain text.
myst_enable_extensions = ["colon_fence", "deflist", "substitution"]
myst_heading_anchors = 3
# The learners' install, as measured by scripts/learner_install_size.py
# (tests/test_learner_install.py fails when the measurement is out of date).
_install = json.loads((ROOT / "content" / "learner-install.json").read_text(encoding="utf-8"))
myst_substitutions = {
    "machine": machine_description(),
    "learner_download": f"{_install['download_bytes'] / 1e6:.0f} MB",
    "learner_disk": f"{_install['venv_bytes'] / 1e6:.0f} MB",
    "learner_packages": str(_install["packages"]),
    "jupyter_download": f"{_install['jupyter_download_bytes'] / 1e6:.0f} MB",
    "jupyter_disk": f"{_install['jupyter_venv_bytes'] / 1e6:.0f} MB",
    "learner_measured": f"{_install['platform']}, Python {_install['python']}, {_install['date']}",
}
# Pages that are notebooks (a jupytext header with a kernelspec) are executed
# on every build; a cell that raises fails the build.
nb_execution_mode = "force"
nb_execution_raise_on_error = True
nb_execution_timeout = 180
nb_execution_show_tb = True
# The kernel that runs notebook pages gets an IPython profile of its own, in
# _build: a maintainer's ~/.ipython start-up files cannot change what a page
# shows, and ipykernel 7's notice that its loopback connection to the build is
# unencrypted (logged as a WARNING by every kernel) stays out of the build log.
_profile = ROOT / "_build" / "ipython" / "profile_default"
_profile.mkdir(parents=True, exist_ok=True)
(_profile / "ipython_kernel_config.py").write_text('c.IPKernelApp.log_level = "ERROR"\n')
os.environ["IPYTHONDIR"] = str(_profile.parent)
# Plain MyST pages are not notebooks: do not try to execute them.
nb_custom_formats = {}
# A notebook whose output holds widget state (tqdm in a notebook, say) would make
# myst-nb load require.js and the ipywidgets bundle from CDNs; the site must work
# offline, so those scripts are never added (the widgets show their text form).
nb_ipywidgets_js = {}

# --- HTML output -------------------------------------------------------------
html_theme = "sphinx_rtd_theme"
html_title = project
html_static_path = ["_static"]
# _templates/layout.html defers the theme's script (see lesson/fast_pages.py).
templates_path = ["_templates"]
lesson_description = ("An open lesson on parallel programming in Python: threads and the GIL, "
                      "processes and pools, MPI with mpi4py, and clusters.")
html_css_files = ["lesson.css"]
# Found by the browser tests (tests/test_browser.py): keyboard access to code
# blocks and tables that scroll sideways.
html_js_files = ["lesson.js"]
# A local icon, so the browser does not ask the server for /favicon.ico (a 404
# and a console error on every page).
html_favicon = "_static/favicon.svg"
html_show_sourcelink = False

html_theme_options = {
    "navigation_depth": 2,
    "collapse_navigation": False,
}

# The copy button leaves out shell and Python prompts, so a learner pastes
# only the command.
copybutton_prompt_text = r"\$ |>>> |\.\.\. |PS> "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = False


# --- Accessibility fixes that need Python -------------------------------------
def _label_toctree_captions(app, pagename, templatename, context, doctree):
    """Give the sidebar's captions ("Episodes", ...) a heading level.

    Sphinx writes them as <p role="heading"> without aria-level, which screen
    readers cannot place in the page outline (axe: aria-required-attr).
    """
    toctree = context.get("toctree")
    if toctree is None:
        return

    def labelled_toctree(**kwargs):
        return toctree(**kwargs).replace('role="heading">', 'role="heading" aria-level="2">')

    context["toctree"] = labelled_toctree


def setup(app):
    app.connect("html-page-context", _label_toctree_captions)
