"""Array manipulation drills: rot90, flip, pad modes, tile/repeat, block reshape, ravel writes."""
import numpy as np


def main():
    a = np.arange(12).reshape(3, 4)
    out = {}
    out["rot90"] = np.rot90(a)
    out["rot90_k3"] = np.rot90(a, k=3)
    out["rot_roundtrip"] = bool(np.array_equal(np.rot90(np.rot90(a, 2), 2), a))
    out["flipud"] = np.flipud(a)
    out["fliplr"] = np.fliplr(a)
    out["flip_all"] = np.flip(a)
    out["flip_ax1"] = np.flip(a, axis=1)
    out["pad_const"] = np.pad(a, ((1, 1), (2, 0)), mode="constant", constant_values=-1)
    out["pad_edge"] = np.pad(a, 1, mode="edge")
    out["pad_reflect"] = np.pad(np.arange(5), 2, mode="reflect")
    out["pad_wrap"] = np.pad(np.arange(5), (1, 3), mode="wrap")
    out["tile"] = np.tile(np.array([1, 2]), (2, 3))
    out["repeat"] = np.repeat(np.array([1, 2, 3]), [3, 1, 2])
    out["repeat_axis"] = np.repeat(a, 2, axis=0)
    # upsample with kron and block downsample with reshape
    small = np.array([[1, 2], [3, 4]])
    up = np.kron(small, np.ones((3, 3), dtype=int))
    out["up"] = up
    img = np.arange(36, dtype=float).reshape(6, 6)
    blocks = img.reshape(3, 2, 3, 2).mean(axis=(1, 3))
    out["blocks"] = blocks
    # ravel/flatten then write
    b = a.copy()
    flat = b.ravel()
    flat[::3] = 100
    out["b_after_ravel_write"] = b
    c = a.copy()
    f2 = c.flatten()
    f2[:] = 0
    out["c_after_flatten_write"] = c
    out["f2"] = f2
    col = np.arange(5).reshape(-1, 1)
    row = np.arange(3)
    out["broadcast"] = col * 10 + row
    out["newaxis"] = (row[:, None] - row[None, :]) ** 2
    out["swap"] = np.swapaxes(np.arange(24).reshape(2, 3, 4), 0, 2)[1]
    out["moveaxis_shape"] = list(np.moveaxis(np.zeros((2, 3, 4)), 0, -1).shape)
    # checkerboard via indices
    ii, jj = np.indices((4, 4))
    out["checker"] = (ii + jj) % 2
    out["stack"] = np.stack([row, row * 2], axis=1)
    out["hsplit"] = [s.tolist() for s in np.hsplit(a, 2)]
    out["diag_of_flip"] = np.diag(np.fliplr(np.arange(16).reshape(4, 4)))
    out["roll_2d"] = np.roll(a, shift=(1, -1), axis=(0, 1))
    print(out["pad_const"])
    return out
