"""Row and column views (`M[1]`, `M[:, 2]`) written with `+=`, slice assignment, `fill` and
`np.copyto`: the matrix and the other views see every write."""
import numpy as np


def main():
    M = np.zeros((3, 4))
    row = M[1]
    col = M[:, 2]
    row += 5
    col[:] = -1
    block = M[1:, :2]
    block.fill(3.0)
    np.copyto(row, np.arange(4.0))
    M[0, 0] = 42.0
    return {"M": M, "row": row, "col": col, "block": block}
