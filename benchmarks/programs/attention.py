"""Softmax attention over a batch of sequences (one call, no loop)."""
import numpy as np

SIZES = {"small": (2, 16, 8), "large": (24, 512, 64)}


def make(b, t, d):
    base = np.arange(b * t * d).reshape(b, t, d)
    return np.sin(base * 0.01), np.cos(base * 0.013), np.sin(base * 0.007 + 1.0)


def run(Q, K, V):
    scores = Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1])
    scores = scores - scores.max(axis=-1, keepdims=True)
    w = np.exp(scores)
    w = w / w.sum(axis=-1, keepdims=True)
    out = w @ V
    return out / np.linalg.norm(out, axis=-1, keepdims=True)
