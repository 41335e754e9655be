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
of them alike), and the median is kept.  A pool is timed from its creation to
its last result: starting workers is part of the price.  The NumPy rungs throw
more darts than the pure-Python ones (--numpy-darts), so they run long enough
to time; rungs are compared by their time per dart.

Writes into --out-dir:
  benchmark.json          every time measured, the medians, speedups and
                          efficiencies, Amdahl fits, the headline ratios, and
                          the machine (cores, CPU model, Python, date)
  benchmark.svg           the ladder and speedup versus workers, with the ideal
                          line and Amdahl's law fitted to the Pool (least squares)
  benchmark-ladder.txt    the ladder as a Markdown table, for the page
  benchmark-scaling.txt   speedup and efficiency per worker count, for the page

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

ROOT = Path(__file__).resolve().parent.parent
# The examples are imported, not copied: the benchmark times the lesson's code.
# Worker processes inherit sys.path, so they can unpickle these functions too.
# NumPy is imported only where it is used: under the spawn and forkserver start
# methods every worker imports this module again, and the pure-Python workers
# should not pay for NumPy.
sys.path.insert(0, str(ROOT / "examples" / "ep06_scaling"))
# The machine is described as on every page of the site.
sys.path.insert(0, str(ROOT / "sphinxext"))

import fit_amdahl  # noqa: E402
import pi_process_pool  # noqa: E402
import pi_serial  # noqa: E402
import pi_thread_pool  # noqa: E402

from build_machine import cpu_model, usable_cores  # noqa: E402

QUICK = {"darts": 3_000_000, "numpy_darts": 80_000_000, "repeats": 3}
FULL = {"darts": 20_000_000, "numpy_darts": 400_000_000, "repeats": 5}

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
        "load_average_at_start": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
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


def measure(configs, repeats, log):
    """Time every configuration `repeats` times, taking turns; return the raw runs."""
    runs = {key: {"darts": darts, "times": [], "pi": []} for key, darts, _ in configs}
    for repeat in range(1, repeats + 1):
        for key, darts, function in configs:
            start = time.perf_counter()
            hits = function(darts)
            elapsed = time.perf_counter() - start
            runs[key]["times"].append(elapsed)
            runs[key]["pi"].append(4 * hits / darts)
            log(f"  repeat {repeat}/{repeats} {key:<16} {elapsed:8.3f} s  "
                f"pi = {4 * hits / darts:.5f}")
    for run in runs.values():
        run["median_s"] = statistics.median(run["times"])
        run["ns_per_dart"] = run["median_s"] / run["darts"] * 1e9
    return runs


