"""Evenly spaced ranges with NumPy's dtypes and values: ``tnp.linspace``/``tnp.logspace``
ignore ``dtype=`` and always answer in float64, and ``tnp.geomspace`` misses its exact
endpoints (``geomspace(1, 1000, 4, dtype=int)`` gives ``[1, 9, 99, 999]``)."""

from __future__ import annotations

from typing import Any

import numpy as np
import tensorflow as tf
import tensorflow.experimental.numpy as tnp

from np2tf.runtime import _ufuncs
from np2tf.runtime._promotion import PROMOTE, as_tensor, result_type

__all__ = ["arange", "geomspace", "linspace", "logspace"]


def _exact(x: Any, dtype: tf.DType) -> tf.Tensor:
    """``x`` in ``dtype`` without a float32 detour: ``tf.cast(0.1, tf.float64)`` first makes
    a float32 tensor of the Python float and loses half its digits."""
    return tf.cast(x, dtype) if isinstance(x, (tf.Tensor, tf.Variable)) else tf.constant(x, dtype=dtype)


def _target(dtype: Any) -> tf.DType:
    return dtype if isinstance(dtype, tf.DType) else tf.as_dtype(np.dtype(dtype))


def linspace(start: Any, stop: Any, num: int = 50, endpoint: bool = True, retstep: bool = False,
             dtype: Any = None, axis: int = 0, *, device: Any = None) -> Any:
    """``num`` evenly spaced values from ``start`` to ``stop``, in NumPy's dtype.

    The values are computed in the bounds' float dtype, as NumPy does (float32 bounds:
    float32 arithmetic; Python numbers and integers: float64; complex: complex128), then
    cast to ``dtype``; integer dtypes round towards minus infinity (NumPy 2).

    Returns:
        The samples, and the step too when ``retstep`` is true.
    """
    if _real_number(start) and _real_number(stop) and isinstance(num, (int, np.integer)) and not isinstance(num, bool):
        values, step = _scalar_linspace(float(start), float(stop), int(num), endpoint)
        work = tf.float64
    else:
        values, step, work = _array_linspace(start, stop, num, endpoint, axis)
    out = _target(dtype) if dtype is not None else work
    if out.is_integer:
        values = tf.floor(values)
    values = tf.cast(values, out)
    return (values, tf.cast(step, work)) if retstep else values


def _real_number(x: Any) -> bool:
    """A Python or NumPy number whose linspace NumPy computes in float64 (``np.float64``
    is a ``float``; float32 bounds compute in float32 and take the general path)."""
    if isinstance(x, (bool, np.bool_)):
        return False
    return isinstance(x, float) or (isinstance(x, (int, np.integer)) and -2**63 <= x < 2**64)


def _scalar_linspace(lo: float, hi: float, num: int, endpoint: bool) -> tuple[tf.Tensor, Any]:
    """NumPy's float64 arithmetic for Python-number bounds, in 3-4 ops instead of
    ``tnp.linspace``'s ~60 (3.5 ms eagerly): ``arange(num) * step + start``, where
    ``step = (stop - start) / div`` is the same IEEE double NumPy computes, ``stop``
    exact at the end, and ``arange(num) / div * delta`` when the step is zero."""
    if num < 0:
        raise ValueError(f"Number of samples, {num}, must be non-negative.")
    div = (num - 1) if endpoint else num
    delta = hi - lo
    ramp = tf.range(num, dtype=tf.float64)
    if div <= 0:
        step: Any = float("nan")
        y = ramp * delta
    else:
        step = delta / div
        y = ramp / div * delta if step == 0 else ramp * step
    y = y + lo
    if endpoint and num > 1:
        y = tf.concat([y[:-1], tf.constant([hi], tf.float64)], 0)
    return y, tf.constant(step, tf.float64)


