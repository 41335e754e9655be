"""Episode 10: the examples talk to 127.0.0.1 and nothing else; what the page claims beside them.

Each example runs again as its first entry in tests/expectations/ep10.py says,
with the audit hook of tests/no_network/sitecustomize.py, which ends any
process that connects, or looks up a name, other than 127.0.0.1; and with
proxy variables set to an address no one answers, so an example that sent
its requests through a proxy from the environment would fail too.

The other tests check what the page says around the examples: httpx's
default limits (100 connections per client, 5 s to wait for one), where
exercise 3's copy must be saved (beside local_server.py), and that in a
Jupyter kernel asyncio.run() fails while a top-level await works.
"""
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from expectations import EXPECTATIONS
from harness import EXAMPLES, PYTHON, check_result, example_command, run_command

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


def test_the_pages_numbers_are_httpxs_defaults():
    """The page: one client opens at most 100 connections, and a request waits 5 s for one."""
    import httpx

    client = httpx.AsyncClient()
    assert client.timeout.pool == 5.0
    assert httpx._config.DEFAULT_LIMITS.max_connections == 100
    assert client._transport._pool._max_connections == 100


def test_the_exercise_saved_elsewhere_cannot_find_local_server(tmp_path):
    """Exercise 3: a copy saved outside examples/ep10_asyncio/ fails on its import, as the page says."""
    copy = tmp_path / "my_fetch_all.py"
    copy.write_text((EXAMPLES / "ep10_asyncio" / "ex_fetch_all.py").read_text(encoding="utf-8"),
                    encoding="utf-8")
    result = run_command([PYTHON, str(copy), "--n", "3"], timeout=60)
    assert result.returncode == 1, result.describe()
    assert "ModuleNotFoundError: No module named 'local_server'" in result.stderr, result.describe()


def test_asyncio_run_fails_in_jupyter_and_top_level_await_works(monkeypatch):
    """The pitfall on the page: a notebook's kernel already runs an event loop."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell("import asyncio\nfrom hello_async import first_steps"),
        nbformat.v4.new_code_cell("asyncio.run(first_steps(0.1))",
                                  metadata={"tags": ["raises-exception"]}),
        nbformat.v4.new_code_cell("await first_steps(0.1)"),
    ]
    monkeypatch.delenv("PYTEST_CURRENT_TEST", raising=False)
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(EXAMPLES / "ep10_asyncio")}}).execute()
    _, with_run, with_await = notebook.cells
    errors = [o for o in with_run.outputs if o.output_type == "error"]
    assert [(e.ename, e.evalue) for e in errors] == \
        [("RuntimeError", "asyncio.run() cannot be called from a running event loop")], with_run.outputs
    printed = "".join(o.get("text", "") for o in with_await.outputs if o.output_type == "stream")
    assert printed.splitlines() == ["Made a coroutine object", "tea: waiting 0.1 s", "tea: done",
                                    "It returned 'TEA'"], with_await.outputs
    assert not [o for o in with_await.outputs if o.output_type == "error"]
