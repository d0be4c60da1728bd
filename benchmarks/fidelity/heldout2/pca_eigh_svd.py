"""PCA from scratch two ways (eigh of covariance, SVD), projection, reconstruction, whitening."""
import numpy as np


def pca_eig(X, k):
    Xc = X - X.mean(axis=0)
    C = np.cov(Xc, rowvar=False)
    vals, vecs = np.linalg.eigh(C)
    order = np.argsort(vals)[::-1]
    vals = vals[order]
    vecs = vecs[:, order]
    # deterministic sign: largest abs component positive
    signs = np.sign(vecs[np.argmax(np.abs(vecs), axis=0), np.arange(vecs.shape[1])])
    vecs = vecs * signs
    return vals[:k], vecs[:, :k], Xc @ vecs[:, :k]


def pca_svd(X, k):
    Xc = X - X.mean(axis=0)
    U, S, Vt = np.linalg.svd(Xc, full_matrices=False)
    max_rows = np.argmax(np.abs(Vt), axis=1)
    signs = np.sign(Vt[range(Vt.shape[0]), max_rows])
    Vt = Vt * signs[:, np.newaxis]
    var = S ** 2 / (X.shape[0] - 1)
    return var[:k], Vt[:k].T, Xc @ Vt[:k].T, S


def main():
    np.random.seed(5)
    n = 200
    latent = np.random.randn(n, 2)
    W = np.array([[2.0, 0.5, 0.0, 1.0, -1.0],
                  [0.0, 1.0, 3.0, -0.5, 0.5]])
    X = latent @ W + 0.1 * np.random.randn(n, 5)
    vals, comps, Z = pca_eig(X, 2)
    var_s, comps_s, Z_s, S = pca_svd(X, 2)
    total_var = np.var(X, axis=0, ddof=1).sum()
    ratio = vals / total_var
    cum_ratio = np.cumsum(np.sort(np.linalg.eigvalsh(np.cov(X.T)))[::-1]) / total_var
    n_keep = int(np.searchsorted(cum_ratio, 0.95) + 1)
    X_rec = Z @ comps.T + X.mean(axis=0)
    rec_err = np.linalg.norm(X - X_rec) / np.linalg.norm(X)
    whitened = Z / np.sqrt(vals)
    wcov = np.cov(whitened, rowvar=False)
    agree = np.allclose(np.abs(comps), np.abs(comps_s))
    print("explained variance ratio:", np.round(ratio, 4))
    print("components kept for 95%%: %d, reconstruction error %.4f" % (n_keep, rec_err))
    return {"vals": vals, "comps": comps, "Z": Z, "var_s": var_s, "S": S,
            "ratio": ratio, "cum_ratio": cum_ratio, "n_keep": n_keep,
            "rec_err": float(rec_err), "wcov": wcov, "agree": bool(agree),
            "Z_s_first": Z_s[:5]}
