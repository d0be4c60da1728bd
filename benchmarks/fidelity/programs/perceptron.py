"""Perceptron and Adaline (Raschka, Python Machine Learning ch. 2) with `for xi, target in zip(X, y)`."""
import numpy as np


class Perceptron(object):
    def __init__(self, eta=0.01, n_iter=10, random_state=1):
        self.eta = eta
        self.n_iter = n_iter
        self.random_state = random_state

    def fit(self, X, y):
        rgen = np.random.RandomState(self.random_state)
        self.w_ = rgen.normal(loc=0.0, scale=0.01, size=1 + X.shape[1])
        self.errors_ = []
        for _ in range(self.n_iter):
            errors = 0
            for xi, target in zip(X, y):
                update = self.eta * (target - self.predict(xi))
                self.w_[1:] += update * xi
                self.w_[0] += update
                errors += int(update != 0.0)
            self.errors_.append(errors)
        return self

    def net_input(self, X):
        return np.dot(X, self.w_[1:]) + self.w_[0]

    def predict(self, X):
        return np.where(self.net_input(X) >= 0.0, 1, -1)


class AdalineGD(object):
    def __init__(self, eta=0.01, n_iter=50):
        self.eta = eta
        self.n_iter = n_iter

    def fit(self, X, y):
        self.w_ = np.zeros(1 + X.shape[1])
        self.cost_ = []
        for i in range(self.n_iter):
            output = np.dot(X, self.w_[1:]) + self.w_[0]
            errors = (y - output)
            self.w_[1:] += self.eta * X.T.dot(errors)
            self.w_[0] += self.eta * errors.sum()
            cost = (errors**2).sum() / 2.0
            self.cost_.append(cost)
        return self


def main():
    X = np.array([[5.1, 1.4], [4.9, 1.4], [4.7, 1.3], [7.0, 4.7], [6.4, 4.5],
                  [6.9, 4.9], [5.0, 1.6], [5.5, 4.0], [6.5, 4.6], [4.6, 1.5]])
    y = np.array([-1, -1, -1, 1, 1, 1, -1, 1, 1, -1])
    ppn = Perceptron(eta=0.1, n_iter=6).fit(X, y)
    X_std = np.copy(X)
    X_std[:, 0] = (X[:, 0] - X[:, 0].mean()) / X[:, 0].std()
    X_std[:, 1] = (X[:, 1] - X[:, 1].mean()) / X[:, 1].std()
    ada = AdalineGD(n_iter=15, eta=0.01).fit(X_std, y)
    return {"w": ppn.w_, "errors": np.array(ppn.errors_), "ada_w": ada.w_,
            "ada_cost": np.array(ada.cost_)}
