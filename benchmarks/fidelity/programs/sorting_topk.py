"""Sorting, argsort, top-k via argpartition, lexsort, searchsorted, unique."""
import numpy as np


def main():
    np.random.seed(11)
    scores = np.random.rand(50)
    k = 5
    topk_idx = np.argsort(scores)[::-1][:k]
    part = np.argpartition(-scores, k)[:k]
    part_sorted = part[np.argsort(-scores[part])]

    M = np.random.randint(0, 100, size=(6, 5))
    sorted_rows = np.sort(M, axis=1)
    sorted_cols = np.sort(M, axis=0)
    order = np.argsort(M[:, 0], kind="stable")

    surnames = np.array(["Hertz", "Galilei", "Hertz"])
    first = np.array(["Heinrich", "Galileo", "Gustav"])
    lex = np.lexsort((first, surnames))

    bins = np.array([0, 10, 20, 30])
    pos = np.searchsorted(bins, [5, 10, 25, 31])

    arr = np.array([3, 1, 2, 3, 1, 5])
    u, inv = np.unique(arr, return_inverse=True)

    ranks = np.empty_like(topk_idx)
    ranks[np.argsort(topk_idx)] = np.arange(k)

    M.sort(axis=1)
    return {"topk": topk_idx, "part_sorted": part_sorted, "sorted_rows": sorted_rows,
            "sorted_cols": sorted_cols, "order": order, "lex": lex, "pos": pos,
            "u": u, "inv": inv, "ranks": ranks, "M_inplace": M,
            "median_sorted": np.sort(scores)[len(scores) // 2]}
