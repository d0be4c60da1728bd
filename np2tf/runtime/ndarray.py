"""ndarray methods and attributes as functions taking the receiver first.

NumPy code's ``x.sum(axis=0)`` becomes ``n2t.ndarray.sum(x, axis=0)`` when the converter
cannot leave the call alone: tensors lack the method, or have it with other semantics
(``tensor.astype(float)`` is float32). Every helper gives NumPy's values and dtypes for
``tf.Tensor``, ``tf.Variable``, ``np.ndarray`` and Python/NumPy scalars, and calls the
object's own method for anything else, so a user class with ``.sum()`` or a list's
``.copy()`` keeps working. All are built from TensorFlow ops and run inside
``tf.function`` and XLA, except :func:`item` and :func:`tolist`, which read the value
back to the host.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import tensorflow as tf
import tensorflow.experimental.numpy as tnp

from np2tf.runtime._dispatch import (
    accumulator,
    as_tensor,
    attribute,
    count,
    int_vector,
    method,
    no_out,
    reduce_axes,
    static_count,
    to_dtype,
)
from np2tf.runtime._ndarray_shape import (  # noqa: F401 -- re-exported
    T,
    diagonal,
    dtype,
    flatten,
    itemsize,
    mT,
    nbytes,
    ndim,
    ravel,
    repeat,
    reshape,
    shape,
    size,
    squeeze,
    swapaxes,
    trace,
    transpose,
)

__all__ = [
    "T", "all", "any", "argmax", "argmin", "argsort", "astype", "clip", "conj", "conjugate",
    "copy", "cumprod", "cumsum", "diagonal", "dot", "dtype", "fill", "flatten", "imag",
    "item", "itemsize", "mT", "max", "mean", "min", "nbytes", "ndim", "nonzero", "prod",
    "ptp", "ravel", "real", "repeat", "reshape", "round", "shape", "size", "sort",
    "squeeze", "std", "sum", "swapaxes", "take", "tolist", "trace", "transpose", "var",
]

Axis = int | Sequence[int] | None
_NoValue: Any = None


def _where_fill(x: tf.Tensor, where: Any, neutral: Any) -> tf.Tensor:
    # NumPy's where= skips elements; replacing them by the operation's neutral element
    # gives the same reduction without dynamic shapes.
    if where is None or where is True:
        return x
    return tf.where(tf.cast(as_tensor(where), tf.bool), x, tf.cast(neutral, x.dtype))


def _cast(x: tf.Tensor, dtype: tf.DType) -> tf.Tensor:
    # tf.cast to the same dtype is a no-op but still a Python wrapper call.
    return x if x.dtype == dtype else tf.cast(x, dtype)


def _wide(dtype: tf.DType) -> tf.DType:
    # NumPy's float16 loops compute in float32 and round once per result.
    return tf.float32 if dtype == tf.float16 else dtype


@method("sum")
def sum(a: Any, axis: Axis = None, dtype: Any = None, out: Any = None, keepdims: bool = False,
        initial: Any = _NoValue, where: Any = None) -> tf.Tensor:  # noqa: A001
    """``a.sum(...)``: bool and small ints accumulate in (u)int64 as in NumPy."""
    no_out(out)
    x = as_tensor(a)
    dt = to_dtype(dtype) if dtype is not None else accumulator(x.dtype)
    x = _where_fill(_cast(x, _wide(dt)), where, 0)
    r = tf.reduce_sum(x, axis=reduce_axes(x, axis), keepdims=keepdims)
    r = r if initial is None else r + tf.cast(initial, r.dtype)
    return tf.cast(r, dt)


@method("prod")
def prod(a: Any, axis: Axis = None, dtype: Any = None, out: Any = None, keepdims: bool = False,
         initial: Any = _NoValue, where: Any = None) -> tf.Tensor:
    """``a.prod(...)``: bool and small ints accumulate in (u)int64 as in NumPy."""
    no_out(out)
    x = as_tensor(a)
    dt = to_dtype(dtype) if dtype is not None else accumulator(x.dtype)
    x = _where_fill(_cast(x, _wide(dt)), where, 1)
    r = tf.reduce_prod(x, axis=reduce_axes(x, axis), keepdims=keepdims)
    r = r if initial is None else r * tf.cast(initial, r.dtype)
    return _cast(r, dt)


def _cumulative(op: Any, a: Any, axis: int | None, dtype: Any) -> tf.Tensor:
    x = as_tensor(a)
    dt = to_dtype(dtype) if dtype is not None else accumulator(x.dtype)
    # No widening of float16 here: NumPy's cumulative loops round at every step.
    x = tf.cast(x, dt)
    if axis is None:
        x, axis = tf.reshape(x, [-1]), 0
    return op(x, axis=axis)


@method("cumsum")
def cumsum(a: Any, axis: int | None = None, dtype: Any = None, out: Any = None) -> tf.Tensor:
    """``a.cumsum(...)``; ``axis=None`` runs over the flattened array."""
    no_out(out)
    return _cumulative(tf.cumsum, a, axis, dtype)


@method("cumprod")
def cumprod(a: Any, axis: int | None = None, dtype: Any = None, out: Any = None) -> tf.Tensor:
    """``a.cumprod(...)``; ``axis=None`` runs over the flattened array."""
    no_out(out)
    return _cumulative(tf.math.cumprod, a, axis, dtype)


@method("mean")
def mean(a: Any, axis: Axis = None, dtype: Any = None, out: Any = None,
         keepdims: bool = False, where: Any = None) -> tf.Tensor:
    """``a.mean(...)``: integer and bool inputs give float64, as in NumPy."""
    no_out(out)
    x = as_tensor(a)
    dt = to_dtype(dtype) if dtype is not None else _float_result(x.dtype)
    # float16 accumulates in float32, as NumPy does, then casts back.
    acc = tf.float32 if dt == tf.float16 else dt
    x = _cast(x, acc)
    if where is None or where is True:
        return _cast(tf.reduce_mean(x, axis=reduce_axes(x, axis), keepdims=keepdims), dt)
    w = tf.cast(tf.broadcast_to(as_tensor(where), tf.shape(x)), acc)
    s = tf.reduce_sum(x * w, axis=axis, keepdims=keepdims)
    return tf.cast(s / tf.reduce_sum(w, axis=axis, keepdims=keepdims), dt)


def _float_result(dtype: tf.DType) -> tf.DType:
    return dtype if dtype.is_floating or dtype.is_complex else tf.float64


@method("var")
def var(a: Any, axis: Axis = None, dtype: Any = None, out: Any = None, ddof: int = 0,
        keepdims: bool = False, where: Any = None, mean: Any = None) -> tf.Tensor:
    """``a.var(...)`` with ``ddof`` (``tnp.var`` rejects ``ddof``); complex gives real."""
    no_out(out)
    if where is not None or mean is not None:
        raise NotImplementedError("var(where=, mean=) is not supported")
    x = as_tensor(a)
    dt = to_dtype(dtype) if dtype is not None else _float_result(x.dtype)
    acc = tf.float32 if dt == tf.float16 else dt
    x = _cast(x, acc)
    axes = reduce_axes(x, axis)
    d = x - tf.reduce_mean(x, axis=axes, keepdims=True)
    sq = tf.math.real(d * tf.math.conj(d)) if acc.is_complex else d * d
    # NumPy divides by max(n - ddof, 0): a zero divisor gives inf or nan, not an error.
    known = static_count(x, axis)
    if known is not None and isinstance(ddof, (int, float)):
        # (the builtin max is shadowed in this module by the ndarray.max helper)
        n = tf.constant(float(known - ddof if known > ddof else 0), sq.dtype)
    else:
        n = tf.maximum(tf.cast(count(x, axis), sq.dtype) - tf.cast(ddof, sq.dtype), 0)
    r = tf.reduce_sum(sq, axis=axes, keepdims=keepdims) / n
    return _cast(r, dt.real_dtype)


@method("std")
def std(a: Any, axis: Axis = None, dtype: Any = None, out: Any = None, ddof: int = 0,
        keepdims: bool = False, where: Any = None, mean: Any = None) -> tf.Tensor:
    """``a.std(...)`` with ``ddof``: the square root of :func:`var`."""
    v = var(a, axis=axis, dtype=dtype, out=out, ddof=ddof, keepdims=keepdims, where=where,
            mean=mean)
    return tf.sqrt(v)


def _extreme(reduce: Any, combine: Any, a: Any, axis: Axis, keepdims: bool, initial: Any,
             where: Any) -> tf.Tensor:
    x = as_tensor(a)
    if where is not None and where is not True:
        if initial is None:
            raise ValueError("reduction with where= needs initial=, as in NumPy")
        x = tf.where(tf.cast(as_tensor(where), tf.bool), x, tf.cast(initial, x.dtype))
    if x.dtype.is_complex:  # no complex Max/Min kernels: NumPy's lexicographic order
        from np2tf.runtime import _order, _ufuncs

        r = _order.extreme(x, axis, keepdims, reduce is tf.reduce_max)
        combine = _ufuncs.maximum if reduce is tf.reduce_max else _ufuncs.minimum
        return r if initial is None else combine(r, tf.cast(initial, r.dtype))
    if x.dtype == tf.bool:  # as tnp.max does: bool max/min are any/all
        reduce = tf.reduce_any if reduce is tf.reduce_max else tf.reduce_all
    r = reduce(x, axis=reduce_axes(x, axis), keepdims=keepdims)
    return r if initial is None else combine(r, tf.cast(initial, r.dtype))


@method("max")
def max(a: Any, axis: Axis = None, out: Any = None, keepdims: bool = False,
        initial: Any = _NoValue, where: Any = None) -> tf.Tensor:  # noqa: A001
    """``a.max(...)``."""
    no_out(out)
    return _extreme(tf.reduce_max, tf.maximum, a, axis, keepdims, initial, where)


@method("min")
def min(a: Any, axis: Axis = None, out: Any = None, keepdims: bool = False,
        initial: Any = _NoValue, where: Any = None) -> tf.Tensor:  # noqa: A001
    """``a.min(...)``."""
    no_out(out)
    return _extreme(tf.reduce_min, tf.minimum, a, axis, keepdims, initial, where)


@method("ptp")
def ptp(a: Any, axis: Axis = None, out: Any = None, keepdims: bool = False) -> tf.Tensor:
    """Peak to peak, ``max - min`` (``np.ptp``; the method is gone in NumPy 2)."""
    no_out(out)
    return max(a, axis, keepdims=keepdims) - min(a, axis, keepdims=keepdims)


def _arg(op: Any, a: Any, axis: int | None, keepdims: bool) -> tf.Tensor:
    x = tnp.asarray(as_tensor(a))
    if x.dtype == tf.bool:  # tf.argmax has no bool kernel
        x = tf.cast(x, tf.int8)
    rank, flat = x.shape.rank, axis is None
    if flat:
        x, axis = tf.reshape(x, int_vector((-1,))), 0
    r = op(x, axis=axis, output_type=tf.int64)
    if x.dtype.is_floating:
        # tf.argmax/argmin skip NaN; NumPy returns the index of the first NaN.
        nan = tf.math.is_nan(x)
        first_nan = tf.argmax(tf.cast(nan, tf.int8), axis=axis, output_type=tf.int64)
        r = tf.where(tf.reduce_any(nan, axis=axis), first_nan, r)
    if not keepdims:
        return r
    return tf.reshape(r, int_vector((1,) * rank)) if flat else tf.expand_dims(r, axis)


@method("argmax")
def argmax(a: Any, axis: int | None = None, out: Any = None, *, keepdims: bool = False) -> tf.Tensor:
    """``a.argmax(...)``: int64 indices; ``axis=None`` indexes the flattened array."""
    no_out(out)
    return _arg(tf.argmax, a, axis, keepdims)


@method("argmin")
def argmin(a: Any, axis: int | None = None, out: Any = None, *, keepdims: bool = False) -> tf.Tensor:
    """``a.argmin(...)``: int64 indices; ``axis=None`` indexes the flattened array."""
    no_out(out)
    return _arg(tf.argmin, a, axis, keepdims)


@method("all")
def all(a: Any, axis: Axis = None, out: Any = None, keepdims: bool = False,
        where: Any = None) -> tf.Tensor:  # noqa: A001
    """``a.all(...)``: a bool tensor."""
    no_out(out)
    x = _where_fill(_cast(as_tensor(a), tf.bool), where, True)
    return tf.reduce_all(x, axis=reduce_axes(x, axis), keepdims=keepdims)


@method("any")
def any(a: Any, axis: Axis = None, out: Any = None, keepdims: bool = False,
        where: Any = None) -> tf.Tensor:  # noqa: A001
    """``a.any(...)``: a bool tensor."""
    no_out(out)
    x = _where_fill(_cast(as_tensor(a), tf.bool), where, False)
    return tf.reduce_any(x, axis=reduce_axes(x, axis), keepdims=keepdims)


@method("dot")
def dot(a: Any, b: Any, out: Any = None) -> tf.Tensor:
    """``a.dot(b)`` with ``np.dot``'s N-D contraction rules and result dtype."""
    no_out(out)
    from np2tf.runtime._numeric import dot as _dot

    return _dot(a, b)


