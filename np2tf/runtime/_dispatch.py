"""Shared helpers for the runtime: what counts as an array, dtype mapping, axes.

Converted code calls ``n2t.ndarray.sum(x)`` wherever NumPy code said ``x.sum()`` and the
converter could not prove ``x`` is an array, so every helper first asks :func:`is_array`
and otherwise hands the call back to the object's own method.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import numpy as np
import tensorflow as tf
import tensorflow.experimental.numpy as tnp

F = TypeVar("F", bound=Callable[..., Any])

# Python scalars count as arrays: NumPy code calls methods on NumPy scalars
# (``np.float64(x).item()``), which the converter turns into plain Python numbers.
_ARRAY_TYPES = (tf.Tensor, tf.Variable, np.ndarray, np.generic, bool, int, float, complex)


def is_array(obj: Any) -> bool:
    """Whether ``obj`` gets NumPy semantics (tensor, variable, NumPy array or scalar)."""
    return isinstance(obj, _ARRAY_TYPES)


def as_tensor(obj: Any) -> tf.Tensor:
    """``obj`` as a tensor with NumPy's default dtypes (Python float -> float64)."""
    if isinstance(obj, tf.Tensor):
        return obj
    if isinstance(obj, tf.Variable):
        return tf.convert_to_tensor(obj)
    return tnp.asarray(obj)


# Eager ops convert Python lists (shapes, perms, slice bounds) to tensors on every call,
# which costs far more than the op itself on small arrays; the handful of distinct
# vectors a program uses are cached. Bounded so pathological programs cannot grow it.
_INT_VECTORS: dict[tuple[tf.DType, tuple[int, ...]], tf.Tensor] = {}
_INT_VECTORS_MAX = 4096


def graph_constant(value: Any, dtype: Any, shape: Any = None) -> Any:
    """``tf.constant(value, dtype, shape)`` for a runtime helper's own operand in a graph (an
    axis, a bound, a bit mask, a value to write: never handed to user code), one ``Const``
    per graph, value, dtype and shape where that is safe
    (:func:`np2tf.runtime._behavior._graph_constants`). Floats are told apart by ``repr``
    (``-0.0`` is not ``0.0``); NaN is never shared."""
    from tensorflow.python.framework import ops

    from np2tf.runtime._behavior import _graph_constants

    table = _graph_constants(ops.get_default_graph())
    if table is None or (isinstance(value, float) and value != value):
        return tf.constant(value, dtype, shape=shape)
    data = tuple(value) if isinstance(value, list) else repr(value) if isinstance(value, float) else value
    key = ("graph_constant", type(value), data, dtype, None if shape is None else tuple(shape))
    shared = table.get(key)
    if shared is None:
        shared = table[key] = tf.constant(value, dtype, shape=shape)
    return shared


def int_vector(values: Sequence[int], dtype: tf.DType = tf.int32) -> Any:
    """``values`` as a 1-D int tensor, cached in eager mode.

    In a ``tf.function`` it is a graph constant built at trace time (caching eager tensors
    there would only add captures), one per graph and value where the graph allows sharing
    (``_behavior._graph_constants``): slice bounds and shapes repeat, 82 calls for 9 values
    in held-out ``convection2d``. These vectors only feed np2tf's own ops (no gradient, no
    user code holds them).
    """
    key = (dtype, tuple(values))
    if not tf.executing_eagerly():
        # A typed constant of explicit shape: a bare [] would become a float32 tensor.
        return graph_constant(list(key[1]), dtype, [len(key[1])])
    t = _INT_VECTORS.get(key)
    if t is None:
        if len(_INT_VECTORS) >= _INT_VECTORS_MAX:
            _INT_VECTORS.clear()
        t = _INT_VECTORS[key] = tf.constant(key[1], dtype=dtype, shape=[len(key[1])])
    return t


def method(name: str) -> Callable[[F], F]:
    """Decorate a helper so non-arrays fall back to ``obj.<name>(*args, **kwargs)``.

    A user class with a ``.sum()`` or a list's ``.copy()`` must keep working after
    conversion, because the converter rewrites calls it cannot type.
    """

    def wrap(fn: F) -> F:
        @functools.wraps(fn)
        def helper(obj: Any, *args: Any, **kwargs: Any) -> Any:
            if not is_array(obj):
                return getattr(obj, name)(*args, **kwargs)
            return fn(obj, *args, **kwargs)

        return helper  # type: ignore[return-value]

    return wrap


