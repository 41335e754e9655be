"""Draw Gustafson's law beside Amdahl's: weak scaling against strong scaling.

Strong scaling keeps the problem fixed and adds workers (Amdahl's law:
S(N) = 1 / ((1 - p) + p / N)).  Weak scaling grows the problem with the
workers, so that each worker keeps the same amount of work (Gustafson's law:
the scaled speedup S(N) = (1 - p) + p * N, with p the parallel share of the
time measured on N workers).

Run by the site build (see lesson_build_commands in conf.py); writes one SVG.
"""
import argparse
from pathlib import Path

import matplotlib

from lesson.runner import import_example

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)

# Keep the SVG reproducible: same text in, same file out.
plt.rcParams["svg.hashsalt"] = "gustafson"
plt.rcParams["svg.fonttype"] = "none"

FRACTIONS = (0.9, 0.99)
WORKERS = list(range(1, 65))
COLOURS = {0.9: "#1f77b4", 0.99: "#d62728"}


# Both laws as episode 11 teaches them.
amdahl, gustafson = (getattr(import_example("ep11_coupled_mpi/scaling_laws.py"), name)
                     for name in ("amdahl", "gustafson"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="SVG file to write")
    args = parser.parse_args()

    fig, axis = plt.subplots(figsize=(6.5, 4.2), layout="constrained")
    axis.plot(WORKERS, WORKERS, "k--", label="ideal: speedup = workers")
    for p in FRACTIONS:
        axis.plot(WORKERS, [gustafson(p, n) for n in WORKERS], color=COLOURS[p],
                  label=f"Gustafson, weak scaling, p = {p}")
        axis.plot(WORKERS, [amdahl(p, n) for n in WORKERS], color=COLOURS[p], linestyle=":",
                  label=f"Amdahl, strong scaling, p = {p}")
    axis.set_xlabel("workers N")
    axis.set_ylabel("speedup")
    axis.set_xlim(1, 64)
    axis.set_ylim(0, 66)
    axis.set_title("Growing the problem with the workers keeps the speedup growing")
    axis.legend(fontsize="small", loc="upper left")
    axis.grid(True, alpha=0.4)

    args.out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(args.out, metadata={"Date": None})
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
