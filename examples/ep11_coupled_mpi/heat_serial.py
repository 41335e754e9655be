"""The 2D heat equation on one core: the serial version that heat.py must match.

A metal plate is a grid of temperatures.  Its edges are held fixed (the top
edge hot, the others cold) and a hot square sits inside.  Each time step moves
every inside point towards the average of its four neighbours:

    new[i, j] = u[i, j] + alpha * (u[i-1, j] + u[i+1, j] + u[i, j-1] + u[i, j+1] - 4 u[i, j])

This is the explicit (forward Euler) scheme; it is stable for alpha <= 0.25.
"""
import argparse
import time

import numpy as np

ALPHA = 0.2  # diffusion number: stable up to 0.25


# start-listing
def initial_plate(rows, cols):
    """The starting temperatures: a hot top edge and a hot square, the rest cold."""
    u = np.zeros((rows, cols))
    u[0, :] = 1.0                                       # the top edge, held hot
    u[rows // 4:rows // 2, cols // 4:cols // 2] = 1.0   # a hot square inside
    return u


def step(u, new, alpha=ALPHA):
    """One time step: write the updated inside points of `u` into `new`.

    The outermost rows and columns of `new` are left as they are: for the
    whole plate they are its fixed edges.
    """
    new[1:-1, 1:-1] = u[1:-1, 1:-1] + alpha * (
        u[:-2, 1:-1] + u[2:, 1:-1] + u[1:-1, :-2] + u[1:-1, 2:] - 4 * u[1:-1, 1:-1])


def simulate(rows, cols, steps):
    """The plate after `steps` time steps."""
    u = initial_plate(rows, cols)
    new = u.copy()                   # same edges; the inside is overwritten
    for _ in range(steps):
        step(u, new)
        u, new = new, u              # swap: the new temperatures become the current ones
    return u
# end-listing


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=at_least_one, default=402,
                        help="grid rows, edges included (default: %(default)s)")
    parser.add_argument("--cols", type=at_least_one, default=602,
                        help="grid columns, edges included (default: %(default)s)")
    parser.add_argument("--steps", type=at_least_one, default=500, help="time steps (default: %(default)s)")
    args = parser.parse_args()

    start = time.perf_counter()
    u = simulate(args.rows, args.cols, args.steps)
    elapsed = time.perf_counter() - start
    print(f"Grid: {args.rows} x {args.cols}, {args.steps} steps")
    print(f"Checksum (sum of all temperatures): {u.sum():.10f}")
    print(f"Time: {elapsed:.3f} s")


if __name__ == "__main__":
    main()
