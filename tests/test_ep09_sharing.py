"""Episode 9: no example leaves a shared-memory block or a process behind, and
what the page says of shared memory holds.

Each example of the episode runs once more, as its first entry in
tests/expectations/ep09.py says (the output is checked again), and then
/dev/shm and the process table are compared with before; Amira's bootstrap
step of the episode runs with each of its worker counts.  forgot_unlink.py
leaks on purpose: its block must be gone too, removed by the resource
tracker, which is what its page says.  Ctrl-C in the middle of a run is
tested in tests/test_interrupts.py, with the same checks.

The page's claims about the machinery are checked here, each in a process of
its own: close() with a NumPy view still open (a crash, not an error), what
SharedMemoryManager does and does not close, unlink() after a close() that
raises, the executor's start method with max_tasks_per_child, a block larger
than /dev/shm (SIGBUS), the pipeline when a stage is killed, and the segment
an aborted MPI run leaves in /dev/shm.
"""
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import replace
from pathlib import Path

import pytest

from expectations import EXPECTATIONS
from harness import (
    EXAMPLES,
    MPIEXEC,
    PYTHON,
    ROOT,
    START_METHODS,
    check_result,
    merge_env,
    run_example,
    runner,
    start_method_env,
)
from leftovers import blocks_left_behind, new_marker, processes_left_behind, shared_blocks

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="/dev/shm and /proc are Linux's")

EPISODE = sorted(name for name in EXPECTATIONS if name.startswith("ep09_sharing/"))
BOOTSTRAP = "bootstrap/bootstrap_shared.py"
RUNS = [(name, 0) for name in EPISODE] + \
    [(BOOTSTRAP, i) for i, run in enumerate(EXPECTATIONS[BOOTSTRAP]) if run.returncode == 0]


@pytest.mark.parametrize("example, index", RUNS, ids=[f"{name}-{i}" for name, i in RUNS])
def test_nothing_left_behind(example, index):
    marker = new_marker()
    run = EXPECTATIONS[example][index]
    run = replace(run, env={**run.env, **marker})
    before = shared_blocks()
    result = run_example(example, run)
    check_result(result, run)
    assert not processes_left_behind(marker), f"processes left running after {example}"
    assert not blocks_left_behind(before), f"shared memory left in /dev/shm after {example}"


