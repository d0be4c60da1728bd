"""Conway's Game of Life (Scipy Lecture Notes / Rosetta Code) with np.roll and np.pad."""
import numpy as np


def neighbours_roll(Z):
    N = np.zeros(Z.shape, dtype=int)
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            if dy == 0 and dx == 0:
                continue
            N += np.roll(np.roll(Z, dy, axis=0), dx, axis=1)
    return N


def step_padded(Z):
    P = np.pad(Z, 1, mode="constant")
    N = (P[0:-2, 0:-2] + P[0:-2, 1:-1] + P[0:-2, 2:] +
         P[1:-1, 0:-2] + P[1:-1, 2:] +
         P[2:, 0:-2] + P[2:, 1:-1] + P[2:, 2:])
    birth = (N == 3) & (Z == 0)
    survive = ((N == 2) | (N == 3)) & (Z == 1)
    Z[...] = 0
    Z[birth | survive] = 1
    return Z


def main():
    # glider on a torus
    Z = np.zeros((12, 12), dtype=int)
    Z[1, 2] = Z[2, 3] = Z[3, 1] = Z[3, 2] = Z[3, 3] = 1
    history = []
    for gen in range(24):
        N = neighbours_roll(Z)
        Z = ((N == 3) | ((Z == 1) & (N == 2))).astype(int)
        history.append(int(Z.sum()))
    glider_cells = np.argwhere(Z == 1)
    centroid = glider_cells.mean(axis=0)

    # random soup with non-wrapping boundaries, updated in place
    np.random.seed(3)
    S = np.random.randint(0, 2, size=(30, 30))
    pop = [int(S.sum())]
    for gen in range(40):
        step_padded(S)
        pop.append(int(S.sum()))
    pop = np.array(pop)
    rows_alive = np.nonzero(S.any(axis=1))[0]
    bbox = (int(rows_alive.min()), int(rows_alive.max())) if rows_alive.size else (-1, -1)

    # blinker period check
    B = np.zeros((5, 5), dtype=int)
    B[2, 1:4] = 1
    B1 = neighbours_roll(B)
    B1 = ((B1 == 3) | ((B == 1) & (B1 == 2))).astype(int)
    is_vertical = bool(np.array_equal(B1, B.T))
    print("glider centroid:", centroid, "final population:", pop[-1])
    return {"Z": Z, "history": history, "glider_cells": glider_cells,
            "centroid": centroid, "S": S, "pop": pop, "bbox": list(bbox),
            "is_vertical": is_vertical}
