"""Default mode: np.random.seed + draws convert to TF's generator, a different stream, with no warning."""
import numpy as np


def main():
    np.random.seed(42)
    x = np.random.rand(3)
    k = np.random.randint(0, 10, size=4)
    return {"x": x, "k": k}
