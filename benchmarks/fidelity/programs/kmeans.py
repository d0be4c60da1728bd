"""k-means with a while loop on convergence (np.allclose), boolean selection per cluster."""
import numpy as np


def kmeans(X, k, max_iter=100):
    rng_idx = np.random.choice(len(X), k, replace=False)
    centroids = X[rng_idx]
    for it in range(max_iter):
        distances = np.linalg.norm(X[:, np.newaxis] - centroids, axis=2)
        labels = np.argmin(distances, axis=1)
        new_centroids = np.array([X[labels == j].mean(axis=0) for j in range(k)])
        if np.allclose(centroids, new_centroids):
            break
        centroids = new_centroids
    return centroids, labels, it


def main():
    np.random.seed(0)
    a = np.random.randn(30, 2) + np.array([0, 0])
    b = np.random.randn(30, 2) + np.array([5, 5])
    c = np.random.randn(30, 2) + np.array([0, 6])
    X = np.vstack([a, b, c])
    centroids, labels, iters = kmeans(X, 3)
    order = np.argsort(centroids[:, 0] + 10 * centroids[:, 1])
    inertia = sum(np.sum((X[labels == j] - centroids[j]) ** 2) for j in range(3))
    return {"centroids": centroids[order], "sizes": np.sort(np.bincount(labels)),
            "iters": iters, "inertia": inertia}
