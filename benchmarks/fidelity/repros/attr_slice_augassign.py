"""`self.w_[1:] += ...` where self.w_ comes from RandomState.normal (Raschka perceptron): no diagnostic, crashes."""
import numpy as np


class P:
    def fit(self, X):
        rgen = np.random.RandomState(1)
        self.w_ = rgen.normal(loc=0.0, scale=0.01, size=1 + X.shape[1])
        for xi in X:
            self.w_[1:] += 0.5 * xi
            self.w_[0] += 0.5
        return self


def main():
    return {"w": P().fit(np.array([[1.0, 2.0], [3.0, 4.0]])).w_}
