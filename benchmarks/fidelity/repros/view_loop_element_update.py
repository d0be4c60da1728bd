"""`for d in data: d += 1` updates the arrays inside the list in NumPy; the conversion would
only rebind `d`, so it is left unchanged with N2T200."""
import numpy as np


def main():
    data = [np.zeros(3), np.ones(3)]
    for d in data:
        d += 1
    M = np.zeros((2, 2))
    for row in M:
        row += 3
    return {"data": np.array(data), "M": M}
