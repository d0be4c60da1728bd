"""A write into the base is seen through the views taken before it (slice, reshape, `.T`)."""
import numpy as np


def main():
    a = np.arange(6.0)
    head = a[:3]
    grid = a.reshape(2, 3)
    gridT = grid.T
    a[0] = 10.0
    a[4:] += 100.0
    return {"a": a, "head": head, "grid": grid, "gridT": gridT}
