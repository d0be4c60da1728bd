"""Linear regression: normal equation, batch gradient descent, lstsq (Hands-On ML ch. 4 style)."""
import numpy as np


def main():
    np.random.seed(42)
    m = 100
    X = 2 * np.random.rand(m, 1)
    y = 4 + 3 * X + np.random.randn(m, 1)

    X_b = np.c_[np.ones((m, 1)), X]
    theta_best = np.linalg.inv(X_b.T.dot(X_b)).dot(X_b.T).dot(y)

    X_new = np.array([[0], [2]])
    X_new_b = np.c_[np.ones((2, 1)), X_new]
    y_predict = X_new_b.dot(theta_best)

    eta = 0.1
    n_iterations = 200
    theta = np.random.randn(2, 1)
    for iteration in range(n_iterations):
        gradients = 2 / m * X_b.T.dot(X_b.dot(theta) - y)
        theta = theta - eta * gradients

    theta_lstsq, residuals, rank, s = np.linalg.lstsq(X_b, y, rcond=None)
    mse = np.mean((X_b @ theta_best - y) ** 2)

    return {"theta_best": theta_best, "y_predict": y_predict, "theta_gd": theta,
            "theta_lstsq": theta_lstsq, "rank": rank, "mse": mse}
