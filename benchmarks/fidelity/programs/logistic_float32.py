"""Logistic regression trained in float32 (dtype must stay float32 throughout)."""
import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def main():
    np.random.seed(2)
    X = np.random.randn(60, 3).astype(np.float32)
    true_w = np.array([1.5, -2.0, 0.5], dtype=np.float32)
    y = (X @ true_w > 0).astype(np.float32)
    w = np.zeros(3, dtype=np.float32)
    b = np.float32(0)
    lr = 0.5
    losses = []
    for epoch in range(100):
        p = sigmoid(X @ w + b)
        p = np.clip(p, 1e-7, 1 - 1e-7)
        loss = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
        grad_w = X.T @ (p - y) / len(y)
        grad_b = np.mean(p - y)
        w -= lr * grad_w
        b -= lr * grad_b
        losses.append(loss)
    acc = np.mean((sigmoid(X @ w + b) > 0.5) == y)
    return {"w": w, "b": b, "loss_last": losses[-1], "acc": acc, "losses": np.array(losses)}
