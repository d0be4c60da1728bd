"""`b = a` is the same array: writes through either name are seen through both (`a is b` too)."""
import numpy as np


def main():
    a = np.arange(10)
    b = a
    b[0] = 99
    a[1] = 7
    b += 1
    a[2:4] *= 2
    return {"a": a, "b": b, "same": a is b}
