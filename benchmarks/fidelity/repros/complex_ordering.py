"""`z * np.conj(z) > 4` on complex arrays (Mandelbrot): NumPy orders complex values, TF's Greater rejects complex128."""
import numpy as np


def main():
    z = np.array([1 + 1j, 2 + 2j, 0.5j])
    return {"diverge": z * np.conj(z) > 2**2}
