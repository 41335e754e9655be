"""Benchmark the pi-by-darts ladder of episode 6 and how its pools scale.

It times the very functions the lesson shows (imported from
examples/ep06_scaling/), so the numbers on the page belong to that code:

ladder   pure-Python serial, process pool, thread pool, NumPy, NumPy in a
         process pool (the pools with the most workers measured);
scaling  multiprocessing.Pool, concurrent.futures.ProcessPoolExecutor and
         multiprocessing.pool.ThreadPool on the pure-Python darts, and a Pool
         on the NumPy darts, each with 1, 2, ... N workers.

Every configuration is timed --repeats times with time.perf_counter(), the
configurations taking turns (so a burst of noise from other programs hits all
of them alike), and the MEDIAN is kept, as everywhere in the lesson.  T1, the
time every speedup divides, is the median time of the serial program.  A pool
is timed from its creation to its last result: starting workers is part of
the price.  The NumPy rungs throw more darts than the pure-Python ones
(--numpy-darts), so they run long enough to time; rungs are compared by their
time per dart.

What the numbers must show is declared once, in CLAIMS, and checked with the
lesson's one rule (lesson/measurements.py), on the medians of this run,
together with how much CPU each configuration received and what other
programs took meanwhile.  A run whose claims miss is measured again, up to
--attempts times in all; if it still misses, the page gets a measurement note,
and with STRICT_TIMINGS=1 the benchmark exits with status 1 (a strict build
then fails).

Writes into --out-dir:
  benchmark.json          every time measured, the medians, speedups and
                          efficiencies, the claims and their verdicts, the
                          CPU received, and the machine (cores, CPU, Python, date)
  benchmark.svg           the ladder and speedup versus workers, with the ideal
                          line and (when it means something) Amdahl's law fitted
  benchmark-ladder.txt    the ladder as a Markdown table, for the page
  benchmark-findings.txt  sentences made from the measured values, the CPU the
                          run received, and a measurement note for any miss
  benchmark-scaling.txt   speedup and efficiency per worker count, for the page
  benchmark-figure.txt    the figure directive, its alt text made from the data

  python scripts/benchmark.py              # the full run (make bench)
  python scripts/benchmark.py --quick      # the short run the site build does
"""
import argparse
import datetime
import json
import multiprocessing
import os
import platform
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from lesson import measurements, runner
from lesson.build_machine import cpu_model, usable_cores

ROOT = Path(__file__).resolve().parent.parent

# The examples are imported, not copied: the benchmark times the lesson's code
# (runner.import_example says how).  NumPy is imported only where it is used:
# under the spawn and forkserver start methods every worker imports this module
# again, and the pure-Python workers should not pay for NumPy.
fit_amdahl = runner.import_example("ep06_scaling/fit_amdahl.py")
pi_process_pool = runner.import_example("ep06_scaling/pi_process_pool.py")
pi_serial = runner.import_example("ep06_scaling/pi_serial.py")
pi_thread_pool = runner.import_example("ep06_scaling/pi_thread_pool.py")

# About 20 s on an idle 2-core machine, each pool on 2 cores still a few
# tenths of a second per run.
QUICK = {"darts": 2_400_000, "numpy_darts": 160_000_000, "repeats": 3}
FULL = {"darts": 12_000_000, "numpy_darts": 600_000_000, "repeats": 5}

# The scaling variants: name -> (label, pure Python?, function(darts, workers) -> hits).
split = pi_process_pool.split


def executor_hits(darts, workers):
    with ProcessPoolExecutor(workers) as executor:
        return sum(executor.map(pi_process_pool.count_hits, split(darts, workers)))


def numpy_serial_hits(darts):
    import numpy as np
    import pi_numpy

    return pi_numpy.count_hits(darts, np.random.default_rng())


def numpy_pool_hits(darts, workers):
    import pi_numpy_pool

    return pi_numpy_pool.parallel_hits(split(darts, workers), workers)


