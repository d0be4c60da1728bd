"""Repro: boolean-mask assignment into an array returned by a user-defined helper
(image_processing: img2 = make_image().copy(); img2[img2 > 150] = 150)."""
import numpy as np


def make():
    return np.arange(0, 250, 25).astype(np.uint8)


def main():
    img = make()
    img2 = img.copy()
    img2[img2 > 150] = 150
    return {"clipped": img2}
