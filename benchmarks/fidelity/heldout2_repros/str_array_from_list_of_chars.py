"""np.array(list("FDCBA")) (a string array used as a lookup table, indexed with np.digitize)
converts to tnp.array(...) which raises TypeError: data type 'C' not understood; no diagnostic.
(From heldout2/gradebook_script.py.)"""
import numpy as np


def main():
    scores = np.array([55.0, 65.0, 75.0, 85.0, 95.0])
    letters = np.array(list("FDCBA"))[np.digitize(scores, [60, 70, 80, 90])]
    return {"letters": letters.tolist()}
