"""Measure strong and weak scaling of episode 11's heat equation under mpiexec.

Run by the site build (lesson_build_commands in conf.py).  It runs
examples/ep11_coupled_mpi/heat.py under `mpiexec -n N` for N = 1, 2, ... up
to the usable cores (at least 2, at most --max-ranks):

strong scaling  the same grid on every number of ranks: the time should fall
                as 1 / N (speedup T1 / TN; Amdahl's law bounds it);
weak scaling    the grid grows with the ranks so that each rank keeps a block
                of the one-rank grid's shape and size (heat.py lays the ranks
                out with MPI.Compute_dims, so the inside rows grow with the
                rank grid's rows and the inside columns with its columns: 4
                ranks on 2 x 2 get a grid twice as tall and twice as wide);
                the time should stay the same (efficiency T1 / TN; Gustafson's
                law describes the scaled speedup N * T1 / TN).

Each configuration runs --repeats times, the configurations taking turns, and
the median is kept.  The claims
(speedup at 2 ranks at least 0.75 * min(2, cores), weak efficiency at 2 ranks
at least 0.75) are checked with lesson/measurements.py, like every timed
output of the lesson (measured again while a claim misses, a note on the
page if it still does, and exit status 1 under STRICT_TIMINGS=1).

Writes into --out-dir:
  mpi-scaling.json         every time, with the machine and the commands
  mpi-scaling.svg          speedup against ranks, Amdahl's and Gustafson's laws beside
  mpi-scaling.txt          the table, sentences generated from it, and any note
  mpi-scaling-figure.txt   the figure directive, with alt text generated from the data
"""
import argparse
import json
import math
import shlex
import statistics
import sys
from pathlib import Path

from lesson import measurements, runner
from lesson.build_machine import machine_description

# Amdahl's law and its fit, as episode 6 teaches them.
amdahl_speedup, fit_parallel_fraction = (
    getattr(runner.import_example("ep06_scaling/fit_amdahl.py"), name)
    for name in ("amdahl_speedup", "fit_parallel_fraction"))

HEAT = "ep11_coupled_mpi/heat.py"
CLAIMS = ("[Strong-scaling speedup on 2 ranks] >= 0.75 * min(2, cores); "
          "[Weak-scaling efficiency on 2 ranks] >= 0.75")
# The laws are drawn for this parallel fraction, to compare their shapes: with
# p close to 1, as measured on few ranks, all the lines would lie on the ideal one.
P_SHOWN = 0.9
FAR = 64  # the laws are drawn out to this many ranks (further if more were measured)


def heat_args(rows, cols, steps, repeats):
    return ["--rows", str(rows), "--cols", str(cols), "--steps", str(steps),
            "--repeats", str(repeats), "--no-check"]


def timed_run(ranks, args):
    """One mpiexec run of heat.py: the time it printed, and the lesson.runner Result."""
    result = runner.run(runner.command(HEAT, args, ranks=ranks), timeout=300)
    if result.returncode != 0:
        raise SystemExit(f"heat.py failed under mpiexec -n {ranks}:\n{result.describe()}")
    return measurements.measured_value(result.stdout, "Time"), result


def rank_grid(ranks):
    """The grid of ranks that heat.py's MPI.Compute_dims(ranks, 2) picks: as square as
    possible, the larger side first ((2, 1) for 2 ranks, (2, 2) for 4, (3, 2) for 6)."""
    across = max(d for d in range(1, math.isqrt(ranks) + 1) if ranks % d == 0)
    return ranks // across, across


def configurations(ranks, rows, cols):
    """Every run as (kind, ranks, grid rows, grid columns).

    Strong scaling keeps the grid.  Weak scaling multiplies the inside rows by
    the rank grid's rows and the inside columns by its columns, so every rank
    gets a block of the one-rank grid's shape: the same work and the same halo
    per rank.  (Growing the rows alone would give 4 ranks on 2 x 2 blocks twice
    as tall and half as wide, with a longer edge to exchange.)
    """
    configs = [("strong", n, rows, cols) for n in ranks]
    for n in ranks:
        if n > 1:   # n = 1: the strong run
            down, across = rank_grid(n)
            configs.append(("weak", n, (rows - 2) * down + 2, (cols - 2) * across + 2))
    return configs


