"""Functional index writes: NumPy's in-place ``a[idx] = v`` as ``a = n2t.setitem(a, idx, v)``.

Tensors are immutable, so each write returns a new tensor. :func:`setitem` picks the
cheapest form that has NumPy's semantics for the index it gets:

- basic indices (ints, slices with any step, ``...``, ``None`` and tuples of them) are one
  ``TensorStridedSliceUpdate`` op, with begin/end/strides and masks worked out in Python
  as TensorFlow's own ``__getitem__`` does (``array_ops._slice_helper``); that part
  lives in :mod:`np2tf.runtime._indexing_basic`. A large static block (``u[1:, 1:]``,
  ``p[1:-1, 1:-1]``: every step 1) is instead rebuilt by slices and concats, which copy
  at memory speed where that op's strided assignment takes several ns per element;
- a boolean mask with a value that is the same for every selected element is one
  ``tf.where``;
- a boolean mask with per-element values is one ``DynamicStitch`` of the array's rows
  and the values (a scatter under XLA and for small eager arrays);
- integer arrays (with ints) alone are one ``tensor_scatter_nd_update`` into the array
  (indices from the broadcast index arrays);
- anything else (arrays mixed with slices, ``None`` or ``...``) indexes a tensor of flat
  positions with the same ``idx`` (``tnp`` getitem has NumPy's semantics for every index
  kind), then scatters ``v`` into those positions of the flattened array.

Everything is TF ops, so it runs in ``tf.function``; with static shapes and no boolean
masks it also compiles with XLA.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import tensorflow as tf

from np2tf.runtime._behavior import signed_zero
from np2tf.runtime._dispatch import as_tensor, graph_constant, int_vector
from np2tf.runtime._indexing_basic import (  # noqa: F401 -- basic_getitem re-exported
    Plan,
    basic_getitem,
    basic_plan,
    bounds,
    in_xla,
    static_int,
)
from np2tf.runtime.ndarray import astype as _astype

__all__ = ["add_at", "copyto", "fill", "put", "putmask", "reshape_as", "setitem", "ufunc_at", "unpack"]


def _cast(v: Any, dtype: tf.DType) -> tf.Tensor:
    # Values may be lists, which ndarray.astype would hand back to list.astype.
    return _astype(as_tensor(v), dtype)


def _index(idx: Any) -> Any:
    # A list index is an integer (or boolean) array in NumPy; tnp getitem wants a tensor.
    if isinstance(idx, list):
        return as_tensor(idx)
    if isinstance(idx, range):
        # `a[range(n), y]`: an integer array; one constant, not a list of n Python ints.
        return tf.constant(np.arange(idx.start, idx.stop, idx.step, dtype=np.int64))
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


def _constant_kind(v: Any, dtype: tf.DType) -> bool:
    """A float into a floating (or complex) dtype, or an int (not a bool) into a non-bool
    one: a constant of ``dtype`` holds it as NumPy's assignment does (when in range)."""
    return ((isinstance(v, float) and (dtype.is_floating or dtype.is_complex))
            or (isinstance(v, int) and not isinstance(v, bool) and dtype != tf.bool))


def _value(v: Any, dtype: tf.DType) -> tf.Tensor:
    """``v`` cast to ``dtype`` as NumPy's assignment does, with as few ops as possible."""
    if isinstance(v, tf.Tensor) and v.dtype == dtype:
        return v
    if _constant_kind(v, dtype):
        try:
            zero = signed_zero(v, dtype)
            return tf.constant(v, dtype) if zero is None else zero
        except (TypeError, ValueError):
            pass  # out of range for dtype, float into int: NumPy's rules below
    return _cast(v, dtype)


def _fit(val: tf.Tensor, shape: list[int | None], dynamic_shape: Any) -> tf.Tensor:
    """``val`` broadcast to the selection's shape (dropping extra leading 1s, as NumPy)."""
    if val.shape.rank is None:
        # Unknown rank (in a graph, TF's getitem with a tensor step: `phi[p::p] // p`):
        # drop the extra leading axes with shape ops; reshape fails if they are not 1s.
        vs = tf.shape(val, out_type=tf.int64)
        val = tf.reshape(val, vs[tf.maximum(tf.size(vs, out_type=tf.int64) - len(shape), 0):])
        return tf.broadcast_to(val, int_vector(shape) if None not in shape else dynamic_shape)
    extra = val.shape.rank - len(shape)
    if extra > 0:
        vs = val.shape[extra:]
        val = tf.reshape(val, int_vector(vs.as_list()) if vs.is_fully_defined()
                         else tf.shape(val)[extra:])
    if None not in shape:
        if val.shape.as_list() == shape:
            return val
        return tf.broadcast_to(val, int_vector(shape))
    return tf.broadcast_to(val, dynamic_shape)


