"""Expectations for Amira's bootstrap, the chain of exercises through the lesson.

The steps live in examples/bootstrap/, one file per step; each episode's module
(ep04.py, ep05.py, ...) holds the runs of its own step and checks its interval
with INTERVAL_EXACT or INTERVAL_NEAR from here.  The reference interval is
computed below by this test's own reading of the recipe (numpy, not the
examples' code): from episode 6 on, every step must print it to the last
digit for any number of workers or ranks; the earlier steps, whose random
streams depend on how the work was cut, must agree within the bootstrap's
own sampling noise.
"""
import numpy as np

from harness import Run

RESAMPLES = 4000  # in the tests: each run well under a second
SEED = 2026       # amira.SEED
CHUNKS = 20       # bootstrap_streams.CHUNKS
INTERVAL = r"^95 % interval for the mean: (?P<low>\d+\.\d{4}) to (?P<high>\d+\.\d{4}) cm$"
# With 4000 resamples the 2.5 % and 97.5 % points wander by about 0.003 cm from
# one set of random streams to another (the means' spread, 0.08 cm, over the
# density there); 0.02 is six of those.
NOISE = 0.02


def sample():
    return np.random.default_rng(7).lognormal(mean=2.0, sigma=0.5, size=3000).round(2)


def reference_interval(resamples=RESAMPLES, chunks=CHUNKS, seed=SEED):
    """Chunk c draws its share of the resamples from SeedSequence(seed).spawn(chunks)[c]."""
    data = sample()
    share, extra = divmod(resamples, chunks)
    means = []
    for c, chunk_seed in enumerate(np.random.SeedSequence(seed).spawn(chunks)):
        rng = np.random.default_rng(chunk_seed)
        means += [rng.choice(data, size=data.size).mean() for _ in range(share + (c < extra))]
    return tuple(float(x) for x in np.percentile(means, [2.5, 97.5]))


LOW, HIGH = reference_interval()
# The exact line, digit for digit.
INTERVAL_EXACT = rf"^95 % interval for the mean: {LOW:.4f} to {HIGH:.4f} cm$"
# The line, with values within NOISE of the reference (use with Run(values=INTERVAL_NEAR)).
INTERVAL_NEAR = {"low": lambda text: abs(float(text) - LOW) < NOISE,
                 "high": lambda text: abs(float(text) - HIGH) < NOISE}
SAMPLE_LINE = rf"^Sample: 3000 heights, mean {sample().mean():.3f} cm$"

EXPECTATIONS: dict[str, list[Run]] = {
    # The starter of episode 4: it runs as given and prints the serial answer.
    "bootstrap/bootstrap_serial.py": [
        Run(args=("--resamples", str(RESAMPLES)),
            stdout=(SAMPLE_LINE, rf"^Resamples: {RESAMPLES}$", INTERVAL), values=INTERVAL_NEAR),
        Run(args=("--resamples", "0"), returncode=2,
            stderr=(r"error: argument --resamples: 0 is not 1 or more$",)),
    ],
    "bootstrap/bootstrap_streams.py": [
        Run(args=("--resamples", str(RESAMPLES), "--workers", str(workers)),
            stdout=(SAMPLE_LINE, INTERVAL_EXACT, r"^Same interval with 1 worker: True$",
                    r"^Time with 1 worker: [\d.]+ s$",
                    rf"^Time with {workers} workers?: [\d.]+ s$", r"^Speedup: [\d.]+$"))
        for workers in (1, 2, 4)
    ] + [
        Run(args=("--workers", "two"), returncode=2,
            stderr=(r"error: argument --workers: invalid at_least_one value: 'two'$",)),
    ],
}

MODULES = {
    "bootstrap/amira.py": "Amira's data and the bootstrap's arithmetic, imported by every step",
}
