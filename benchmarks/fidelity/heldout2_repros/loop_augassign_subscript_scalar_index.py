"""Variant (function kept eager by the np.mgrid unpack, loop extracted to a helper): `acc[0] += x` in a loop (scalar index) - does the loop extraction keep `acc` as input?"""
import numpy as np


def run(n):
    X, Y = np.mgrid[0:2, 0:2]
    acc = np.zeros(3)
    for i in range(n):
        acc[1] += i * 0.5
    return acc


def main():
    return {"acc": run(5)}
