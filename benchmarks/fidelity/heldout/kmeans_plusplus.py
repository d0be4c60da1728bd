"""k-means with k-means++ initialisation, inertia tracking and cluster size counts."""
import numpy as np


def kmeans_pp_init(X, k, rng):
    n = X.shape[0]
    centers = [X[rng.randint(n)]]
    for _ in range(1, k):
        d2 = np.min([np.sum((X - c) ** 2, axis=1) for c in centers], axis=0)
        probs = d2 / d2.sum()
        idx = rng.choice(n, p=probs)
        centers.append(X[idx])
    return np.array(centers)


def assign(X, centers):
    d = ((X[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2)
    return np.argmin(d, axis=1), d.min(axis=1).sum()


def update(X, labels, centers):
    for j in range(centers.shape[0]):
        members = X[labels == j]
        if len(members) > 0:
            centers[j] = members.mean(axis=0)


def kmeans(X, k, rng, n_iter=20):
    centers = kmeans_pp_init(X, k, rng)
    inertias = []
    for it in range(n_iter):
        labels, inertia = assign(X, centers)
        inertias.append(inertia)
        old = centers.copy()
        update(X, labels, centers)
        if np.allclose(old, centers):
            break
    return centers, labels, np.array(inertias)


def main():
    rng = np.random.RandomState(9)
    blobs = [rng.normal(loc, 0.6, size=(40, 2)) for loc in ([0, 0], [4, 1], [1, 5], [5, 5])]
    X = np.concatenate(blobs)
    centers, labels, inertias = kmeans(X, 4, rng)
    sizes = np.bincount(labels, minlength=4)
    order = np.lexsort((centers[:, 1], centers[:, 0]))
    sorted_centers = centers[order]
    sil_like = inertias[-1] / X.shape[0]
    print(f"converged in {len(inertias)} iterations, inertia {inertias[-1]:.3f}")
    print("sizes:", sizes)
    return {"centers": sorted_centers, "sizes": np.sort(sizes), "inertias": inertias,
            "n_iter": len(inertias), "mean_sq": sil_like,
            "monotone": bool(np.all(np.diff(inertias) <= 1e-9))}