VARIANTS = {
    "pool": ("multiprocessing.Pool", True,
             lambda darts, w: pi_process_pool.parallel_hits(split(darts, w), w)),
    "executor": ("ProcessPoolExecutor", True, executor_hits),
    "thread_pool": ("ThreadPool", True,
                    lambda darts, w: pi_thread_pool.parallel_hits(split(darts, w), w)),
    "numpy_pool": ("Pool + NumPy", False, numpy_pool_hits),
}


def claims(n):
    """What the benchmark must show with n workers, declared once.

    Each: (claim in the syntax of lesson/measurements.py, the configuration
    whose CPU share explains a miss, cores the claim needs, the example a reader
    runs to see it again).  The labels are those of summary_text().
    """
    example = "python examples/ep06_scaling/"
    shown = max(n, 2)  # on one core, the rerun a reader tries elsewhere has two workers
    return [
        (f"[Speedup of Pool with {n} workers] >= 0.75 * min({n}, cores)", f"pool/{n}", 2,
         f"{example}pi_process_pool.py --workers {shown}"),
        (f"[Speedup of ProcessPoolExecutor with {n} workers] >= 0.75 * min({n}, cores)",
         f"executor/{n}", 2, f"{example}pi_process_pool.py --workers {shown}"),
        (f"[Speedup of ThreadPool with {n} workers] <= 1.25", f"thread_pool/{n}", 1,
         f"{example}pi_thread_pool.py --workers {shown}"),
        ("[Speedup of NumPy over pure Python] >= 10", "numpy_serial", 1,
         f"{example}pi_numpy.py"),
        (f"[Speedup of NumPy in a Pool with {n} workers] >= 0.75 * min({n}, cores)",
         f"numpy_pool/{n}", 2, f"{example}pi_numpy_pool.py --workers {shown}"),
    ]


def machine():
    import numpy as np
    from threadpoolctl import threadpool_info

    blas = [f"{lib['internal_api']} {lib['version']} ({lib['num_threads']} threads)"
            for lib in threadpool_info() if lib["user_api"] == "blas"]
    return {
        "usable_cores": usable_cores(),
        "logical_cores": os.cpu_count(),
        "cpu_model": cpu_model() or "unknown",
        "system": f"{platform.system()} {platform.release()} {platform.machine()}",
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "numpy": np.__version__,
        "blas": blas,
        "start_method": multiprocessing.get_start_method(),
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    }


def configurations(settings, max_workers):
    """Everything to time: (key, darts, function of darts returning hits)."""
    darts, numpy_darts = settings["darts"], settings["numpy_darts"]
    configs = [("python_serial", darts, pi_serial.count_hits),
               ("numpy_serial", numpy_darts, numpy_serial_hits)]
    for name, (_, pure_python, function) in VARIANTS.items():
        for workers in range(1, max_workers + 1):
            configs.append((f"{name}/{workers}", darts if pure_python else numpy_darts,
                            lambda n, f=function, w=workers: f(n, w)))
    return configs


def cpu_seconds():
    """CPU seconds used so far by this process and every process it started.

    Its own threads, the children it has waited for (pool workers, once the
    pool is closed), and the live descendants with the children they waited
    for (a forkserver and the workers it started).  None where the system
    does not say.
    """
    try:
        import resource
    except ImportError:
        return None
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    try:
        import psutil
    except ImportError:
        return total
    for child in psutil.Process().children(recursive=True):
        try:
            times = child.cpu_times()
            total += times.user + times.system + times.children_user + times.children_system
        except psutil.Error:
            pass  # it ended meanwhile: its parent's count has it
    return total


def measure(configs, repeats, log):
    """Time every configuration `repeats` times, taking turns; return the raw runs.

    Besides each wall time, it records the CPU seconds the run received and the
    CPU seconds the whole machine was busy meanwhile (lesson.runner's measure),
    so that the verdict can say whether other programs took part of the machine.
    """
    runs = {key: {"darts": darts, "times": [], "pi": [], "cpu": 0.0, "busy": 0.0}
            for key, darts, _ in configs}
    for repeat in range(1, repeats + 1):
        for key, darts, function in configs:
            cpu_before, busy_before = cpu_seconds(), runner.machine_busy()
            start = time.perf_counter()
            hits = function(darts)
            elapsed = time.perf_counter() - start
            cpu_after, busy_after = cpu_seconds(), runner.machine_busy()
            run = runs[key]
            run["times"].append(elapsed)
            run["pi"].append(4 * hits / darts)
            run["cpu"] = None if None in (cpu_before, run["cpu"]) else \
                run["cpu"] + cpu_after - cpu_before
            run["busy"] = None if None in (busy_before, run["busy"]) else \
                run["busy"] + busy_after - busy_before
            log(f"  repeat {repeat}/{repeats} {key:<16} {elapsed:8.3f} s  "
                f"pi = {4 * hits / darts:.5f}")
    return summarise(runs)


