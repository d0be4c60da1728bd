"""Logistic regression by Newton's method (IRLS) with a while-loop convergence test, plus float32 GD."""
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def irls(X, y, tol=1e-8, max_iter=50):
    beta = np.zeros(X.shape[1])
    step_norms = []
    it = 0
    delta = np.inf
    while delta > tol and it < max_iter:
        p = sigmoid(X @ beta)
        W = p * (1 - p)
        H = X.T @ (X * W[:, None])
        g = X.T @ (y - p)
        step = np.linalg.solve(H, g)
        beta = beta + step
        delta = np.linalg.norm(step)
        step_norms.append(delta)
        it += 1
    cov = np.linalg.inv(H)
    return beta, np.sqrt(np.diag(cov)), it, step_norms


def gd_float32(X, y, lr=0.5, epochs=300):
    X32 = X.astype(np.float32)
    y32 = y.astype(np.float32)
    w = np.zeros(X.shape[1], dtype=np.float32)
    losses = []
    for epoch in range(epochs):
        p = 1.0 / (1.0 + np.exp(-(X32 @ w)))
        grad = X32.T @ (p - y32) / np.float32(len(y32))
        w -= np.float32(lr) * grad
        if epoch % 50 == 0:
            eps = np.float32(1e-7)
            loss = -np.mean(y32 * np.log(p + eps) + (1 - y32) * np.log(1 - p + eps))
            losses.append(float(loss))
    return w, losses


def main():
    np.random.seed(2024)
    n = 300
    x1 = np.random.normal(0, 1, n)
    x2 = np.random.normal(1, 2, n)
    X = np.column_stack([np.ones(n), x1, x2])
    true_beta = np.array([-0.5, 1.5, -0.8])
    y = (np.random.uniform(size=n) < sigmoid(X @ true_beta)).astype(float)
    beta, se, it, norms = irls(X, y)
    z = beta / se
    w32, losses = gd_float32(X, y)
    pred = (sigmoid(X @ beta) > 0.5).astype(int)
    acc = (pred == y).mean()
    tp = int(np.sum((pred == 1) & (y == 1)))
    fp = int(np.sum((pred == 1) & (y == 0)))
    fn = int(np.sum((pred == 0) & (y == 1)))
    precision = tp / (tp + fp)
    recall = tp / (tp + fn)
    print("beta =", beta.round(4), "iters =", it)
    print("acc=%.3f precision=%.3f recall=%.3f" % (acc, precision, recall))
    return {"beta": beta, "se": se, "z": z, "iters": it, "norms": np.array(norms),
            "w32": w32, "losses": losses, "acc": float(acc),
            "precision": precision, "recall": recall, "dtype": str(w32.dtype)}
