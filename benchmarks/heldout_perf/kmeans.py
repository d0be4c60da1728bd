"""k-means clustering from scratch (Lloyd's algorithm, fixed number of iterations)."""
import os

import numpy as np

SIZE = os.environ.get("N2T_SIZE", "published")
N_SAMPLES, N_FEATURES, K, N_ITER = {
    "published": (300, 2, 3, 10),
    "large": (40000, 8, 8, 20),
}[SIZE]


def make_blobs(n_samples, n_features, centers, cluster_std=1.0, random_state=0):
    rng = np.random.RandomState(random_state)
    centres = rng.uniform(-10.0, 10.0, size=(centers, n_features))
    labels = rng.randint(0, centers, size=n_samples)
    X = centres[labels] + cluster_std * rng.randn(n_samples, n_features)
    return X, labels


def init_centroids(X, k, random_state=0):
    """Pick k distinct samples at random as the initial centroids."""
    rng = np.random.RandomState(random_state)
    idx = rng.permutation(X.shape[0])[:k]
    return X[idx]


def compute_distances(X, centroids):
    """Euclidean distance between every sample and every centroid (n x k)."""
    diff = X[:, np.newaxis, :] - centroids[np.newaxis, :, :]
    return np.sqrt(np.sum(diff ** 2, axis=2))


def assign_clusters(X, centroids):
    distances = compute_distances(X, centroids)
    return np.argmin(distances, axis=1)


def update_centroids(X, labels, k):
    return np.array([X[labels == j].mean(axis=0) for j in range(k)])


def inertia(X, centroids, labels):
    return np.sum((X - centroids[labels]) ** 2)


def kmeans(X, k, n_iter=10, random_state=0):
    centroids = init_centroids(X, k, random_state)
    for _ in range(n_iter):
        labels = assign_clusters(X, centroids)
        centroids = update_centroids(X, labels, k)
    labels = assign_clusters(X, centroids)
    return centroids, labels, inertia(X, centroids, labels)


if __name__ == "__main__":
    X, y_true = make_blobs(N_SAMPLES, N_FEATURES, K, cluster_std=0.8, random_state=42)
    centroids, labels, sse = kmeans(X, K, n_iter=N_ITER, random_state=3)
    RESULT = (centroids, labels, sse)
