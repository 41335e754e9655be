"""The Parallel Python lesson's own tooling, one package.

runner          the episodes and their minutes, which files are examples, and how
                one is run (command line, pseudo-terminal, process-group kill, CPU used)
measurements    claims about measured numbers, the retry loop, the note, strictness
example_cache   the build's cache of example outputs and build-command results
example_output  Sphinx: the example-output directive and the {measured} role
build_commands  Sphinx: the scripts that draw figures and measure, run when the build starts
downloads       Sphinx: examples.zip and a download link under every listing
exercise_list   Sphinx: the page of all exercises, with ids of their own
build           the one strict sphinx-build command line (make, tests, scripts)
site            the built site read back: pages as trees of elements
build_machine   the line that names the machine an output came from
pages           Sphinx: going-further parts, the episode toctree and schedules, the menu
budget          the content budget of an episode page, from the built HTML
notebooks       Sphinx: every episode as a Jupyter notebook
fast_pages      Sphinx: deferred scripts and page descriptions
chromium        finding the system's Chromium, and its start flags
"""
