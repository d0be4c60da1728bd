"""Joining, splitting, padding, insertion and index-grid helpers tnp lacks.

Positions, pad widths and section counts must be static Python values (as they are in
nearly all real code); the array data can be symbolic.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import tensorflow as tf
import tensorflow.experimental.numpy as tnp

__all__ = [
    "array_split", "astype", "flip", "take", "block", "broadcast_shapes", "choose", "column_stack",
    "concatenate", "delete", "diag_indices", "diag_indices_from", "expand_dims", "indices", "insert",
    "pad", "repeat", "resize", "rollaxis", "size", "tile", "tril", "tril_indices", "tril_indices_from",
    "trim_zeros", "triu", "triu_indices", "triu_indices_from", "unstack",
]


def concatenate(arrays: Sequence[Any], axis: Any = 0, *, dtype: Any = None) -> tf.Tensor:
    """``tnp.concatenate`` plus ``axis=None`` (flatten first) and ``dtype=``."""
    arrs = [tnp.asarray(a) for a in arrays]
    if dtype is not None:
        arrs = [tf.cast(a, tf.as_dtype(dtype)) for a in arrs]
    if axis is None:
        arrs = [tf.reshape(a, [-1]) for a in arrs]
        axis = 0
    return tnp.concatenate(arrs, axis=axis)


def flip(m: Any, axis: Any = None) -> tf.Tensor:
    """Reverse the order along ``axis`` (an int, a tuple of ints, or every axis)."""
    t = tnp.asarray(m)
    if axis is None:
        axes = list(range(t.shape.rank))
    else:
        axes = [a % t.shape.rank for a in (axis if isinstance(axis, (tuple, list)) else (axis,))]
    return tf.reverse(t, axes) if axes else t


def take(a: Any, indices: Any, axis: Any = None, out: Any = None, mode: str = "raise") -> tf.Tensor:
    """``numpy.take``: negative indices count from the end (tnp clips them to 0).

    ``mode="wrap"`` wraps every index, ``mode="clip"`` clips to the valid range; with
    ``"raise"`` an index past the end fails as TF's gather does (eagerly, on CPU).
    """
    t = tnp.asarray(a)
    if axis is None:
        t, axis = tf.reshape(t, [-1]), 0
    idx = tnp.asarray(indices)
    n = tf.cast(tf.shape(t)[axis], idx.dtype)
    if mode == "wrap":
        idx = tf.math.floormod(idx, n)
    elif mode == "clip":
        idx = tf.clip_by_value(idx, tf.zeros_like(n), n - 1)
    else:
        idx = tf.where(idx < 0, idx + n, idx)
    return tf.gather(t, idx, axis=axis)


def astype(x: Any, dtype: Any, *, copy: bool = True) -> tf.Tensor:
    """Cast like ``numpy.astype`` (``copy`` has no meaning for immutable tensors)."""
    return tf.cast(tnp.asarray(x), tf.as_dtype(dtype))


def array_split(ary: Any, indices_or_sections: Any, axis: int = 0) -> list[tf.Tensor]:
    """Split into sections that may differ in size by one (the first ones are larger)."""
    x = tnp.asarray(ary)
    n = x.shape[axis]
    if isinstance(indices_or_sections, int):
        k = indices_or_sections
        if k <= 0:
            raise ValueError("number sections must be larger than 0.")
        each, extra = divmod(n, k)
        sizes = [each + 1] * extra + [each] * (k - extra)
        bounds = np.cumsum([0] + sizes).tolist()
    else:
        bounds = [0] + [min(max(i if i >= 0 else i + n, 0), n) for i in indices_or_sections] + [n]
    out = []
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        sl = [slice(None)] * x.shape.rank
        sl[axis] = slice(lo, max(lo, hi))
        out.append(x[tuple(sl)])
    return out


def column_stack(tup: Sequence[Any]) -> tf.Tensor:
    """Stack 1-D arrays as columns (2-D arrays are concatenated along axis 1)."""
    cols = []
    for a in tup:
        t = tnp.asarray(a)
        cols.append(t[:, None] if t.shape.rank < 2 else t)
    return tnp.concatenate(cols, axis=1)


def _axis_positions(obj: Any, n: int) -> list[int]:
    if isinstance(obj, slice):
        return list(range(*obj.indices(n)))
    return [int(i) for i in np.atleast_1d(obj)]


def insert(arr: Any, obj: Any, values: Any, axis: Any = None) -> tf.Tensor:
    """Insert ``values`` before the positions ``obj`` (static ints or a slice)."""
    x = tnp.asarray(arr)
    if axis is None:
        x, axis = tf.reshape(x, [-1]), 0
    nd = x.shape.rank
    axis %= nd
    n = x.shape[axis]
    v = tf.cast(tnp.asarray(values), x.dtype)
    if v.shape.rank < nd:
        v = tf.reshape(v, [1] * (nd - v.shape.rank) + v.shape.as_list())
    scalar = isinstance(obj, (int, np.integer))
    positions = [obj] if scalar else _axis_positions(obj, n)
    if scalar or len(positions) == 1:
        if scalar:
            v = tnp.moveaxis(v, 0, axis)
        index = positions[0] + n if positions[0] < 0 else positions[0]
        if not 0 <= index <= n:
            raise IndexError(f"index {positions[0]} is out of bounds for axis {axis} with size {n}")
        shape = x.shape.as_list()
        shape[axis] = v.shape[axis]
        v = tf.broadcast_to(v, shape)
        before = tf.gather(x, tf.range(index), axis=axis)
        after = tf.gather(x, tf.range(index, n), axis=axis)
        return tf.concat([before, v, after], axis=axis)
    idx = [p + n if p < 0 else p for p in positions]
    shape = x.shape.as_list()
    shape[axis] = len(idx)
    v = tf.broadcast_to(v, shape)
    # Sort keys: old element j at 2j+1, value inserted before position p at 2p; a stable
    # sort keeps values for the same position in the given order, as NumPy does.
    keys = tf.concat([tf.range(n) * 2 + 1, tf.constant(idx, tf.int32) * 2], 0)
    order = tf.argsort(keys, stable=True)
    return tf.gather(tf.concat([x, v], axis=axis), order, axis=axis)


def delete(arr: Any, obj: Any, axis: Any = None) -> tf.Tensor:
    """Remove the entries at ``obj`` (ints, a slice or a boolean mask) along ``axis``."""
    x = tnp.asarray(arr)
    if axis is None:
        x, axis = tf.reshape(x, [-1]), 0
    n = x.shape[axis]
    if not isinstance(obj, slice) and np.asarray(obj).dtype == bool:
        keep = tf.logical_not(tnp.asarray(obj))
    else:
        drop = [p + n if p < 0 else p for p in _axis_positions(obj, n)]
        keep = tf.ones([n], tf.bool)
        if drop:
            keep = tf.tensor_scatter_nd_update(keep, [[p] for p in drop], tf.zeros([len(drop)], tf.bool))
    return tf.boolean_mask(x, keep, axis=axis % x.shape.rank)


def _pad_axis(x: tf.Tensor, axis: int, before: int, after: int, mode: str, kwargs: dict[str, Any], i: int) -> tf.Tensor:
    # Inside a tf.function traced with relaxed shapes the axis length is only known at run time.
    n = x.shape[axis] if x.shape[axis] is not None else tf.shape(x, out_type=tf.int64)[axis]
    static = isinstance(n, int)

    def take(lo: int, hi: int) -> tf.Tensor:
        return tf.gather(x, tf.range(lo, hi), axis=axis)

    def rep(t: tf.Tensor, k: int) -> tf.Tensor:
        mult = [1] * x.shape.rank
        mult[axis] = k
        return tf.tile(t, mult)

    if mode == "constant":
        cv = np.broadcast_to(np.asarray(kwargs.get("constant_values", 0), dtype=object), (x.shape.rank, 2))
        pads = [[0, 0]] * x.shape.rank
        x = tf.pad(x, [[0, 0] if j != axis else [before, 0] for j in range(x.shape.rank)], constant_values=tf.cast(cv[i][0], x.dtype))
        del pads
        return tf.pad(x, [[0, 0] if j != axis else [0, after] for j in range(x.shape.rank)], constant_values=tf.cast(cv[i][1], x.dtype))
    if mode == "edge":
        return tf.concat([rep(take(0, 1), before), x, rep(take(n - 1, n), after)], axis)
    if mode == "wrap":
        if not static:
            raise NotImplementedError("np2tf pad: mode='wrap' needs a static axis length inside tf.function")
        reps = -(-max(before, after) // n) + 1
        big = rep(x, 2 * reps + 1)
        start = reps * n - before
        return tf.gather(big, tf.range(start, start + before + n + after), axis=axis)
    if mode in ("reflect", "symmetric"):
        if kwargs.get("reflect_type", "even") != "even":
            raise NotImplementedError("np2tf pad supports reflect_type='even' only")
        limit = n - 1 if mode == "reflect" else n
        if static and (before > limit or after > limit):
            raise NotImplementedError("np2tf pad: reflection wider than the axis is not supported")
        paddings = [[0, 0] if j != axis else [before, after] for j in range(x.shape.rank)]
        return tf.pad(x, paddings, mode=mode.upper())
    if mode in ("maximum", "minimum", "mean"):
        if kwargs.get("stat_length") is not None:
            raise NotImplementedError("np2tf pad does not support stat_length")
        fn = {"maximum": tf.reduce_max, "minimum": tf.reduce_min, "mean": tf.reduce_mean}[mode]
        stat = fn(x, axis=axis, keepdims=True)
        if mode == "mean" and not x.dtype.is_floating:
            stat = tf.cast(tf.round(tf.reduce_mean(tf.cast(x, tf.float64), axis=axis, keepdims=True)), x.dtype)
        return tf.concat([rep(stat, before), x, rep(stat, after)], axis)
    raise NotImplementedError(f"np2tf pad does not support mode {mode!r}")


def pad(array: Any, pad_width: Any, mode: str = "constant", **kwargs: Any) -> tf.Tensor:
    """``numpy.pad`` for the constant, edge, wrap, reflect, symmetric, maximum, minimum
    and mean modes, padding axis by axis like NumPy."""
    x = tnp.asarray(array)
    nd = x.shape.rank
    widths = np.broadcast_to(np.asarray(pad_width, dtype=np.int64), (nd, 2))
    for i in range(nd):
        before, after = int(widths[i][0]), int(widths[i][1])
        if before or after or mode == "constant":
            x = _pad_axis(x, i, before, after, mode, kwargs, i)
    return x


def _depth(a: Any) -> int:
    return 1 + _depth(a[0]) if isinstance(a, list) and a else (1 if isinstance(a, list) else 0)


def block(arrays: Any) -> tf.Tensor:
    """Assemble an array from nested lists of blocks (``numpy.block``)."""
    depth = _depth(arrays)

    def leaves(a: Any) -> list[tf.Tensor]:
        return [t for e in a for t in leaves(e)] if isinstance(a, list) else [tnp.asarray(a)]

    ndim = max(depth, max(t.shape.rank for t in leaves(arrays)))

    def build(a: Any, level: int) -> tf.Tensor:
        if not isinstance(a, list):
            t = tnp.asarray(a)
            return tf.reshape(t, [1] * (ndim - t.shape.rank) + t.shape.as_list())
        parts = [build(e, level + 1) for e in a]
        dt = tnp.result_type(*[p.dtype for p in parts])
        return tf.concat([tf.cast(p, dt) for p in parts], axis=-(depth - level))

    return build(arrays, 0)


def resize(a: Any, new_shape: Any) -> tf.Tensor:
    """Repeat the flattened input cyclically to fill ``new_shape``."""
    x = tf.reshape(tnp.asarray(a), [-1])
    shape = [new_shape] if isinstance(new_shape, int) else list(new_shape)
    total = int(np.prod(shape))
    if x.shape[0] == 0:
        return tf.zeros(shape, x.dtype)
    reps = -(-total // x.shape[0])
    return tf.reshape(_via_int16(lambda t: tf.tile(t, [reps]), x)[:total], shape)


def trim_zeros(filt: Any, trim: str = "fb") -> tf.Tensor:
    """Strip leading (``f``) and/or trailing (``b``) zeros of a 1-D array."""
    x = tnp.asarray(filt)
    nz = tf.cast(tf.reshape(tf.where(tf.not_equal(x, tf.zeros_like(x))), [-1]), tf.int32)
    empty = tf.equal(tf.size(nz), 0)
    n = tf.shape(x)[0]
    lo = tf.where(empty, n, nz[0] if x.shape[0] else 0) if "f" in trim.lower() else 0
    hi = tf.where(empty, n, nz[-1] + 1 if x.shape[0] else 0) if "b" in trim.lower() else n
    return x[lo:tf.maximum(lo, hi)]


def rollaxis(a: Any, axis: int, start: int = 0) -> tf.Tensor:
    """Roll ``axis`` back until it lies before ``start`` (legacy ``moveaxis``)."""
    x = tnp.asarray(a)
    n = x.shape.rank
    axis %= n
    if start < 0:
        start += n
    if axis < start:
        start -= 1
    if axis == start:
        return x
    perm = list(range(n))
    perm.remove(axis)
    perm.insert(start, axis)
    return tf.transpose(x, perm)


def unstack(x: Any, *, axis: int = 0) -> tuple[tf.Tensor, ...]:
    """Split along ``axis`` into a tuple of arrays with that axis removed."""
    return tuple(tf.unstack(tnp.asarray(x), axis=axis))


def choose(a: Any, choices: Sequence[Any], mode: str = "raise") -> tf.Tensor:
    """Pick from ``choices`` elementwise with the index array ``a``."""
    idx = tf.cast(tnp.asarray(a), tf.int64)
    arrays = tnp.broadcast_arrays(idx, *[tnp.asarray(c) for c in choices])
    idx, chs = arrays[0], arrays[1:]
    dt = tnp.result_type(*[c.dtype for c in chs])
    stacked = tf.stack([tf.cast(c, dt) for c in chs])
    k = len(chs)
    if mode == "wrap":
        idx = idx % k
    elif mode == "clip":
        idx = tf.clip_by_value(idx, 0, k - 1)
    return tnp.take_along_axis(stacked, idx[None], axis=0)[0]


def broadcast_shapes(*args: Any) -> tuple[int, ...]:
    """Broadcast static shapes (pure shape arithmetic, no tensors involved)."""
    return np.broadcast_shapes(*args)


def indices(dimensions: Sequence[int], dtype: Any = int, sparse: bool = False) -> Any:
    """Index grids ``[ndim, *dimensions]`` (or open grids with ``sparse=True``)."""
    dt = tf.as_dtype(np.dtype(dtype)) if not isinstance(dtype, tf.DType) else dtype
    nd = len(dimensions)
    grids = []
    for i, d in enumerate(dimensions):
        shape = [1] * nd
        shape[i] = d
        grids.append(tf.reshape(tf.range(d, dtype=dt), shape))
    if sparse:
        return tuple(grids)
    return tf.stack([tf.broadcast_to(g, list(dimensions)) for g in grids]) if nd else tf.zeros([0], dt)


def _tri_indices(n: int, k: int, m: int | None, lower: bool) -> tuple[tf.Tensor, tf.Tensor]:
    m = n if m is None else m
    rows = tf.range(n, dtype=tf.int64)[:, None]
    cols = tf.range(m, dtype=tf.int64)[None, :]
    mask = cols - rows <= k if lower else cols - rows >= k
    coords = tf.where(mask)
    return coords[:, 0], coords[:, 1]


def tril_indices(n: int, k: int = 0, m: int | None = None) -> tuple[tf.Tensor, tf.Tensor]:
    """Row and column indices of the lower triangle, row-major."""
    return _tri_indices(n, k, m, True)


def triu_indices(n: int, k: int = 0, m: int | None = None) -> tuple[tf.Tensor, tf.Tensor]:
    """Row and column indices of the upper triangle, row-major."""
    return _tri_indices(n, k, m, False)


def tril_indices_from(arr: Any, k: int = 0) -> tuple[tf.Tensor, tf.Tensor]:
    """:func:`tril_indices` for the shape of a 2-D array."""
    s = tnp.asarray(arr).shape
    return _tri_indices(s[-2], k, s[-1], True)


def triu_indices_from(arr: Any, k: int = 0) -> tuple[tf.Tensor, tf.Tensor]:
    """:func:`triu_indices` for the shape of a 2-D array."""
    s = tnp.asarray(arr).shape
    return _tri_indices(s[-2], k, s[-1], False)


def diag_indices_from(arr: Any) -> tuple[tf.Tensor, ...]:
    """Indices of the main diagonal of an array whose axes all have the same length."""
    s = tnp.asarray(arr).shape
    i = tf.range(s[0], dtype=tf.int64)
    return (i,) * s.rank


def diag_indices(n: int, ndim: int = 2) -> tuple[tf.Tensor, ...]:
    """``ndim`` copies of ``arange(n)`` as int64 (tnp gives int32)."""
    idx = tf.range(n, dtype=tf.int64)
    return (idx,) * ndim


def expand_dims(a: Any, axis: Any) -> tf.Tensor:
    """``numpy.expand_dims`` with a tuple of axes (positions in the result, as NumPy)."""
    x = tnp.asarray(a)
    axes = (axis,) if isinstance(axis, (int, np.integer)) else tuple(axis)
    out_nd = x.shape.rank + len(axes)
    norm = []
    for ax in axes:
        if not -out_nd <= ax < out_nd:
            raise np.exceptions.AxisError(ax, out_nd)
        norm.append(int(ax) % out_nd)
    if len(set(norm)) != len(norm):
        raise ValueError("repeated axis")
    for ax in sorted(norm):
        x = tf.expand_dims(x, ax)
    return x


def size(a: Any, axis: Any = None) -> Any:
    """``numpy.size``: a Python int when the shape is static, else an int64 scalar;
    ``axis`` may be an int or a tuple of ints."""
    x = tnp.asarray(a)
    if axis is None:
        n = x.shape.num_elements()
        return n if n is not None else tf.size(x, out_type=tf.int64)
    axes = (axis,) if isinstance(axis, (int, np.integer)) else tuple(axis)
    dims = [x.shape[int(ax)] for ax in axes]
    if all(d is not None for d in dims):
        return int(np.prod(dims, dtype=np.int64))
    shape = tf.shape(x, out_type=tf.int64)
    return tf.reduce_prod(tf.stack([shape[int(ax)] for ax in axes]))


def _via_int16(fn: Any, x: tf.Tensor) -> tf.Tensor:
    """Run a data-movement op on uint16 (no Tile kernel) as int16 bit patterns."""
    if x.dtype != tf.uint16:
        return fn(x)
    return tf.bitcast(fn(tf.bitcast(x, tf.int16)), tf.uint16)


def tile(A: Any, reps: Any) -> tf.Tensor:  # noqa: N803
    """``numpy.tile`` (tnp's Tile has no uint16 kernel)."""
    return _via_int16(lambda t: tnp.tile(t, reps), tnp.asarray(A))


def repeat(a: Any, repeats: Any, axis: Any = None) -> tf.Tensor:
    """``numpy.repeat`` (tnp's has no uint16 kernel)."""
    return _via_int16(lambda t: tnp.repeat(t, repeats, axis=axis), tnp.asarray(a))


def _tri(op: Any, m: Any, k: int) -> tf.Tensor:
    x = tnp.asarray(m)
    if x.shape.rank == 1:  # NumPy masks the row against an (n, n) triangle
        x = tf.broadcast_to(x[None, :], tf.stack([tf.shape(x)[0], tf.shape(x)[0]]))
    if x.shape.rank is None or not x.shape[-2:].is_fully_defined():
        # tnp's needs static matrix dimensions; a graph traced with relaxed shapes
        # (reduce_retracing) has none: mask against row/column indices instead.
        rows = tf.range(tf.shape(x)[-2])[:, None]
        cols = tf.range(tf.shape(x)[-1])[None, :]
        keep = cols - rows >= k if op is tnp.triu else cols - rows <= k
        return tf.where(keep, x, tf.zeros_like(x))
    if x.dtype == tf.bool:  # tnp fills with 0, which it cannot make a bool
        return tf.cast(op(tf.cast(x, tf.int8), k), tf.bool)
    return op(x, k)


def tril(m: Any, k: int = 0) -> tf.Tensor:
    """Lower triangle (bool input too)."""
    return _tri(tnp.tril, m, k)


def triu(m: Any, k: int = 0) -> tf.Tensor:
    """Upper triangle (bool input too)."""
    return _tri(tnp.triu, m, k)
