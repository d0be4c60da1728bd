"""PageRank by power iteration on an adjacency matrix, plus degree statistics and eigenvector check."""
import numpy as np


def build_adjacency(edges, n):
    A = np.zeros((n, n), dtype=int)
    for src, dst in edges:
        A[src, dst] = 1
    return A


def pagerank(A, d=0.85, tol=1e-10, max_iter=200):
    n = A.shape[0]
    out_deg = A.sum(axis=1)
    M = np.zeros((n, n))
    for j in range(n):
        if out_deg[j] == 0:
            M[:, j] = 1.0 / n          # dangling node
        else:
            M[:, j] = A[j] / out_deg[j]
    r = np.ones(n) / n
    history = []
    for it in range(max_iter):
        r_new = (1 - d) / n + d * M @ r
        delta = np.abs(r_new - r).sum()
        history.append(delta)
        r = r_new
        if delta < tol:
            break
    return r, it + 1, np.array(history), M


def main():
    edges = [(0, 1), (0, 2), (1, 2), (2, 0), (3, 2), (4, 3), (4, 5), (5, 4),
             (6, 4), (6, 0), (1, 6), (2, 6)]
    n = 8  # node 7 is dangling and unreferenced
    A = build_adjacency(edges, n)
    ranks, iters, hist, M = pagerank(A)
    order = np.argsort(-ranks)
    in_deg = A.sum(axis=0)
    out_deg = A.sum(axis=1)
    G = 0.85 * M + 0.15 / n
    vals, vecs = np.linalg.eig(G)
    k = np.argmax(vals.real)
    v = np.abs(vecs[:, k].real)
    v /= v.sum()
    two_hop = (A @ A > 0).astype(int)
    reach = np.linalg.matrix_power(A + np.eye(n, dtype=int), n - 1) > 0
    print("ranking:", order, "after", iters, "iterations")
    for node in order[:3]:
        print(f"  node {node}: {ranks[node]:.4f}")
    return {"ranks": ranks, "iters": iters, "order": order, "in_deg": in_deg,
            "out_deg": out_deg, "eig_ranks": v, "two_hop": two_hop,
            "reach": reach, "hist_len": len(hist), "top": int(order[0])}