def summarise(runs):
    """Add each run's median time and time per dart."""
    for run in runs.values():
        run["median_s"] = statistics.median(run["times"])
        run["ns_per_dart"] = run["median_s"] / run["darts"] * 1e9
    return runs


def share_of(runs, keys, cores):
    """measurements.Share of the CPU received over the runs of these configurations."""
    wall = sum(sum(runs[key]["times"]) for key in keys)
    cpus = [runs[key].get("cpu") for key in keys]
    busies = [runs[key].get("busy") for key in keys]
    return measurements.Share.of(wall, None if None in cpus else sum(cpus),
                                 None if None in busies else sum(busies), cores)


def amdahl_fit(points, cores):
    """Amdahl's parallel fraction fitted to the points, or None and why it means nothing."""
    if cores < 3 or len(points) < 3:
        return None, (f"with {min(cores, len(points))} usable "
                      f"core{'s' if min(cores, len(points)) != 1 else ''}, there are too few "
                      "points: any parallel fraction passes close to them")
    if any(point["speedup"] < 1 for point in points[1:]):
        return None, "some speedups are below 1, which Amdahl's law cannot describe"
    p = fit_amdahl.fit_parallel_fraction([point["workers"] for point in points],
                                         [point["speedup"] for point in points])
    return p, None


def analyse(runs, max_workers, cores):
    """Speedups, efficiencies, the ladder and the Amdahl fits."""
    python_ns = runs["python_serial"]["ns_per_dart"]
    numpy_ns = runs["numpy_serial"]["ns_per_dart"]
    scaling, fits = {}, {}
    for name, (label, pure_python, _) in VARIANTS.items():
        baseline = python_ns if pure_python else numpy_ns
        rows = []
        for workers in range(1, max_workers + 1):
            run = runs[f"{name}/{workers}"]
            speedup = baseline / run["ns_per_dart"]
            rows.append({"workers": workers, "median_s": run["median_s"],
                         "speedup": speedup, "efficiency": speedup / workers})
        scaling[name] = {"label": label,
                         "baseline": "python_serial" if pure_python else "numpy_serial",
                         "points": rows}
        p, why = amdahl_fit(rows, cores)
        fits[name] = {"p": p, "not_fitted_because": why}

    n = max_workers
    rungs = [("python_serial", "pure Python, serial", "pi_serial.py", 1),
             (f"pool/{n}", "pure Python, process pool", "pi_process_pool.py", n),
             (f"thread_pool/{n}", "pure Python, thread pool", "pi_thread_pool.py", n),
             ("numpy_serial", "NumPy, serial", "pi_numpy.py", 1),
             (f"numpy_pool/{n}", "NumPy, process pool", "pi_numpy_pool.py", n)]
    ladder = [{"key": key, "label": label, "example": f"examples/ep06_scaling/{example}",
               "workers": workers, "darts": runs[key]["darts"],
               "median_s": runs[key]["median_s"], "ns_per_dart": runs[key]["ns_per_dart"],
               "speedup_vs_python_serial": python_ns / runs[key]["ns_per_dart"]}
              for key, label, example, workers in rungs]
    return {"ladder": ladder, "scaling": scaling, "amdahl_fit": fits}