def analyse(runs, max_workers):
    """Speedups, efficiencies, the ladder, Amdahl fits and the headline ratios."""
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
        fits[name] = fit_amdahl.fit_parallel_fraction(
            [row["workers"] for row in rows], [row["speedup"] for row in rows])

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

    best = max(ladder, key=lambda rung: rung["speedup_vs_python_serial"])
    two = (lambda name, field: scaling[name]["points"][1][field]) if n >= 2 else (lambda *_: None)
    ratios = {
        "process_pool_efficiency_2_workers": two("pool", "efficiency"),
        "executor_efficiency_2_workers": two("executor", "efficiency"),
        "thread_pool_speedup_2_workers": two("thread_pool", "speedup"),
        "best_rung": best["label"],
        "best_rung_speedup_vs_python_serial": best["speedup_vs_python_serial"],
        "numpy_serial_speedup_vs_python_serial": python_ns / numpy_ns,
    }
    targets = {
        "process_pool_efficiency_2_workers": ">= 0.9",
        "thread_pool_speedup_2_workers": "<= 1.1",
        "best_rung_speedup_vs_python_serial": ">= 50",
    }
    return {"ladder": ladder, "scaling": scaling, "amdahl_fit_p": fits,
            "ratios": ratios, "targets": targets}


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
    p = result["amdahl_fit_p"]["pool"]
    curve = np.linspace(1, n, 100)
    right.plot(workers, workers, "k--", label="ideal: speedup = workers")
    right.plot(curve, 1 / ((1 - p) + p / curve), color="#1f77b4", linestyle=":",
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


def markdown_tables(result, out_dir, command):
    """Two small Markdown tables the page includes at build time."""
    m = result["machine"]
    where = (f"Measured with `{command}` on {m['cpu_model']}, {m['usable_cores']} usable cores, "
             f"{m['python']}, start method {m['start_method']}, {m['date'][:16].replace('T', ' ')} "
             f"UTC; each time is the median of {result['settings']['repeats']} runs.")
    if m["load_average_at_start"] is not None:
        # Other programs running at the same time make the numbers noisy: say so.
        where += (f" System load when it started: {m['load_average_at_start'][0]:.1f} "
                  "(0 means idle; other programs running make the times noisy).")
    lines = [where + " Darts in millions (M).", "",
             "| Rung | Workers | Darts | Time | Per dart | Speedup |",
             "|---|--:|--:|--:|--:|--:|"]
    for number, rung in enumerate(result["ladder"], start=1):
        lines.append(f"| {number}. {rung['label']} | {rung['workers']} | "
                     f"{rung['darts'] / 1e6:g} M | {rung['median_s']:.3f} s | "
                     f"{rung['ns_per_dart']:.1f} ns | {rung['speedup_vs_python_serial']:.1f}× |")
    (out_dir / "benchmark-ladder.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")

    names = list(result["scaling"])
    header = " | ".join(result["scaling"][name]["label"] for name in names)
    lines = [where, "",
             f"| Workers | {header} |",
             "|--:|" + "--:|" * len(names)]
    for i in range(result["max_workers"]):
        cells = []
        for name in names:
            point = result["scaling"][name]["points"][i]
            cells.append(f"{point['speedup']:.2f} ({point['efficiency']:.2f})")
        lines.append(f"| {i + 1} | " + " | ".join(cells) + " |")
    p = result["amdahl_fit_p"]
    lines += ["", "Each cell: speedup (efficiency). Pure-Python pools are compared with "
              "pure-Python serial, the NumPy pool with NumPy serial. Amdahl's law fitted to "
              f"these points gives p = {p['pool']:.3f} for `Pool` and "
              f"p = {p['executor']:.3f} for `ProcessPoolExecutor`."]
    (out_dir / "benchmark-scaling.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


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
    if min(settings.values()) < 1:
        parser.error("--repeats, --darts and --numpy-darts must be at least 1")

    def log(text):
        if not args.quiet:
            print(text, flush=True)

    command = "python scripts/benchmark.py" + " --quick" * args.quick
    started = time.perf_counter()
    result = {"command": " ".join(["python", "scripts/benchmark.py", *sys.argv[1:]]),
              "machine": machine(), "settings": settings, "max_workers": max_workers}
    log(f"Benchmark on {result['machine']['cpu_model']}, {result['machine']['usable_cores']} "
        f"usable cores, {result['machine']['python']}; up to {max_workers} workers, {settings}")
    runs = measure(configurations(settings, max_workers), settings["repeats"], log)
    result["runs"] = runs
    result.update(analyse(runs, max_workers))
    result["total_seconds"] = time.perf_counter() - started

    args.out_dir.mkdir(parents=True, exist_ok=True)
    (args.out_dir / "benchmark.json").write_text(json.dumps(result, indent=1) + "\n",
                                                  encoding="utf-8")
    plot(result, args.out_dir / "benchmark.svg")
    markdown_tables(result, args.out_dir, command)

    print("Ladder, speedup over pure-Python serial (time per dart):")
    for rung in result["ladder"]:
        print(f"  {rung['label']:<28} {rung['workers']:>3} workers "
              f"{rung['speedup_vs_python_serial']:8.1f}x  ({rung['ns_per_dart']:.1f} ns per dart)")
    print("Ratios, measured side by side in this run (target in brackets):")
    for key, value in result["ratios"].items():
        shown = f"{value:.2f}" if isinstance(value, float) else value
        target = result["targets"].get(key)
        print(f"  {key:<40} {shown}" + (f"  [{target}]" if target else ""))
    print(f"Amdahl fit: p = {result['amdahl_fit_p']['pool']:.3f} (Pool)")
    print(f"Wrote {args.out_dir / 'benchmark.json'} and benchmark.svg in "
          f"{result['total_seconds']:.1f} s")


if __name__ == "__main__":
    main()
