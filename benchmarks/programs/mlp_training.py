"""Two-layer MLP trained with manual backprop, full-batch SGD."""
import numpy as np

SIZES = {"small": (64, 16, 32, 50), "large": (4096, 64, 256, 50)}


def make(n, d, h, steps):
    X = np.sin(np.arange(n * d).reshape(n, d) * 0.01)
    Y = np.eye(2)[(X[:, 0] > 0).astype(int)]
    W1 = np.cos(np.arange(d * h).reshape(d, h) * 0.37) * 0.1
    W2 = np.sin(np.arange(h * 2).reshape(h, 2) * 0.11) * 0.1
    return X, Y, W1, W2, steps


def run(X, Y, W1, W2, steps):
    lr = 0.1
    for step in range(steps):
        hid = np.maximum(X @ W1, 0.0)
        z = hid @ W2
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        p = e / e.sum(axis=1, keepdims=True)
        d = (p - Y) / X.shape[0]
        dW2 = hid.T @ d
        dh = d @ W2.T
        dh = dh * (hid > 0)
        dW1 = X.T @ dh
        W1 = W1 - lr * dW1
        W2 = W2 - lr * dW2
    return W1, W2
