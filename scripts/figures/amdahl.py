"""Draw Amdahl's law: speedup and efficiency against the number of workers.

Run by the site build (see lesson_build_commands in conf.py); writes one SVG.
"""
import argparse
from pathlib import Path

import matplotlib

from lesson.runner import import_example

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)

# Keep the SVG reproducible: same text in, same file out.
plt.rcParams["svg.hashsalt"] = "amdahl"
plt.rcParams["svg.fonttype"] = "none"

FRACTIONS = (0.5, 0.75, 0.9, 0.95, 0.99)
WORKERS = [2**k for k in range(11)]  # 1 ... 1024


# The law as episode 1 teaches it.
speedup = import_example("ep01_why/amdahl.py").amdahl_speedup


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="SVG file to write")
    args = parser.parse_args()

    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4.2), layout="constrained")
    left.plot(WORKERS, WORKERS, "k--", label="ideal (p = 1)")
    for p in FRACTIONS:
        s = [speedup(p, n) for n in WORKERS]
        left.plot(WORKERS, s, marker="o", markersize=3, label=f"p = {p}")
        right.plot(WORKERS, [si / n for si, n in zip(s, WORKERS)], marker="o", markersize=3,
                   label=f"p = {p}")
    ticks = [1, 4, 16, 64, 256, 1024]
    for axis in (left, right):
        axis.set_xscale("log", base=2)
        axis.set_xticks(ticks, [str(t) for t in ticks])
        axis.set_xlabel("workers N")
        axis.grid(True, which="major", alpha=0.4)
    left.set_yscale("log", base=2)
    left.set_yticks(ticks, [str(t) for t in ticks])
    left.set_ylabel("speedup S(N)")
    left.set_title("Speedup: flattens at 1 / (1 - p)")
    left.legend(fontsize="small")
    right.set_ylabel("efficiency S(N) / N")
    right.set_ylim(0, 1.05)
    right.set_title("Efficiency: falls as N grows")

    args.out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(args.out, metadata={"Date": None})
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
