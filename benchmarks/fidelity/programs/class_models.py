"""Class-based models whose state lives in attributes: a linear model, a counter, running stats."""
import numpy as np


class LinearModel:
    def __init__(self, n_features):
        self.W = np.zeros(n_features)
        self.b = 0.0

    def predict(self, X):
        return X @ self.W + self.b

    def fit(self, X, y, lr=0.05, epochs=60):
        n = len(y)
        for _ in range(epochs):
            err = self.predict(X) - y
            self.W -= lr * X.T @ err / n
            self.b -= lr * err.mean()
        return self


class Counter:
    def __init__(self, n):
        self.counts = np.zeros(n, dtype=int)

    def add(self, idx):
        self.counts[idx] += 1


class RunningStats:
    def __init__(self, dim):
        self.n = 0
        self.mean = np.zeros(dim)
        self.M2 = np.zeros(dim)

    def push(self, x):
        self.n += 1
        delta = x - self.mean
        self.mean += delta / self.n
        self.M2 += delta * (x - self.mean)

    @property
    def variance(self):
        return self.M2 / (self.n - 1)


def main():
    X = np.stack([np.linspace(0, 1, 30), np.linspace(1, -1, 30) ** 2], axis=1)
    y = 2 * X[:, 0] - 3 * X[:, 1] + 0.5
    model = LinearModel(2).fit(X, y)

    c = Counter(5)
    for i in [0, 1, 1, 3, 4, 4, 4]:
        c.add(i)

    rs = RunningStats(2)
    for row in X:
        rs.push(row)

    return {"W": model.W, "b": model.b, "counts": c.counts, "mean": rs.mean,
            "var": rs.variance, "var_ref": X.var(axis=0, ddof=1)}
