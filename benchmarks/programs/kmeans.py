"""Lloyd's k-means."""
import numpy as np

SIZES = {"small": (500, 4, 20), "large": (50000, 8, 20)}


def make(n, k, iters):
    t = np.linspace(0.0, 40.0, n)
    X = np.stack([np.cos(t) * (1 + t % 3), np.sin(1.3 * t) * 2.0, np.cos(0.7 * t)], axis=1)
    return X, k, iters


def run(X, k, iters):
    centroids = X[:k].copy()
    for _ in range(iters):
        dists = np.sum((X[:, None, :] - centroids[None, :, :]) ** 2, axis=-1)
        labels = np.argmin(dists, axis=1)
        onehot = (labels[:, None] == np.arange(k)[None, :]).astype(float)
        counts = onehot.sum(axis=0)
        sums = onehot.T @ X
        centroids = np.where(counts[:, None] > 0, sums / np.maximum(counts, 1.0)[:, None], centroids)
    return centroids
