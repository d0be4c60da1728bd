"""Particle swarm optimisation with a class holding arrays updated in place."""
import numpy as np


def rastrigin(X):
    return 10 * X.shape[1] + np.sum(X ** 2 - 10 * np.cos(2 * np.pi * X), axis=1)


class Swarm:
    def __init__(self, n, dim, lo, hi, seed):
        np.random.seed(seed)
        self.lo, self.hi = lo, hi
        self.x = np.random.uniform(lo, hi, size=(n, dim))
        self.v = np.random.uniform(-1, 1, size=(n, dim)) * 0.1 * (hi - lo)
        self.pbest = self.x.copy()
        self.pbest_val = rastrigin(self.x)
        g = np.argmin(self.pbest_val)
        self.gbest = self.pbest[g].copy()
        self.gbest_val = float(self.pbest_val[g])
        self.history = []

    def step(self, w=0.7, c1=1.5, c2=1.5):
        r1 = np.random.rand(*self.x.shape)
        r2 = np.random.rand(*self.x.shape)
        self.v *= w
        self.v += c1 * r1 * (self.pbest - self.x) + c2 * r2 * (self.gbest - self.x)
        np.clip(self.v, -1.0, 1.0, out=self.v)
        self.x += self.v
        np.clip(self.x, self.lo, self.hi, out=self.x)
        vals = rastrigin(self.x)
        better = vals < self.pbest_val
        self.pbest[better] = self.x[better]
        self.pbest_val[better] = vals[better]
        g = np.argmin(self.pbest_val)
        if self.pbest_val[g] < self.gbest_val:
            self.gbest = self.pbest[g].copy()
            self.gbest_val = float(self.pbest_val[g])
        self.history.append(self.gbest_val)
        return int(better.sum())


def main():
    sw = Swarm(40, 3, -5.12, 5.12, seed=99)
    improvements = []
    it = 0
    while sw.gbest_val > 1e-3 and it < 150:
        improvements.append(sw.step())
        it += 1
    spread = np.linalg.norm(sw.x - sw.x.mean(axis=0), axis=1).mean()
    at_bound = np.mean(np.abs(sw.x) >= 5.12)
    print(f"iterations={it} best={sw.gbest_val:.6f} at {np.round(sw.gbest, 4)}")
    return {"gbest": sw.gbest, "gbest_val": sw.gbest_val, "iterations": it,
            "history": np.array(sw.history), "improvements": improvements,
            "spread": float(spread), "at_bound": float(at_bound),
            "pbest_val": np.sort(sw.pbest_val)[:10]}
