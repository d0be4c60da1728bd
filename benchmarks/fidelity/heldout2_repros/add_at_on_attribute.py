"""Reported (N2T200, accurate): np.add.at(self.counts, ...) with an attribute as target is left
unchanged -> TypeError: first operand must be array. With a local target it converts.
(heldout2/markov_chain_weather.py, MarkovChain.record.)"""
import numpy as np


class Counter:
    def __init__(self, n):
        self.counts = np.zeros((n, n))

    def record(self, seq):
        np.add.at(self.counts, (seq[:-1], seq[1:]), 1)


def main():
    c = Counter(3)
    c.record(np.array([0, 1, 1, 2, 0, 1]))
    return {"counts": c.counts}
