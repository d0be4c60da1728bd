"""Monte Carlo option pricing: European call/put with antithetic variates, Asian call, Black-Scholes check."""
import math
import numpy as np


def bs_call(S0, K, T, r, sigma):
    d1 = (math.log(S0 / K) + (r + 0.5 * sigma ** 2) * T) / (sigma * math.sqrt(T))
    d2 = d1 - sigma * math.sqrt(T)
    N = lambda x: 0.5 * (1 + math.erf(x / math.sqrt(2)))
    return S0 * N(d1) - K * math.exp(-r * T) * N(d2)


def european_mc(S0, K, T, r, sigma, n, rng):
    z = rng.standard_normal(n // 2)
    z = np.concatenate([z, -z])
    ST = S0 * np.exp((r - 0.5 * sigma ** 2) * T + sigma * np.sqrt(T) * z)
    call = np.exp(-r * T) * np.maximum(ST - K, 0)
    put = np.exp(-r * T) * np.maximum(K - ST, 0)
    return call.mean(), put.mean(), call.std(ddof=1) / np.sqrt(n)


def asian_mc(S0, K, T, r, sigma, n_paths, n_steps, rng):
    dt = T / n_steps
    increments = (r - 0.5 * sigma ** 2) * dt + sigma * np.sqrt(dt) * rng.normal(size=(n_paths, n_steps))
    log_paths = np.log(S0) + np.cumsum(increments, axis=1)
    paths = np.exp(log_paths)
    avg = paths.mean(axis=1)
    payoff = np.maximum(avg - K, 0.0)
    return np.exp(-r * T) * payoff.mean(), paths


def main():
    S0, K, T, r, sigma = 100.0, 105.0, 1.0, 0.05, 0.2
    rng = np.random.RandomState(2024)
    call, put, se = european_mc(S0, K, T, r, sigma, 200000, rng)
    exact = bs_call(S0, K, T, r, sigma)
    parity = call - put - (S0 - K * math.exp(-r * T))
    asian, paths = asian_mc(S0, K, T, r, sigma, 5000, 50, rng)
    itm_frac = np.mean(paths[:, -1] > K)
    print("European call MC = %.4f (+/- %.4f), BS = %.4f" % (call, se, exact))
    print(f"Asian call = {asian:.4f}, ITM fraction = {itm_frac:.3f}")
    # deterministic part: payoff diagram
    grid = np.linspace(50, 150, 11)
    payoff_grid = np.maximum(grid - K, 0)
    return {"call": call, "put": put, "se": se, "bs": exact,
            "parity_close": bool(abs(parity) < 0.5), "asian": asian,
            "itm": itm_frac, "payoff_grid": payoff_grid,
            "mc_close": bool(abs(call - exact) < 4 * se + 0.05)}