# In a graph, a Python number written to a static selection of at most this many elements
# is one constant of the selection's shape (a splat: TensorFlow stores the value once),
# not a scalar constant, a shape constant and a BroadcastTo; bigger selections broadcast
# (a constant is materialized when XLA lowers it).
SPLAT_MAX = 4096


def _splat(v: Any, dtype: tf.DType, shape: list[int | None]) -> tf.Tensor | None:
    """``_value(v, dtype)`` broadcast to ``shape`` as one graph constant, or None."""
    if type(v) not in (int, float) or tf.executing_eagerly() or None in shape:
        return None
    if not _constant_kind(v, dtype):
        return None  # NumPy's casting rules (_value's other path)
    if not 0 < int(np.prod(shape)) <= SPLAT_MAX:
        return None
    try:
        return graph_constant(v, dtype, shape)
    except (TypeError, ValueError):
        return None  # out of range for dtype: _value raises or casts as NumPy does


def _write_basic(x: tf.Tensor, plan: Plan, v: Any) -> tf.Tensor:
    splat = _splat(v, x.dtype, plan.shape)
    val = _value(v, x.dtype) if splat is None else splat
    eager = tf.executing_eagerly()
    xla = not eager and in_xla()
    if plan.box is not None and (not xla or _xla_concat(x)) and _by_concat(x, plan.box, eager):
        return _concat_write(x, plan.box, _fit(val, plan.shape, None))
    if val.shape.rank is not None and not xla and (eager or None in plan.shape):
        # TensorStridedSliceUpdate broadcasts the value itself (not under XLA): only
        # NumPy's extra leading 1s go, and a shape that cannot broadcast raises here, as
        # NumPy does, when the shapes are known (else the op raises when it runs). That
        # saves an eager op, or the ops that find a dynamic selection's shape; in a graph
        # with static shapes a broadcast constant value is folded, and copying it is
        # faster than the op's own broadcasting (7.4 against 9.4 us for a 601 row).
        if val.shape.rank:
            val = _drop_leading_ones(val, len(plan.shape))
            _check_broadcast(val.shape, plan.shape)
    else:
        dyn = None
        if None in plan.shape:
            begin, end, strides = bounds(plan)
            dyn = tf.shape(tf.strided_slice(x, begin, end, strides, **plan.masks))
        val = _fit(val, plan.shape, dyn)
    if 0 in plan.shape:
        # Nothing selected: NumPy leaves the array alone (XLA also fails on this op
        # with an empty value). The value was still checked to broadcast.
        return x
    begin, end, strides = bounds(plan)
    return tf.raw_ops.TensorStridedSliceUpdate(
        input=x, begin=begin, end=end, strides=strides, value=val, **plan.masks)


def _drop_leading_ones(val: tf.Tensor, rank: int) -> tf.Tensor:
    """``val`` without the leading axes past ``rank`` (NumPy: ``a[0] = [[1, 2, 3]]``)."""
    extra = val.shape.rank - rank
    if extra <= 0:
        return val
    vs = val.shape[extra:]
    if any(d not in (1, None) for d in val.shape[:extra]):
        _check_broadcast(val.shape, [None] * rank)  # raises: NumPy's error
    return tf.reshape(val, int_vector(vs.as_list()) if vs.is_fully_defined()
                      else tf.shape(val)[extra:])


def _check_broadcast(vshape: tf.TensorShape, shape: list[int | None]) -> None:
    """NumPy's error when a value of ``vshape`` cannot be assigned into ``shape``."""
    vdims = vshape.as_list()
    ok = len(vdims) <= len(shape) and all(
        v is None or s is None or v in (1, s) for v, s in zip(reversed(vdims), reversed(shape)))
    if not ok:
        raise ValueError(f"could not broadcast input array from shape {tuple(vdims)} into "
                         f"shape {tuple(shape)}")


# Writing a block by concat builds the whole array anew at copy speed; the strided-slice
# update writes only the block, in place when the input can be forwarded (in graphs), but
# at several ns per element (Eigen's strided-slice assignment). Measured on 2 CPU cores
# (benchmarks/setitem.py): `u[1:, 1:] = v` on 601x601 float64 in a graph loop is 4-5x
# faster by concat; a row of it is 20x slower by concat. Concat is used when the block
# is at least this many elements, and a large enough share of the array: per axis the
# block does not span, another concat copies it once more. In graphs concat wins from
# ~30x30 blocks on; eagerly each of its ops (two slices and a concat per axis) costs as
# much as copying ~10^4 elements, so only blocks from ~180x180 on gain.
_CONCAT_MIN_GRAPH = 1024
_CONCAT_MIN_EAGER = 32768
_CONCAT_SHARE = 0.2


