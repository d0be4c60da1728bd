"""Conway's Game of Life: a vectorised version with np.roll and a loop version on a glider."""
import numpy as np


def life_step(X):
    nbrs_count = sum(np.roll(np.roll(X, i, 0), j, 1)
                     for i in (-1, 0, 1) for j in (-1, 0, 1)
                     if (i != 0 or j != 0))
    return (nbrs_count == 3) | (X & (nbrs_count == 2))


def count_neighbours(board, i, j):
    n, m = board.shape
    total = 0
    for di in (-1, 0, 1):
        for dj in (-1, 0, 1):
            if di == 0 and dj == 0:
                continue
            total += board[(i + di) % n, (j + dj) % m]
    return total


def loop_step(board):
    new = np.zeros_like(board)
    n, m = board.shape
    for i in range(n):
        for j in range(m):
            c = count_neighbours(board, i, j)
            if board[i, j] == 1 and (c == 2 or c == 3):
                new[i, j] = 1
            elif board[i, j] == 0 and c == 3:
                new[i, j] = 1
    return new


def main():
    np.random.seed(1)
    X = np.random.random((24, 24)) > 0.7
    population = []
    for _ in range(15):
        X = life_step(X)
        population.append(X.sum())

    glider = np.zeros((6, 6), dtype=int)
    glider[0, 1] = glider[1, 2] = glider[2, 0] = glider[2, 1] = glider[2, 2] = 1
    g = glider
    for _ in range(4):
        g = loop_step(g)

    return {"X": X, "population": np.array(population), "glider": g, "alive": int(g.sum())}
