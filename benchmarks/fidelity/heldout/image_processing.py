"""Image processing with plain arrays: thresholding, histogram equalization, Sobel edges, pooling."""
import numpy as np


def make_image(h=32, w=32):
    yy, xx = np.mgrid[0:h, 0:w]
    img = 60 + 100 * np.exp(-((xx - 12) ** 2 + (yy - 14) ** 2) / 40.0)
    img[20:28, 18:30] = 200
    return img.astype(np.uint8)


def equalize(img):
    hist = np.bincount(img.ravel(), minlength=256)
    cdf = hist.cumsum()
    cdf_masked = np.ma.masked_equal(cdf, 0)
    cdf_masked = (cdf_masked - cdf_masked.min()) * 255 / (cdf_masked.max() - cdf_masked.min())
    cdf_final = np.ma.filled(cdf_masked, 0).astype(np.uint8)
    return cdf_final[img], hist


def sobel(img):
    f = img.astype(float)
    gx = np.zeros_like(f)
    gy = np.zeros_like(f)
    gx[1:-1, 1:-1] = (f[:-2, 2:] + 2 * f[1:-1, 2:] + f[2:, 2:]
                      - f[:-2, :-2] - 2 * f[1:-1, :-2] - f[2:, :-2])
    gy[1:-1, 1:-1] = (f[2:, :-2] + 2 * f[2:, 1:-1] + f[2:, 2:]
                      - f[:-2, :-2] - 2 * f[:-2, 1:-1] - f[:-2, 2:])
    return np.hypot(gx, gy)


def max_pool(img, k=2):
    h, w = img.shape
    return img[:h - h % k, :w - w % k].reshape(h // k, k, w // k, k).max(axis=(1, 3))


def main():
    img = make_image()
    np.random.seed(5)
    noise = np.random.randint(-10, 11, size=img.shape)
    noisy = np.clip(img.astype(np.int16) + noise, 0, 255).astype(np.uint8)
    eq, hist = equalize(noisy)
    binary = noisy > noisy.mean()
    edges = sobel(noisy)
    strong = edges > np.percentile(edges, 90)
    pooled = max_pool(noisy, 4)
    flipped = np.fliplr(img)
    rotated = np.rot90(img)
    inverted = 255 - img
    img2 = img.copy()
    img2[img2 > 150] = 150
    gamma = (255 * (img / 255.0) ** 0.5).astype(np.uint8)
    print("mean intensity:", img.mean(), "foreground pixels:", binary.sum())
    return {"img": img, "eq": eq, "hist_nonzero": int((hist > 0).sum()),
            "binary": binary, "edges": edges, "strong": strong, "pooled": pooled,
            "flipped": flipped, "rotated": rotated, "inverted": inverted,
            "clipped": img2, "gamma": gamma, "eq_mean": eq.mean()}
