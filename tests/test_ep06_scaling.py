"""Episode 6 checks the expectations table cannot express.

- Random numbers in parallel: for one seed, pi_seeded.py gives the very same
  estimate with 1, 2 and 4 workers, and another seed gives another estimate.
- The benchmark (scripts/benchmark.py) runs in a tiny mode and writes its JSON,
  plot and tables with the promised structure.  Its timings are not checked.
"""
import json
import math
import re

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


TINY = ("--max-workers", "2", "--repeats", "2", "--darts", "20000", "--numpy-darts", "200000",
        "--quiet")


def run_benchmark(*args, method=None):
    return run_command([PYTHON, "scripts/benchmark.py", *args], timeout=180,
                       env=start_method_env(method) if method else None)


@pytest.mark.parametrize("method", START_METHODS)
def test_benchmark_writes_results_plot_and_tables(tmp_path, method):
    result = run_benchmark(*TINY, "--out-dir", str(tmp_path), method=method)
    check_result(result, Run(stdout=(r"^Ratios, measured side by side",
                                     r"^  process_pool_efficiency_2_workers +[\d.]+  \[>= 0\.9\]$",
                                     r"^  thread_pool_speedup_2_workers +[\d.]+  \[<= 1\.1\]$",
                                     r"^  best_rung_speedup_vs_python_serial +[\d.]+  \[>= 50\]$")))

    data = json.loads((tmp_path / "benchmark.json").read_text(encoding="utf-8"))
    machine = data["machine"]
    for key in ("usable_cores", "logical_cores", "cpu_model", "python", "date", "start_method"):
        assert machine[key], key
    assert machine["start_method"] == method
    assert data["max_workers"] == 2
    assert data["settings"] == {"darts": 20000, "numpy_darts": 200000, "repeats": 2}

    # Every configuration was timed twice and threw darts that estimate pi.
    expected = {"python_serial", "numpy_serial"} | {
        f"{name}/{w}" for name in ("pool", "executor", "thread_pool", "numpy_pool") for w in (1, 2)}
    assert set(data["runs"]) == expected
    for key, run in data["runs"].items():
        assert len(run["times"]) == 2 and all(t > 0 for t in run["times"]), key
        assert run["median_s"] == pytest.approx(sum(run["times"]) / 2), key
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

    # Scaling: speedup and efficiency for 1 and 2 workers, Amdahl fits in [0, 1].
    for name, series in data["scaling"].items():
        assert [point["workers"] for point in series["points"]] == [1, 2], name
        for point in series["points"]:
            assert point["efficiency"] == pytest.approx(point["speedup"] / point["workers"])
        assert 0 <= data["amdahl_fit_p"][name] <= 1
    ratios, at_two = data["ratios"], {name: series["points"][1]
                                      for name, series in data["scaling"].items()}
    assert ratios["process_pool_efficiency_2_workers"] == at_two["pool"]["efficiency"]
    assert ratios["thread_pool_speedup_2_workers"] == at_two["thread_pool"]["speedup"]

    # The plot and the two tables the page includes.
    svg = (tmp_path / "benchmark.svg").read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg and "Speedup versus workers" in svg
    ladder_table = (tmp_path / "benchmark-ladder.txt").read_text(encoding="utf-8")
    assert len(re.findall(r"^\| [^-|].* \|$", ladder_table, re.M)) == 1 + 5  # header and rungs
    scaling_table = (tmp_path / "benchmark-scaling.txt").read_text(encoding="utf-8")
    assert re.search(r"^\| 2 \| ", scaling_table, re.M)


def test_benchmark_rejects_bad_values(tmp_path):
    for option in ("--max-workers", "--repeats", "--darts"):
        result = run_benchmark(option, "0", "--out-dir", str(tmp_path))
        check_result(result, Run(returncode=2, stderr=(r"error: .*must be at least 1",)))
        assert sum("error:" in line for line in result.stderr.splitlines()) == 1
    assert not (tmp_path / "benchmark.json").exists()
