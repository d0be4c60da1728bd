"""k-means and a softmax classifier trained by gradient descent."""
import numpy as np
import numpy.linalg as la


def blobs(n_per=40):
    t = np.linspace(0.0, 2.0 * np.pi, n_per)
    centres = np.array([[0.0, 0.0], [3.0, 3.0], [-3.0, 2.0]])
    pts = [c + 0.6 * np.stack([np.cos(3 * t + i), np.sin(5 * t + i)], axis=1) for i, c in enumerate(centres)]
    X = np.concatenate(pts, axis=0)
    y = np.repeat(np.arange(3), n_per)
    return X, y


def kmeans(X, k=3, iters=15):
    centroids = X[:: len(X) // k][:k].copy()
    for _ in range(iters):
        d = la.norm(X[:, None, :] - centroids[None, :, :], axis=-1)
        labels = d.argmin(axis=1)
        new = np.zeros_like(centroids)
        for j in range(k):
            new[j] = X[labels == j].mean(axis=0)
        centroids = new
    return centroids, labels


def softmax_regression(X, y, classes=3, lr=0.5, epochs=100):
    n, d = X.shape
    W = np.zeros((d, classes))
    b = np.zeros(classes)
    Y = np.eye(classes)[y]
    for _ in range(epochs):
        logits = X @ W + b
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        W -= lr * X.T.dot(p - Y) / n
        b -= lr * (p - Y).mean(axis=0)
    accuracy = np.mean(np.argmax(X @ W + b, axis=1) == y)
    return W, accuracy
