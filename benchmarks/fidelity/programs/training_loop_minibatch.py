"""Mini-batch SGD training loop with shuffling via permutation and momentum, tracking history."""
import numpy as np


def relu(x):
    return np.maximum(x, 0)


def main():
    np.random.seed(123)
    N, D, H = 64, 5, 8
    X = np.random.randn(N, D)
    true_w = np.random.randn(D)
    y = X @ true_w + 0.1 * np.random.randn(N)

    W1 = np.random.randn(D, H) * np.sqrt(2.0 / D)
    b1 = np.zeros(H)
    W2 = np.random.randn(H) * np.sqrt(2.0 / H)
    b2 = 0.0
    vW1 = np.zeros_like(W1)
    vW2 = np.zeros_like(W2)
    lr, mu, batch = 0.01, 0.9, 16
    history = []
    for epoch in range(10):
        idx = np.random.permutation(N)
        X_s, y_s = X[idx], y[idx]
        epoch_loss = 0.0
        for start in range(0, N, batch):
            xb = X_s[start:start + batch]
            yb = y_s[start:start + batch]
            h = relu(xb @ W1 + b1)
            pred = h @ W2 + b2
            diff = pred - yb
            loss = np.mean(diff ** 2)
            epoch_loss += loss * len(xb)
            dpred = 2 * diff / len(xb)
            dW2 = h.T @ dpred
            db2 = dpred.sum()
            dh = np.outer(dpred, W2)
            dh[h <= 0] = 0
            dW1 = xb.T @ dh
            db1 = dh.sum(axis=0)
            vW1 = mu * vW1 - lr * dW1
            vW2 = mu * vW2 - lr * dW2
            W1 += vW1
            W2 += vW2
            b1 -= lr * db1
            b2 -= lr * db2
        history.append(epoch_loss / N)
    return {"history": np.array(history), "W1": W1, "W2": W2, "b2": b2}
