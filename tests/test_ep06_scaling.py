"""Episode 6 checks the expectations table cannot express.

- Random numbers in parallel: for one seed, pi_seeded.py gives the very same
  estimate with 1, 2 and 4 workers, and another seed gives another estimate.
- Random numbers after fork: workers forked from a parent that called
  np.random.seed(42) all draw np.random.seed(42)'s very first numbers.
- The benchmark (scripts/benchmark.py) runs in a tiny mode and writes its JSON,
  plot, tables and the page's Markdown with the promised structure.  Its
  timings are not checked (tests/test_benchmark_claims.py checks its claims
  on fake medians).
"""
import json
import math
import re

import numpy as np
import pytest

from harness import PYTHON, ROOT, START_METHODS, Run, check_result, run_command, run_example, start_method_env

SEEDED = "ep06_scaling/pi_seeded.py"


def seeded_estimate(seed, workers, method):
    run = Run(args=("--darts", "300000", "--tasks", "6", "--workers", str(workers),
                    "--seed", str(seed)),
              stdout=(r"^Hits: \d+$", r"^Pi estimate: [\d.]+$"), timeout=120)
    result = run_example(SEEDED, run, start_method=method)
    check_result(result, run)
    hits = int(re.search(r"^Hits: (\d+)$", result.stdout, re.M).group(1))
    estimate = re.search(r"^Pi estimate: ([\d.]+)$", result.stdout, re.M).group(1)
    return hits, estimate


@pytest.mark.parametrize("method", START_METHODS)
def test_seeded_estimate_does_not_depend_on_the_workers(method):
    estimates = {workers: seeded_estimate(2026, workers, method) for workers in (1, 2, 4)}
    assert len(set(estimates.values())) == 1, estimates
    _, estimate = estimates[1]
    assert abs(float(estimate) - math.pi) < 6 * 1.64 / math.sqrt(300000)
    # Another seed: other random numbers, another estimate.
    assert seeded_estimate(7, 2, method) != estimates[2]


@pytest.mark.skipif("fork" not in START_METHODS, reason="this system has no fork")
def test_forked_workers_repeat_the_parents_seeded_stream():
    run = Run(args=("--parent", "seed", "--start-method", "fork", "--workers", "3"),
              stdout=(r"^Worker 1 drew: ",))
    result = run_example("ep06_scaling/random_after_fork.py", run, start_method=None)
    check_result(result, run)
    draws = re.findall(r"^Worker \d drew: (.*)$", result.stdout, re.M)
    # What the parent itself would have drawn next, right after np.random.seed(42).
    expected = ", ".join(f"{x:.6f}" for x in np.random.RandomState(42).random(3).round(6))
    assert draws == [expected] * 3, result.stdout


TINY = ("--max-workers", "2", "--repeats", "2", "--darts", "20000", "--numpy-darts", "200000",
        "--quiet")


def run_benchmark(*args, method=None):
    return run_command([PYTHON, "scripts/benchmark.py", *args], timeout=180,
                       env=start_method_env(method) if method else None)


@pytest.mark.parametrize("method", START_METHODS)
def test_benchmark_writes_results_plot_and_tables(tmp_path, method):
    result = run_benchmark(*TINY, "--attempts", "1", "--out-dir", str(tmp_path), method=method)
    check_result(result, Run(stdout=(
        r"^Claims, checked on the medians \(attempt 1 of at most 1\):$",
        r"^  (ok|MISSED) +\[Speedup of Pool with 2 workers\] >= 0\.75 \* min\(2, cores\); measured",
        r"^  (ok|MISSED) +\[Speedup of ThreadPool with 2 workers\] <= 1\.25; measured",
        r"^  (ok|MISSED) +\[Speedup of NumPy over pure Python\] >= 10; measured",
        r"^Amdahl fit \(Pool\): not fitted, with 2 usable cores, there are too few points")))

    data = json.loads((tmp_path / "benchmark.json").read_text(encoding="utf-8"))
    machine = data["machine"]
    for key in ("usable_cores", "logical_cores", "cpu_model", "python", "date", "start_method"):
        assert machine[key], key
    assert machine["start_method"] == method
    assert data["max_workers"] == 2
    assert data["settings"] == {"darts": 20000, "numpy_darts": 200000, "repeats": 2}

    # Every configuration was timed twice, threw darts that estimate pi, and
    # the CPU it received was measured.
    expected = {"python_serial", "numpy_serial"} | {
        f"{name}/{w}" for name in ("pool", "executor", "thread_pool", "numpy_pool") for w in (1, 2)}
    assert set(data["runs"]) == expected
    for key, run in data["runs"].items():
        assert len(run["times"]) == 2 and all(t > 0 for t in run["times"]), key
        assert run["median_s"] == pytest.approx(sum(run["times"]) / 2), key
        assert run["cpu"] > 0, key
        for estimate in run["pi"]:
            assert abs(estimate - math.pi) < 6 * 1.64 / math.sqrt(run["darts"]), key

    # The ladder: five rungs from pure-Python serial (speedup 1 by definition) up.
    ladder = data["ladder"]
    assert [rung["key"] for rung in ladder] == [
        "python_serial", "pool/2", "thread_pool/2", "numpy_serial", "numpy_pool/2"]
    assert ladder[0]["speedup_vs_python_serial"] == pytest.approx(1.0)
    for rung in ladder:
        assert (ROOT / rung["example"]).is_file(), rung["example"]
        assert rung["speedup_vs_python_serial"] == pytest.approx(
            ladder[0]["ns_per_dart"] / rung["ns_per_dart"])

    # Scaling: speedup and efficiency for 1 and 2 workers; no Amdahl fit on 2 cores.
    for name, series in data["scaling"].items():
        assert [point["workers"] for point in series["points"]] == [1, 2], name
        for point in series["points"]:
            assert point["efficiency"] == pytest.approx(point["speedup"] / point["workers"])
        assert data["amdahl_fit"][name]["p"] is None
    # Five claims, each with its verdict and the example to rerun.
    assert len(data["claims"]) == 5
    for claim in data["claims"]:
        assert claim["rerun"].startswith("python examples/ep06_scaling/"), claim

    # The plot, the tables and the page's Markdown.
    svg = (tmp_path / "benchmark.svg").read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg and "Speedup versus workers" in svg
    ladder_table = (tmp_path / "benchmark-ladder.txt").read_text(encoding="utf-8")
    assert len(re.findall(r"^\| [^-|].* \|$", ladder_table, re.M)) == 1 + 5  # header and rungs
    scaling_table = (tmp_path / "benchmark-scaling.txt").read_text(encoding="utf-8")
    assert re.search(r"^\| 2 \| ", scaling_table, re.M)
    findings = (tmp_path / "benchmark-findings.txt").read_text(encoding="utf-8")
    assert "The **process pool** with 2 workers was" in findings
    assert ("measurement-note" in findings) == any(c["missed"] for c in data["claims"])
    figure = (tmp_path / "benchmark-figure.txt").read_text(encoding="utf-8")
    assert figure.startswith("```{figure} /_generated/benchmark.svg\n:alt: Measured by this build")


def test_benchmark_rejects_bad_values(tmp_path):
    for option in ("--max-workers", "--repeats", "--darts", "--attempts"):
        result = run_benchmark(option, "0", "--out-dir", str(tmp_path))
        check_result(result, Run(returncode=2, stderr=(r"error: .*must be at least 1",)))
        assert sum("error:" in line for line in result.stderr.splitlines()) == 1
    assert not (tmp_path / "benchmark.json").exists()
