"""Ordinary least squares with standard errors, t-statistics, R^2, and a histogram of residuals."""
import numpy as np


class OLS:
    def __init__(self, y, X, add_const=True):
        if add_const:
            X = np.column_stack([np.ones(X.shape[0]), X])
        self.X = X
        self.y = y

    def fit(self):
        X, y = self.X, self.y
        n, k = X.shape
        XtX_inv = np.linalg.inv(X.T @ X)
        self.params = XtX_inv @ X.T @ y
        self.fitted = X @ self.params
        self.resid = y - self.fitted
        self.df_resid = n - k
        self.sigma2 = self.resid @ self.resid / self.df_resid
        self.bse = np.sqrt(np.diag(XtX_inv) * self.sigma2)
        self.tvalues = self.params / self.bse
        ss_tot = ((y - y.mean()) ** 2).sum()
        self.rsquared = 1 - (self.resid ** 2).sum() / ss_tot
        self.rsquared_adj = 1 - (1 - self.rsquared) * (n - 1) / self.df_resid
        self.leverage = np.einsum('ij,jk,ik->i', X, XtX_inv, X)
        return self


def main():
    np.random.seed(2023)
    n = 80
    x1 = np.random.uniform(0, 10, n)
    x2 = np.random.normal(5, 2, n)
    x3 = np.random.randint(0, 2, n)
    y = 1.5 + 0.8 * x1 - 0.3 * x2 + 2.0 * x3 + np.random.normal(0, 1, n)
    X = np.column_stack([x1, x2, x3])
    model = OLS(y, X).fit()
    counts, edges = np.histogram(model.resid, bins=8)
    standardized = model.resid / np.sqrt(model.sigma2 * (1 - model.leverage))
    outliers = np.where(np.abs(standardized) > 2)[0]
    corr = np.corrcoef(np.vstack([y, x1, x2]))
    group_means = np.array([y[x3 == g].mean() for g in (0, 1)])
    for name, b, se, t in zip(["const", "x1", "x2", "x3"], model.params, model.bse, model.tvalues):
        print(f"{name:>6s} {b:8.4f} {se:8.4f} {t:8.2f}")
    print("R^2:", round(model.rsquared, 4))
    return {"params": model.params, "bse": model.bse, "t": model.tvalues,
            "r2": model.rsquared, "r2_adj": model.rsquared_adj, "counts": counts,
            "edges": edges, "outliers": outliers, "corr": corr,
            "group_means": group_means, "max_leverage": model.leverage.max()}
