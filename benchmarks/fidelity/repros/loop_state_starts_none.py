"""`best = None; ... if best is None or v > best: best = v` in a loop --tf-function auto compiled: tnp.asarray(None) failed in the graph."""
import numpy as np


def search(x, n):
    best = None
    arg = -1
    for i in range(n):
        v = np.sum(np.sin(x * i))
        if best is None or v > best:
            best = v
            arg = i
    return best, arg


def main():
    x = np.linspace(0, 1, 50)
    b, a = search(x, 30)
    return {"best": b, "arg": a}