# Under XLA the update is a dynamic-update-slice, in place, and XLA keeps each slice the
# value reads from the same array as a kernel of its own; by concat the value's slices fuse
# into the kernels that build the new array. Measured per iteration of a 5-point stencil in
# an XLA while loop (benchmarks/setitem_xla.py, 2-core Xeon), writing into the loop state:
# concat 1.7 against 2.5 us at 48x48, 6.0 against 6.9 at 81x81, 10.7 against 12.4 at
# 112x112, 59 against 89 at 200x200, 1046 against 1809 at 801x801; but 25 against 17 us at
# 128x128 and even at 160x160. Writing into a fresh constant (`lap = zeros_like(u)`), which
# XLA fills and updates in one kernel, the update is as fast up to 112x112 and faster from
# 128x128 on (520 against 668 us at 801x801). So under XLA: concat for arrays of up to
# XLA_CONCAT_MAX elements, and from XLA_CONCAT_LARGE on when the target is not a constant.
XLA_CONCAT_MAX = 112 * 112
XLA_CONCAT_LARGE = 200 * 200
_CONSTANT_OPS = frozenset({"Const", "Fill", "BroadcastTo", "ZerosLike", "OnesLike"})


def _xla_concat(x: tf.Tensor) -> bool:
    """Whether XLA builds a block write of ``x`` faster by concat (see above)."""
    if not x.shape.is_fully_defined():
        return False
    size = x.shape.num_elements()
    return size <= XLA_CONCAT_MAX or (size >= XLA_CONCAT_LARGE and getattr(getattr(x, "op", None), "type", None) not in _CONSTANT_OPS)


def _by_concat(x: tf.Tensor, box: tuple[tuple[int, int], ...], eager: bool) -> bool:
    """Whether to write the block ``box`` of ``x`` by concat (under XLA, small arrays only:
    see above)."""
    size, total, cut = 1, 1, 0
    for (a, b), n in zip(box, x.shape.as_list()):
        size *= b - a
        total *= n
        cut += b - a != n
    if cut == 0 or size == 0:
        return False  # the whole array: the update op copies the value once, as concat
    least = _CONCAT_MIN_EAGER if eager else _CONCAT_MIN_GRAPH
    return size >= least and size >= _CONCAT_SHARE * cut * total


def _concat_write(x: tf.Tensor, box: tuple[tuple[int, int], ...], val: tf.Tensor) -> tf.Tensor:
    """``x`` with ``val`` (already the selection's shape) in the block ``box``, by concat.

    From the last axis the block does not span outwards: the block grows to that axis'
    full length with the parts of ``x`` before and after it (restricted to the block
    on the axes before, whole on the axes after).
    """
    dims = x.shape.as_list()
    sizes = [b - a for a, b in box]
    if val.shape.as_list() != sizes:
        val = tf.reshape(val, int_vector(sizes))  # int axes back as length-1 axes
    cur = val
    for k in reversed(range(len(dims))):
        a, b = box[k]
        if (a, b) == (0, dims[k]):
            continue
        head = [box[j][0] for j in range(k)]
        lead = sizes[:k]
        rest = [0] * (len(dims) - k - 1)
        parts = []
        if a > 0:
            parts.append(tf.raw_ops.Slice(input=x, begin=int_vector(head + [0] + rest),
                                          size=int_vector(lead + [a] + dims[k + 1:])))
        parts.append(cur)
        if b < dims[k]:
            parts.append(tf.raw_ops.Slice(input=x, begin=int_vector(head + [b] + rest),
                                          size=int_vector(lead + [dims[k] - b] + dims[k + 1:])))
        cur = tf.raw_ops.ConcatV2(values=parts, axis=k)
    return cur


def _as_mask(x: tf.Tensor, idx: Any) -> tf.Tensor | None:
    """The boolean mask ``idx`` is (alone or as a 1-tuple), when it can drive a ``where``.

    A mask covers ``x``'s leading axes. Its shape must equal theirs; NumPy raises
    otherwise, while ``tf.where`` would broadcast a length-1 mask axis silently, so
    shapes that are not known to match go to the general path (which raises).
    """
    if isinstance(idx, tuple) and len(idx) == 1:
        idx = idx[0]
    if isinstance(idx, np.ndarray) and idx.dtype == np.bool_ and idx.ndim:
        idx = tf.constant(idx)
    if not (isinstance(idx, (tf.Tensor, tf.Variable)) and idx.dtype == tf.bool):
        return None
    rank, xr = idx.shape.rank, x.shape.rank
    if rank is None or xr is None or not 1 <= rank <= xr:
        return None
    lead = x.shape[:rank]
    if idx.shape.is_fully_defined() and lead.is_fully_defined():
        return idx if idx.shape == lead else None
    # Dynamic shapes: keep the long-standing same-rank case (masks built from x itself).
    return idx if rank == xr else None


