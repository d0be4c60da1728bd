"""--tf-function auto: in a function that stays eager (here: it unpacks np.mgrid), a loop whose
only use of `counts` is `counts[mask] += 1` is extracted into a compiled helper
(_n2t_count_alive_loop1) that does not take `counts` as a parameter -> UnboundLocalError.
(From heldout2/mandelbrot_julia_script.py, julia().)"""
import numpy as np


def count_alive(n):
    X, Y = np.mgrid[0:2, 0:2]
    counts = np.zeros(4, dtype=np.int32)
    alive = np.array([True, True, True, False])
    z = np.array([0.1, 0.5, 0.9, 0.0])
    for i in range(n):
        z = z * 2.0
        alive &= z < 3.0
        counts[alive] += 1
    return counts + X.ravel() * 0


def main():
    return {"counts": count_alive(3)}