@method("copy")
def copy(a: Any, order: str = "C") -> tf.Tensor:
    """``a.copy()``: tensors are immutable, so a copy is the same values as a tensor."""
    return tf.identity(as_tensor(a))


@method("astype")
def astype(a: Any, dtype: Any, order: str = "K", casting: str = "unsafe", subok: bool = True,
           copy: bool = True) -> tf.Tensor:
    """``a.astype(dtype)`` reading ``float``/``int`` as float64/int64 like NumPy."""
    x = as_tensor(a)
    dt = to_dtype(dtype)
    if dt == tf.bool:
        return tf.not_equal(x, tf.zeros([], x.dtype))
    if x.dtype.is_complex and not dt.is_complex:
        x = tf.math.real(x)  # NumPy drops the imaginary part (with a ComplexWarning)
    return tf.cast(x, dt)


@method("clip")
def clip(a: Any, min: Any = None, max: Any = None, out: Any = None, **kwargs: Any) -> tf.Tensor:  # noqa: A002
    """``a.clip(min, max)``; either bound may be ``None``; ``a_min``/``a_max`` too."""
    no_out(out)
    lo = kwargs.pop("a_min", min)
    hi = kwargs.pop("a_max", max)
    if kwargs:
        raise TypeError(f"clip() got unexpected arguments {sorted(kwargs)}")
    if lo is None and hi is None:
        raise ValueError("One of max or min must be given")
    from np2tf.runtime._elementwise import clip as _clip  # exact Python-int bounds

    return _clip(as_tensor(a), lo, hi)


