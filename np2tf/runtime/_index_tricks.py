"""NumPy's index-trick objects built from TF ops: ``c_``, ``r_``, ``mgrid``, ``ogrid``.

``np.c_[a, b]`` stacks columns, ``np.r_[0:3, 7, a]`` concatenates rows (slices become
``arange``, complex steps ``linspace``), ``np.mgrid[0:5, 0:3]`` is a dense ``ij`` mesh and
``np.ogrid`` its sparse, broadcastable form. String directives (``np.r_['0,2', ...]``)
are not supported and raise ``NotImplementedError`` with a clear message.
"""

from __future__ import annotations

from typing import Any

import tensorflow as tf
import tensorflow.experimental.numpy as tnp

__all__ = ["c_", "r_", "mgrid", "ogrid"]


def _is_int(value: Any) -> bool:
    return value is None or (isinstance(value, int) and not isinstance(value, bool))


def _slice_values(item: slice) -> tf.Tensor:
    start = 0 if item.start is None else item.start
    step = 1 if item.step is None else item.step
    if isinstance(step, complex):
        # A complex step means "this many points", endpoint included (NumPy's convention).
        return tnp.linspace(start, item.stop, int(abs(step)))
    if all(_is_int(v) for v in (item.start, item.stop, item.step)):
        return tnp.arange(start, item.stop, step)
    return tnp.arange(float(start), float(item.stop), float(step))


class _Concatenator:
    def __init__(self, axis: int, ndmin: int, columns: bool) -> None:
        self.axis = axis
        self.ndmin = ndmin
        self.columns = columns

    def __getitem__(self, key: Any) -> tf.Tensor:
        items = key if isinstance(key, tuple) else (key,)
        if items and isinstance(items[0], str):
            raise NotImplementedError("np2tf: string directives in np.r_/np.c_ are not supported; use tnp.concatenate")
        parts = []
        for item in items:
            part = _slice_values(item) if isinstance(item, slice) else tnp.asarray(item)
            if part.shape.rank == 0:
                part = tnp.reshape(part, [1] * self.ndmin)
            elif self.columns and part.shape.rank == 1:
                part = tnp.reshape(part, [-1, 1])  # 1-D arrays become columns
            parts.append(part)
        return tnp.concatenate(parts, axis=self.axis)


class _Grid:
    def __init__(self, sparse: bool) -> None:
        self.sparse = sparse

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, slice):
            return _slice_values(key)
        axes = [_slice_values(k) for k in key]
        integer = all(all(_is_int(v) for v in (k.start, k.stop, k.step)) for k in key)
        dtype = tnp.int64 if integer else tnp.float64
        axes = [tnp.asarray(a, dtype=dtype) for a in axes]
        if self.sparse:
            n = len(axes)
            return tuple(tnp.reshape(a, [-1 if i == j else 1 for j in range(n)]) for i, a in enumerate(axes))
        return tnp.stack(tnp.meshgrid(*axes, indexing="ij"))


r_ = _Concatenator(axis=0, ndmin=1, columns=False)
c_ = _Concatenator(axis=-1, ndmin=2, columns=True)
mgrid = _Grid(sparse=False)
ogrid = _Grid(sparse=True)
