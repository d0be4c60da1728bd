"""`x, y = z` on an array in a function traced inside a compiled caller (ode_rk4's right-hand side).

A graph cannot iterate over a tensor (OperatorNotAllowedInGraphError); np2tf splits it
with n2t.unpack. Also `q1, med, q3 = np.percentile(data, [25, 50, 75])` in compiled code.
"""
import numpy as np


def rhs(t, z, a=1.0, b=0.1, c=1.5, d=0.075):
    x, y = z
    return np.array([a * x - b * x * y, -c * y + d * x * y])


def euler(rhs, z0, t):
    z = np.zeros((len(t), len(z0)))
    z[0] = z0
    for i in range(len(t) - 1):
        z[i + 1] = z[i] + (t[i + 1] - t[i]) * rhs(t[i], z[i])
    return z


def quartiles(data):
    q1, med, q3 = np.percentile(data, [25, 50, 75])
    low, high = np.min(data), np.max(data)
    return q3 - q1, med, (high - low) / (q3 - q1 + 1.0), np.mean(np.abs(data - med))


def main():
    t = np.linspace(0, 5, 41)
    z = euler(rhs, np.array([10.0, 5.0]), t)
    data = np.sin(np.arange(200) * 0.7) * 3 + np.cos(np.arange(200) * 0.11)
    iqr, med, spread, mad = quartiles(data)
    return {"z": z, "end": z[-1], "iqr": iqr, "median": med, "spread": spread, "mad": mad}