def setitem(a: Any, idx: Any, v: Any) -> tf.Tensor:
    """The array NumPy's ``a[idx] = v`` leaves in ``a``, as a new tensor.

    Args:
        a: the array written to (tensor, variable, NumPy array or nested list).
        idx: any NumPy index: ints, slices, ``...``, ``None``, boolean masks, integer
            arrays and tuples mixing them. Slice bounds and integer indices may be
            scalar tensors (loop counters inside ``tf.function``).
        v: the value, cast to ``a.dtype`` the way NumPy does (``2.7`` into int gives 2)
            and broadcast to the selection.

    Returns:
        A tensor shaped and typed like ``a``. With repeated integer indices the last
        write wins on CPU; TensorFlow does not promise an order on other devices.

    Raises:
        IndexError: an integer index is out of range for a static dimension, or there
            are more indices than axes.
    """
    x = a if isinstance(a, tf.Tensor) else as_tensor(a)
    plan = basic_plan(x.shape, idx)
    if plan is None and x.shape.rank:
        run = _run_of(idx, x.shape[0])  # x[np.arange(a, b)] = v: the slice write x[a:b] = v
        if run is not None:
            plan = basic_plan(x.shape, slice(*run))
    if plan is not None:
        return _write_basic(x, plan, v)
    idx = _index(idx)
    mask = _as_mask(x, idx)
    if mask is not None:
        val = _value(v, x.dtype)
        # `x[x < 0] = 0` and `X[labels == k] = row`: a value that is the same for every
        # selected element is a select, which keeps static shapes (XLA compiles it).
        if val.shape.rank is not None and val.shape.rank <= x.shape.rank - mask.shape.rank:
            extra = x.shape.rank - mask.shape.rank
            if extra:
                mask = tf.reshape(mask, int_vector(mask.shape.as_list() + [1] * extra)
                                  if mask.shape.is_fully_defined()
                                  else tf.concat([tf.shape(mask), [1] * extra], 0))
            return tf.where(mask, val, x)
        if not in_xla():
            return _mask_stitch(x, mask, v)
        nd = tf.where(mask)  # (count, mask rank) positions of the True elements, in order
    else:
        nd = _integer_arrays(x, idx)
    if nd is not None:
        # One scatter into x itself; its updates are x[idx]'s shape.
        return tf.tensor_scatter_nd_update(x, nd, _updates_for(x, nd, v))
    pos = _positions(x, idx)
    vals = _values_for(as_tensor(v), x.dtype, pos)
    out = tf.tensor_scatter_nd_update(
        tf.reshape(x, [-1]), tf.reshape(pos, [-1, 1]), tf.reshape(vals, [-1]))
    return tf.reshape(out, tf.shape(x))


_STITCH_MIN_EAGER = 2**16


def _mask_stitch(x: tf.Tensor, mask: tf.Tensor, v: Any) -> tf.Tensor:
    """``x[mask] = v`` with per-element values, as one ``DynamicStitch``.

    The mask's axes are flattened into one; the stitch lays ``x``'s rows at their own
    positions, then ``v``'s rows at the True positions (later data wins in DynamicStitch,
    as documented). It copies ``x`` once at memory speed: in graph loops 1.3-2x faster
    than a scatter with 2-D indices from 64x64 to 400x400 (benchmarks/setitem.py). It
    takes nine ops to the scatter's two or three, which eagerly costs more than it saves
    below ~2**16 elements; DynamicStitch takes int32 positions, so arrays of 2**31
    elements and more scatter too.
    """
    r = mask.shape.rank
    rest = x.shape[r:]
    lead = x.shape[:r]
    n = lead.num_elements() if lead.is_fully_defined() else None
    if n is not None and (n >= 2**31 - 1 or (n < _STITCH_MIN_EAGER and tf.executing_eagerly())):
        nd = tf.where(mask)
        return tf.tensor_scatter_nd_update(x, nd, _updates_for(x, nd, v))
    rows = tf.reshape(x, int_vector([-1] + rest.as_list()) if rest.is_fully_defined()
                      else tf.concat([[-1], tf.shape(x)[r:]], 0))
    flat = tf.where(tf.reshape(mask, int_vector([-1])))  # (count, 1), in C order
    upd = _updates_for(rows, flat, v)
    pos = tf.cast(tf.reshape(flat, int_vector([-1])), tf.int32)
    every = tf.range(n) if n is not None else tf.range(tf.shape(rows)[0])
    out = tf.raw_ops.DynamicStitch(indices=[every, pos], data=[rows, upd])
    return tf.reshape(out, int_vector(x.shape.as_list()) if x.shape.is_fully_defined()
                      else tf.shape(x))


def _updates_for(x: tf.Tensor, nd: tf.Tensor, v: Any) -> tf.Tensor:
    """``v`` cast and broadcast to the shape of the slices ``nd`` selects from ``x``."""
    sel = tf.TensorShape(nd.shape[:-1]).concatenate(x.shape[nd.shape[-1]:])
    dyn = None if sel.is_fully_defined() else tf.concat(
        [tf.shape(nd, out_type=tf.int64)[:-1], tf.shape(x, out_type=tf.int64)[nd.shape[-1]:]], 0)
    return _fit(_value(v, x.dtype), sel.as_list(), dyn)