def _array_linspace(start: Any, stop: Any, num: int, endpoint: bool, axis: int) -> tuple[tf.Tensor, tf.Tensor, tf.DType]:
    lo, hi = as_tensor(start), as_tensor(stop)
    work = result_type([lo, hi, 1.0]) or tf.float64
    if work in (tf.float16, tf.float32):
        values, step = _narrow_linspace(lo, hi, num, endpoint, axis, work)
    elif work.is_floating and isinstance(num, int) and _rank(lo) is not None and _rank(hi) is not None:
        values, step = _float64_linspace(_exact(lo, tf.float64), _exact(hi, tf.float64), num, endpoint, axis)
    else:
        wide = tf.complex128 if work.is_complex else tf.float64
        values, step = tnp.linspace(_exact(lo, wide), _exact(hi, wide), num, endpoint=endpoint, retstep=True, axis=axis)
    return values, step, work


def _rank(x: Any) -> int | None:
    """The rank of a tensor (``None`` when unknown) or a Python number (0)."""
    return x.shape.rank if isinstance(x, (tf.Tensor, tf.Variable)) else 0 if isinstance(x, (int, float)) else None


def _float64_linspace(lo: tf.Tensor, hi: tf.Tensor, num: int, endpoint: bool, axis: int) -> tuple[tf.Tensor, tf.Tensor]:
    """NumPy's float64 linspace arithmetic for tensor bounds (``tnp.linspace`` rounds an ulp
    differently in ~40% of cases): ``arange(num)`` along a new first axis times
    ``step = (stop - start) / div``, plus ``start``; where any step is zero (subnormal
    spans), ``arange(num) / div * delta``; ``stop`` exact at the end."""
    if num < 0:
        raise ValueError(f"Number of samples, {num}, must be non-negative.")
    delta = hi - lo
    rank = delta.shape.rank
    ramp = tf.reshape(tf.range(num, dtype=tf.float64), [-1] + [1] * rank)
    div = (num - 1) if endpoint else num
    if div > 0:
        d = _ufuncs.unfolded_constant(float(div), tf.float64)  # Grappler: delta * (1 / d)
        step = delta / d
        y = tf.where(tf.reduce_any(tf.equal(step, 0.0)), ramp / d * delta, ramp * step)
    else:
        step = tf.constant(float("nan"), tf.float64)
        y = ramp * delta
    y = y + lo
    if endpoint and num > 1:
        y = tf.concat([y[:-1], tf.broadcast_to(hi, tf.shape(delta))[None]], 0)
    if rank and axis != 0:
        y = tnp.moveaxis(y, 0, axis)
    return y, step


def _narrow_linspace(lo: tf.Tensor, hi: tf.Tensor, num: int, endpoint: bool, axis: int, work: tf.DType) -> tuple[tf.Tensor, tf.Tensor]:
    """NumPy's linspace arithmetic in float16/float32: ``start + arange(num) * step`` with
    ``step = (stop - start) / div`` in ``work``, each operation rounded (float16 through
    float32, as NumPy's half loops), and ``stop`` exact at the end."""
    calc = tf.float32
    lo, hi = tf.cast(tf.cast(lo, work), calc), tf.cast(tf.cast(hi, work), calc)
    lo, hi = tnp.broadcast_arrays(lo, hi)

    def rnd(t: tf.Tensor) -> tf.Tensor:
        return tf.cast(tf.cast(t, work), calc)

    div = (num - 1) if endpoint else num
    delta = rnd(hi - lo)
    step = rnd(delta / div) if div > 0 else tf.fill(tf.shape(delta), float("nan"))
    ramp = tf.reshape(tf.range(num, dtype=calc), [-1] + [1] * lo.shape.rank)
    y = rnd(rnd(ramp * step) + lo) if div > 0 else rnd(ramp * delta + lo)
    if endpoint and num > 1:
        y = tf.concat([y[:-1], hi[None]], 0)
    y = tf.cast(y, work)
    if lo.shape.rank and axis != 0:
        y = tnp.moveaxis(y, 0, axis)
    # NumPy's step is a float64 NaN scalar when there is no step (num <= 1 with endpoint).
    return y, (tf.cast(step, work) if div > 0 else tf.constant(float("nan"), tf.float64))


