"""Reported (N2T102, accurate): np.clip(self.v, lo, hi, out=self.v) is left unchanged ->
TypeError: return arrays must be of ArrayType. (np.clip(a, lo, hi, out=local) converts fine, see
heldout2/sensor_nan_cleaning_script.py.) (heldout2/particle_swarm_class.py, Swarm.step.)"""
import numpy as np


class Box:
    def __init__(self):
        self.v = np.linspace(-3, 3, 7)

    def step(self):
        self.v *= 0.9
        np.clip(self.v, -1.0, 1.0, out=self.v)


def main():
    b = Box()
    b.step()
    return {"v": b.v}