@method("round")
def round(a: Any, decimals: int = 0, out: Any = None) -> tf.Tensor:  # noqa: A001
    """``a.round(decimals)``: halves round to even, as in NumPy (bool rounds in float16)."""
    no_out(out)
    x = tnp.asarray(as_tensor(a))
    if x.dtype == tf.bool:
        x = tf.cast(x, tf.float16)
    if x.dtype.is_integer:
        if decimals >= 0:
            return x
        # Negative decimals round integers to tens, hundreds... (half to even).
        scale = tf.constant(10.0 ** -decimals, tf.float64)
        return tf.cast(tf.round(tf.cast(x, tf.float64) / scale) * scale, x.dtype)
    from np2tf.runtime._elementwise import round as _round  # exact for negative decimals

    return _round(x, decimals)


@method("nonzero")
def nonzero(a: Any) -> tuple[tf.Tensor, ...]:
    """``a.nonzero()``: a tuple of int64 index tensors (dynamic length)."""
    x = as_tensor(a)
    if x.shape.rank == 0:
        raise ValueError("Calling nonzero on 0d arrays is not allowed (NumPy 2)")
    return tuple(tnp.nonzero(x))


@method("argsort")
def argsort(a: Any, axis: int | None = -1, kind: str | None = None, order: Any = None,
            *, stable: bool | None = None) -> tf.Tensor:
    """``a.argsort()``: int64 indices; a stable sort so ties keep their order."""
    from np2tf.runtime._sets import argsort as _argsort

    return _argsort(as_tensor(a), axis=axis, kind=kind, order=order, stable=stable)


@method("sort")
def sort(a: Any, axis: int | None = -1, kind: str | None = None, order: Any = None,
         *, stable: bool | None = None) -> tf.Tensor:
    """The sorted values of ``a``: the converter rebinds ``x.sort()`` to ``x = ...``."""
    from np2tf.runtime._sets import sort as _sort

    return _sort(as_tensor(a), axis=axis, kind=kind, order=order, stable=stable)


@method("fill")
def fill(a: Any, value: Any) -> tf.Tensor:
    """A tensor shaped like ``a`` full of ``value`` cast to ``a.dtype`` (NumPy's fill)."""
    x = as_tensor(a)
    return tf.fill(tf.shape(x), astype(value, x.dtype))


@method("take")
def take(a: Any, indices: Any, axis: int | None = None, out: Any = None,
         mode: str = "raise") -> tf.Tensor:
    """``a.take(indices, axis)``; ``axis=None`` takes from the flattened array."""
    no_out(out)
    # A graph cannot raise on a bad index; "raise" keeps NumPy's negative indices by
    # wrapping (in range indices agree with NumPy, out-of-range ones wrap silently).
    return tnp.take(as_tensor(a), as_tensor(indices), axis=axis,
                    mode="wrap" if mode == "raise" else mode)


@method("conj")
def conj(a: Any) -> tf.Tensor:
    """``a.conj()``; real arrays (bool too) come back unchanged."""
    x = tnp.asarray(as_tensor(a))
    return tf.math.conj(x) if x.dtype.is_complex else x


