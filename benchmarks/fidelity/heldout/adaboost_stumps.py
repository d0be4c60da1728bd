"""AdaBoost with decision stumps (ML from scratch)."""
import numpy as np


class DecisionStump:
    def __init__(self):
        self.polarity = 1
        self.feature_idx = None
        self.threshold = None
        self.alpha = None

    def predict(self, X):
        n_samples = X.shape[0]
        X_column = X[:, self.feature_idx]
        predictions = np.ones(n_samples)
        if self.polarity == 1:
            predictions[X_column < self.threshold] = -1
        else:
            predictions[X_column > self.threshold] = -1
        return predictions


def fit_adaboost(X, y, n_clf=5):
    n_samples, n_features = X.shape
    w = np.full(n_samples, (1 / n_samples))
    clfs = []
    errors = []
    for _ in range(n_clf):
        clf = DecisionStump()
        min_error = float("inf")
        for feature_i in range(n_features):
            X_column = X[:, feature_i]
            thresholds = np.unique(X_column)
            for threshold in thresholds:
                p = 1
                predictions = np.ones(n_samples)
                predictions[X_column < threshold] = -1
                misclassified = w[y != predictions]
                error = sum(misclassified)
                if error > 0.5:
                    error = 1 - error
                    p = -1
                if error < min_error:
                    clf.polarity = p
                    clf.threshold = threshold
                    clf.feature_idx = feature_i
                    min_error = error
        EPS = 1e-10
        clf.alpha = 0.5 * np.log((1.0 - min_error + EPS) / (min_error + EPS))
        predictions = clf.predict(X)
        w *= np.exp(-clf.alpha * y * predictions)
        w /= np.sum(w)
        clfs.append(clf)
        errors.append(min_error)
    return clfs, np.array(errors), w


def predict(clfs, X):
    clf_preds = [clf.alpha * clf.predict(X) for clf in clfs]
    y_pred = np.sum(clf_preds, axis=0)
    return np.sign(y_pred)


def main():
    np.random.seed(11)
    X = np.round(np.random.uniform(-1, 1, size=(30, 2)), 2)
    y = np.where(X[:, 0] ** 2 + X[:, 1] > 0.2, 1, -1)
    clfs, errors, w = fit_adaboost(X, y, n_clf=4)
    y_pred = predict(clfs, X)
    acc = np.sum(y == y_pred) / len(y)
    print(f"Accuracy: {acc}")
    return {"errors": errors, "weights": w, "y_pred": y_pred, "acc": acc,
            "alphas": np.array([c.alpha for c in clfs]),
            "features": [int(c.feature_idx) for c in clfs],
            "thresholds": np.array([c.threshold for c in clfs])}
