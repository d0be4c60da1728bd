"""PCA via the covariance eigendecomposition and via SVD (sign-independent outputs)."""
import numpy as np


def main():
    np.random.seed(5)
    X = np.dot(np.random.rand(2, 2), np.random.randn(2, 50)).T
    X = np.hstack([X, np.random.randn(50, 1) * 0.1])
    X_centered = X - X.mean(axis=0)

    cov = np.cov(X_centered, rowvar=False)
    eig_vals, eig_vecs = np.linalg.eigh(cov)
    idx = eig_vals.argsort()[::-1]
    eig_vals = eig_vals[idx]
    eig_vecs = eig_vecs[:, idx]
    explained = eig_vals / eig_vals.sum()

    U, S, Vt = np.linalg.svd(X_centered, full_matrices=False)
    var_svd = S ** 2 / (X.shape[0] - 1)

    W2 = Vt.T[:, :2]
    proj = X_centered.dot(W2)
    recon = proj.dot(W2.T) + X.mean(axis=0)
    err = np.mean(np.sum((X - recon) ** 2, axis=1))

    # make component signs deterministic, as many tutorials do
    signs = np.sign(eig_vecs[np.argmax(np.abs(eig_vecs), axis=0), range(eig_vecs.shape[1])])
    comps = eig_vecs * signs

    return {"eig_vals": eig_vals, "explained": explained, "var_svd": var_svd,
            "recon": recon, "err": err, "cum": np.cumsum(explained), "comps": comps}