def measure(ranks, rows, cols, steps, repeats):
    """Strong and weak scaling: {'strong': [...], 'weak': [...]}, one point per rank count.

    Each configuration runs `repeats` times, one mpiexec run each, the
    configurations taking turns (so a burst of load from other programs hits
    them alike); the median is kept.  Also returns the CPU share that the
    2-rank strong-scaling runs received, for the measurement note.
    """
    configs = configurations(ranks, rows, cols)
    times = {config: [] for config in configs}
    wall = cpu = busy = 0.0
    for _ in range(repeats):
        for config in configs:
            kind, n, grid_rows, grid_cols = config
            seconds, result = timed_run(n, heat_args(grid_rows, grid_cols, steps, 1))
            times[config].append(seconds)
            if kind == "strong" and n == 2:
                wall += result.wall
                cpu = None if cpu is None or result.cpu is None else cpu + result.cpu
                busy = None if busy is None or result.busy is None else busy + result.busy
    share = measurements.Share.of(wall, cpu, busy, runner.usable_cores())
    points = {"strong": [], "weak": []}
    for (kind, n, grid_rows, grid_cols), measured in times.items():
        points[kind].append({"ranks": n, "rows": grid_rows, "cols": grid_cols,
                             "seconds": statistics.median(measured), "times": measured})
    points["weak"].insert(0, dict(points["strong"][0]))
    one = points["strong"][0]["seconds"]
    for point in points["strong"]:
        point["speedup"] = one / point["seconds"]
        point["efficiency"] = point["speedup"] / point["ranks"]
    for point in points["weak"]:
        point["efficiency"] = one / point["seconds"]
        point["scaled_speedup"] = point["ranks"] * point["efficiency"]
    return points, share


def summary_lines(points):
    """The numbers the claims read, as 'Label: value' lines."""
    strong = {p["ranks"]: p for p in points["strong"]}
    weak = {p["ranks"]: p for p in points["weak"]}
    return (f"Strong-scaling speedup on 2 ranks: {strong[2]['speedup']:.3f}\n"
            f"Weak-scaling efficiency on 2 ranks: {weak[2]['efficiency']:.3f}\n")


def verdict_of(points, share, attempts, cores):
    claims = measurements.parse_claims(CLAIMS)
    outcomes = measurements.check(claims, summary_lines(points), cores)
    return measurements.Verdict(outcomes, share, needs_cores=2, attempts=attempts, cores=cores)


def plot(points, path, p=P_SHOWN):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.hashsalt"] = "mpi-scaling"   # same data in, same file out
    plt.rcParams["svg.fonttype"] = "none"
    measured = [pt["ranks"] for pt in points["strong"]]
    far = FAR if max(measured) <= FAR // 4 else 4 * max(measured)
    curve = [2 ** (k / 8) for k in range(0, 8 * far.bit_length() - 7)]
    ticks = [2 ** k for k in range(far.bit_length())]
    # One plot above the other, each the width of the page: side by side, a phone
    # (400 px) showed each at 190 px with unreadable labels.
    plt.rcParams["font.size"] = 12
    fig, (left, right) = plt.subplots(2, 1, figsize=(6.4, 8), layout="constrained")
    for axis in (left, right):
        axis.plot(curve, curve, "k--", label="ideal: speedup = ranks")
        axis.plot(curve, [amdahl_speedup(p, n) for n in curve], color="#1f77b4", linestyle=":",
                  linewidth=2, label=f"Amdahl's law, p = {p:g}")
        axis.set_xscale("log", base=2)
        axis.set_yscale("log", base=2)
        axis.set_xticks(ticks, [str(t) for t in ticks])
        axis.set_yticks(ticks, [str(t) for t in ticks])
        axis.set_xlabel("ranks N")
        axis.grid(True, alpha=0.4)
    left.plot(measured, [pt["speedup"] for pt in points["strong"]], "o-", color="#d62728",
              markersize=7, label="measured: T1 / TN")
    left.set_ylabel("speedup")
    left.set_title("Strong scaling: the same grid on N ranks")
    right.plot(curve, [(1 - p) + p * n for n in curve], color="#2ca02c", linestyle="-.",
               label=f"Gustafson's law, p = {p:g}")
    right.plot(measured, [pt["scaled_speedup"] for pt in points["weak"]], "s-", color="#9467bd",
               markersize=7, label="measured: N × T1 / TN")
    right.set_ylabel("scaled speedup")
    right.set_title("Weak scaling: a grid N times as large")
    left.legend(fontsize="small", loc="upper left")
    right.legend(fontsize="small", loc="upper left")
    fig.savefig(path, metadata={"Date": None})
    plt.close(fig)


