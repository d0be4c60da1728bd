"""np.random.shuffle under --random numpy: the array is not shuffled like NumPy's (silent)."""
import numpy as np


def main():
    np.random.seed(2024)
    deck = np.arange(10)
    np.random.shuffle(deck)
    after = np.random.rand(2)  # the stream after the shuffle must match too
    return {"deck": deck, "after": after}