def summary_text(result):
    """The measured ratios as 'Label: value' lines, which the claims read."""
    n = result["max_workers"]
    at_n = {name: series["points"][n - 1] for name, series in result["scaling"].items()}
    python_ns = result["runs"]["python_serial"]["ns_per_dart"]
    numpy_ns = result["runs"]["numpy_serial"]["ns_per_dart"]
    lines = [f"Speedup of Pool with {n} workers: {at_n['pool']['speedup']:.3f}",
             f"Speedup of ProcessPoolExecutor with {n} workers: {at_n['executor']['speedup']:.3f}",
             f"Speedup of ThreadPool with {n} workers: {at_n['thread_pool']['speedup']:.3f}",
             f"Speedup of NumPy over pure Python: {python_ns / numpy_ns:.3f}",
             f"Speedup of NumPy in a Pool with {n} workers: {at_n['numpy_pool']['speedup']:.3f}"]
    return "\n".join(lines) + "\n"


def evaluate(result, attempts=1):
    """Check every claim on this run's medians: a list of (claim, Verdict, rerun command)."""
    cores = result["machine"]["usable_cores"]
    text = summary_text(result)
    checked = []
    for claim, key, needs_cores, rerun in claims(result["max_workers"]):
        outcomes = measurements.check(measurements.parse_claims(claim), text, cores)
        share = share_of(result["runs"], [key], cores)
        checked.append((claim, measurements.Verdict(outcomes, share, needs_cores, attempts, cores),
                        rerun))
    return checked


def retry_keys(checked, n):
    """The configurations to measure again for the claims that missed."""
    keys = {"python_serial", "numpy_serial"}
    for claim, key, *_ in claims(n):
        if any(c == claim for c, _, _ in missed(checked)):
            keys.add(key)
    return sorted(keys)


def missed(checked):
    return [(claim, verdict, rerun) for claim, verdict, rerun in checked if verdict.missed]


# --- What the page shows ------------------------------------------------------------------

def times(value):
    return f"{value:.1f}×" if value < 10 else f"{value:.0f}×"


def faster(value, than):
    """'1.9× faster than X', 'about as fast as X (1.02×)' or '2.2× slower than X'."""
    if 0.95 <= value < 1.05:
        return f"about as fast as {than} ({value:.2f}×)"
    if value >= 1:
        return f"{times(value)} faster than {than}"
    return f"{times(1 / value)} slower than {than}"


def share_sentence(result, checked):
    """How much of the machine the pools received, and whether to trust the numbers."""
    m = result["machine"]
    n, cores = result["max_workers"], m["usable_cores"]
    keys = [f"{name}/{n}" for name in ("pool", "executor", "numpy_pool")]
    share = share_of(result["runs"], keys, cores)
    misses = len(missed(checked))
    if share.received is None:
        text = "This system does not report how much CPU the benchmark received."
    else:
        text = (f"While the process pools with {n} workers ran, the benchmark's processes "
                f"received {share.received:.1f} cores on average (of {cores} usable)")
        text += (f" and other programs kept {share.others:.1f} cores busy."
                 if share.others is not None else ".")
    if misses:
        text += (f" {misses} of {len(checked)} expectations missed: see the measurement note; "
                 "on an idle machine the numbers are better.")
    elif share.disturbed:
        text += (f" Every expectation held even so ({len(checked)} of {len(checked)}), "
                 "but the numbers would be better on an idle machine.")
    else:
        text += (f" All {len(checked)} expectations held: these numbers show what the code "
                 "does on this machine.")
    return text


def where_line(result):
    m = result["machine"]
    cores = m["usable_cores"]
    return (f"Measured while this site was built, on {m['cpu_model']}, {cores} "
            f"usable core{'s' * (cores != 1)}, {m['python']}, start method {m['start_method']}, "
            f"{m['date'][:16].replace('T', ' ')} UTC; each time is the median of "
            f"{result['settings']['repeats']} runs.")


