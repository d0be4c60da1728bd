"""Curve fitting and interpolation: polyfit/polyval, interp, trapezoid integration, gradients."""
import numpy as np


def main():
    x = np.linspace(0, 2, 21)
    y = 1.5 * x**2 - 0.5 * x + 2 + 0.01 * np.sin(20 * x)
    coeffs = np.polyfit(x, y, 2)
    fitted = np.polyval(coeffs, x)
    p = np.poly1d(coeffs)
    deriv = p.deriv()(1.0)

    xp = np.array([0.0, 1.0, 2.0, 3.0])
    fp = np.array([0.0, 10.0, 5.0, 0.0])
    xi = np.linspace(-0.5, 3.5, 9)
    yi = np.interp(xi, xp, fp)

    dx = x[1] - x[0]
    area = 0.0
    for i in range(len(x) - 1):
        area += 0.5 * (y[i] + y[i + 1]) * dx
    grad = np.gradient(y, x)
    roots = np.roots([1, -3, 2])
    return {"coeffs": coeffs, "fitted": fitted, "deriv": deriv, "yi": yi, "area": area,
            "grad": grad, "roots": np.sort(roots)}
