"""Functional versions of NumPy's in-place writers that ``_indexing`` does not cover.

NumPy's ``np.place(arr, ...)`` and ``np.fill_diagonal(a, ...)`` write into their first
argument and return None. TF tensors are immutable, so these return the new array and
the converter rebinds the argument: ``np.place(a, m, v)`` -> ``a = n2t.place(a, m, v)``.
"""

from __future__ import annotations

from typing import Any

import tensorflow as tf
import tensorflow.experimental.numpy as tnp

__all__ = ["fill_diagonal", "place"]


def _cyclic(values: Any, dtype: tf.DType, count: tf.Tensor) -> tf.Tensor:
    """``count`` values taken cyclically from ``values`` (NumPy repeats short ``vals``)."""
    v = tf.reshape(tf.cast(tnp.asarray(values), dtype), [-1])
    return tf.gather(v, tf.math.floormod(tf.range(count), tf.size(v)))


def place(arr: Any, mask: Any, vals: Any) -> tf.Tensor:
    """``numpy.place``: the masked positions, in flat order, take ``vals`` cyclically.

    Returns:
        The new array (NumPy writes into ``arr`` and returns None).
    """
    x = tnp.asarray(arr)
    flat = tf.reshape(x, [-1])
    idx = tf.where(tf.reshape(tf.cast(tnp.asarray(mask), tf.bool), [-1]))
    new = _cyclic(vals, x.dtype, tf.shape(idx, out_type=tf.int32)[0])
    return tf.reshape(tf.tensor_scatter_nd_update(flat, idx, new), tf.shape(x))


def fill_diagonal(a: Any, val: Any, wrap: bool = False) -> tf.Tensor:
    """``numpy.fill_diagonal``: the main diagonal takes ``val`` (cyclically if an array).

    For 2-D tall matrices ``wrap=True`` continues the diagonal below the first square
    block, as NumPy does; arrays of more dimensions need all dimensions equal.

    Returns:
        The new array (NumPy writes into ``a`` and returns None).
    """
    x = tnp.asarray(a)
    shape = tf.shape(x, out_type=tf.int64)
    size = tf.reduce_prod(shape)
    if x.shape.rank == 2:
        step = shape[1] + 1
        end = size if wrap else tf.minimum(size, shape[1] * shape[1])
    else:
        step = 1 + tf.reduce_sum(tf.math.cumprod(shape[:-1]))
        end = size
    idx = tf.range(0, end, step)
    new = _cyclic(val, x.dtype, tf.size(idx))
    flat = tf.tensor_scatter_nd_update(tf.reshape(x, [-1]), idx[:, None], new)
    return tf.reshape(flat, tf.shape(x))
