"""Repro: << and >> operators on integer arrays (elementary cellular automaton neighbourhood code)."""
import numpy as np


def main():
    cells = np.array([0, 1, 1, 0, 1], dtype=np.uint8)
    left = np.roll(cells, 1)
    right = np.roll(cells, -1)
    idx = (left << 2) | (cells << 1) | right
    halves = np.arange(8) >> 1
    return {"idx": idx, "halves": halves}
