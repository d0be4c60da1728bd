"""`y = np.arange(5)` then `y = y * 0.5 + ...` in a compiled loop: the loop variable changes dtype (caught at trace time by n2t.function, runs eagerly)."""
import numpy as np


def step(x, n):
    y = np.arange(5)
    for i in range(n):
        y = y * 0.5 + x[i]
    return y


def main():
    return {"y": step(np.linspace(0, 1, 30), 20)}
