"""What machine is this?  Used by the site build and by the benchmark, so that
the line under every output and the benchmark's JSON describe it the same way."""
import os
import platform
from pathlib import Path


def usable_cores() -> int:
    """Cores this process may run on (affinity mask), not just those that exist."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def cpu_model() -> str:
    """The processor's model name where the system tells it, else ''."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()
