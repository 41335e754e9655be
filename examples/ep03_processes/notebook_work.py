"""Work for the notebook on episode 3's page, kept in a module so workers can import it.

A worker process started with spawn finds the function it must run by
importing the function's module.  A function typed into a notebook cell
belongs to the kernel's __main__, which a worker cannot import; a function
in this file can be imported by the notebook and by every worker alike.
"""


def square(x):
    """The task: a stand-in for real work on one input."""
    return x * x