def findings_markdown(result, checked):
    """Sentences that interpret the numbers, made from them, and the note for any miss."""
    n, cores = result["max_workers"], result["machine"]["usable_cores"]
    verdict = {claim.split("]")[0].lstrip("["): (v, rerun) for claim, v, rerun in checked}
    at_n = {name: series["points"][n - 1] for name, series in result["scaling"].items()}
    ladder = {rung["key"]: rung for rung in result["ladder"]}
    python_ns = result["runs"]["python_serial"]["ns_per_dart"]
    numpy_ns = result["runs"]["numpy_serial"]["ns_per_dart"]

    def expectation(label):
        """'expected ≥ 1.5: it held', from the claim and its outcome."""
        v, _ = verdict[label]
        outcome = v.outcomes[0]
        symbol = measurements.SYMBOLS[type(outcome.claim.tree.body.ops[0])]
        text = f"expected {symbol} {outcome.sides[1]:.3g}"
        return text + (": it held" if outcome.ok else ": missed, see the measurement note")

    lines = [share_sentence(result, checked), ""]
    if cores < 2:
        lines += [f"- NumPy on one core was {times(python_ns / numpy_ns)} faster than "
                  f"pure-Python serial ({expectation('Speedup of NumPy over pure Python')}).",
                  ""]
    else:
        pool, threads, numpy_pool = at_n["pool"], at_n["thread_pool"], at_n["numpy_pool"]
        best = max(result["ladder"], key=lambda rung: rung["speedup_vs_python_serial"])
        lines += [
            f"- The **process pool** with {n} workers was "
            f"{faster(pool['speedup'], 'pure-Python serial')}, an efficiency of {pool['efficiency']:.2f} "
            f"({expectation(f'Speedup of Pool with {n} workers')}). Each worker has its own "
            "interpreter and its own GIL.",
            f"- The **thread pool** with {n} threads ran at {threads['speedup']:.2f} times the "
            f"serial speed ({expectation(f'Speedup of ThreadPool with {n} workers')}): the GIL "
            "lets one thread at a time run Python, so the threads take turns.",
            f"- **NumPy** on one core was {faster(python_ns / numpy_ns, 'pure-Python serial')} "
            f"({expectation('Speedup of NumPy over pure Python')}), and "
            f"{faster(ladder[f'pool/{n}']['ns_per_dart'] / numpy_ns, 'the process pool')}: "
            "the arithmetic runs in compiled code on whole arrays.",
            f"- **NumPy in a process pool** was {faster(numpy_pool['speedup'], 'NumPy serial')} "
            f"({expectation(f'Speedup of NumPy in a Pool with {n} workers')}) and "
            f"{faster(ladder[f'numpy_pool/{n}']['speedup_vs_python_serial'], 'pure-Python serial')}"
            + top_of_ladder(best["key"] == f"numpy_pool/{n}",
                            verdict[f"Speedup of NumPy in a Pool with {n} workers"][0].ok,
                            best["label"]),
            ""]
    lines += note_markdown(checked)
    return "\n".join(lines)


def top_of_ladder(is_best, held, best_label):
    if is_best and held:
        return ": the top of the ladder, both gains together."
    if is_best:
        return ": the fastest rung here, though the pool added less than expected."
    return f"; the fastest rung here was {best_label}."


def note_markdown(checked):
    """A measurement-note admonition for the claims that missed, or nothing.

    One note for all of them: each expectation and what was measured, then the
    likely reason, from the CPU the missed configurations received together,
    then the examples that show the same on the reader's own machine.
    """
    if not checked:
        return []
    few = [verdict for _, verdict, _ in checked if verdict.too_few_cores]
    misses = missed(checked)
    if few:
        rerun = next(rerun for _, verdict, rerun in checked if verdict.too_few_cores)
        paragraphs = measurements.notice_text(few[0], rerun)
    elif misses:
        first = misses[0][1]
        keys = [verdict.share for _, verdict, _ in misses]
        wall = sum(share.wall for share in keys)
        received = None if None in [share.received for share in keys] else \
            sum(share.received * share.wall for share in keys)
        others = None if None in [share.others for share in keys] else \
            sum(share.others * share.wall for share in keys)
        share = measurements.Share.of(wall, received,
                                      None if others is None else others + received,
                                      first.share.usable)
        verdict = measurements.Verdict([o for _, v, _ in misses for o in v.outcomes], share,
                                       max(v.needs_cores for _, v, _ in misses),
                                       first.attempts, first.cores, first.pair)
        reruns = list(dict.fromkeys(rerun for _, _, rerun in misses))
        paragraphs = measurements.notice_text(verdict, reruns[0])[:-1]
        paragraphs.append("The sentences above say what these rungs show on an idle machine. "
                          "Run them again yourself: "
                          + " and ".join(f"`{rerun}`" for rerun in reruns))
    else:
        return []
    return measurements.note_markdown(paragraphs)


