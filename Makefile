# Build the lesson and run its tests.  Everything runs inside .venv, which is
# created from requirements.txt the first time a target needs it (Debian-like
# systems refuse `pip install` into the system Python).
#
#   make html    build the site into _build/html (warnings are errors;
#                STRICT_TIMINGS=1 also fails on a missed timing claim)
#   make singlehtml  the whole lesson on one page, into _build/html/one-page
#   make pdf     that page printed to _build/html/parallel-python.pdf by Chromium
#   make lint    ruff (configured in ruff.toml) over the examples and the tooling
#   make test    lint, then the test suite (examples, start methods, MPI, the strict build)
#   make test-all  the tests (not the site's) under each CPython 3.10-3.13 found (noxfile.py)
#   make serve   rebuild and reload the site in a browser while you edit
#   make bench   the full benchmark of episode 6 (about 2 minutes on 2 cores), into $(BUILDDIR)/benchmark
#   make lighthouse  score every page of the built site with Lighthouse CI (Node.js and npm needed)
#   make clean   remove _build

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.requirements-installed
# sphinx-build, strictly (lesson/build.py holds the one command line); more options here.
SPHINXBUILD := $(BIN)/python -m lesson.build
SPHINXOPTS  ?=
BUILDDIR    ?= _build
PYTEST_ARGS ?=
# make test-all NOX_ARGS="-p 3.12 -- -k ep04": arguments for nox (noxfile.py lists them).
NOX_ARGS    ?=
BENCH_ARGS  ?=
# Passed to lhci autorun, e.g. LIGHTHOUSE_ARGS="--collect.url=/06-scaling.html --collect.numberOfRuns=1"
LIGHTHOUSE_ARGS ?=
# STRICT_TIMINGS=1: a timed output that misses its declared expectation fails the build.
export STRICT_TIMINGS

# The menu links the one-page lesson and the PDF only when this make builds them too
# (make html singlehtml pdf); a plain make html links neither.
, := ,
FORMATS_OPTION := $(if $(filter pdf,$(MAKECMDGOALS)),-D lesson_other_formats=one-page$(,)pdf,$(if \
                    $(filter singlehtml,$(MAKECMDGOALS)),-D lesson_other_formats=one-page))

.PHONY: html singlehtml pdf lint test test-all serve bench lighthouse clean venv

html: $(STAMP)
	$(SPHINXBUILD) html $(BUILDDIR)/html --doctrees $(BUILDDIR)/doctrees $(SPHINXOPTS) $(FORMATS_OPTION)

# The whole lesson on one page, into the site (linked from its menu), as strictly as html.
singlehtml: $(STAMP)
	$(SPHINXBUILD) singlehtml $(BUILDDIR)/html/one-page --doctrees $(BUILDDIR)/doctrees-singlehtml $(SPHINXOPTS)

# The one-page lesson printed to a PDF by Chromium (no TeX needed).
pdf: singlehtml
	$(BIN)/python scripts/print_pdf.py --single-page $(BUILDDIR)/html/one-page/index.html \
		--out $(BUILDDIR)/html/parallel-python.pdf

# ruff finds what a test would only find by running the line (an undefined
# name, an unused import); it takes about a second, so it goes first.
lint: $(STAMP)
	$(BIN)/ruff check .

test: lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-all: $(STAMP)
	$(BIN)/nox $(NOX_ARGS)

serve: $(STAMP)
	$(BIN)/sphinx-autobuild -c . -d $(BUILDDIR)/doctrees --watch examples --watch lesson \
		--watch conf.py --ignore "*/_generated/*" --ignore "*/jupyter_execute/*" \
		content $(BUILDDIR)/html

bench: $(STAMP)
	$(BIN)/python scripts/benchmark.py --out-dir $(BUILDDIR)/benchmark $(BENCH_ARGS)

# Lighthouse CI (lighthouserc.js) scores the site that make html built, page by page, and
# fails below its targets; the reports go to $(BUILDDIR)/lighthouse.  npm ci installs the
# version pinned in package-lock.json into node_modules, again when the lock file changes.
lighthouse: node_modules/.package-lock.json
	@test -f $(BUILDDIR)/html/index.html || { echo "No site in $(BUILDDIR)/html: run make html first"; exit 1; }
	node_modules/.bin/lhci autorun --collect.staticDistDir=$(BUILDDIR)/html \
		--upload.outputDir=$(BUILDDIR)/lighthouse $(LIGHTHOUSE_ARGS)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

clean:
	rm -rf $(BUILDDIR) content/jupyter_execute

venv: $(STAMP)

# (Re)install when requirements.txt changes: pip installs uv (pinned in
# requirements.txt), which installs the rest several times faster than pip.  The version check gives a clear
# message instead of a failed install on an old Python.  --compile-bytecode writes
# the .pyc files now (about 15 s): where PYTHONDONTWRITEBYTECODE is set, as on some
# CI runners, every example run would otherwise compile NumPy, Dask and the rest
# from source again (2.8 s instead of 1.1 s to import them here).
$(STAMP): requirements.txt examples/requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "Python 3.10 or newer is needed; set PYTHON=python3.X")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { \
		echo "Could not create $(VENV). On Debian/Ubuntu: sudo apt install python3-venv"; exit 1; }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "$$(grep '^uv==' requirements.txt)"
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -r requirements.txt
	@touch $@
