"""Is the global interpreter lock (GIL) on in the Python running this script?

Ordinary CPython builds always have the GIL.  Free-threaded builds (Python
3.13t and 3.14t, where the executable is often called python3.13t) are
compiled without it, so threads can run Python code on several cores at once.
Even such a build switches the GIL back on when asked to (PYTHON_GIL=1 or
python -X gil=1) or when it imports an extension module that has not been
marked safe to run without it.  This script reports what the build is and
what is true right now.
"""
import argparse
import platform
import sys
import sysconfig


# start-listing
def report():
    # Set to 1 when Python was compiled for free threading (--disable-gil).
    free_threaded_build = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
    # sys._is_gil_enabled() exists from Python 3.13; older versions always have the GIL.
    is_gil_enabled = getattr(sys, "_is_gil_enabled", None)
    gil_enabled = is_gil_enabled() if is_gil_enabled else True

    print(f"Python {platform.python_version()} ({platform.python_implementation()})")
    print(f"Free-threaded build: {'yes' if free_threaded_build else 'no'}")
    print(f"GIL enabled now: {'yes' if gil_enabled else 'no'}")
    if free_threaded_build and gil_enabled:
        print("This build can run without the GIL, but it is on: check PYTHON_GIL, "
              "-X gil, and the extension modules you import.")
    if gil_enabled:
        print("Threads take turns running Python code: use processes for CPU-bound work.")
    else:
        print("Threads can run Python code on several cores at once.")
# end-listing


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    report()


if __name__ == "__main__":
    main()
