"""The harness itself: its checks must catch what they claim to catch."""
import os
import signal
import time

import psutil
import pytest

from expectations.ep08 import EXPECTATIONS as EP08
from harness import (
    PYTHON,
    START_METHODS,
    Between,
    Equals,
    Result,
    Run,
    check_result,
    run_command,
    runner,
    start_method_env,
)


@pytest.mark.parametrize("method", START_METHODS)
def test_start_method_is_applied(method):
    result = run_command([PYTHON, "-c", "import multiprocessing as m; print(m.get_start_method())"],
                         timeout=60, env=start_method_env(method))
    assert result.stdout.strip() == method


TERMINAL = [False, pytest.param(True, marks=pytest.mark.skipif(os.name != "posix",
                                                               reason="a pseudo-terminal"))]


def ended(pid: int, within: float = 5.0) -> bool:
    """Has process `pid` ended (as a zombie too: a reparented one waits for init)?"""
    deadline = time.monotonic() + within
    while True:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)


@pytest.mark.parametrize("terminal", TERMINAL)
def test_timeout_kills_the_whole_group(terminal):
    code = ("import subprocess, sys, time; "
            "left = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)']); "
            "print(left.pid, flush=True); time.sleep(60)")
    result = runner.run([PYTHON, "-c", code], timeout=2, terminal=terminal)
    assert result.returncode is None and "killed after 2 s" in result.stderr
    assert ended(int(result.stdout)), "the run's child survived the timeout"


@pytest.mark.parametrize("terminal", TERMINAL)
def test_cpu_counts_the_run_and_the_children_it_waited_for(terminal):
    spin = "import time; end = time.process_time() + 0.3\nwhile time.process_time() < end: pass"
    code = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {spin!r}])\n{spin}"
    result = runner.run([PYTHON, "-c", code], timeout=60, terminal=terminal)
    assert result.returncode == 0 and result.cpu >= 0.6, result.describe()
    assert result.wall >= 0.3 and result.busy >= 0.5, result.describe()


@pytest.mark.skipif(os.name != "posix", reason="a pseudo-terminal")
def test_a_terminal_run_shows_what_a_terminal_shows():
    code = ("import shutil, sys\n"
            "print('working', end='\\r'); print('done  ')\n"     # a progress line, rewritten
            "print('to stderr', file=sys.stderr)\n"
            "print(shutil.get_terminal_size().columns, sys.stdout.isatty(), repr(sys.stdin.read()))\n"
            "sys.exit(3)")
    result = runner.run([PYTHON, "-c", code], timeout=30, terminal=True)
    assert result.stdout.splitlines() == ["done  ", "to stderr", "80 True ''"], result.describe()
    assert result.returncode == 3 and result.stderr == ""


@pytest.mark.skipif(os.name != "posix", reason="a pseudo-terminal")
def test_a_terminal_run_ends_when_its_program_ends():
    """A process the run leaves behind still holding the terminal is not waited for."""
    code = ("import subprocess, sys; "
            "left = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)']); "
            "print(left.pid)")
    result = runner.run([PYTHON, "-c", code], timeout=30, terminal=True)
    os.kill(int(result.stdout), signal.SIGKILL)  # left to us: the autouse fixture cannot see it
    assert ended(int(result.stdout))
    assert result.returncode == 0 and result.wall < 10, result.describe()


@pytest.mark.skipif(os.name != "posix", reason="a POSIX signal disposition")
@pytest.mark.parametrize("terminal", [False, True])
def test_runs_take_ctrl_c_when_the_runner_was_started_ignoring_it(terminal):
    # As under `make test &` in a script: SIGINT ignored, which children inherit.
    code = ("import signal, sys; signal.signal(signal.SIGINT, signal.SIG_IGN); "
            "from lesson import runner; "
            "child = 'import signal; print(signal.getsignal(signal.SIGINT).__name__)'; "
            f"run = runner.run([sys.executable, '-c', child], timeout=30, terminal={terminal}); "
            "print(run.stdout)")
    result = run_command([PYTHON, "-c", code], timeout=60)
    assert result.stdout.strip() == "default_int_handler", result.describe()


def fake(stdout="", stderr="", returncode=0):
    return Result(["example"], returncode, stdout, stderr)


