"""Reported (N2T200, accurate): writing through `flat = b.ravel()` (a view of b) is left unchanged
and crashes: EagerTensor does not support item assignment. (heldout2/array_transforms_pad_rot.py)"""
import numpy as np


def main():
    b = np.arange(12).reshape(3, 4)
    flat = b.ravel()
    flat[::3] = 100
    return {"b": b}
