"""PageRank by power iteration (the Python example from Wikipedia's PageRank article),
run on the article's small graph or on a random web graph."""
import os

import numpy as np

SIZE = os.environ.get("N2T_SIZE", "published")
N_NODES, LINK_PROB = {"published": (4, None), "large": (3000, 0.01)}[SIZE]


def pagerank(M, d: float = 0.85):
    """PageRank algorithm with explicit number of iterations. Returns ranking of nodes (pages) in the adjacency matrix.

    Parameters
    ----------
    M : numpy array
        adjacency matrix where M_i,j represents the link from 'j' to 'i', such that for all 'j'
        sum(i, M_i,j) = 1
    d : float, optional
        damping factor, by default 0.85

    Returns
    -------
    numpy array
        a vector of ranks such that v_i is the i-th rank from [0, 1],

    """
    N = M.shape[1]
    w = np.ones(N) / N
    M_hat = d * M
    v = M_hat @ w + (1 - d) / N
    while np.linalg.norm(w - v) >= 1e-10:
        w = v
        v = M_hat @ w + (1 - d) / N
    return v


def random_link_matrix(n, p, seed=0):
    """Column-stochastic link matrix of a random directed graph; dangling pages link everywhere."""
    rng = np.random.RandomState(seed)
    A = (rng.rand(n, n) < p).astype(np.float64)
    np.fill_diagonal(A, 0.0)
    out_degree = A.sum(axis=0)
    dangling = out_degree == 0
    A[:, dangling] = 1.0
    out_degree[dangling] = n
    return A / out_degree


if LINK_PROB is None:
    M = np.array([[0, 0, 0, 0],
                  [0, 0, 0, 0],
                  [1, 0.5, 0, 0],
                  [0, 0.5, 1, 0]])
else:
    M = random_link_matrix(N_NODES, LINK_PROB)

v = pagerank(M, 0.85)
ranking = np.argsort(-v)

RESULT = (v, ranking)
