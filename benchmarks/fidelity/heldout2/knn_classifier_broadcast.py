"""k-nearest neighbours with broadcasting distances, argsort voting, confusion matrix, CV folds."""
import numpy as np


def pairwise_sq_dists(A, B):
    return np.sum((A[:, np.newaxis, :] - B[np.newaxis, :, :]) ** 2, axis=-1)


def pairwise_sq_dists_fast(A, B):
    aa = np.sum(A ** 2, axis=1).reshape(-1, 1)
    bb = np.sum(B ** 2, axis=1)
    d = aa + bb - 2 * A @ B.T
    np.maximum(d, 0, out=d)
    return d


def knn_predict(Xtr, ytr, Xte, k, n_classes):
    D = pairwise_sq_dists(Xte, Xtr)
    nn = np.argsort(D, axis=1, kind="stable")[:, :k]
    votes = ytr[nn]
    preds = np.array([np.bincount(v, minlength=n_classes).argmax() for v in votes])
    return preds, D


def main():
    np.random.seed(10)
    centers = np.array([[0, 0], [3, 3], [0, 4]])
    X = np.vstack([c + np.random.randn(40, 2) for c in centers])
    y = np.repeat(np.arange(3), 40)
    perm = np.random.permutation(len(y))
    X, y = X[perm], y[perm]
    Xtr, ytr, Xte, yte = X[:90], y[:90], X[90:], y[90:]
    preds, D = knn_predict(Xtr, ytr, Xte, 5, 3)
    D2 = pairwise_sq_dists_fast(Xte, Xtr)
    conf = np.zeros((3, 3), dtype=int)
    np.add.at(conf, (yte, preds), 1)
    acc = np.trace(conf) / conf.sum()
    # k selection by 5-fold CV
    folds = np.array_split(np.arange(len(y)), 5)
    ks = [1, 3, 5, 7, 9]
    cv_acc = np.zeros(len(ks))
    for i, k in enumerate(ks):
        correct = 0
        for f in folds:
            mask = np.ones(len(y), dtype=bool)
            mask[f] = False
            p, _ = knn_predict(X[mask], y[mask], X[f], k, 3)
            correct += int((p == y[f]).sum())
        cv_acc[i] = correct / len(y)
    best_k = ks[int(np.argmax(cv_acc))]
    nearest = np.argmin(D, axis=1)
    sorted_d = np.sort(D, axis=1)[:, :3]
    per_class = conf.diagonal() / conf.sum(axis=1)
    print(f"test acc={acc:.3f}, best k={best_k}")
    for row in conf:
        print(" ".join(f"{v:3d}" for v in row))
    return {"preds": preds, "conf": conf, "acc": float(acc), "cv_acc": cv_acc,
            "best_k": best_k, "dist_agree": float(np.abs(D - D2).max()),
            "nearest": nearest, "sorted_d": sorted_d, "per_class": per_class}
