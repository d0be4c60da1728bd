"""Gaussian naive Bayes from scratch, class-based, on a synthetic 3-class dataset."""
import numpy as np


class GaussianNB:
    def __init__(self, var_smoothing=1e-9):
        self.var_smoothing = var_smoothing

    def fit(self, X, y):
        self.classes_ = np.unique(y)
        n_classes = len(self.classes_)
        n_features = X.shape[1]
        self.theta_ = np.zeros((n_classes, n_features))
        self.var_ = np.zeros((n_classes, n_features))
        self.class_count_ = np.zeros(n_classes)
        eps = self.var_smoothing * np.var(X, axis=0).max()
        for i, c in enumerate(self.classes_):
            Xc = X[y == c]
            self.theta_[i, :] = Xc.mean(axis=0)
            self.var_[i, :] = Xc.var(axis=0) + eps
            self.class_count_[i] = Xc.shape[0]
        self.class_prior_ = self.class_count_ / self.class_count_.sum()
        return self

    def _joint_log_likelihood(self, X):
        jll = []
        for i in range(len(self.classes_)):
            prior = np.log(self.class_prior_[i])
            n_ij = -0.5 * np.sum(np.log(2.0 * np.pi * self.var_[i, :]))
            n_ij -= 0.5 * np.sum(((X - self.theta_[i, :]) ** 2) / self.var_[i, :], axis=1)
            jll.append(prior + n_ij)
        return np.array(jll).T

    def predict_proba(self, X):
        jll = self._joint_log_likelihood(X)
        m = jll.max(axis=1)
        log_prob_x = m + np.log(np.exp(jll - m[:, np.newaxis]).sum(axis=1))
        return np.exp(jll - log_prob_x[:, None])

    def predict(self, X):
        return self.classes_[np.argmax(self._joint_log_likelihood(X), axis=1)]


def main():
    np.random.seed(0)
    centers = np.array([[0, 0], [3, 3], [0, 4]])
    X = np.vstack([np.random.randn(50, 2) + c for c in centers])
    y = np.repeat([2, 5, 7], 50)
    perm = np.random.permutation(len(y))
    X, y = X[perm], y[perm]
    X_train, X_test = X[:120], X[120:]
    y_train, y_test = y[:120], y[120:]
    model = GaussianNB().fit(X_train, y_train)
    proba = model.predict_proba(X_test)
    pred = model.predict(X_test)
    acc = (pred == y_test).mean()
    conf = np.zeros((3, 3), dtype=int)
    for t, p in zip(np.searchsorted(model.classes_, y_test), np.searchsorted(model.classes_, pred)):
        conf[t, p] += 1
    print("accuracy:", acc)
    print(conf)
    return {"theta": model.theta_, "var": model.var_, "prior": model.class_prior_,
            "proba": proba, "pred": pred, "acc": acc, "conf": conf,
            "classes": model.classes_}
