"""Dice and coin simulations: randint, binomial, poisson, multinomial, permutation, chi-square tests."""
import numpy as np


def main():
    np.random.seed(314)
    rolls = np.random.randint(1, 7, size=(10000, 2))
    sums = rolls.sum(axis=1)
    vals, counts = np.unique(sums, return_counts=True)
    expected = np.array([min(s - 1, 13 - s) for s in range(2, 13)]) / 36 * len(sums)
    chi2 = float(((counts - expected) ** 2 / expected).sum())
    doubles = float(np.mean(rolls[:, 0] == rolls[:, 1]))
    most_common = int(vals[np.argsort(counts)[::-1][0]])

    heads = np.random.binomial(10, 0.5, size=5000)
    hc = np.bincount(heads, minlength=11)
    p_ge8 = float(np.mean(heads >= 8))

    arrivals = np.random.poisson(3.5, size=2000)
    lam_hat = arrivals.mean()
    var_hat = arrivals.var()
    zero_frac = (arrivals == 0).mean()

    m = np.random.multinomial(600, [1 / 6.0] * 6)
    m_many = np.random.multinomial(60, [0.5, 0.3, 0.2], size=4)

    deck = np.arange(52)
    np.random.shuffle(deck)
    hand = np.sort(deck[:5])
    suits = hand // 13
    ranks = hand % 13
    perm = np.random.permutation(10)
    fixed_points = int(np.sum(perm == np.arange(10)))

    # derangement probability estimate
    n_trials = 2000
    der = 0
    for _ in range(n_trials):
        p = np.random.permutation(8)
        if not np.any(p == np.arange(8)):
            der += 1
    der_p = der / n_trials

    # birthday problem
    bdays = np.random.randint(0, 365, size=(3000, 23))
    srt = np.sort(bdays, axis=1)
    has_match = np.any(np.diff(srt, axis=1) == 0, axis=1)
    p_bday = has_match.mean()
    choice = np.random.choice(10, 4, replace=False)
    print("chi2 = %.3f, P(doubles) = %.4f, P(bday) = %.4f" % (chi2, doubles, p_bday))
    print("hand:", hand.tolist(), "suits:", suits.tolist())
    return {"counts": counts, "chi2": chi2, "doubles": doubles, "most_common": most_common,
            "hc": hc, "p_ge8": p_ge8, "lam_hat": float(lam_hat), "var_hat": float(var_hat),
            "zero_frac": float(zero_frac), "m": m, "m_many": m_many, "hand": hand,
            "suits": suits, "ranks": ranks, "perm": perm, "fixed_points": fixed_points,
            "der_p": der_p, "p_bday": float(p_bday), "choice": choice}
