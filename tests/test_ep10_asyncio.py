"""Episode 10: the examples talk to 127.0.0.1 and nothing else.

Each example runs again as its first entry in tests/expectations/ep10.py says,
with the audit hook of tests/no_network/sitecustomize.py, which ends any
process that connects, or looks up a name, other than 127.0.0.1; and with
proxy variables set to an address no one answers, so an example that sent
its requests through a proxy from the environment would fail too.
"""
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from expectations import EXPECTATIONS
from harness import PYTHON, check_result, example_command, run_command

NO_NETWORK = Path(__file__).resolve().parent / "no_network"
PROXIES = {name: "http://192.0.2.1:9" for name in
           ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")}
EPISODE = sorted(name for name in EXPECTATIONS if name.startswith("ep10_asyncio/"))


def guarded_env():
    return {"PYTHONPATH": str(NO_NETWORK), "NO_PROXY": "", "no_proxy": "", **PROXIES}


@pytest.mark.parametrize("example", EPISODE)
def test_only_local_connections(example):
    run = replace(EXPECTATIONS[example][0], env={**EXPECTATIONS[example][0].env, **guarded_env()})
    result = run_command(example_command(example, run), timeout=run.timeout, env=run.env)
    assert "no_network: refused" not in result.stderr, result.describe()
    check_result(result, run)


def test_the_guard_refuses_other_hosts():
    """The hook is not a no-op: a connection to another address is refused."""
    code = "import socket; socket.create_connection(('192.0.2.1', 9), timeout=5)"
    result = run_command([PYTHON, "-c", code], timeout=60, env=guarded_env())
    assert result.returncode == 99 and "refused a connection to '192.0.2.1'" in result.stderr, \
        result.describe()


def test_the_guard_lets_local_connections_through():
    code = ("import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen();"
            "socket.create_connection(s.getsockname(), timeout=5); print('ok')")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, env={**__import__("os").environ, **guarded_env()})
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr
