"""Functional index writes: NumPy's in-place ``a[idx] = v`` as ``a = n2t.setitem(a, idx, v)``.

Tensors are immutable, so each write returns a new tensor. The trick that makes every
index kind work: index a tensor of flat positions with the same ``idx`` (``tnp`` getitem
has NumPy's semantics for ints, slices, ``...``, ``None``, masks and integer arrays), then
scatter ``v`` into those positions of the flattened array. Everything is TF ops, so it
runs in ``tf.function``; with static shapes and no boolean masks it also compiles with XLA.
"""

from __future__ import annotations

from typing import Any, Callable

import tensorflow as tf

from np2tf.runtime._dispatch import as_tensor
from np2tf.runtime.ndarray import astype as _astype

__all__ = ["add_at", "copyto", "fill", "put", "putmask", "setitem", "ufunc_at"]


def _cast(v: Any, dtype: tf.DType) -> tf.Tensor:
    # Values may be lists, which ndarray.astype would hand back to list.astype.
    return _astype(as_tensor(v), dtype)


def _index(idx: Any) -> Any:
    # A list index is an integer (or boolean) array in NumPy; tnp getitem wants a tensor.
    if isinstance(idx, list):
        return as_tensor(idx)
    if isinstance(idx, tuple):
        return tuple(_index(i) for i in idx)
    return idx


def _positions(x: tf.Tensor, idx: Any) -> tf.Tensor:
    """Flat positions (int64) of the elements ``x[idx]`` selects, shaped like ``x[idx]``."""
    flat = tf.range(tf.size(x, out_type=tf.int64), dtype=tf.int64)
    return tf.reshape(flat, tf.shape(x))[_index(idx)]


def _values_for(v: Any, dtype: tf.DType, target: tf.Tensor) -> tf.Tensor:
    """``v`` cast to ``dtype`` as NumPy's assignment does, broadcast to ``target``'s shape."""
    val = _cast(v, dtype)
    extra = val.shape.rank - target.shape.rank
    if extra > 0:
        # NumPy drops leading length-1 axes of the value (a[0] = [[1, 2, 3]]).
        val = tf.reshape(val, tf.shape(val)[extra:])
    return tf.broadcast_to(val, tf.shape(target))


def _is_mask(x: tf.Tensor, idx: Any) -> bool:
    return (isinstance(idx, (tf.Tensor, tf.Variable)) and idx.dtype == tf.bool
            and idx.shape.rank == x.shape.rank)


def setitem(a: Any, idx: Any, v: Any) -> tf.Tensor:
    """The array NumPy's ``a[idx] = v`` leaves in ``a``, as a new tensor.

    Args:
        a: the array written to (tensor, variable, NumPy array or nested list).
        idx: any NumPy index: ints, slices, ``...``, ``None``, boolean masks, integer
            arrays and tuples mixing them.
        v: the value, cast to ``a.dtype`` the way NumPy does (``2.7`` into int gives 2)
            and broadcast to the selection.

    Returns:
        A tensor shaped and typed like ``a``. With repeated integer indices the last
        write wins on CPU; TensorFlow does not promise an order on other devices.
    """
    x = as_tensor(a)
    idx = _index(idx)
    if isinstance(idx, list):
        idx = as_tensor(idx)
    val = as_tensor(v) if not isinstance(v, (tf.Tensor, tf.Variable)) else v
    if _is_mask(x, idx) and val.shape.rank == 0:
        # The common `x[x < 0] = 0`: a select keeps static shapes, so XLA compiles it.
        return tf.where(idx, _cast(val, x.dtype), x)
    pos = _positions(x, idx)
    vals = _values_for(val, x.dtype, pos)
    out = tf.tensor_scatter_nd_update(
        tf.reshape(x, [-1]), tf.reshape(pos, [-1, 1]), tf.reshape(vals, [-1]))
    return tf.reshape(out, tf.shape(x))


_SCATTER: dict[str, Callable[..., tf.Tensor]] = {
    "add": tf.tensor_scatter_nd_add,
    "subtract": tf.tensor_scatter_nd_sub,
    "maximum": tf.tensor_scatter_nd_max,
    "minimum": tf.tensor_scatter_nd_min,
}


def _op_name(op: Any) -> str:
    return op if isinstance(op, str) else getattr(op, "__name__", "")


def ufunc_at(op: Any, a: Any, idx: Any, v: Any = None) -> tf.Tensor:
    """NumPy's unbuffered ``np.<op>.at(a, idx, v)``: repeated indices apply repeatedly.

    Args:
        op: ``"add"``, ``"subtract"``, ``"maximum"``, ``"minimum"`` (one scatter op) or
            any binary callable on tensors (``tf.multiply``, ``tnp.multiply``...), which
            runs as a sequential loop over the selected elements.
        a: the array updated.
        idx: any NumPy index, as for :func:`setitem`.
        v: the operand, broadcast to the selection.

    Returns:
        The updated array as a new tensor.
    """
    x = as_tensor(a)
    pos = _positions(x, idx)
    vals = _values_for(as_tensor(v), x.dtype, pos)
    flat_pos = tf.reshape(pos, [-1, 1])
    flat_vals = tf.reshape(vals, [-1])
    scatter = _SCATTER.get(_op_name(op))
    if scatter is not None and x.dtype != tf.bool:
        out = scatter(tf.reshape(x, [-1]), flat_pos, flat_vals)
        return tf.reshape(out, tf.shape(x))

    fn = op if callable(op) else None
    if fn is None:
        raise ValueError(f"unknown ufunc {op!r} for ufunc_at")

    def body(i: tf.Tensor, flat: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
        p = flat_pos[i]
        new = tf.cast(fn(tf.gather_nd(flat, p), flat_vals[i]), flat.dtype)
        return i + 1, tf.tensor_scatter_nd_update(flat, p[None], new[None])

    n = tf.shape(flat_vals)[0]
    _, out = tf.while_loop(lambda i, _: i < n, body, (tf.constant(0), tf.reshape(x, [-1])))
    return tf.reshape(out, tf.shape(x))


def add_at(a: Any, idx: Any, v: Any) -> tf.Tensor:
    """NumPy's ``np.add.at(a, idx, v)``: every occurrence of a repeated index adds."""
    return ufunc_at("add", a, idx, v)


def put(a: Any, ind: Any, v: Any, mode: str = "raise") -> tf.Tensor:
    """NumPy's ``np.put(a, ind, v)``: writes ``v`` at flat indices ``ind``.

    ``v`` repeats cyclically when shorter than ``ind``; ``mode="wrap"`` wraps indices and
    ``mode="clip"`` clips them. ``mode="raise"`` cannot raise inside a graph: out-of-range
    indices are an error from the scatter op in eager mode.
    """
    x = as_tensor(a)
    n = tf.size(x, out_type=tf.int64)
    i = tf.reshape(tf.cast(as_tensor(ind), tf.int64), [-1])
    if mode == "clip":
        i = tf.clip_by_value(i, 0, n - 1)
    else:
        # Negative indices count from the end in every mode; "wrap" wraps any index.
        i = tf.math.floormod(i, n) if mode == "wrap" else tf.where(i < 0, i + n, i)
    vals = tf.reshape(_cast(v, x.dtype), [-1])
    vals = tf.gather(vals, tf.range(tf.size(i)) % tf.size(vals))
    out = tf.tensor_scatter_nd_update(tf.reshape(x, [-1]), i[:, None], vals)
    return tf.reshape(out, tf.shape(x))


def putmask(a: Any, mask: Any, values: Any) -> tf.Tensor:
    """NumPy's ``np.putmask(a, mask, values)``: ``values`` repeat over the flat array."""
    x = as_tensor(a)
    m = tf.broadcast_to(tf.cast(as_tensor(mask), tf.bool), tf.shape(x))
    vals = tf.reshape(_cast(values, x.dtype), [-1])
    # putmask uses values[i % len(values)] for the i-th flat position (not the i-th True).
    flat_i = tf.range(tf.size(x)) % tf.size(vals)
    return tf.where(m, tf.reshape(tf.gather(vals, flat_i), tf.shape(x)), x)


def copyto(dst: Any, src: Any, casting: str = "same_kind", where: Any = True) -> tf.Tensor:
    """NumPy's ``np.copyto(dst, src, where=...)``, returning the new ``dst``.

    ``casting`` is not checked: values are cast to ``dst.dtype`` as with ``casting="unsafe"``.
    """
    x = as_tensor(dst)
    vals = tf.broadcast_to(_cast(src, x.dtype), tf.shape(x))
    if where is True:
        return vals
    return tf.where(tf.broadcast_to(tf.cast(as_tensor(where), tf.bool), tf.shape(x)), vals, x)


def fill(a: Any, value: Any) -> tf.Tensor:
    """NumPy's ``a.fill(value)`` as a function: ``a``'s shape and dtype, all ``value``."""
    x = as_tensor(a)
    return tf.fill(tf.shape(x), _cast(value, x.dtype))
