"""dtype-sensitive arithmetic: int8 sums, integer division, float32 with Python scalars, astype."""
import numpy as np


def main():
    small = np.array([100, 100, 100], dtype=np.int8)
    s = small.sum()                       # int64 accumulator: 300
    wrapped = small + small               # int8 wraps: -56
    u8 = np.array([250, 10], dtype=np.uint8)
    u8_plus = u8 + np.uint8(10)           # wraps to 4, 20

    a = np.array([7, -7, 8, 9])
    q = a // 2
    r = a % 3
    tdiv = a / 2                          # true division -> float64

    f32 = np.ones(4, dtype=np.float32)
    g = f32 * 2.5 + 1                     # stays float32
    h = f32 * np.float64(3.0)             # NumPy 2: float64 scalar promotes
    mean_f32 = f32.mean()

    ints = np.arange(5)
    m = ints.mean()                       # float64
    fl = (np.array([1.7, -1.7, 2.5]) * 2).astype(int)   # truncation
    img = np.array([[0.1, 0.5], [0.9, 1.0]])
    img8 = (img * 255).astype(np.uint8)
    back = img8.astype(np.float32) / 255

    bools = np.array([True, False, True])
    nb = bools.sum()
    mixed = np.array([1, 2, 3]) * 2.5
    i32 = np.arange(4, dtype=np.int32) * 3
    i32_f = np.arange(4, dtype=np.int32) / 3
    power = np.arange(4) ** 2
    neg_pow = 2.0 ** -np.arange(3)

    return {"s": s, "wrapped": wrapped, "u8_plus": u8_plus, "q": q, "r": r, "tdiv": tdiv,
            "g": g, "h": h, "mean_f32": mean_f32, "m": m, "fl": fl, "img8": img8,
            "back": back, "nb": nb, "mixed": mixed, "i32": i32, "i32_f": i32_f,
            "power": power, "neg_pow": neg_pow}