def attribute(name: str) -> Callable[[F], F]:
    """Like :func:`method` for attributes: non-arrays give ``getattr(obj, name)``."""

    def wrap(fn: F) -> F:
        @functools.wraps(fn)
        def helper(obj: Any) -> Any:
            if not is_array(obj):
                return getattr(obj, name)
            return fn(obj)

        return helper  # type: ignore[return-value]

    return wrap


_DTYPES: dict[Any, tf.DType] = {}


def to_dtype(dtype: Any) -> tf.DType:
    """NumPy's reading of a dtype argument as a ``tf.DType``.

    ``float`` is float64 and ``int`` is int64 as in NumPy (``tf.as_dtype(float)`` agrees,
    but tensors' own ``astype(float)`` gives float32). Answers are cached: the
    ``np.dtype`` round trip costs more than the cast it usually feeds.
    """
    if isinstance(dtype, tf.DType):
        return dtype
    try:
        return _DTYPES[dtype]
    except (KeyError, TypeError):
        pass
    dt = tf.as_dtype(np.dtype(dtype))
    try:
        _DTYPES[dtype] = dt
    except TypeError:
        pass  # unhashable dtype-like (rare): just not cached
    return dt


def reduce_axes(x: tf.Tensor, axis: Any) -> Any:
    """``axis`` for ``tf.reduce_*``: a cached int vector in eager mode.

    With ``axis=None`` the TF wrappers build ``range(rank)`` as a new tensor on every
    call, which costs several times the reduction itself on small arrays.
    """
    rank = x.shape.rank
    if rank is None or isinstance(axis, (tf.Tensor, tf.Variable)):
        return axis
    if axis is None:
        return int_vector(tuple(range(rank)))
    if isinstance(axis, (int, np.integer)):
        axis = (axis,)
    axes = tuple(int(a) for a in axis)
    if rank == 0 and all(a in (0, -1) for a in axes):
        return int_vector(())  # NumPy reduces a 0-d array along axis 0 (or -1) to itself
    return int_vector(axes)


def no_out(out: Any) -> None:
    """Reject ``out=``: tensors are immutable, so there is no buffer to write into."""
    if out is not None:
        raise NotImplementedError("out= is not supported: TensorFlow tensors are immutable")


def norm_axes(axis: int | Sequence[int] | None, rank: int) -> list[int] | None:
    """Non-negative axes (``None`` stays ``None``); ``tf.gather`` rejects negative ones."""
    if axis is None:
        return None
    axes = [axis] if isinstance(axis, (int, np.integer)) else list(axis)
    out = []
    for ax in axes:
        if not -rank <= ax < max(rank, 1):
            raise np.exceptions.AxisError(int(ax), rank)
        out.append(int(ax) % max(rank, 1))
    return out


def static_count(x: tf.Tensor, axis: int | Sequence[int] | None) -> int | None:
    """How many elements a reduction over ``axis`` combines, if the shape says (no ops)."""
    if x.shape.rank is None:
        return None
    axes = norm_axes(axis, x.shape.rank)
    dims = x.shape.as_list()
    picked = dims if axes is None else [dims[a] for a in axes]
    if None in picked:
        return None
    n = 1
    for d in picked:
        n *= d
    return n


def count(x: tf.Tensor, axis: int | Sequence[int] | None) -> tf.Tensor:
    """How many elements a reduction over ``axis`` combines (int64, dynamic)."""
    n = static_count(x, axis)
    if n is not None:
        return tf.constant(n, tf.int64)
    axes = norm_axes(axis, x.shape.rank)
    if axes is None:
        return tf.size(x, out_type=tf.int64)
    return tf.reduce_prod(tf.gather(tf.shape(x, out_type=tf.int64), axes))


def accumulator(dtype: tf.DType) -> tf.DType:
    """The dtype NumPy's sum/prod/cumsum use: small ints widen to (u)int64, bool to int64."""
    if dtype == tf.bool:
        return tf.int64
    if dtype.is_integer and dtype.size < 8:
        return tf.uint64 if dtype.is_unsigned else tf.int64
    return dtype
