"""Tensor algebra drills: einsum, tensordot, kron, outer, triu/tril, trace, batched products."""
import numpy as np


def main():
    np.random.seed(21)
    A = np.random.randn(4, 4)
    B = np.random.randn(4, 4)
    v = np.arange(1.0, 5.0)
    T = np.arange(24, dtype=float).reshape(2, 3, 4)

    res = {}
    res["matmul_einsum"] = np.einsum("ij,jk->ik", A, B)
    res["trace"] = float(np.einsum("ii", A))
    res["diag"] = np.einsum("ii->i", A)
    res["bilinear"] = float(np.einsum("i,ij,j->", v, A, v))
    res["outer"] = np.outer(v, v[::-1])
    res["outer_einsum_eq"] = bool(np.allclose(np.einsum("i,j->ij", v, v[::-1]), res["outer"]))
    res["T_sum_axis"] = np.einsum("ijk->j", T)
    res["T_transpose"] = np.einsum("ijk->kji", T)
    batch = np.random.randn(5, 3, 3)
    vecs = np.random.randn(5, 3)
    res["batch_mv"] = np.einsum("bij,bj->bi", batch, vecs)
    res["batch_mm"] = np.einsum("bij,bjk->bik", batch, batch)
    res["frob"] = np.sqrt(np.einsum("bij,bij->b", batch, batch))
    res["tensordot_2"] = np.tensordot(T, T, axes=([1, 2], [1, 2]))
    res["tensordot_int"] = np.tensordot(A, B, axes=1)
    res["tensordot_full"] = float(np.tensordot(A, B))
    I2 = np.eye(2)
    sx = np.array([[0.0, 1.0], [1.0, 0.0]])
    sz = np.array([[1.0, 0.0], [0.0, -1.0]])
    H = np.kron(sz, sz) + 0.5 * (np.kron(sx, I2) + np.kron(I2, sx))
    evals = np.linalg.eigvalsh(H)
    res["H"] = H
    res["H_evals"] = evals
    res["ground"] = float(evals.min())
    U = np.triu(A)
    Lw = np.tril(A, -1)
    res["triu_plus_tril"] = bool(np.allclose(U + Lw, A))
    res["triu_k1"] = np.triu(np.ones((4, 4)), 1)
    res["n_upper"] = int(np.count_nonzero(np.triu(np.ones((5, 5)))))
    iu = np.triu_indices(4, k=1)
    res["upper_vals"] = A[iu]
    S = A + A.T
    S[np.tril_indices(4, -1)] = 0.0
    res["S_upper"] = S
    res["identity_check"] = float(np.abs(np.identity(3) @ A[:3, :3] - A[:3, :3]).max())
    res["cross"] = np.cross(v[:3], v[1:])
    res["inner"] = float(np.inner(v, v))
    res["vdot"] = float(np.vdot(A, B))
    print("ground state energy: %.6f" % res["ground"])
    return res