def ladder_markdown(result):
    cores = result["machine"]["usable_cores"]
    lines = [where_line(result) + " Darts in millions (M).", "",
             "| Rung | Workers | Darts | Time | Per dart | Speedup |",
             "|---|--:|--:|--:|--:|--:|"]
    for number, rung in enumerate(result["ladder"], start=1):
        speedup = f"{rung['speedup_vs_python_serial']:.1f}×"
        if cores < 2 and "/" in rung["key"]:  # a pool, on one core
            speedup = "— (1 core)"
        lines.append(f"| {number}. {rung['label']} | {rung['workers']} | "
                     f"{rung['darts'] / 1e6:g} M | {rung['median_s']:.3f} s | "
                     f"{rung['ns_per_dart']:.1f} ns | {speedup} |")
    return "\n".join(lines) + "\n"


def scaling_markdown(result):
    cores = result["machine"]["usable_cores"]
    if cores < 2:
        return ("This build could use only one core, so there is nothing to speed up: a pool "
                "of several workers takes turns on that core, and speedups measured here "
                "would say nothing about parallel speed. On a computer with two cores or "
                "more, run `python examples/ep06_scaling/pi_process_pool.py` to see them.\n")
    names = list(result["scaling"])
    header = " | ".join(result["scaling"][name]["label"] for name in names)
    lines = [f"| Workers | {header} |", "|--:|" + "--:|" * len(names)]
    for i in range(result["max_workers"]):
        cells = []
        for name in names:
            point = result["scaling"][name]["points"][i]
            cells.append(f"{point['speedup']:.2f} ({point['efficiency']:.2f})")
        lines.append(f"| {i + 1} | " + " | ".join(cells) + " |")
    lines += ["", "Each cell: speedup (efficiency), against the serial program's median time "
              "T₁. Pure-Python pools are compared with pure-Python serial, the NumPy pool "
              "with NumPy serial."]
    fit = result["amdahl_fit"]["pool"]
    if fit["p"] is None:
        lines[-1] += f" Amdahl's law is not fitted here: {fit['not_fitted_because']}."
    else:
        lines[-1] += (f" Amdahl's law fitted to the `Pool`'s points gives p = {fit['p']:.3f}, "
                      f"a speedup that can never pass {1 / (1 - fit['p']):.0f}."
                      if fit["p"] < 1 else " Amdahl's law fitted to the `Pool`'s points gives "
                      "p = 1: no serial part could be seen.")
    return "\n".join(lines) + "\n"


def alt_text(result):
    """The figure's alt text, from the numbers it draws."""
    n, cores = result["max_workers"], result["machine"]["usable_cores"]
    rungs = "; ".join(f"{rung['label']} {rung['speedup_vs_python_serial']:.1f}×"
                      for rung in result["ladder"])
    text = (f"Measured by this build on {cores} usable core{'s' * (cores != 1)}. Left, a bar "
            "chart on a logarithmic scale of each rung's speedup over pure-Python serial: "
            f"{rungs}. Right, speedup against the number of workers, 1 to {n}, with a dashed "
            "ideal line where speedup equals workers: ")
    series = []
    for data in result["scaling"].values():
        values = ", ".join(f"{point['speedup']:.2f}" for point in data["points"])
        series.append(f"{data['label']} {values}")
    text += "; ".join(series) + ". "
    fit = result["amdahl_fit"]["pool"]
    if fit["p"] is not None:
        text += f"A dotted curve shows Amdahl's law fitted to the Pool, p = {fit['p']:.3f}."
    else:
        text += "No Amdahl curve is drawn: too few points to fit one."
    return text


def figure_markdown(result):
    return "\n".join([
        "```{figure} /_generated/benchmark.svg", f":alt: {alt_text(result)}", "",
        "Left: each rung's speedup over pure-Python serial. Right: speedup against the "
        "number of workers. Measured while this site was built; the numbers are in the "
        "tables.", "```", ""])


