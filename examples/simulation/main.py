"""Entry point: runs every model and returns named results."""
import numpy as np

from . import learning, physics


def main():
    X, y = learning.blobs()
    centroids, labels = learning.kmeans(X)
    W, accuracy = learning.softmax_regression(X, y)
    x, energy = physics.springs()
    return {
        "heat.profile": physics.heat(),
        "springs.positions": x,
        "springs.energy": energy,
        "kmeans.centroids": centroids[np.argsort(centroids[:, 0])],
        "kmeans.sizes": np.sort(np.bincount(labels, minlength=3)),
        "softmax.weights": W,
        "softmax.accuracy": accuracy,
    }
