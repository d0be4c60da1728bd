"""Cumulative sums: moving average via the cumsum trick, running max, discounted returns."""
import numpy as np


def moving_average(a, n=3):
    ret = np.cumsum(a, dtype=float)
    ret[n:] = ret[n:] - ret[:-n]
    return ret[n - 1:] / n


def discount_rewards(r, gamma=0.99):
    discounted = np.zeros_like(r)
    running_add = 0
    for t in reversed(range(0, r.size)):
        running_add = running_add * gamma + r[t]
        discounted[t] = running_add
    return discounted


def main():
    a = np.arange(20)
    prices = np.array([10., 11., 10.5, 12., 13., 12.5, 14., 13.5, 15., 14.])
    returns = np.diff(prices) / prices[:-1]
    growth = np.cumprod(1 + returns)
    running_max = np.maximum.accumulate(prices)
    drawdown = (prices - running_max) / running_max
    r = np.array([0., 0., 1., 0., 0., -1., 0., 1.])
    return {"ma": moving_average(a, 4), "growth": growth, "drawdown": drawdown,
            "max_dd": drawdown.min(), "disc": discount_rewards(r),
            "csum2d": np.arange(12).reshape(3, 4).cumsum(axis=0)}
