"""Amira's data and the arithmetic of her bootstrap, used by every step of the chain.

Amira measured the height of 3,000 seedlings and wants a 95 % confidence
interval for their mean height.  The bootstrap gets one without a formula:
resample the data with replacement many times, take the mean of each resample,
and keep the middle 95 % of those means.  Every resample is independent of
the others, which is what makes the bootstrap a task farm.

The steps of the chain (bootstrap_serial.py, bootstrap_pool.py, ...) import
these functions and change only how the resamples are handed out.
"""
import argparse

import numpy as np

SIZE = 3_000       # seedlings measured
RESAMPLES = 40_000
SEED = 2026        # the seed of the resampling, not of the data


def load_sample(size=SIZE):
    """Amira's measurements: seedling heights in cm (made up, skewed to the right)."""
    rng = np.random.default_rng(7)  # the data never change
    return rng.lognormal(mean=2.0, sigma=0.5, size=size).round(2)


def resample_means(sample, count, seed):
    """The means of `count` resamples of `sample`, drawn with one random stream.

    `seed` is anything numpy.random.default_rng takes: an int, a list of ints
    or a SeedSequence.
    """
    rng = np.random.default_rng(seed)
    return [rng.choice(sample, size=sample.size).mean() for _ in range(count)]


def interval(means):
    """The middle 95 % of the resampled means: (lower, upper)."""
    low, high = np.percentile(means, [2.5, 97.5])
    return float(low), float(high)


def report(sample, means):
    """Print what the bootstrap found, as every step of the chain does."""
    low, high = interval(means)
    print(f"Sample: {sample.size} heights, mean {sample.mean():.3f} cm")
    print(f"Resamples: {len(means)}")
    print(f"95 % interval for the mean: {low:.4f} to {high:.4f} cm")


def at_least_one(text):
    """argparse type: a whole number of resamples, workers or chunks, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)