@method("conjugate")
def conjugate(a: Any) -> tf.Tensor:
    """``a.conjugate()``, same as :func:`conj`."""
    return conj(a)


@attribute("real")
def real(a: Any) -> tf.Tensor:
    """``a.real``: the real part (the array itself for real dtypes, bool too)."""
    from np2tf.runtime._elementwise import real as _real

    return _real(as_tensor(a))


@attribute("imag")
def imag(a: Any) -> tf.Tensor:
    """``a.imag``: the imaginary part (zeros of the same dtype for real arrays, bool too)."""
    from np2tf.runtime._elementwise import imag as _imag

    return _imag(as_tensor(a))


@method("item")
def item(a: Any, *args: Any) -> Any:
    """``a.item()``: a Python scalar. Forces a host read (blocks on the device).

    Inside ``tf.function`` there is no Python value to return, so the 0-d tensor comes
    back instead; ``int(...)``/``float(...)`` on it fail there as they would on any tensor.
    """
    x = as_tensor(a)
    if tf.executing_eagerly():
        # One host read, then NumPy's own item(): its indexing rules and errors.
        return x.numpy().item(*args)
    if len(args) == 1 and isinstance(args[0], tuple):
        args = args[0]
    if len(args) == 1:
        x = tf.reshape(x, [-1])[args[0]]
    elif args:
        x = x[tuple(args)]
    elif x.shape.num_elements() not in (1, None):
        raise ValueError("can only convert an array of size 1 to a Python scalar")
    return tf.reshape(x, [])


@method("tolist")
def tolist(a: Any) -> Any:
    """``a.tolist()``: nested Python lists. Forces a host read (blocks on the device).

    Inside ``tf.function`` the tensor itself comes back, since no Python value exists.
    """
    x = as_tensor(a)
    return x.numpy().tolist() if tf.executing_eagerly() else x

