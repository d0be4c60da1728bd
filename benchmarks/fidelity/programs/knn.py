"""k-nearest neighbours with two-loop, one-loop and no-loop distance matrices."""
import numpy as np


class KNearestNeighbor(object):
    def train(self, X, y):
        self.X_train = X
        self.y_train = y

    def compute_distances_two_loops(self, X):
        num_test = X.shape[0]
        num_train = self.X_train.shape[0]
        dists = np.zeros((num_test, num_train))
        for i in range(num_test):
            for j in range(num_train):
                dists[i, j] = np.sqrt(np.sum(np.square(X[i] - self.X_train[j])))
        return dists

    def compute_distances_one_loop(self, X):
        num_test = X.shape[0]
        dists = np.zeros((num_test, self.X_train.shape[0]))
        for i in range(num_test):
            dists[i, :] = np.sqrt(np.sum((self.X_train - X[i]) ** 2, axis=1))
        return dists

    def compute_distances_no_loops(self, X):
        test_sq = np.sum(X ** 2, axis=1).reshape(-1, 1)
        train_sq = np.sum(self.X_train ** 2, axis=1)
        cross = X.dot(self.X_train.T)
        return np.sqrt(np.maximum(test_sq + train_sq - 2 * cross, 0))

    def predict_labels(self, dists, k=1):
        num_test = dists.shape[0]
        y_pred = np.zeros(num_test)
        for i in range(num_test):
            closest_y = self.y_train[np.argsort(dists[i])[:k]]
            y_pred[i] = np.bincount(closest_y).argmax()
        return y_pred


def main():
    np.random.seed(3)
    X_train = np.random.rand(30, 5)
    y_train = np.random.randint(0, 3, 30)
    X_test = np.random.rand(6, 5)
    clf = KNearestNeighbor()
    clf.train(X_train, y_train)
    d2 = clf.compute_distances_two_loops(X_test)
    d1 = clf.compute_distances_one_loop(X_test)
    d0 = clf.compute_distances_no_loops(X_test)
    pred = clf.predict_labels(d0, k=5)
    return {"d2": d2, "d1": d1, "d0": d0, "pred": pred,
            "acc": np.mean(pred == y_train[:6])}
