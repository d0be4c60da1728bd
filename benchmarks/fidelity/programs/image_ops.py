"""uint8 image manipulation: grayscale, threshold, flips, rot90, histogram equalisation, clip+astype."""
import numpy as np


def main():
    h, w = 8, 10
    yy, xx = np.mgrid[0:h, 0:w]
    img = np.zeros((h, w, 3), dtype=np.uint8)
    img[..., 0] = (xx * 25) % 256
    img[..., 1] = (yy * 30) % 256
    img[..., 2] = ((xx + yy) * 12) % 256

    gray = np.dot(img[..., :3], [0.299, 0.587, 0.114])
    gray8 = gray.astype(np.uint8)
    binary = np.where(gray8 > 100, 255, 0).astype(np.uint8)
    flipped = img[:, ::-1]
    upside = np.flipud(gray8)
    rot = np.rot90(gray8)
    brighter = np.clip(img.astype(np.int16) + 60, 0, 255).astype(np.uint8)
    overflow = img + 60  # wraps around in uint8

    hist = np.bincount(gray8.ravel(), minlength=256)
    cdf = hist.cumsum()
    cdf_m = np.ma.masked_equal(cdf, 0)
    cdf_m = (cdf_m - cdf_m.min()) * 255 / (cdf_m.max() - cdf_m.min())
    cdf_eq = np.ma.filled(cdf_m, 0).astype('uint8')
    equalized = cdf_eq[gray8]

    mean_color = img.reshape(-1, 3).mean(axis=0)
    return {"gray": gray, "gray8": gray8, "binary": binary, "flipped": flipped,
            "upside": upside, "rot": rot, "brighter": brighter, "overflow": overflow,
            "equalized": equalized, "mean_color": mean_color}
