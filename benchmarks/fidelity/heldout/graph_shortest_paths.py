"""Floyd-Warshall, BFS and connected components on an adjacency matrix."""
import numpy as np
from collections import deque


def floyd_warshall(W):
    n = W.shape[0]
    D = W.copy()
    nxt = np.where(np.isfinite(W), np.arange(n)[None, :], -1)
    for k in range(n):
        via = D[:, k, None] + D[None, k, :]
        better = via < D
        D = np.where(better, via, D)
        nxt[better] = np.broadcast_to(nxt[:, k, None], (n, n))[better]
    return D, nxt


def path(nxt, u, v):
    if nxt[u, v] == -1:
        return []
    p = [u]
    while u != v:
        u = nxt[u, v]
        p.append(int(u))
    return p


def bfs_levels(adj, source):
    n = adj.shape[0]
    level = np.full(n, -1, dtype=int)
    level[source] = 0
    q = deque([source])
    while q:
        u = q.popleft()
        for v in np.nonzero(adj[u])[0]:
            if level[v] < 0:
                level[v] = level[u] + 1
                q.append(v)
    return level


def components(adj):
    n = adj.shape[0]
    labels = -np.ones(n, dtype=int)
    comp = 0
    for s in range(n):
        if labels[s] >= 0:
            continue
        lv = bfs_levels(adj, s)
        labels[lv >= 0] = comp
        comp += 1
    return labels


def main():
    n = 7
    W = np.full((n, n), np.inf)
    np.fill_diagonal(W, 0)
    for u, v, w in [(0, 1, 4), (0, 2, 1), (2, 1, 2), (1, 3, 1), (2, 3, 5), (3, 4, 3), (5, 6, 1)]:
        W[u, v] = w
        W[v, u] = w
    D, nxt = floyd_warshall(W)
    adj = np.isfinite(W) & (W > 0)
    levels = bfs_levels(adj, 0)
    labels = components(adj)
    n_comp = len(np.unique(labels))
    p04 = path(nxt, 0, 4)
    finite = D[np.isfinite(D)]
    print(f"shortest 0->4: {D[0, 4]} via {p04}; components: {n_comp}")
    return {"D": D, "nxt": nxt, "levels": levels, "labels": labels,
            "n_comp": n_comp, "path04": p04, "diameter": finite.max(),
            "unreachable": int(np.isinf(D).sum())}
