"""Image convolution by explicit loops (intro-to-vision assignment style)."""
import numpy as np


def conv2d(image, kernel):
    kh, kw = kernel.shape
    pad_h, pad_w = kh // 2, kw // 2
    padded = np.pad(image, ((pad_h, pad_h), (pad_w, pad_w)), mode="constant")
    out = np.zeros_like(image, dtype=float)
    kernel = np.flipud(np.fliplr(kernel))
    for i in range(image.shape[0]):
        for j in range(image.shape[1]):
            out[i, j] = np.sum(padded[i:i + kh, j:j + kw] * kernel)
    return out


def box_blur_edge(image):
    h, w = image.shape
    out = np.empty((h, w))
    for y in range(h):
        for x in range(w):
            y0, y1 = max(0, y - 1), min(h, y + 2)
            x0, x1 = max(0, x - 1), min(w, x + 2)
            out[y, x] = image[y0:y1, x0:x1].mean()
    return out


def main():
    image = np.arange(49, dtype=np.int64).reshape(7, 7) % 7
    sobel_x = np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]])
    gx = conv2d(image, sobel_x)
    gy = conv2d(image, sobel_x.T)
    mag = np.sqrt(gx**2 + gy**2)
    blurred = box_blur_edge(image.astype(float))
    return {"gx": gx, "gy": gy, "mag": mag, "blurred": blurred}