def _integer_arrays(x: tf.Tensor, idx: Any) -> tf.Tensor | None:
    """``scatter_nd`` indices for ``x[i0, i1, ...]`` with integer arrays (and ints) only.

    NumPy broadcasts the index arrays together and the selection is their broadcast
    shape followed by the axes not indexed; negative indices count from the end. Any
    slice, ``None`` or ``...`` in the tuple moves the selected axes around, so those go
    to the general path.
    """
    items = idx if isinstance(idx, tuple) else (idx,)
    if not items or len(items) > (x.shape.rank or 0):
        return None
    arrays = []
    for it in items:
        if static_int(it) is not None:
            it = tf.constant(static_int(it), tf.int64)
        elif isinstance(it, np.ndarray) and it.dtype.kind in "iu":
            it = tf.constant(it, tf.int64)
        if not (isinstance(it, (tf.Tensor, tf.Variable)) and it.dtype.is_integer
                and it.shape.rank is not None):
            return None
        arrays.append(tf.cast(it, tf.int64))
    if all(a.shape.rank == 0 for a in arrays):
        return None  # plain ints: the basic path handles them (only tensors reach here)
    shape = arrays[0].shape
    for a in arrays[1:]:
        shape = tf.broadcast_static_shape(shape, a.shape)
    dims = tf.shape(x, out_type=tf.int64)
    cols = []
    for k, a in enumerate(arrays):
        n = x.shape[k] if x.shape[k] is not None else dims[k]
        a = tf.where(a < 0, a + n, a)
        cols.append(a if a.shape == shape or not shape.is_fully_defined()
                    else tf.broadcast_to(a, int_vector(shape.as_list())))
    if not shape.is_fully_defined() and len(cols) > 1:
        return None  # unknown broadcast shapes: the general path broadcasts dynamically
    return tf.stack(cols, axis=-1)


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
    scatter = _SCATTER.get(_op_name(op))
    if scatter is not None and x.dtype != tf.bool:
        # Integer arrays (the usual np.add.at(counts, labels, 1)): one scatter into x.
        nd = _integer_arrays(x, _index(idx))
        if nd is not None:
            return scatter(x, nd, _updates_for(x, nd, v))
    pos = _positions(x, idx)
    vals = _values_for(as_tensor(v), x.dtype, pos)
    flat_pos = tf.reshape(pos, [-1, 1])
    flat_vals = tf.reshape(vals, [-1])
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


def reshape_as(x: Any, like: Any) -> tf.Tensor:
    """``x``'s elements, in C order, in the shape of ``like``.

    Writes back through a reshaped view: ``flat = b.ravel(); flat[::3] = 0`` changes ``b``
    in NumPy, and converts to ``flat = n2t.setitem(...)`` followed by
    ``b = n2t.reshape_as(flat, b)`` (the converter only does so when the reshape was a
    view, that is when ``b`` is C-contiguous).
    """
    t, target = as_tensor(x), as_tensor(like)
    shape = target.shape.as_list() if target.shape.is_fully_defined() else tf.shape(target)
    return tf.reshape(t, shape)


def unpack(value: Any, n: int) -> Any:
    """What ``a, b = value`` unpacks, in code that runs as a graph.

    Python iterates over ``value``, which a graph tensor does not allow. A tensor is split
    along its first axis into ``n`` tensors instead (``tf.unstack`` checks that the axis
    has length ``n``, as unpacking does: statically, or when the graph runs). Anything
    else (tuples from ``svd``, shapes, lists) comes back as it is, for Python to unpack.
    """
    if isinstance(value, (tf.Tensor, tf.Variable)):
        return tf.unstack(value, num=n)
    return value


# -- reads: ``x[idx]`` (installed as tf.Tensor.__getitem__ by _behavior) -------------------

def getitem(x: tf.Tensor, key: Any) -> tf.Tensor | None:
    """``x[key]`` with NumPy's semantics by as few ops as the index allows, or None.

    None leaves the key to TensorFlow's NumPy-style getitem (``tnp``'s ``_slice_helper``),
    which handles every index kind but builds its index tensors op by op on every call:
    ``X[idx]`` with an index array took 12 eager ops (a full-range strided slice, stacks,
    casts, a gather of the shape...), ``un[i]`` in a graph loop a pack, add and two packs
    before its slice. The fast paths here:

    - basic indices (ints, slices, ``...``, ``None``; tensor ints and bounds in graphs):
      one ``StridedSlice`` (:func:`basic_getitem`);
    - integer arrays (tensors, NumPy arrays, flat lists, ranges) among basic indices:
      the basic part as one ``StridedSlice`` (none when it is all ``:``), then one
      ``GatherV2`` for a single array (``X[idx]``, ``X[:, idx]``) or one ``GatherNd``
      of the broadcast arrays (``p[np.arange(n), y]``), and a ``Transpose`` where NumPy
      puts the arrays' axes elsewhere than the gather does (:func:`_array_getitem`);
    - a boolean mask over the leading axes, alone (``x[x > 0]``): ``GatherNd`` of
      ``Where`` (``boolean_mask`` took about ten ops); a 1-D mask among other indices
      is the integer array of its True positions.

    Negative indices wrap as in NumPy. Indices given in Python (lists, NumPy arrays,
    ranges) are checked and wrapped in Python, with NumPy's IndexError; tensor indices
    take a select (``i < 0 ? i + n : i``, three ops) and out-of-range values are the
    gather's error, as with ``tnp`` (InvalidArgumentError when the op runs on CPU; XLA
    clamps). Results keep ``x``'s dtype; a 0-d result is a 0-d tensor.
    """
    rank = x.shape.rank
    if isinstance(key, tf.Tensor) and key.shape.rank and rank:
        # The common ``X[idx]`` / ``x[mask]`` first, without looking for basic indices.
        if key.dtype == tf.bool:
            return _mask_getitem(x, key, False)
        if key.dtype in (tf.int32, tf.int64):
            n = x.shape[0]
            i = _positions_of("tensor", key, n, None if n is not None else tf.shape(
                x, out_type=key.dtype)[0], 0)
            return tf.raw_ops.GatherV2(params=x, indices=i, axis=_scalar(0, tf.int32))
    out = basic_getitem(x, key)
    if out is not None:
        return out
    if rank is None:
        return None
    items = key if isinstance(key, tuple) else (key,)
    if len(items) == 1:
        mask = _read_mask(items[0])
        if mask is not None:
            return _mask_getitem(x, mask, not isinstance(items[0], tf.Tensor))
    return _array_getitem(x, items)


# Eager scalar constants (axis sizes for wrapping, gather axes), per value and dtype.
_SCALARS: dict[tuple[int, tf.DType], tf.Tensor] = {}


def _scalar(v: int, dtype: tf.DType) -> tf.Tensor:
    if not tf.executing_eagerly():
        return graph_constant(v, dtype)
    t = _SCALARS.get((v, dtype))
    if t is None:
        if len(_SCALARS) >= 4096:
            _SCALARS.clear()
        t = _SCALARS[(v, dtype)] = tf.constant(v, dtype)
    return t


def _host_array(it: Any) -> np.ndarray | None:
    """``it`` as a NumPy array when it is index data given in Python (list, range, array)."""
    if isinstance(it, np.ndarray):
        return it if it.ndim else None  # 0-d arrays are ints (basic) or a 0-d mask
    if isinstance(it, range):
        return np.arange(it.start, it.stop, it.step, dtype=np.int64)
    if isinstance(it, list):
        if not it:
            return np.zeros(0, np.intp)  # NumPy: an empty list is an empty integer index
        kinds = {type(v) for v in it}
        # Flat lists of ints or of bools only: nested lists, and lists holding slices or
        # tensors, keep tnp's reading (which differs from NumPy 2 for some of them).
        if all(t is not bool and issubclass(t, (int, np.integer)) for t in kinds) or kinds <= {bool}:
            return np.array(it)
    return None


def _wrapped(i: np.ndarray, n: int) -> np.ndarray | None:
    """int64 host index data ``i`` for an axis of length ``n`` with NumPy's wrapping of
    negative indices, or None when one is out of range."""
    if i.size:
        lo, hi = int(i.min()), int(i.max())
        if hi >= n or lo < -n:
            return None
        if lo < 0:
            return np.where(i < 0, i + n, i)
    return i


def _run_of(it: Any, n: int | None) -> tuple[int, int] | None:
    """``(start, stop)`` when ``it`` is integer index data given in Python (a 1-D array,
    list or range of ints) that picks consecutive positions of an axis of static length
    ``n``, after NumPy's wrapping of negative ones: then ``x[it]`` is ``x[start:stop]``
    (same elements, same shape), one strided slice instead of a constant and a gather.
    Out-of-range data and anything else: None (the array paths raise NumPy's IndexError)."""
    if n is None or isinstance(it, (tf.Tensor, bool)):
        return None
    arr = _host_array(it)
    if arr is None or arr.ndim != 1 or not arr.size or arr.dtype.kind not in "iu":
        return None
    if arr.dtype == np.uint64 and arr.max() > np.iinfo(np.int64).max:
        return None
    arr = _wrapped(arr.astype(np.int64), n)
    if arr is None:
        return None
    start = int(arr[0])
    if int(arr[-1]) - start != arr.size - 1 or (arr.size > 1 and not (np.diff(arr) == 1).all()):
        return None
    return start, start + arr.size


def _read_mask(key: Any) -> tf.Tensor | None:
    """``key`` as a boolean tensor of rank >= 1 when it is a mask (tensor, array, list)."""
    if isinstance(key, tf.Tensor):
        if key.dtype == tf.bool and key.shape.rank:
            return key
        return None
    arr = _host_array(key)
    if arr is not None and arr.dtype == np.bool_:
        return tf.constant(arr)
    return None


