"""Sphinx configuration for the Parallel Python lesson.

The configuration lives at the top of the repository; the pages live in
``content/`` (the Makefile runs ``sphinx-build -c . content _build/html``).
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "sphinxext"))

import lesson_examples  # noqa: E402  (needs the path above)

project = "Parallel Python"
author = "The Parallel Python contributors"
copyright = f"2026, {author}. Prose CC BY 4.0, code MIT"

extensions = [
    # Lesson directives (exercise, solution, questions, instructor-note, ...);
    # it also loads myst_nb, sphinx_copybutton, sphinx_tabs and sphinx_togglebutton.
    "sphinx_lesson",
    # Darker link and admonition colours for the Read the Docs theme (WCAG contrast).
    "sphinx_rtd_theme_ext_color_contrast",
    # Our own: run an example during the build and show what it printed.
    "lesson_examples",
]

exclude_patterns = ["_build", "jupyter_execute", "**.ipynb_checkpoints"]

# Scripts run at the start of every build (with this Python, from the
# repository root).  They write pictures and data into content/_generated/,
# which git ignores: nothing shown on the site is pasted by hand.
lesson_build_commands = [
    ["scripts/figures/amdahl.py", "--out", "content/_generated/amdahl.svg"],
    # Episode 6: a quick run of the benchmark (about 10 s on 2 cores): JSON, plot, tables.
    ["scripts/benchmark.py", "--quick", "--quiet", "--out-dir", "content/_generated"],
]

# Strict: a reference to something that does not exist is a warning, and the
# Makefile turns warnings into errors.
nitpicky = True

# --- MyST and notebooks ---------------------------------------------------
# No math renderer: MathJax would be fetched from a CDN and the site must work
# offline, so the few formulas are written as plain text.
myst_enable_extensions = ["colon_fence", "deflist", "substitution"]
myst_heading_anchors = 3
myst_substitutions = {"machine": lesson_examples.machine_description()}
# Pages that are notebooks (a jupytext header with a kernelspec) are executed
# on every build; a cell that raises fails the build.
nb_execution_mode = "force"
nb_execution_raise_on_error = True
nb_execution_timeout = 180
nb_execution_show_tb = True
# Plain MyST pages are not notebooks: do not try to execute them.
nb_custom_formats = {}

# --- HTML output -------------------------------------------------------------
html_theme = "sphinx_rtd_theme"
html_title = project
html_static_path = ["_static"]
html_css_files = ["lesson.css"]
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
