"""The benchmark's claims, checked on fake medians: no timing is measured here.

scripts/benchmark.py declares what its numbers must show (CLAIMS, in the
syntax of lesson/measurements.py) and writes, besides its tables, the
sentences that interpret them, the figure's alt text and a measurement note
for any claim that missed.  These tests feed it made-up runs, so they check
the rule and the text, never the speed of this machine.
"""
import importlib.util
import json
import sys

import pytest

from harness import ROOT

_spec = importlib.util.spec_from_file_location("lesson_benchmark", ROOT / "scripts" / "benchmark.py")
benchmark = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(benchmark)

DARTS, NUMPY_DARTS = 1_000_000, 10_000_000


def fake_runs(workers, *, pool=1.9, threads=1.0, numpy=50.0, numpy_pool=1.8, others=0.0):
    """Runs whose medians give these speedups with `workers` workers (T1 = 1 s).

    Every run received as many cores as it has workers (one for serial and
    threads), and other programs kept `others` cores busy meanwhile.
    """
    serial, numpy_serial = 1.0, NUMPY_DARTS / DARTS / numpy
    runs = {}

    def add(key, darts, seconds, cores):
        runs[key] = {"darts": darts, "times": [seconds] * 3, "pi": [3.14] * 3,
                     "cpu": 3 * seconds * cores, "busy": 3 * seconds * (cores + others)}

    add("python_serial", DARTS, serial, 1)
    add("numpy_serial", NUMPY_DARTS, numpy_serial, 1)
    for w in range(1, workers + 1):
        # Speedups grow from about 1 on one worker to the given ones on `workers`.
        def at(s, w=w):
            return 1 + (s - 1) * (w - 1) / max(1, workers - 1)
        add(f"pool/{w}", DARTS, serial / at(pool), min(w, 2))
        add(f"executor/{w}", DARTS, serial / at(pool), min(w, 2))
        add(f"thread_pool/{w}", DARTS, serial / threads, 1)
        add(f"numpy_pool/{w}", NUMPY_DARTS, numpy_serial / at(numpy_pool), min(w, 2))
    return benchmark.summarise(runs)


def fake_result(cores=2, workers=None, **speedups):
    workers = cores if workers is None else workers
    result = {"machine": {"usable_cores": cores, "cpu_model": "Test CPU", "python": "CPython 3.x",
                          "start_method": "fork", "date": "2026-01-01T00:00:00+00:00"},
              "settings": {"repeats": 3, "darts": DARTS, "numpy_darts": NUMPY_DARTS},
              "max_workers": workers, "runs": fake_runs(workers, **speedups)}
    result.update(benchmark.analyse(result["runs"], workers, cores))
    return result


def test_claims_use_the_lessons_rule():
    for claim, key, needs_cores, rerun in benchmark.claims(2):
        assert benchmark.measurements.parse_claims(claim), claim
        assert rerun.startswith("python examples/ep06_scaling/"), rerun  # never scripts/
    texts = [claim for claim, *_ in benchmark.claims(2)]
    assert "[Speedup of Pool with 2 workers] >= 0.75 * min(2, cores)" in texts
    assert "[Speedup of ThreadPool with 2 workers] <= 1.25" in texts
    assert "[Speedup of NumPy over pure Python] >= 10" in texts


def test_medians_above_the_expectations_give_no_notice():
    result = fake_result()
    checked = benchmark.evaluate(result)
    assert not benchmark.missed(checked)
    findings = benchmark.findings_markdown(result, checked)
    assert "measurement-note" not in findings
    assert "process pool** with 2 workers was 1.9× faster than pure-Python serial" in findings
    assert "an efficiency of 0.95" in findings
    assert "All 5 expectations held" in findings
    assert "the top of the ladder" in findings


def test_a_median_below_its_expectation_gives_the_notice():
    # The process pool no faster than serial, while other programs took 1.6 cores.
    result = fake_result(pool=1.0, others=1.6)
    checked = benchmark.evaluate(result, attempts=3)
    assert [claim for claim, *_ in benchmark.missed(checked)] == [
        "[Speedup of Pool with 2 workers] >= 0.75 * min(2, cores)",
        "[Speedup of ProcessPoolExecutor with 2 workers] >= 0.75 * min(2, cores)"]
    findings = benchmark.findings_markdown(result, checked)
    assert "```{admonition} Measurement note\n:class: measurement-note\n" in findings
    assert "Expected Speedup of Pool with 2 workers ≥ 1.5" in findings
    assert "Measured Speedup of Pool with 2 workers 1" in findings
    assert "the build machine was busy" in findings and "other programs kept 1.6 cores busy" in findings
    assert "after 3 attempts" in findings
    assert findings.count("Likely reason") == 1  # one note, one reason for both misses
    assert "Run them again yourself: `python examples/ep06_scaling/pi_process_pool.py --workers 2`" \
        in findings
    assert "missed, see the measurement note" in findings
    assert "2 of 5 expectations missed" in findings
    # A sentence never calls a ratio below 1 "faster".
    slow = benchmark.findings_markdown(fake_result(pool=0.5, others=1.6), benchmark.evaluate(
        fake_result(pool=0.5, others=1.6)))
    assert "2.0× slower than pure-Python serial" in slow
    same = fake_result(pool=1.0)
    assert "was about as fast as pure-Python serial (1.00×)" in benchmark.findings_markdown(
        same, benchmark.evaluate(same))