def rerun_command(rows, cols, steps, repeats):
    """What a learner runs to see the 2-rank strong-scaling point again."""
    args = [a for a in heat_args(rows, cols, steps, repeats) if a != "--no-check"]
    return shlex.join(runner.command(HEAT, args, ranks=2, shown=True))


def markdown(points, p, verdict, settings, command):
    strong, weak = points["strong"], points["weak"]
    s2 = next(pt for pt in strong if pt["ranks"] == 2)
    w2 = next(pt for pt in weak if pt["ranks"] == 2)
    where = (f"Measured while this page was built, on {machine_description()}: `heat.py` "
             f"under `mpiexec -n N` with {settings['steps']} time steps; each time is the median "
             f"of {settings['repeats']} runs, the configurations taking turns.")
    lines = [where, "", "Strong scaling, the same grid on every number of ranks:", "",
             "| Ranks | Grid | Time | Speedup | Efficiency |", "|--:|--:|--:|--:|--:|"]
    for pt in strong:
        lines.append(f"| {pt['ranks']} | {pt['rows']} × {pt['cols']} | {pt['seconds']:.3f} s | "
                     f"{pt['speedup']:.2f} | {pt['efficiency']:.2f} |")
    lines += ["", "Weak scaling, the grid growing with the ranks, every rank's block the same shape:", "",
              "| Ranks | Grid | Time | Efficiency | Scaled speedup |", "|--:|--:|--:|--:|--:|"]
    for pt in weak:
        lines.append(f"| {pt['ranks']} | {pt['rows']} × {pt['cols']} | {pt['seconds']:.3f} s | "
                     f"{pt['efficiency']:.2f} | {pt['scaled_speedup']:.2f} |")
    sentence = (f"In this build, 2 ranks ran the fixed grid {s2['speedup']:.2f} times as fast as "
                f"one rank (strong scaling), and ran a grid twice as large in "
                f"{w2['seconds']:.3f} s against {strong[0]['seconds']:.3f} s for one rank on the "
                f"original grid, a weak-scaling efficiency of {w2['efficiency']:.2f}. Fitted to the "
                f"strong-scaling speedups, Amdahl's law gives a parallel fraction p = {p:.2f}.")
    if s2["speedup"] > 2:
        sentence += (" A speedup above the number of ranks means that the one-rank runs were "
                     "slowed by something the two-rank runs escaped: other programs busy on the "
                     "machine at the time, or the processor's caches, which hold more of a "
                     "half-size block.")
    if p >= 0.995:
        sentence += (" With speedups this close to the number of ranks, on so few ranks, the fit "
                     "cannot tell p from 1; runs on more ranks would.")
    lines += ["", sentence, ""]
    lines += measurements.note_markdown(measurements.notice_text(verdict, command))
    return "\n".join(lines)