@pytest.mark.parametrize("result, run", [
    (fake("pi = 3.5\n"), Run(stdout=(r"pi = (?P<pi>[\d.]+)",), values={"pi": Between(3.1, 3.2)})),
    (fake("n = 3\n"), Run(stdout=(r"n = (?P<n>\d+)",), values={"n": Equals(4)})),
    (fake("done\n"), Run(stdout=(r"^finished$",))),
    (fake("x\nx\n"), Run(count={r"^x$": 3})),
    (fake("", returncode=1), Run()),
    (fake("", stderr="Traceback (most recent call last):\n"), Run()),
    (fake("oops\n"), Run(absent=(r"oops",))),
    (fake("a = 1\n"), Run(stdout=(r"a = 1",), values={"b": Equals(1)})),
])
def test_check_result_catches(result, run):
    with pytest.raises(AssertionError):
        check_result(result, run)


def test_check_result_accepts_a_good_run():
    check_result(fake("pi = 3.14\nx\nx\n"),
                 Run(stdout=(r"pi = (?P<pi>[\d.]+)",), values={"pi": Between(3.1, 3.2)},
                     count={r"^x$": 2}))


# Dask's shutdown race (see expectations/ep08.py): its log record is let through,
# a traceback of any other kind, before or after it, is not.
HEARTBEAT = ("2026-01-01 12:00:00,000 - distributed.worker - ERROR - "
             "Failed to communicate with scheduler during heartbeat.\n"
             "Traceback (most recent call last):\n"
             '  File "tcp.py", line 226, in read\n'
             "tornado.iostream.StreamClosedError: Stream is closed\n"
             "distributed.comm.core.CommClosedError: in <TCP (closed)>: Stream is closed\n")
OTHER = 'Traceback (most recent call last):\n  File "x.py", line 1\nValueError: boom\n'


@pytest.mark.parametrize("stderr, allowed", [
    (HEARTBEAT, True), (HEARTBEAT * 2, True), ("", True),
    (HEARTBEAT + OTHER, False), (OTHER + HEARTBEAT, False), (OTHER, False)])
def test_only_the_dask_heartbeat_traceback_is_allowed(stderr, allowed):
    run = EP08["ep08_beyond/dask_cluster.py"][0]
    result = fake("Workers in the cluster: 2\nPrimes below 200000: 17984 (from 8 tasks)\n"
                  "Worker processes that ran tasks: 2, none of them this one: True\n"
                  "Time to start the cluster: 1.00 s\nTime in all: 2.00 s\n", stderr=stderr)
    if allowed:
        check_result(result, run)
    else:
        with pytest.raises(AssertionError):
            check_result(result, run)


def test_a_runs_pythonpath_survives_the_start_method_hook(tmp_path, monkeypatch):
    """Run(env={"PYTHONPATH": ...}) and the start-method hook both take effect, in the
    example and in its worker processes (merged by runner.environment)."""
    import harness

    library = tmp_path / "library"  # not the script's folder, which Python searches anyway
    library.mkdir()
    (library / "lesson_marker.py").write_text("NAME = 'marker found'\n")
    code = ("import multiprocessing, lesson_marker\n"
            "def name(_):\n"
            "    import lesson_marker\n"
            "    return lesson_marker.NAME\n"
            "if __name__ == '__main__':\n"
            "    with multiprocessing.Pool(1) as pool:\n"
            "        print(multiprocessing.get_start_method(), pool.map(name, [0])[0])\n")
    script = tmp_path / "uses_marker.py"
    script.write_text(code)
    monkeypatch.setattr(harness, "example_command", lambda example, run, ranks=None: [PYTHON, str(script)])
    run = Run(env={"PYTHONPATH": str(library)}, stdout=(r"^spawn marker found$",))
    check_result(harness.run_example("any", run, start_method="spawn"), run)
    merged = harness.merge_env(run.env, start_method_env("spawn"))
    assert merged["PYTHONPATH"].split(os.pathsep) == [str(harness.HOOKS), str(library)]


def test_a_runs_own_sitecustomize_still_runs_beside_the_hook():
    """tests/fakes/interpreter_pool brings a sitecustomize; the start-method hook's runs it too."""
    from harness import ROOT

    fake = ROOT / "tests" / "fakes" / "interpreter_pool"
    code = ("import concurrent.futures as futures, multiprocessing\n"
            "print(multiprocessing.get_start_method(), hasattr(futures, 'InterpreterPoolExecutor'))")
    from harness import merge_env
    result = run_command([PYTHON, "-c", code], timeout=60,
                         env=merge_env({"PYTHONPATH": str(fake)}, start_method_env("spawn")))
    assert result.stdout.split() == ["spawn", "True"], result.describe()
