"""Markov chain weather model: stationary distribution via eig, simulation, empirical transitions."""
import numpy as np


class MarkovChain:
    def __init__(self, P, states):
        self.P = np.asarray(P, dtype=float)
        self.states = list(states)
        self.counts = np.zeros_like(self.P)

    def stationary(self):
        w, v = np.linalg.eig(self.P.T)
        k = np.argmin(np.abs(w - 1.0))
        pi = np.real(v[:, k])
        return pi / pi.sum()

    def n_step(self, n):
        return np.linalg.matrix_power(self.P, n)

    def simulate(self, start, n, rng):
        seq = np.empty(n, dtype=int)
        seq[0] = start
        for t in range(1, n):
            seq[t] = rng.choice(len(self.states), p=self.P[seq[t - 1]])
        return seq

    def record(self, seq):
        np.add.at(self.counts, (seq[:-1], seq[1:]), 1)

    def estimate(self):
        rows = self.counts.sum(axis=1, keepdims=True)
        return self.counts / np.where(rows == 0, 1, rows)


def main():
    P = [[0.7, 0.2, 0.1],
         [0.3, 0.4, 0.3],
         [0.2, 0.3, 0.5]]
    mc = MarkovChain(P, ["sunny", "cloudy", "rainy"])
    pi = mc.stationary()
    P10 = mc.n_step(10)
    rng = np.random.RandomState(7)
    seq = mc.simulate(0, 2000, rng)
    mc.record(seq)
    P_hat = mc.estimate()
    vals, cnts = np.unique(seq, return_counts=True)
    freq = cnts / cnts.sum()
    # run lengths of rainy spells
    rainy = (seq == 2).astype(int)
    d = np.diff(np.concatenate([[0], rainy, [0]]))
    starts = np.where(d == 1)[0]
    ends = np.where(d == -1)[0]
    spells = ends - starts
    mean_spell = float(spells.mean())
    # expected return time 1/pi
    ret = 1.0 / pi
    for name, p, f in zip(mc.states, pi, freq):
        print(f"{name:>7s}: stationary={p:.3f} empirical={f:.3f}")
    # absorbing-time: expected steps to reach rainy from each state
    Q = mc.P[:2, :2]
    t_abs = np.linalg.solve(np.eye(2) - Q, np.ones(2))
    return {"pi": pi, "P10": P10, "P_hat": P_hat, "freq": freq,
            "counts": mc.counts, "spells_hist": np.bincount(spells),
            "mean_spell": mean_spell, "ret": ret, "t_abs": t_abs,
            "first20": seq[:20].tolist()}
