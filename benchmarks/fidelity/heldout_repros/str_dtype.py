"""Repro: str() / f-string of an array's dtype."""
import numpy as np


def main():
    p = np.ones(3, dtype=np.float32)
    q = np.arange(3)
    return {"s": str(p.dtype), "f": f"{q.dtype}", "name": p.dtype.name}