def python(code: str, *, folder: Path = EXAMPLES / "ep09_sharing", timeout: float = 60,
           env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run `code` in a fresh Python, with `folder` on its path (a crash stays there)."""
    return subprocess.run([PYTHON, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, "PYTHONPATH": str(folder), **(env or {})},
                          cwd=ROOT)


def test_close_with_a_numpy_view_open_crashes_later():
    """np.ndarray(buffer=block.buf), as every example makes it: close() succeeds, and
    the next use of the array is a segmentation fault.  np.frombuffer: close() raises."""
    crash = python("""
        import numpy as np
        from multiprocessing import shared_memory
        block = shared_memory.SharedMemory(create=True, size=8000)
        array = np.ndarray((1000,), dtype=np.float64, buffer=block.buf)
        block.unlink()
        block.close()
        print("closed", flush=True)
        print(array.sum(), flush=True)
        """)
    assert crash.stdout.splitlines() == ["closed"], crash
    assert crash.returncode == -signal.SIGSEGV, crash
    refused = python("""
        import numpy as np
        from multiprocessing import shared_memory
        block = shared_memory.SharedMemory(create=True, size=8000)
        array = np.frombuffer(block.buf, dtype=np.float64)
        try:
            block.close()
        except BufferError:
            print("BufferError")
        del array
        block.close()
        block.unlink()
        """)
    assert refused.returncode == 0 and refused.stdout.strip() == "BufferError", refused


def test_manager_unlinks_but_leaves_the_parents_mapping_open():
    found = python("""
        import os
        import numpy as np
        from multiprocessing.managers import SharedMemoryManager
        with SharedMemoryManager() as manager:
            block = manager.SharedMemory(size=8000)
            array = np.ndarray((1000,), dtype=np.float64, buffer=block.buf)
        print("in /dev/shm:", os.path.exists(f"/dev/shm/{block.name}"))
        array[:] = 2.0
        print("sum after the with:", array.sum())
        del array
        block.close()
        """)
    assert found.returncode == 0, found
    assert found.stdout.splitlines() == ["in /dev/shm: False", "sum after the with: 2000.0"], found


@pytest.mark.parametrize("folder, code", [
    ("ep09_sharing", "import ex_fix_unlink; ex_fix_unlink.use_and_clean_up(1000)"),
    ("bootstrap", "import amira, bootstrap_shared; "
                  "bootstrap_shared.bootstrap(amira.load_sample(), 40, 1)"),
])
def test_unlink_runs_when_close_raises(folder, code):
    """The creator unlinks in a finally of its own: a close() that raises (a view
    from np.frombuffer still open) must not leave the block in /dev/shm."""
    found = python(f"""
        import os
        from multiprocessing import shared_memory
        made = []
        real_init, real_close = shared_memory.SharedMemory.__init__, shared_memory.SharedMemory.close
        def init(self, *args, **kwargs):
            real_init(self, *args, **kwargs)
            made.append(self.name)
        def close(self):
            real_close(self)
            raise BufferError("cannot close exported pointers exist")
        shared_memory.SharedMemory.__init__, shared_memory.SharedMemory.close = init, close
        try:
            {code}
        except BufferError:
            print("close() raised")
        for name in made:
            print("block", name, "left" if os.path.exists("/dev/shm/" + name) else "removed")
        """, folder=EXAMPLES / folder)
    assert "close() raised" in found.stdout.splitlines(), found
    blocks = [line for line in found.stdout.splitlines() if line.startswith("block ")]
    assert blocks and all(line.endswith(" removed") for line in blocks), found


@pytest.mark.skipif(sys.version_info < (3, 11), reason="max_tasks_per_child is new in Python 3.11")
def test_executor_with_max_tasks_per_child_uses_spawn():
    """What the page says: with max_tasks_per_child and no mp_context, spawn, even
    where the default start method is fork."""
    found = python("""
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        multiprocessing.set_start_method("fork")
        executor = ProcessPoolExecutor(2, max_tasks_per_child=3)
        print(executor._mp_context.get_start_method())
        executor.shutdown()
        """)
    assert found.returncode == 0 and found.stdout.strip() == "spawn", found


def test_a_block_larger_than_dev_shm_dies_with_sigbus():
    """Docker's 64 MB /dev/shm, in small: pickle_vs_share.py's 8 MB block in a 4 MB
    /dev/shm (a private mount namespace) ends in SIGBUS, not in a Python error."""
    if os.geteuid() != 0:
        pytest.skip("needs root for a private mount namespace")
    script = EXAMPLES / "ep09_sharing" / "pickle_vs_share.py"
    line = (f"mount -t tmpfs -o size=4m tmpfs /dev/shm || exit 99; "
            f"exec {PYTHON} {script} --megabytes 8")
    try:
        result = subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c", line],
                                capture_output=True, text=True, timeout=120)
    except FileNotFoundError:
        pytest.skip("no unshare command")
    if result.returncode == 99 or "unshare:" in result.stderr:
        pytest.skip(f"no private mount namespace here: {result.stderr.strip()}")
    assert result.returncode == -signal.SIGBUS, result
    assert "Traceback" not in result.stderr, result


@pytest.mark.parametrize("method", START_METHODS)
def test_pipeline_ends_when_a_stage_is_killed(method):
    """kill -9 of a processor: no sentinel comes from it, and the pipeline must not
    wait for ever.  It ends with a message naming the stage, and exit status 1."""
    marker = new_marker()
    command = runner.command("ep09_sharing/pipeline.py",
                                    ("--items", "100000", "--seconds", "0.01"))
    env = runner.environment(merge_env({"PYTHONUNBUFFERED": "1"}, start_method_env(method), marker))
    before = shared_blocks()
    process = subprocess.Popen(command, cwd=ROOT, env=env, text=True, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        started = process.stdout.readline()
        found = re.search(r"processor 1 (\d+)", started)
        assert found, f"no stage list in {started!r}"
        time.sleep(1)  # in the middle of the work
        os.kill(int(found[1]), signal.SIGKILL)
        out, err = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail("the pipeline still runs 30 s after a processor was killed")
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    assert process.returncode == 1, (process.returncode, out, err)
    assert re.search(rf"^Pipeline stopped: processor 1 \(process {found[1]}\) was killed by signal 9 "
                     r"before the work was done$", err, re.M), err
    assert "Traceback" not in err, err
    assert not processes_left_behind(marker), "processes left running after the pipeline stopped"
    assert not blocks_left_behind(before), "shared memory left in /dev/shm"


def open_files(folder: str, prefix: str) -> set[str]:
    """Names of files in `folder` starting with `prefix` that some process holds open."""
    used = set()
    for fd_folder in Path("/proc").glob("[0-9]*/fd"):
        try:
            for fd in fd_folder.iterdir():
                target = os.readlink(fd)
                if target.startswith(f"{folder}/{prefix}"):
                    used.add(Path(target).name)
        except OSError:
            continue
    return used


@pytest.mark.skipif(not Path(MPIEXEC).exists(), reason="no mpiexec")
def test_an_aborted_mpi_run_leaves_its_segment_in_dev_shm():
    """What the page tells learners after episode 7: an MPI run that ends in
    MPI_Abort can leave MPICH's mpich_shm_* file in /dev/shm (and a hydra_hwloc_xmlfile_*
    in /tmp).  Whether it does depends on how far the other rank got, so the run is
    tried up to five times.  Only the files these runs left are removed here."""
    segments = runner.shm_files(runner.MPICH_SEGMENT)
    hydra = {path.name for path in Path("/tmp").glob("hydra_hwloc_xmlfile_*")}
    env = runner.environment()
    try:
        for _ in range(5):
            result = subprocess.run([MPIEXEC, "-n", "2", PYTHON, "-c",
                                     "from mpi4py import MPI; MPI.COMM_WORLD.Abort(3)"],
                                    capture_output=True, text=True, timeout=60, env=env, cwd=ROOT)
            assert result.returncode == 3, result
            left = runner.shm_files(runner.MPICH_SEGMENT) - segments
            if left:
                break
        assert left, "no mpich_shm_ file left in /dev/shm after 5 runs ending in MPI_Abort"
        new_hydra = {path.name for path in Path("/tmp").glob("hydra_hwloc_xmlfile_*")} - hydra
        assert new_hydra, "no hydra_hwloc_xmlfile_ left in /tmp after MPI_Abort"
    finally:
        runner.remove_abandoned_mpi_segments(segments)
        for name in {path.name for path in Path("/tmp").glob("hydra_hwloc_xmlfile_*")} - hydra \
                - open_files("/tmp", "hydra_hwloc_xmlfile_"):
            Path("/tmp", name).unlink(missing_ok=True)


def test_leftover_checks_can_fail():
    """The checks see a block that nobody removes, and a process that keeps running."""
    before = shared_blocks()
    # A block whose creator tells the resource tracker to forget it: it stays.
    leak = ("from multiprocessing import resource_tracker, shared_memory\n"
            "block = shared_memory.SharedMemory(create=True, size=4096)\n"
            "resource_tracker.unregister(block._name, 'shared_memory')\n"
            "block.close()\n"
            "print(block.name)\n")
    name = subprocess.run([sys.executable, "-c", leak], capture_output=True, text=True,
                          timeout=60, check=True).stdout.strip()
    try:
        assert name in blocks_left_behind(before, grace=0.5)
    finally:
        os.unlink(f"/dev/shm/{name}")
    marker = new_marker()
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"],
                               env={**os.environ, **marker})
    try:
        assert processes_left_behind(marker, grace=0.5)
    finally:
        sleeper.wait(timeout=10)
