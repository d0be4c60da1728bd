"""Markowitz portfolio: random portfolios, min-variance and tangency portfolios, efficient frontier."""
import numpy as np


def portfolio_stats(w, mu, cov, rf=0.01):
    ret = w @ mu
    vol = np.sqrt(w @ cov @ w)
    return ret, vol, (ret - rf) / vol


def main():
    rs = np.random.RandomState(17)
    n_assets, n_days = 5, 500
    true_mu = np.array([0.0004, 0.0006, 0.0003, 0.0008, 0.0005])
    L = rs.uniform(0.005, 0.02, size=(n_assets, n_assets))
    daily = rs.randn(n_days, n_assets) @ L + true_mu
    prices = 100 * np.cumprod(1 + daily, axis=0)
    returns = np.diff(prices, axis=0) / prices[:-1]
    mu = returns.mean(axis=0) * 252
    cov = np.cov(returns, rowvar=False) * 252
    corr = np.corrcoef(returns.T)

    n_port = 600
    results = np.zeros((3, n_port))
    weights = rs.random_sample((n_port, n_assets))
    weights /= weights.sum(axis=1)[:, np.newaxis]
    for i in range(n_port):
        results[:, i] = portfolio_stats(weights[i], mu, cov)
    best = np.argmax(results[2])
    min_vol = np.argmin(results[1])

    ones = np.ones(n_assets)
    inv = np.linalg.inv(cov)
    w_mv = inv @ ones / (ones @ inv @ ones)
    excess = mu - 0.01
    w_tan = np.linalg.solve(cov, excess)
    w_tan /= w_tan.sum()

    targets = np.linspace(mu.min(), mu.max(), 8)
    A = np.block([[2 * cov, mu[:, None], ones[:, None]],
                  [mu[None, :], np.zeros((1, 2))],
                  [ones[None, :], np.zeros((1, 2))]])
    frontier = []
    for tgt in targets:
        rhs = np.concatenate([np.zeros(n_assets), [tgt, 1.0]])
        sol = np.linalg.solve(A, rhs)
        frontier.append(np.sqrt(sol[:n_assets] @ cov @ sol[:n_assets]))
    frontier = np.array(frontier)
    max_dd = np.max(1 - prices / np.maximum.accumulate(prices, axis=0), axis=0)
    print(f"best Sharpe {results[2, best]:.3f} with weights {np.round(weights[best], 3)}")
    return {"mu": mu, "cov": cov, "corr": corr, "best": int(best), "min_vol": int(min_vol),
            "best_w": weights[best], "w_mv": w_mv, "w_tan": w_tan,
            "mv_stats": np.array(portfolio_stats(w_mv, mu, cov)),
            "frontier": frontier, "max_dd": max_dd, "final_prices": prices[-1]}
