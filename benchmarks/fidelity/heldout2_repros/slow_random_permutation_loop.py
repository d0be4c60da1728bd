"""Default mode: np.random.permutation / binomial / poisson each go through a traced runtime
function (MT19937 emulation); 2000 calls of permutation(8) in a Python loop take ~8 s
(NumPy: ~5 ms). heldout2/dice_simulation_stats.py hit the 15 s timeout this way (22 s total)."""
import numpy as np


def main():
    np.random.seed(314)
    der = 0
    for _ in range(2000):
        p = np.random.permutation(8)
        if not np.any(p == np.arange(8)):
            der += 1
    heads = np.random.binomial(10, 0.5, size=5000)
    arrivals = np.random.poisson(3.5, size=2000)
    return {"der_p": der / 2000, "heads_mean": float(heads.mean()),
            "arrivals_mean": float(arrivals.mean())}
