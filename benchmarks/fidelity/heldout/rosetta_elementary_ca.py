"""Rosetta Code: elementary cellular automaton (rules 30, 90, 110) and Langton's ant."""
import numpy as np


def rule_table(rule):
    return np.array([(rule >> i) & 1 for i in range(8)], dtype=np.uint8)


def evolve(cells, rule, steps):
    table = rule_table(rule)
    history = np.zeros((steps + 1, cells.size), dtype=np.uint8)
    history[0] = cells
    for s in range(1, steps + 1):
        left = np.roll(cells, 1)
        right = np.roll(cells, -1)
        idx = (left << 2) | (cells << 1) | right
        cells = table[idx]
        history[s] = cells
    return history


def langtons_ant(size, steps):
    grid = np.zeros((size, size), dtype=bool)
    dirs = np.array([[-1, 0], [0, 1], [1, 0], [0, -1]])  # up, right, down, left
    pos = np.array([size // 2, size // 2])
    d = 0
    for _ in range(steps):
        r, c = pos
        if grid[r, c]:
            d = (d - 1) % 4
        else:
            d = (d + 1) % 4
        grid[r, c] = not grid[r, c]
        pos = (pos + dirs[d]) % size
    return grid, pos


def main():
    width, steps = 31, 15
    cells = np.zeros(width, dtype=np.uint8)
    cells[width // 2] = 1
    h30 = evolve(cells, 30, steps)
    h90 = evolve(cells, 90, steps)
    h110 = evolve(cells, 110, steps)
    for row in h90[:6]:
        print(''.join('#' if v else '.' for v in row))
    center_column = h30[:, width // 2]
    # rule 30 centre column as an integer (a classic PRNG)
    bits = center_column[1:11].astype(np.int64)
    value = int((bits * (2 ** np.arange(9, -1, -1))).sum())
    grid, pos = langtons_ant(21, 400)
    return {"h30": h30, "h90": h90, "h110": h110, "density30": h30.mean(),
            "centre_value": value, "ant_grid": grid, "ant_pos": pos,
            "black": int(grid.sum()), "table110": rule_table(110)}
