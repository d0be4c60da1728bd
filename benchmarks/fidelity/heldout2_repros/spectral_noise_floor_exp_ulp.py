"""Not a converter bug: tf exp differs from NumPy exp by 1 ulp on some inputs; FFT coefficients at
the round-off floor (|F[k]| ~ 1e-15 of max 81) then change by O(1) relatively, so log10 of the power
spectrum differs (-31.40 vs -31.54). (heldout2/spectral_derivative.py 'decay'.)"""
import numpy as np


def main():
    N = 64
    x = np.arange(N) * 2 * np.pi / N
    f = np.exp(np.sin(x))
    F = np.fft.fft(f)
    P = np.abs(F[: N // 2]) ** 2 / N
    return {"log_P18": float(np.log10(P[18])), "f": f}
