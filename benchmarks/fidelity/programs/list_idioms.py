"""Everyday Python/NumPy mixing: list comprehensions, .item(), float(), len(), for row in X, tolist."""
import numpy as np


def main():
    xs = np.linspace(0, 1, 5)
    squares = np.array([x**2 for x in xs])
    table = np.array([[i * j for j in range(4)] for i in range(3)])

    M = np.arange(12).reshape(4, 3)
    row_sums = []
    for row in M:
        row_sums.append(row.sum())
    col_max = [M[:, j].max() for j in range(M.shape[1])]

    total = M.sum().item()
    mean = float(M.mean())
    n = len(M)
    first = int(M[0, 0])
    as_list = M[1].tolist()
    best = max(range(n), key=lambda i: M[i].sum())

    words = ["a", "bb", "ccc", "dd"]
    lengths = np.array([len(w) for w in words])
    longest = words[int(np.argmax(lengths))]

    acc = 0.0
    for v in np.arange(1, 6):
        acc += 1.0 / v

    label = "mean=%.3f" % mean
    idx = np.where(lengths == 2)[0]
    chosen = [words[i] for i in idx]
    return {"squares": squares, "table": table, "row_sums": np.array(row_sums),
            "col_max": col_max, "total": total, "mean": mean, "n": n, "first": first,
            "as_list": as_list, "best": best, "longest": longest, "acc": acc, "label": label,
            "chosen": chosen}
