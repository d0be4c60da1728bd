"""Descriptive statistics: histogram, bincount, percentiles, z-scores."""
import numpy as np


def main():
    np.random.seed(0)
    data = np.random.normal(5, 2, 1000)
    hist, edges = np.histogram(data, bins=10)
    centers = (edges[:-1] + edges[1:]) / 2

    rolls = np.random.randint(1, 7, size=600)
    counts = np.bincount(rolls)
    freq = counts[1:] / len(rolls)

    z = (data - data.mean()) / data.std()
    outliers = np.sum(np.abs(z) > 2.5)

    weights = np.linspace(0, 1, 1000)
    wmean = np.average(data, weights=weights)

    q1, med, q3 = np.percentile(data, [25, 50, 75])
    iqr = q3 - q1

    ages = np.array([23, 35, 35, 41, 23, 23, 52, 35, 61, 23])
    vals, cnts = np.unique(ages, return_counts=True)
    mode = vals[np.argmax(cnts)]

    return {
        "hist": hist, "centers": centers, "counts": counts, "freq": freq,
        "outliers": outliers, "wmean": wmean, "median": med, "iqr": iqr,
        "var_ddof1": np.var(data, ddof=1), "mode": mode, "vals": vals, "cnts": cnts,
    }