def figure(points, p=P_SHOWN):
    strong, weak = points["strong"], points["weak"]
    last = strong[-1]["ranks"]
    far = FAR if last <= FAR // 4 else 4 * last
    measured_strong = ", ".join(f"{pt['speedup']:.2f} on {pt['ranks']}" for pt in strong)
    measured_weak = ", ".join(f"{pt['scaled_speedup']:.2f} on {pt['ranks']}" for pt in weak)
    alt = (f"Two line charts with logarithmic axes of speedup against the number of ranks, 1 to "
           f"{far}, each with a dashed ideal line where speedup equals ranks and the dotted curve "
           f"of Amdahl's law for p = {p:g}, which bends away from it and levels off towards "
           f"{1 / (1 - p):.0f}. Left, strong scaling with a fixed grid: the measured speedups, "
           f"{measured_strong} ranks. Right, weak scaling with the grid growing with the ranks: "
           f"the line of Gustafson's law for the same p, which stays close to the ideal line and "
           f"reaches {(1 - p) + p * far:.1f} at {far} ranks, and the measured scaled speedups, "
           f"{measured_weak} ranks.")
    return ("```{figure} _generated/mpi-scaling.svg\n"
            f":alt: {alt}\n\n"
            "Strong and weak scaling of `heat.py`, measured while this page was built (points), "
            f"beside Amdahl's and Gustafson's laws for a parallel fraction p = {p:g} (lines).\n```\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", type=Path, required=True, help="folder for the results")
    parser.add_argument("--max-ranks", type=int, default=8,
                        help="never more ranks than this, nor than the usable cores "
                             "(but at least 2) (default: %(default)s)")
    parser.add_argument("--rows", type=int, default=1002,
                        help="strong-scaling grid rows (default: %(default)s)")
    parser.add_argument("--cols", type=int, default=1002, help="grid columns (default: %(default)s)")
    parser.add_argument("--steps", type=int, default=25, help="time steps per run (default: %(default)s)")
    parser.add_argument("--repeats", type=int, default=3,
                        help="runs per point, median kept (default: %(default)s)")
    args = parser.parse_args()
    if args.max_ranks < 2:
        parser.error("--max-ranks must be at least 2")
    if min(args.rows, args.cols) < 3 or min(args.steps, args.repeats) < 1:
        parser.error("--rows and --cols must be at least 3, --steps and --repeats at least 1")

    cores = runner.usable_cores()
    ranks = list(range(1, max(2, min(cores, args.max_ranks)) + 1))
    settings = {"rows": args.rows, "cols": args.cols, "steps": args.steps, "repeats": args.repeats}
    def measure_once(attempt):
        points, share = measure(ranks, **settings)
        return points, [verdict_of(points, share, attempt, cores)]

    points, (verdict,) = measurements.measure_until_met(measure_once)
    p = fit_parallel_fraction([pt["ranks"] for pt in points["strong"]],
                              [pt["speedup"] for pt in points["strong"]])

    args.out_dir.mkdir(parents=True, exist_ok=True)
    command = rerun_command(**settings)
    record = {"machine": machine_description(), "settings": settings, "ranks": ranks,
              "points": points, "amdahl_p": p, "attempts": verdict.attempts,
              "claims": CLAIMS, "missed": [o.describe(cores) for o in verdict.missed]}
    (args.out_dir / "mpi-scaling.json").write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    plot(points, args.out_dir / "mpi-scaling.svg")
    (args.out_dir / "mpi-scaling.txt").write_text(markdown(points, p, verdict, settings, command),
                                                  encoding="utf-8")
    (args.out_dir / "mpi-scaling-figure.txt").write_text(figure(points), encoding="utf-8")
    print(summary_lines(points), end="")
    print(f"Amdahl fit: p = {p:.3f}; attempts: {verdict.attempts}; wrote {args.out_dir}")
    return measurements.strict_status([verdict], "the MPI scaling")


if __name__ == "__main__":
    sys.exit(main())