def test_a_retry_measures_only_what_missed():
    checked = benchmark.evaluate(fake_result(pool=1.0))
    assert benchmark.retry_keys(checked, 2) == ["executor/2", "numpy_serial", "pool/2",
                                                "python_serial"]


def test_strict_benchmark_exits_non_zero(monkeypatch, tmp_path, capsys):
    """The whole script under STRICT_TIMINGS=1, with measure() giving slow pools."""
    def measure(configs, repeats, log):
        runs = fake_runs(2, pool=1.0)
        return {key: runs[key] for key, _, _ in configs}
    monkeypatch.setattr(benchmark, "measure", measure)
    monkeypatch.setattr(benchmark, "usable_cores", lambda: 2)
    monkeypatch.setattr(benchmark, "machine", lambda: fake_result()["machine"])
    monkeypatch.setattr(benchmark, "plot", lambda result, path: path.write_text("<svg/>"))
    arguments = ["benchmark.py", "--quick", "--quiet", "--out-dir", str(tmp_path)]
    monkeypatch.setattr(sys, "argv", arguments)
    monkeypatch.setenv("STRICT_TIMINGS", "1")
    assert benchmark.main() == 1
    assert "STRICT_TIMINGS: the benchmark missed expected Speedup of Pool" in capsys.readouterr().err
    data = json.loads((tmp_path / "benchmark.json").read_text(encoding="utf-8"))
    assert data["attempts"] == benchmark.measurements.ATTEMPTS  # measured again before giving up
    assert [c["missed"] for c in data["claims"]] == [True, True, False, False, False]
    assert "measurement-note" in (tmp_path / "benchmark-findings.txt").read_text(encoding="utf-8")
    monkeypatch.setenv("STRICT_TIMINGS", "0")
    assert benchmark.main() == 0


def test_one_core_says_there_is_nothing_to_speed_up(monkeypatch):
    result = fake_result(cores=1, pool=1.0, numpy_pool=1.0)
    checked = benchmark.evaluate(result)
    monkeypatch.setenv("STRICT_TIMINGS", "1")   # too few cores is not a miss
    assert benchmark.measurements.strict_status([verdict for _, verdict, _ in checked], "it") == 0
    findings = benchmark.findings_markdown(result, checked)
    assert "nothing to speed up" in findings and "measurement-note" in findings
    assert "process pool**" not in findings  # no speedup sentences
    assert "nothing to speed up" in benchmark.scaling_markdown(result)
    assert "— (1 core)" in benchmark.ladder_markdown(result)
    assert "pi_process_pool.py --workers 2`" in findings  # to try on a machine with more cores


def test_amdahl_is_fitted_only_when_it_means_something():
    assert fake_result()["amdahl_fit"]["pool"]["p"] is None  # 2 cores: two points
    assert "too few points" in benchmark.scaling_markdown(fake_result())
    four = fake_result(cores=4, pool=3.6)
    assert four["amdahl_fit"]["pool"]["p"] == pytest.approx(0.96, abs=0.03)
    assert "Amdahl's law fitted to the `Pool`'s points gives p = 0.9" in \
        benchmark.scaling_markdown(four)
    slower = fake_result(cores=4, pool=0.8)
    assert slower["amdahl_fit"]["pool"]["p"] is None
    assert "below 1" in slower["amdahl_fit"]["pool"]["not_fitted_because"]


def test_alt_text_states_the_measured_numbers():
    alt = benchmark.alt_text(fake_result(pool=1.2))
    assert "pure Python, process pool 1.2×" in alt
    assert "multiprocessing.Pool 1.00, 1.20" in alt
    assert "close to the ideal line" not in alt
    figure = benchmark.figure_markdown(fake_result())
    assert figure.startswith("```{figure} /_generated/benchmark.svg\n:alt: Measured by this build")
