"""`self.best = self.x.copy()` (method-call copy of another attribute) is not recognised as an
array binding: the later `self.best[mask] = self.x[mask]` is left unchanged with NO diagnostic
(with `np.copy(self.x)` it converts to n2t.setitem; with `self.best[mask, :] = ...` an N2T200 is
emitted). At run time the tensor write raises TypeError.
(From heldout2/particle_swarm_class.py, Swarm.step: self.pbest[better] = self.x[better].)"""
import numpy as np


class Tracker:
    def __init__(self):
        self.x = np.arange(6.0).reshape(3, 2)
        self.best = self.x.copy()
        self.val = np.array([5.0, 0.0, 5.0])

    def step(self):
        self.x = self.x + 1.0
        vals = self.x.sum(axis=1)
        better = vals < self.val
        self.best[better] = self.x[better]
        self.val[better] = vals[better]


def main():
    t = Tracker()
    t.step()
    return {"best": t.best, "val": t.val}