def _mask_getitem(x: tf.Tensor, mask: tf.Tensor, host: bool) -> tf.Tensor | None:
    """``x[mask]``: the rows of ``x`` at the mask's True positions, in C order.

    The mask's shape must be known and equal ``x``'s leading axes (NumPy raises
    otherwise: here for a mask given in Python (``host``), for a tensor ``tnp``'s
    ``boolean_mask``, which gets any other case, raises its own error).
    ``GatherNd`` of ``Where`` is two ops where ``boolean_mask`` takes about ten.
    """
    r = mask.shape.rank
    lead = x.shape[:r]
    if r > x.shape.rank or not (mask.shape.is_fully_defined() and lead.is_fully_defined()
                                and mask.shape == lead):
        if host and r <= x.shape.rank:
            for axis, (n, m) in enumerate(zip(lead.as_list(), mask.shape.as_list())):
                if n is not None and n != m:
                    raise IndexError(f"boolean index did not match indexed array along axis "
                                     f"{axis}; size of axis is {n} but size of corresponding "
                                     f"boolean axis is {m}")
        return None
    return _gather_nd(x, tf.raw_ops.Where(condition=mask))


def _gather_nd(params: tf.Tensor, indices: tf.Tensor) -> tf.Tensor:
    """``GatherNd``, also where each gathered slice is empty (params of shape ``(2, 2, 0)``).

    The kernel refuses any index into params without elements, though NumPy's result is
    then just empty: ``(selected, 0)``, zeros of that shape here (tensor indices are not
    checked then).
    """
    rest = params.shape[indices.shape[-1]:]
    if rest.is_fully_defined() and rest.num_elements() == 0:
        lead = tf.shape(indices, out_type=tf.int64)[:-1]
        return tf.zeros(tf.concat([lead, int_vector(rest.as_list(), tf.int64)], 0), params.dtype)
    return tf.raw_ops.GatherNd(params=params, indices=indices)


def _int_index(it: Any) -> tuple[str, Any] | None:
    """What kind of array index ``it`` is: ``("host", NumPy array)`` for index data given
    in Python (ints, or a 1-D mask), ``("tensor", int32/int64 tensor)``, ``("mask",
    1-D bool tensor)``; None for anything else."""
    if isinstance(it, tf.Tensor):
        if not it.shape.rank:
            return None  # unknown rank, or 0-d (an int, or a 0-d mask)
        if it.dtype == tf.bool:
            return ("mask", it) if it.shape.rank == 1 else None
        if it.dtype in (tf.int32, tf.int64):
            return "tensor", it
        if it.dtype.is_integer and it.dtype != tf.uint64:  # tnp refuses uint64 too
            return "tensor", tf.cast(it, tf.int64)
        return None
    arr = _host_array(it)
    if arr is None or arr.dtype.kind not in "iub" or (arr.dtype.kind == "b" and arr.ndim != 1):
        return None
    if arr.dtype == np.uint64 and arr.size and arr.max() > np.iinfo(np.int64).max:
        return None  # would wrap to negative int64 indices: tnp raises
    return "host", arr


def _positions_of(kind: str, i: Any, n: int | None, n_dyn: Any, axis: int) -> Any:
    """Index array ``i`` for an axis of length ``n`` as a tensor NumPy's way, or None.

    Negative indices wrap. Index data given in Python is checked (and wrapped) here,
    with NumPy's IndexError; a tensor gets a select. A 1-D mask is the positions of its
    True elements, when its length is known to be the axis'.
    """
    if kind == "mask":
        if n is None or i.shape[0] != n:
            return None  # tnp (or the op) says what is wrong
        return tf.reshape(tf.raw_ops.Where(condition=i), int_vector([-1]))
    if kind == "host":
        if i.dtype == np.bool_:
            if n is None:
                return None
            if i.shape[0] != n:
                raise IndexError(f"boolean index did not match indexed array along axis "
                                 f"{axis}; size of axis is {n} but size of corresponding "
                                 f"boolean axis is {i.shape[0]}")
            return tf.constant(np.flatnonzero(i).astype(np.int64))
        i = i.astype(np.int64)
        if n is None:
            if not (i.size and i.min() < 0):
                return tf.constant(i)
            i = tf.constant(i)  # the axis length is known when the graph runs: wrap there
        else:
            wrapped = _wrapped(i, n)
            if wrapped is None:
                hi = int(i.max())
                bad = hi if hi >= n else int(i.min())
                raise IndexError(f"index {bad} is out of bounds for axis {axis} "
                                 f"with size {n}")
            return tf.constant(wrapped)
    size = _scalar(n, i.dtype) if n is not None else tf.cast(n_dyn, i.dtype)
    neg = tf.raw_ops.Less(x=i, y=_scalar(0, i.dtype))
    return tf.raw_ops.SelectV2(condition=neg, t=tf.raw_ops.AddV2(x=i, y=size), e=i)