def plot(result, path):
    import matplotlib
    import numpy as np

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import matplotlib.ticker

    plt.rcParams["svg.hashsalt"] = "benchmark"  # same data in, same file out
    plt.rcParams["svg.fonttype"] = "none"

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.4), layout="constrained")

    # Left: the ladder, each rung's speedup over pure-Python serial (log scale).
    ladder = result["ladder"]
    labels = [rung["label"].replace(", ", "\n") for rung in ladder]
    speedups = [rung["speedup_vs_python_serial"] for rung in ladder]
    bars = left.bar(range(len(ladder)), speedups, color=["#777777", "#1f77b4", "#d62728",
                                                          "#2ca02c", "#9467bd"])
    left.bar_label(bars, labels=[f"{s:.1f}×" for s in speedups], padding=2)
    left.set_xticks(range(len(ladder)), labels, fontsize="small")
    left.set_yscale("log")
    left.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:g}"))
    left.set_ylim(0.5, max(speedups) * 3)
    left.set_ylabel("speedup over pure-Python serial")
    left.set_title(f"The ladder ({result['max_workers']} workers for the pools)")
    left.grid(True, axis="y", which="major", alpha=0.4)

    # Right: speedup against workers, each against its own serial version.
    n = result["max_workers"]
    workers = list(range(1, n + 1))
    right.plot(workers, workers, "k--", label="ideal: speedup = workers")
    p = result["amdahl_fit"]["pool"]["p"]
    if p is not None:
        curve = np.linspace(1, n, 100)
        right.plot(curve, fit_amdahl.amdahl_speedup(p, curve), color="#1f77b4", linestyle=":",
                   label=f"Amdahl's law fitted to Pool: p = {p:.3f}")
    styles = {"pool": ("#1f77b4", "o"), "executor": ("#ff7f0e", "s"),
              "thread_pool": ("#d62728", "^"), "numpy_pool": ("#9467bd", "D")}
    for name, series in result["scaling"].items():
        color, marker = styles[name]
        baseline = "pure-Python serial" if series["baseline"] == "python_serial" else "NumPy serial"
        right.plot([pt["workers"] for pt in series["points"]],
                   [pt["speedup"] for pt in series["points"]],
                   color=color, marker=marker, label=f"{series['label']} (vs {baseline})")
    right.set_xticks(workers)
    right.set_xlabel("workers")
    right.set_ylabel("speedup")
    right.set_ylim(0, n * 1.15)
    right.set_title("Speedup versus workers")
    right.legend(fontsize="small", loc="upper left")
    right.grid(True, alpha=0.4)

    fig.savefig(path, metadata={"Date": None})
    plt.close(fig)


def write_outputs(result, checked, out_dir):
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "benchmark.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    plot(result, out_dir / "benchmark.svg")
    pages = {"benchmark-ladder.txt": ladder_markdown(result),
             "benchmark-findings.txt": findings_markdown(result, checked),
             "benchmark-scaling.txt": scaling_markdown(result),
             "benchmark-figure.txt": figure_markdown(result)}
    for name, text in pages.items():
        (out_dir / name).write_text(text, encoding="utf-8")


