"""NumPy's order on complex numbers where TF has no complex kernel: lexicographic (real
part, then imaginary part), NaN last, as ``np.sort``, ``np.max`` and ``np.searchsorted``
order them. Built from real-valued TF ops, so it traces and compiles like the rest."""

from __future__ import annotations

from typing import Any

import tensorflow as tf


def isnan(x: tf.Tensor) -> tf.Tensor:
    """NaN test for any float or complex dtype (complex: either part)."""
    if x.dtype.is_complex:
        return tf.math.is_nan(tf.math.real(x)) | tf.math.is_nan(tf.math.imag(x))
    if x.dtype.is_floating:
        return tf.math.is_nan(x)
    return tf.zeros_like(x, tf.bool)


def _flatten_axes(x: tf.Tensor, axis: Any) -> tuple[tf.Tensor, list[int], list[int]]:
    """``x`` with the reduced ``axis`` moved last and merged into one (C order)."""
    rank = x.shape.rank
    if axis is None:
        axes = list(range(rank))
    else:
        axes = [int(a) % rank if rank else 0 for a in (axis if isinstance(axis, (list, tuple)) else [axis])]
        axes = [a for a in axes if a < rank]  # NumPy accepts axis 0 of a 0-d array
    kept = [i for i in range(rank) if i not in axes]
    moved = tf.transpose(x, kept + axes) if rank else x
    flat = tf.reshape(moved, tf.concat([tf.shape(moved)[: len(kept)], [-1]], 0))
    return flat, kept, axes


def extreme(x: tf.Tensor, axis: Any, keepdims: bool, take_max: bool) -> tf.Tensor:
    """``np.max``/``np.min`` of a complex tensor: the lexicographic extreme, or the first
    NaN of the slice (NumPy propagates it)."""
    flat, kept, axes = _flatten_axes(x, axis)
    re, im = tf.math.real(flat), tf.math.imag(flat)
    reduce = tf.reduce_max if take_max else tf.reduce_min
    r = reduce(re, axis=-1, keepdims=True)
    fill = tf.constant(-float("inf") if take_max else float("inf"), re.dtype)
    i = reduce(tf.where(tf.equal(re, r), im, fill), axis=-1, keepdims=True)
    out = tf.complex(r, i)
    nan = isnan(flat)
    first = tf.argmax(tf.cast(nan, tf.int8), axis=-1, output_type=tf.int32)[..., None]
    out = tf.where(tf.reduce_any(nan, axis=-1, keepdims=True), tf.gather(flat, first, batch_dims=len(kept)), out)
    out = out[..., 0]
    if keepdims:
        shape = tf.shape(x)
        out = tf.reshape(out, tf.stack([1 if d in axes else shape[d] for d in range(x.shape.rank)]) if x.shape.rank else [])
    return out


def searchsorted(a: tf.Tensor, v: tf.Tensor, side: str) -> tf.Tensor:
    """Insertion indices (int64) of the flat ``v`` into the sorted 1-D ``a`` in NumPy's
    order, any dtype: a stable sort of ``a`` and ``v`` together puts each ``v`` before
    (left) or after (right) the equal items of ``a``; the count of ``a`` items ahead of
    it is the index."""
    from np2tf.runtime._sets import argsort

    n, m = tf.size(a, out_type=tf.int64), tf.size(v, out_type=tf.int64)
    if side == "left":
        keys, from_a, v_at = tf.concat([v, a], 0), tf.concat([tf.zeros([m], tf.int64), tf.ones([n], tf.int64)], 0), tf.range(m)
    else:
        keys, from_a, v_at = tf.concat([a, v], 0), tf.concat([tf.ones([n], tf.int64), tf.zeros([m], tf.int64)], 0), n + tf.range(m)
    order = argsort(keys, kind="stable")
    ahead = tf.cumsum(tf.gather(from_a, order), exclusive=True)
    where = tf.math.invert_permutation(order)
    return tf.gather(ahead, tf.gather(where, v_at))
