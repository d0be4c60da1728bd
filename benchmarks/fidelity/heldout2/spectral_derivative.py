"""Spectral differentiation and periodic Poisson solve with FFTs (course homework style)."""
import numpy as np

N = 64
Lx = 2 * np.pi
x = np.arange(N) * Lx / N
f = np.exp(np.sin(x))
df_exact = np.cos(x) * f

k = np.fft.fftfreq(N, d=Lx / (2 * np.pi * N))
F = np.fft.fft(f)
df_spec = np.real(np.fft.ifft(1j * k * F))
err_spec = np.max(np.abs(df_spec - df_exact))

# finite-difference comparison with np.roll
h = x[1] - x[0]
df_fd = (np.roll(f, -1) - np.roll(f, 1)) / (2 * h)
err_fd = np.max(np.abs(df_fd - df_exact))

# second derivative via rfft
kr = np.fft.rfftfreq(N, d=1.0 / N)
d2f = np.fft.irfft(-(kr ** 2) * np.fft.rfft(f), n=N)
d2f_exact = (np.cos(x) ** 2 - np.sin(x)) * f
err_d2 = np.max(np.abs(d2f - d2f_exact))

# periodic Poisson: u'' = g, zero-mean solution
g = np.sin(3 * x) + np.cos(x)
G = np.fft.fft(g)
k2 = k ** 2
k2[0] = 1.0
U = -G / k2
U[0] = 0.0
u = np.real(np.fft.ifft(U))
u_exact = -np.sin(3 * x) / 9 - np.cos(x)
err_poisson = np.max(np.abs(u - u_exact))

# power spectrum decay
P = np.abs(F[: N // 2]) ** 2 / N
P = np.maximum(P, 1e-300)
decay = np.log10(P[1:20])

# convergence study
errs = []
for n in (8, 16, 32):
    xs = np.arange(n) * Lx / n
    fs = np.exp(np.sin(xs))
    ks = np.fft.fftfreq(n, d=1.0 / n)
    ds = np.fft.ifft(1j * ks * np.fft.fft(fs)).real
    errs.append(float(np.abs(ds - np.cos(xs) * fs).max()))
print("spectral error %.2e, FD error %.2e" % (err_spec, err_fd))


def main():
    return {"df_spec": df_spec, "err_spec": float(err_spec), "err_fd": float(err_fd),
            "d2f": d2f, "err_d2": float(err_d2), "u": u, "err_poisson": float(err_poisson),
            "decay": decay, "errs": errs, "k": k}