def logspace(start: Any, stop: Any, num: int = 50, endpoint: bool = True, base: Any = 10.0,
             dtype: Any = None, axis: int = 0) -> tf.Tensor:
    """``base ** linspace(start, stop)`` in NumPy's dtype (integer dtypes truncate).

    Returns:
        The samples.
    """
    exponents = linspace(start, stop, num, endpoint=endpoint, axis=axis)
    b = as_tensor(base)
    work = result_type([exponents, b]) or tf.float64
    values = tf.pow(_exact(b, tf.float64 if not work.is_complex else tf.complex128),
                    tf.cast(exponents, tf.float64 if not work.is_complex else tf.complex128))
    return tf.cast(values, _target(dtype) if dtype is not None else work)


def geomspace(start: Any, stop: Any, num: int = 50, endpoint: bool = True, dtype: Any = None,
              axis: int = 0) -> tf.Tensor:
    """Geometric progression from ``start`` to ``stop`` with exact endpoints, like NumPy.

    Returns:
        The samples in NumPy's dtype (``dtype``, else the bounds' float dtype).
    """
    lo, hi = as_tensor(start), as_tensor(stop)
    # NumPy promotes with a float64 zero: float32 bounds still give float64.
    work = PROMOTE.get(((result_type([lo, hi, 1.0]) or tf.float64), tf.float64), tf.float64)
    if work.is_complex:
        return tnp.geomspace(start, stop, num, endpoint=endpoint, dtype=dtype, axis=axis)
    lo64, hi64 = _exact(lo, tf.float64), _exact(hi, tf.float64)
    sign = tf.where(lo64 < 0, -tf.ones_like(lo64), tf.ones_like(lo64))
    a, b = lo64 * sign, hi64 * sign
    values = tf.pow(tf.constant(10.0, tf.float64), tnp.linspace(
        _ufuncs.log10(a), _ufuncs.log10(b), num, endpoint=endpoint, axis=0))
    if num > 0:
        # NumPy pins the first (and, with endpoint, the last) sample to the bounds exactly.
        first = tf.broadcast_to(a, tf.shape(values[:1]))
        last = tf.broadcast_to(b, tf.shape(values[-1:]))
        rest = values[1:-1] if endpoint and num > 1 else values[1:]
        values = tf.concat([first, rest, last] if endpoint and num > 1 else [first, rest], 0)
    values = sign * values
    if axis:
        values = tnp.moveaxis(values, 0, axis)
    return tf.cast(values, _target(dtype) if dtype is not None else work)


def _bound(b: Any) -> Any:
    """An arange bound as NumPy types it: NumPy scalars and 0-d arrays count at their
    kind's default width (``arange(np.int8(5))`` is int64, ``np.float32`` bounds float64)."""
    t = as_tensor(b)
    if not hasattr(t, "dtype"):
        return t
    if t.dtype == tf.uint64 or t.dtype.is_floating:
        return tf.zeros([], tf.float64)
    if t.dtype.is_complex:
        return tf.zeros([], tf.complex128)
    return tf.zeros([], tf.int64)


def arange(start: Any = None, stop: Any = None, step: Any = None, dtype: Any = None, *, device: Any = None, like: Any = None) -> tf.Tensor:
    """NumPy's ``arange``: float bounds are stepped in float64.

    ``tnp.arange(0.1, 2.0, 0.3)`` passes its Python-float bounds through float32 and is off
    by ~1e-8; integer bounds give int64 like NumPy.

    Returns:
        The values ``start, start + step, ...`` below ``stop``.
    """
    if stop is None:
        start, stop = 0, start
    step = 1 if step is None else step
    bounds = [start, stop, step]
    if dtype is None and all(isinstance(b, int) and not isinstance(b, bool) for b in bounds):
        return tnp.arange(start, stop, step)
    work = result_type([_bound(b) for b in bounds]) or tf.float64
    wide = tf.complex128 if work.is_complex else (tf.int64 if work.is_integer else tf.float64)
    values = tf.range(_exact(start, wide), _exact(stop, wide), _exact(step, wide))
    return tf.cast(values, _target(dtype) if dtype is not None else work)