def verdict_record(claim, verdict, rerun):
    outcome = verdict.outcomes[0]
    share = verdict.share
    return {"claim": claim, "ok": verdict.ok, "missed": bool(verdict.missed),
            "too_few_cores": verdict.too_few_cores, "needs_cores": verdict.needs_cores,
            "expected": outcome.expected(verdict.cores), "measured": outcome.measured,
            "received_cores": share.received, "others_cores": share.others,
            "disturbed": share.disturbed, "rerun": rerun}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help=f"the short run of the site build: {QUICK}")
    parser.add_argument("--max-workers", type=int, default=None,
                        help="largest pool to time (default: the usable cores)")
    parser.add_argument("--repeats", type=int, help="runs of each configuration "
                        f"(default: {FULL['repeats']}, {QUICK['repeats']} with --quick)")
    parser.add_argument("--darts", type=int, help="darts for the pure-Python rungs "
                        f"(default: {FULL['darts']:,}, {QUICK['darts']:,} with --quick)")
    parser.add_argument("--numpy-darts", type=int, help="darts for the NumPy rungs "
                        f"(default: {FULL['numpy_darts']:,}, {QUICK['numpy_darts']:,} with --quick)")
    parser.add_argument("--attempts", type=int, default=measurements.ATTEMPTS,
                        help="measurements in all while a claim misses (default: %(default)s)")
    parser.add_argument("--out-dir", type=Path, default=ROOT / "_build" / "benchmark",
                        help="folder for the results (default: _build/benchmark)")
    parser.add_argument("--quiet", action="store_true", help="print only the summary")
    args = parser.parse_args()

    settings = dict(QUICK if args.quick else FULL)
    for name in ("repeats", "darts", "numpy_darts"):
        if getattr(args, name) is not None:
            settings[name] = getattr(args, name)
    max_workers = args.max_workers if args.max_workers is not None else usable_cores()
    if max_workers < 1:
        parser.error("--max-workers must be at least 1")
    if min(settings.values()) < 1 or args.attempts < 1:
        parser.error("--repeats, --darts, --numpy-darts and --attempts must be at least 1")

    def log(text):
        if not args.quiet:
            print(text, flush=True)

    started = time.perf_counter()
    result = {"command": " ".join(["python", "scripts/benchmark.py", *sys.argv[1:]]),
              "machine": machine(), "settings": settings, "max_workers": max_workers}
    cores = result["machine"]["usable_cores"]
    log(f"Benchmark on {result['machine']['cpu_model']}, {cores} usable cores, "
        f"{result['machine']['python']}; up to {max_workers} workers, {settings}")
    configs = configurations(settings, max_workers)
    result["runs"] = {}
    checked = []

    def measure_once(attempt):
        # The first attempt measures everything; a later one only what a missed
        # claim depends on (its configuration and the serial baselines).
        todo = [key for key, _, _ in configs] if attempt == 1 else retry_keys(checked, max_workers)
        if attempt > 1:
            log(f"Attempt {attempt - 1}: {len(missed(checked))} claims missed; "
                f"measuring {', '.join(todo)} again")
        result["runs"].update(measure([c for c in configs if c[0] in todo], settings["repeats"], log))
        result.update(analyse(result["runs"], max_workers, cores))
        checked[:] = evaluate(result, attempt)
        result["attempts"] = attempt
        return result, [verdict for _, verdict, _ in checked]

    measurements.measure_until_met(measure_once, args.attempts)
    if checked and checked[0][1].pair is not None:
        result["pair"] = checked[0][1].pair
    result["claims"] = [verdict_record(*item) for item in checked]
    result["summary"] = summary_text(result)
    result["total_seconds"] = time.perf_counter() - started
    write_outputs(result, checked, args.out_dir)

    print("Ladder, speedup over pure-Python serial (time per dart):")
    for rung in result["ladder"]:
        print(f"  {rung['label']:<28} {rung['workers']:>3} workers "
              f"{rung['speedup_vs_python_serial']:8.1f}x  ({rung['ns_per_dart']:.1f} ns per dart)")
    print(f"Claims, checked on the medians (attempt {result['attempts']} of at most "
          f"{args.attempts}):")
    for claim, verdict, _ in checked:
        state = "too few cores" if verdict.too_few_cores else "ok" if verdict.ok else "MISSED"
        print(f"  {state:<13} {claim}; measured {verdict.outcomes[0].measured_text()}; "
              f"{verdict.share.describe()}")
    fit = result["amdahl_fit"]["pool"]
    print(f"Amdahl fit (Pool): p = {fit['p']:.3f}" if fit["p"] is not None
          else f"Amdahl fit (Pool): not fitted, {fit['not_fitted_because']}")
    print(f"Wrote {args.out_dir / 'benchmark.json'}, the plot and the page's Markdown in "
          f"{result['total_seconds']:.1f} s")
    return measurements.strict_status([verdict for _, verdict, _ in checked], "the benchmark")


if __name__ == "__main__":
    sys.exit(main())