def _array_getitem(x: tf.Tensor, items: tuple[Any, ...]) -> tf.Tensor | None:
    """``x[items]`` for integer arrays (and 1-D masks) among basic indices, else None.

    The basic index with each array replaced by ``:`` (ints still drop their axes) is
    one strided slice; the arrays then pick from its axes: one array is a ``GatherV2``
    on its axis, several a ``GatherNd`` of their broadcast, stacked positions (after a
    transpose that brings their axes first, unless they are first already). NumPy puts
    the broadcast shape of the arrays where they are when they, with any ints among the
    indices (which then count as 0-d arrays), are adjacent in the index, and first
    otherwise (``a[0, :, [1]]`` is ``(1, n)``, where ``tnp`` gave ``(n, 1)``): a
    transpose moves them there when the gather left them elsewhere.
    """
    rank = x.shape.rank
    arrays: dict[int, tuple[str, Any]] = {}
    ints: set[int] = set()
    consumed = 0
    for k, it in enumerate(items):
        if it is None or it is Ellipsis:
            continue
        consumed += 1
        if isinstance(it, slice):
            continue
        if static_int(it) is not None or (isinstance(it, tf.Tensor) and it.dtype.is_integer
                                          and it.shape.rank == 0):
            ints.add(k)
            continue
        found = _int_index(it)
        if found is None:
            return None
        arrays[k] = found
    if not arrays or consumed > rank or sum(it is Ellipsis for it in items) > 1:
        return None  # (tnp raises for too many indices)
    block = sorted([*arrays, *ints])
    adjacent = block == list(range(block[0], block[-1] + 1))
    # Each index's axis in x, and each array's axis in the basic part's result.
    x_axes: dict[int, int] = {}
    sub_axes: list[int] = []
    d = s = 0
    for k, it in enumerate(items):
        if it is Ellipsis:
            d += rank - consumed
            s += rank - consumed
            continue
        if it is not None:
            x_axes[k] = d
            d += 1
        if k in arrays:
            sub_axes.append(s)
        if k not in ints:
            s += 1
    if len(arrays) == 1 and (adjacent or sub_axes[0] == 0):
        # x[np.arange(a, b)], x[i + 1] with i a host arange: the slice x[a:b]
        (k, (kind, i)), = arrays.items()
        run = _run_of(i, x.shape[x_axes[k]]) if kind == "host" else None
        if run is not None:
            out = basic_getitem(x, tuple(slice(*run) if j == k else it for j, it in enumerate(items)))
            if out is not None:
                return out
    basic = tuple(slice(None) if k in arrays else it for k, it in enumerate(items))
    whole = all(it is Ellipsis or (isinstance(it, slice) and it.start is None
                                   and it.stop is None and it.step is None) for it in basic)
    sub = x if whole else basic_getitem(x, basic)
    if sub is None:
        return None
    dyn = None if x.shape.is_fully_defined() else tf.shape(x, out_type=tf.int64)
    positions = []
    for k, (kind, i) in arrays.items():
        n = x.shape[x_axes[k]]
        p = _positions_of(kind, i, n, None if n is not None else dyn[x_axes[k]], x_axes[k])
        if p is None:
            return None
        positions.append(p)
    sub_rank = sub.shape.rank
    if len(positions) == 1:
        a = sub_axes[0]
        out = tf.raw_ops.GatherV2(params=sub, indices=positions[0], axis=_scalar(a, tf.int32))
        if adjacent or a == 0:
            return out
        r = positions[0].shape.rank  # the index's axes are at a..a+r-1: move them first
        return _transpose(out, [*range(a, a + r), *range(a), *range(a + r, sub_rank - 1 + r)])
    if sub_axes != list(range(len(sub_axes))):
        rest = [j for j in range(sub_rank) if j not in sub_axes]
        sub = _transpose(sub, [*sub_axes, *rest])
    if len({p.dtype for p in positions}) > 1:
        positions = [tf.cast(p, tf.int64) for p in positions]
    shape = positions[0].shape
    for p in positions[1:]:
        shape = tf.broadcast_static_shape(shape, p.shape)
    if shape.is_fully_defined():
        positions = [p if p.shape == shape else tf.broadcast_to(p, int_vector(shape.as_list()))
                     for p in positions]
    else:
        target = tf.shape(positions[0])
        for p in positions[1:]:
            target = tf.broadcast_dynamic_shape(target, tf.shape(p))
        positions = [tf.broadcast_to(p, target) for p in positions]
    out = _gather_nd(sub, tf.stack(positions, axis=-1))
    a, r = sub_axes[0], shape.rank
    if not adjacent or a == 0:
        return out
    left = sub_rank - len(positions)  # the axes not indexed, after the r broadcast ones
    return _transpose(out, [*range(r, r + a), *range(r), *range(r + a, r + left)])


def _transpose(x: tf.Tensor, perm: list[int]) -> tf.Tensor:
    return tf.raw_ops.Transpose(x=x, perm=int_vector(perm))
