"""What machine is this?  Used by the site build and by the benchmark, so that
the line under every output and the benchmark's JSON describe it the same way."""
import os
import platform
from functools import cache
from pathlib import Path

from lesson.runner import usable_cores

__all__ = ["cpu_model", "machine_description", "usable_cores"]


def cpu_model() -> str:
    """The processor's model name where the system tells it, else ''."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


@cache
def machine_description() -> str:
    """One line that says where the build ran: OS, CPU, cores, Python."""
    model = cpu_model()
    cpu = f"{model}, " if model else ""
    return (
        f"{platform.system()} {platform.machine()}, {cpu}"
        f"{usable_cores()} usable cores ({os.cpu_count()} logical), "
        f"{platform.python_implementation()} {platform.python_version()}"
    )
