"""Statistics NumPy has and tnp lacks or gets wrong: var/std with ddof, quantiles,
the nan* family, histograms, bincount, cov/corrcoef.

All are built from TF ops (sorts, gathers, segment sums), so they run under
``tf.function`` and XLA. Integer input computes in float64, as in NumPy.
"""

from __future__ import annotations

import math
import operator
from typing import Any

import numpy as np
import tensorflow as tf
import tensorflow.experimental.numpy as tnp

__all__ = [
    "bincount", "corrcoef", "count_nonzero", "cov", "ptp", "cumulative_prod", "cumulative_sum", "digitize",
    "histogram", "histogram_bin_edges", "median", "nanargmax", "nanargmin",
    "nancumprod", "nancumsum", "nanmax", "nanmedian", "nanmin", "nanpercentile",
    "nanquantile", "nanstd", "nanvar", "percentile", "quantile", "std", "var",
]


def _inexact(a: tf.Tensor, dtype: Any = None) -> tf.Tensor:
    if dtype is not None:
        return tf.cast(a, tf.as_dtype(dtype))
    if a.dtype.is_floating or a.dtype.is_complex:
        return a
    return tf.cast(a, tf.float64)


def _axes(a: tf.Tensor, axis: Any) -> Any:
    return None if axis is None else axis


def ptp(a: Any, axis: Any = None, out: Any = None, keepdims: bool = False) -> tf.Tensor:
    """``max - min`` along ``axis``; complex in NumPy's order, 0-d input with axis 0 too."""
    from np2tf.runtime import ndarray

    x = tnp.asarray(a)
    return ndarray.ptp(x, axis, out, keepdims)


def count_nonzero(a: Any, axis: Any = None, *, keepdims: bool = False) -> tf.Tensor:
    """Number of nonzero items (int64), with ``keepdims`` and 0-d input with axis 0."""
    from np2tf.runtime._dispatch import reduce_axes

    x = tnp.asarray(a)
    nonzero = x if x.dtype == tf.bool else tf.not_equal(x, tf.zeros([], x.dtype))
    return tf.reduce_sum(tf.cast(nonzero, tf.int64), axis=reduce_axes(x, axis), keepdims=keepdims)


def _var(a: Any, axis: Any, dtype: Any, ddof: Any, keepdims: bool, mean: Any, correction: Any, nan: bool) -> tf.Tensor:
    x = _inexact(tnp.asarray(a), dtype)
    if correction is not None:
        ddof = correction
    valid = tf.logical_not(tf.math.is_nan(tf.math.real(x))) if nan else tf.ones_like(x, dtype=tf.bool)
    real = x.dtype.real_dtype
    n = tf.reduce_sum(tf.cast(valid, real), axis=axis, keepdims=True)
    zero = tf.zeros_like(x)
    if mean is None:
        mean = tf.reduce_sum(tf.where(valid, x, zero), axis=axis, keepdims=True) / tf.cast(n, x.dtype)
    else:
        mean = tf.cast(tnp.asarray(mean), x.dtype)
    dev = tf.where(valid, x - mean, zero)
    sq = tf.math.real(dev * tf.math.conj(dev)) if x.dtype.is_complex else dev * dev
    res = tf.reduce_sum(sq, axis=axis, keepdims=True) / (n - tf.cast(ddof, real))
    return res if keepdims else tf.squeeze(res, axis) if axis is not None else tf.reshape(res, [])


def var(a: Any, axis: Any = None, dtype: Any = None, ddof: float = 0, keepdims: bool = False, *, mean: Any = None, correction: Any = None) -> tf.Tensor:
    """Variance with NumPy's ``ddof``/``correction`` (tnp.var rejects ``ddof``)."""
    return _var(a, axis, dtype, ddof, keepdims, mean, correction, False)


def std(a: Any, axis: Any = None, dtype: Any = None, ddof: float = 0, keepdims: bool = False, *, mean: Any = None, correction: Any = None) -> tf.Tensor:
    """Standard deviation with NumPy's ``ddof``/``correction``."""
    return tf.sqrt(var(a, axis, dtype, ddof, keepdims, mean=mean, correction=correction))


def nanvar(a: Any, axis: Any = None, dtype: Any = None, ddof: float = 0, keepdims: bool = False, *, mean: Any = None, correction: Any = None) -> tf.Tensor:
    """Variance ignoring NaNs."""
    return _var(a, axis, dtype, ddof, keepdims, mean, correction, True)


def nanstd(a: Any, axis: Any = None, dtype: Any = None, ddof: float = 0, keepdims: bool = False, *, mean: Any = None, correction: Any = None) -> tf.Tensor:
    """Standard deviation ignoring NaNs."""
    return tf.sqrt(nanvar(a, axis, dtype, ddof, keepdims, mean=mean, correction=correction))


def _nan_fill(a: Any, fill: float) -> tf.Tensor:
    x = tnp.asarray(a)
    if not x.dtype.is_floating:
        return x
    return tf.where(tf.math.is_nan(x), tf.cast(fill, x.dtype), x)


def nanmin(a: Any, axis: Any = None, keepdims: bool = False) -> tf.Tensor:
    """Minimum ignoring NaNs; an all-NaN slice gives NaN (NumPy also warns)."""
    x = tnp.asarray(a)
    res = tnp.min(_nan_fill(x, float("inf")), axis=axis, keepdims=keepdims)
    if x.dtype.is_floating:
        all_nan = tnp.all(tf.math.is_nan(x), axis=axis, keepdims=keepdims)
        res = tf.where(all_nan, tf.cast(float("nan"), x.dtype), res)
    return res


def nanmax(a: Any, axis: Any = None, keepdims: bool = False) -> tf.Tensor:
    """Maximum ignoring NaNs; an all-NaN slice gives NaN (NumPy also warns)."""
    x = tnp.asarray(a)
    res = tnp.max(_nan_fill(x, float("-inf")), axis=axis, keepdims=keepdims)
    if x.dtype.is_floating:
        all_nan = tnp.all(tf.math.is_nan(x), axis=axis, keepdims=keepdims)
        res = tf.where(all_nan, tf.cast(float("nan"), x.dtype), res)
    return res


def _nanarg(fn: Any, fill: float, a: Any, axis: Any, keepdims: bool, name: str) -> tf.Tensor:
    x = tnp.asarray(a)
    if x.dtype.is_floating or x.dtype.is_complex:
        nan = tf.math.is_nan(tf.math.real(x) if x.dtype.is_complex else x)
        all_nan = tf.reduce_all(nan) if axis is None else tf.reduce_any(tf.reduce_all(nan, axis=axis))
        # NumPy raises on an all-NaN slice; an index of 0 would be a silent wrong answer.
        tf.debugging.assert_equal(all_nan, False, message=f"{name}: All-NaN slice encountered")
    res = fn(_nan_fill(x, fill), axis=axis)
    if not keepdims:
        return res
    if axis is None:
        return tf.reshape(res, [1] * x.shape.rank)
    return tnp.expand_dims(res, axis)


def nanargmin(a: Any, axis: Any = None, *, keepdims: bool = False) -> tf.Tensor:
    """Index of the minimum ignoring NaNs (an all-NaN slice raises, as in NumPy)."""
    return _nanarg(tnp.argmin, float("inf"), a, axis, keepdims, "nanargmin")


def nanargmax(a: Any, axis: Any = None, *, keepdims: bool = False) -> tf.Tensor:
    """Index of the maximum ignoring NaNs (an all-NaN slice raises, as in NumPy)."""
    return _nanarg(tnp.argmax, float("-inf"), a, axis, keepdims, "nanargmax")


def _cumsum(a: Any, axis: Any = None, dtype: Any = None) -> tf.Tensor:
    # ndarray.cumsum/cumprod: NumPy's accumulator dtypes (bool -> int64, uint8 -> uint64),
    # where tnp's have no bool kernel and accumulate unsigned ints in int64.
    from np2tf.runtime import ndarray

    return ndarray.cumsum(a, axis=axis, dtype=dtype)


def _cumprod(a: Any, axis: Any = None, dtype: Any = None) -> tf.Tensor:
    from np2tf.runtime import ndarray

    return ndarray.cumprod(a, axis=axis, dtype=dtype)


def nancumsum(a: Any, axis: Any = None, dtype: Any = None) -> tf.Tensor:
    """Cumulative sum treating NaNs as zero."""
    return _cumsum(_nan_fill(a, 0), axis=axis, dtype=dtype)


def nancumprod(a: Any, axis: Any = None, dtype: Any = None) -> tf.Tensor:
    """Cumulative product treating NaNs as one."""
    return _cumprod(_nan_fill(a, 1), axis=axis, dtype=dtype)


def _cumulative(fn: Any, x: Any, axis: Any, dtype: Any, include_initial: bool, initial: int) -> tf.Tensor:
    x = tnp.asarray(x)
    if x.shape.rank == 0:
        x = tf.reshape(x, [1])  # NumPy treats a 0-d input as 1-d
    if axis is None:
        if x.shape.rank > 1:
            raise ValueError("axis must be specified for multi-dimensional arrays")
        axis = 0
    res = fn(x, axis=axis, dtype=dtype)
    if include_initial:
        shape = tf.tensor_scatter_nd_update(tf.shape(res), [[axis % res.shape.rank]], [1])
        res = tf.concat([tf.fill(shape, tf.cast(initial, res.dtype)), res], axis=axis)
    return res


def cumulative_sum(x: Any, *, axis: Any = None, dtype: Any = None, include_initial: bool = False) -> tf.Tensor:
    """Array-API cumulative sum (``include_initial`` prepends a zero)."""
    return _cumulative(_cumsum, x, axis, dtype, include_initial, 0)


def cumulative_prod(x: Any, *, axis: Any = None, dtype: Any = None, include_initial: bool = False) -> tf.Tensor:
    """Array-API cumulative product (``include_initial`` prepends a one)."""
    return _cumulative(_cumprod, x, axis, dtype, include_initial, 1)


_METHODS = ("linear", "lower", "higher", "nearest", "midpoint")


def _q_dtype(q: Any) -> tf.DType:
    """The dtype NumPy computes quantile positions in: ``np.asanyarray(q)``'s."""
    return q.dtype if isinstance(q, (tf.Tensor, tf.Variable)) else tf.as_dtype(np.asarray(q).dtype)


def _exact_q(q: Any, dtype: tf.DType) -> tf.Tensor:
    """``q`` in ``dtype`` without a float32 detour for Python floats."""
    if isinstance(q, (tf.Tensor, tf.Variable)):
        return tf.cast(q, dtype)
    return tf.constant(np.asarray(q, dtype=dtype.as_numpy_dtype))


def _quantile(a: Any, q: Any, axis: Any, method: str, keepdims: bool, nan: bool, median: bool = False, percent: bool = False) -> tf.Tensor:
    """Quantiles by sorting; ``median``: NumPy's median, the *mean* of the middle one or
    two items (``(lo + hi) / 2``, float16 summed in float32), complex in NumPy's order."""
    if method not in _METHODS:
        raise ValueError(f"quantile method {method!r} is not supported by np2tf (only {_METHODS})")
    raw = tnp.asarray(a)
    # Discrete methods pick an element, so NumPy keeps an integer input's dtype.
    keep_int = method in ("lower", "higher", "nearest") and (raw.dtype.is_integer or raw.dtype == tf.bool)
    x = _inexact(raw)
    nd = x.shape.rank
    if axis is None:
        moved = tf.reshape(x, [-1])
        # keepdims: a 1 per axis (from the dynamic rank when a graph does not know it).
        kept_shape = tf.ones_like(tf.shape(x)) if nd is None else [1] * nd
    else:
        axes = [axis] if isinstance(axis, int) else list(axis)
        axes = [ax % nd for ax in axes]
        rest = [i for i in range(nd) if i not in axes]
        moved = tf.transpose(x, rest + axes)
        moved = tf.reshape(moved, tf.concat([tf.shape(moved)[: len(rest)], [-1]], 0))
        kept_shape = [1 if i in axes else None for i in range(nd)]
    if x.dtype.is_complex:
        from np2tf.runtime import _order
        from np2tf.runtime._sets import sort

        isnan = _order.isnan(moved)
        srt = sort(moved, axis=-1)  # lexicographic, NaN last
    else:
        isnan = tf.math.is_nan(moved)
        # NaNs sort last either way: fill them with +inf first, since sort order of NaN is unspecified.
        srt = tf.sort(tf.where(isnan, tf.cast(float("inf"), x.dtype), moved), axis=-1)
    total = tf.shape(moved)[-1]
    if nan:
        count = tf.reduce_sum(tf.cast(~isnan, tf.int32), axis=-1, keepdims=True)
    else:
        count = tf.fill(tf.concat([tf.shape(moved)[:-1], [1]], 0), total)
    # NumPy computes the positions in np.asanyarray(q)'s dtype (float64 for Python
    # scalars and lists of floats); a Python-scalar q interpolates in the data's float
    # dtype, any other q in result_type(a, q) (float64 for float32 data with q=[0.5]).
    # Integer q with "linear" (and the discrete methods) pick items: the data's dtype.
    comp = _q_dtype(q)
    if percent and not comp.is_floating:
        comp = tf.float64
    qt = _exact_q(q, comp)
    if percent:
        qt = qt / tf.constant(100, comp)
    if not comp.is_floating:  # integer quantiles: exact positions
        comp, qt = tf.float64, tf.cast(qt, tf.float64)
        if method == "linear":
            method, keep_int = "lower", raw.dtype.is_integer or raw.dtype == tf.bool
    qflat = tf.reshape(qt, [-1])
    if median or method in ("lower", "higher", "nearest") or type(q) in (int, float):
        out = x.dtype
    else:
        data = x.dtype if raw.dtype == tf.bool else raw.dtype
        out = tf.as_dtype(np.result_type(data.as_numpy_dtype, comp.as_numpy_dtype))
    pos = _r(tf.multiply, qflat, tf.cast(count - 1, comp))  # [..., nq]
    lo = tf.floor(pos)
    hi = tf.math.ceil(pos)
    if method == "lower":
        lo = hi = lo
    elif method == "higher":
        lo = hi = hi
    elif method == "nearest":
        lo = hi = tf.round(pos)  # round half to even, like NumPy
    last = tf.maximum(count - 1, 0)
    lo_i = tf.clip_by_value(tf.cast(lo, tf.int32), 0, last)
    hi_i = tf.clip_by_value(tf.cast(hi, tf.int32), 0, last)
    v_lo = tf.gather(srt, lo_i, batch_dims=srt.shape.rank - 1)
    v_hi = tf.gather(srt, hi_i, batch_dims=srt.shape.rank - 1)
    if median:
        acc = tf.float32 if x.dtype == tf.float16 else x.dtype
        mid = tf.cast((tf.cast(v_lo, acc) + tf.cast(v_hi, acc)) / tf.constant(2, acc), x.dtype)
        res = tf.where(tf.equal(lo_i, hi_i), v_lo, mid)
    else:
        frac = tf.where(hi > lo, tf.constant(0.5, comp), tf.constant(0, comp)) if method == "midpoint" else _r(tf.subtract, pos, lo)
        # NumPy's _lerp: the difference in the data's dtype, then a + d*t below t = 0.5 and
        # b - d*(1 - t) from it on, in the result dtype.
        d = tf.cast(_r(tf.subtract, v_hi, v_lo), out)
        t = tf.cast(frac, out)
        a_, b_ = tf.cast(v_lo, out), tf.cast(v_hi, out)
        up = _r(tf.subtract, b_, _r(tf.multiply, d, _r(tf.subtract, tf.ones_like(t), t)))
        res = tf.where(t >= 0.5, up, _r(tf.add, a_, _r(tf.multiply, d, t)))
        res = tf.where(tf.equal(t, 0), a_, res)
    bad = tf.reduce_any(isnan, axis=-1, keepdims=True) if not nan else tf.equal(count, 0)
    res = tf.where(bad, tf.cast(float("nan"), res.dtype), res)
    # NumPy puts q's dimensions first.
    res = tf.transpose(res, [res.shape.rank - 1] + list(range(res.shape.rank - 1)))
    if keepdims:
        if axis is None:
            res = tf.reshape(res, tf.concat([tf.shape(res)[:1], kept_shape], 0))
        else:
            for i, k in enumerate(kept_shape):
                if k == 1:
                    res = tf.expand_dims(res, i + 1)
    res = tf.reshape(res, tf.concat([tf.shape(qt), tf.shape(res)[1:]], 0))
    return tf.cast(res, raw.dtype) if keep_int else res


def quantile(a: Any, q: Any, axis: Any = None, overwrite_input: bool = False, method: str = "linear", keepdims: bool = False) -> tf.Tensor:
    """q-th quantile(s), ``q`` in [0, 1] (``overwrite_input`` is only a hint)."""
    return _quantile(a, q, axis, method, keepdims, False)


def percentile(a: Any, q: Any, axis: Any = None, overwrite_input: bool = False, method: str = "linear", keepdims: bool = False) -> tf.Tensor:
    """q-th percentile(s), ``q`` in [0, 100]."""
    return _quantile(a, q, axis, method, keepdims, False, percent=True)


def nanquantile(a: Any, q: Any, axis: Any = None, overwrite_input: bool = False, method: str = "linear", keepdims: bool = False) -> tf.Tensor:
    """Quantile ignoring NaNs."""
    return _quantile(a, q, axis, method, keepdims, True)


def nanpercentile(a: Any, q: Any, axis: Any = None, overwrite_input: bool = False, method: str = "linear", keepdims: bool = False) -> tf.Tensor:
    """Percentile ignoring NaNs."""
    return _quantile(a, q, axis, method, keepdims, True, percent=True)


def _empty_median(a: Any, axis: Any, keepdims: bool) -> tf.Tensor | None:
    """NumPy's median of an empty reduction: NaN (with a RuntimeWarning there), shaped as
    the reduction; ``None`` when the reduced extent is not statically empty."""
    x = tnp.asarray(a)
    shape = x.shape
    if not shape.is_fully_defined():
        return None
    dims = shape.as_list()
    axes = list(range(len(dims))) if axis is None else [int(ax) % len(dims) for ax in (axis if isinstance(axis, (tuple, list)) else [axis])]
    if not axes or all(dims[ax] != 0 for ax in axes):
        return None
    out = [1 if i in axes else d for i, d in enumerate(dims)] if keepdims else [d for i, d in enumerate(dims) if i not in axes]
    dt = x.dtype if x.dtype.is_floating or x.dtype.is_complex else tf.float64
    return tf.fill(out, tf.constant(float("nan"), dt))


def median(a: Any, axis: Any = None, overwrite_input: bool = False, keepdims: bool = False) -> tf.Tensor:
    """Median (mean of the two middle values for even counts); NaN for an empty reduction."""
    empty = _empty_median(a, axis, keepdims)
    return empty if empty is not None else _quantile(a, 0.5, axis, "linear", keepdims, False, median=True)


def nanmedian(a: Any, axis: Any = None, overwrite_input: bool = False, keepdims: bool = False) -> tf.Tensor:
    """Median ignoring NaNs; NaN for an empty reduction."""
    empty = _empty_median(a, axis, keepdims)
    return empty if empty is not None else _quantile(a, 0.5, axis, "linear", keepdims, True, median=True)


def bincount(x: Any, weights: Any = None, minlength: int = 0) -> tf.Tensor:
    """Counts of each non-negative int (int64, or float64 with ``weights``)."""
    x = tf.cast(tnp.asarray(x), tf.int32)
    if weights is None:
        return tf.math.bincount(x, minlength=minlength, dtype=tf.int64, axis=None)
    w = tf.cast(tnp.asarray(weights), tf.float64)
    return tf.math.bincount(x, weights=w, minlength=minlength, dtype=tf.float64, axis=None)


def _bin_count(bins: Any) -> int | None:
    """``bins`` as a number of equal bins, or None for explicit edges."""
    if isinstance(bins, str):
        raise ValueError("np2tf histograms take integer bins or explicit edges, not estimators")
    if isinstance(bins, (list, tuple)) or (isinstance(bins, (tf.Tensor, tf.Variable)) and bins.shape.rank != 0):
        return None
    try:
        n = operator.index(bins)
    except TypeError:
        return None
    if n < 1:
        raise ValueError("`bins` must be positive, when an integer")
    return n


def _r(op: Any, a: tf.Tensor, b: tf.Tensor) -> tf.Tensor:
    """``op(a, b)`` rounded to float16 after each operation, as NumPy's half loops do;
    written as float32 ops and casts so graph rewrites cannot fuse the roundings away."""
    if a.dtype != tf.float16:
        return op(a, b)
    return tf.cast(op(tf.cast(a, tf.float32), tf.cast(b, tf.float32)), tf.float16)


def _lex_less(a: tf.Tensor, b: tf.Tensor, equal: bool) -> tf.Tensor:
    """``a < b`` (``<=`` with ``equal``) in NumPy's order, complex too."""
    if a.dtype.is_complex:
        from np2tf.runtime._ufuncs import _complex_less

        return _complex_less(a, b, equal)
    return a <= b if equal else a < b


def _uniform_edges(x: tf.Tensor, n: int, range: Any) -> tuple[tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor]:  # noqa: A002
    """NumPy's equal-width bins: ``(edges, first, last, denom)``, edges in
    ``result_type(first, last, a)`` (float64 for integer data). ``first``/``last`` are
    in the edges' dtype; ``denom`` is the dtype NumPy divides in (float64 for an explicit
    ``range``, whose width is a NumPy float64 scalar)."""
    dt = x.dtype
    bin_dt = dt if (dt.is_floating or dt.is_complex) else tf.float64
    # NumPy's linspace computes in the bounds' dtype: the data's float dtype for its
    # min/max, float64 for Python bounds (``range``, the empty default) and integers.
    wide = bin_dt if range is None and x.shape[0] != 0 else tf.float64
    if range is not None:
        lo, hi = float(range[0]), float(range[1])
        if lo > hi:
            raise ValueError("max must be larger than min in range parameter.")
        if not (math.isfinite(lo) and math.isfinite(hi)):
            raise ValueError(f"supplied range of [{lo}, {hi}] is not finite")
        if lo == hi:
            lo, hi = lo - 0.5, hi + 0.5
        first, last = tf.constant(lo, wide), tf.constant(hi, wide)
        denom = tf.constant(hi - lo, tf.float64)
    else:
        if x.shape[0] == 0:  # NumPy: no data, the 0..1 range
            first, last = tf.zeros([], dt), tf.ones([], dt)
        elif dt.is_complex:
            from np2tf.runtime import _order

            first, last = _order.extreme(x, None, False, False), _order.extreme(x, None, False, True)
        else:
            first, last = tf.reduce_min(x), tf.reduce_max(x)
        same = tf.equal(first, last)
        first, last = tf.cast(first, bin_dt), tf.cast(last, bin_dt)
        half = tf.constant(0.5, bin_dt)
        first, last = tf.where(same, _r(tf.subtract, first, half), first), tf.where(same, _r(tf.add, last, half), last)
        denom = _r(tf.subtract, last, first)  # in the data's float dtype, as NumPy's scalars subtract
        first, last = tf.cast(first, wide), tf.cast(last, wide)
    # linspace as NumPy computes it: start + arange(num) * ((stop - start) / div), stop exact.
    step = _r(tf.divide, _r(tf.subtract, last, first), tf.cast(n, wide))
    steps = _r(tf.add, _r(tf.multiply, tf.cast(tf.range(n + 1), wide), step), first)
    edges = tf.cast(tf.concat([steps[:-1], last[None]], 0), bin_dt)
    return edges, tf.cast(first, bin_dt), tf.cast(last, bin_dt), denom


def histogram_bin_edges(a: Any, bins: Any = 10, range: Any = None, weights: Any = None) -> tf.Tensor:  # noqa: A002
    """Bin edges :func:`histogram` would use."""
    return histogram(a, bins, range, weights=weights)[1]


def histogram(a: Any, bins: Any = 10, range: Any = None, density: Any = None, weights: Any = None) -> tuple[tf.Tensor, tf.Tensor]:  # noqa: A002
    """Histogram ``(hist, bin_edges)`` by NumPy's algorithm: equal bins index each value
    by ``(x - first) / width * n`` in the edges' dtype, then correct by one against the
    edges; explicit edges count by searching the sorted data. The last bin is closed;
    values outside (and NaN) are dropped; an empty input gets the 0..1 range."""
    t = tnp.asarray(a)
    if t.dtype == tf.bool:  # NumPy counts bools as uint8
        t = tf.cast(t, tf.uint8)
    x = tf.reshape(t, [-1])
    w = None if weights is None else tf.reshape(tnp.asarray(weights), [-1])
    n = _bin_count(bins)
    if n is None:
        return _histogram_edges(x, tnp.asarray(bins), density, w)
    edges, first, last, denom = _uniform_edges(x, n, range)
    # Values in [first, last] (NaN is neither) land in a bin; the rest in a dropped one.
    keep = _lex_less(tf.cast(first, x.dtype) if range is None else first, tf.cast(x, first.dtype) if range is not None else x, True)
    if range is None:
        keep &= _lex_less(x, tf.cast(last, x.dtype), True)
    else:
        keep &= _lex_less(tf.cast(x, last.dtype), last, True)
    xb = tf.where(keep, tf.cast(x, edges.dtype), first)  # dropped values: any valid index
    diff = _r(tf.subtract, xb, first)
    if range is not None:
        diff = tf.cast(diff, tf.complex128 if diff.dtype.is_complex else tf.float64)
    f = _r(tf.multiply, _r(tf.divide, diff, tf.cast(denom, diff.dtype)), tf.cast(n, diff.dtype))
    idx = tf.cast(tf.math.real(f) if f.dtype.is_complex else f, tf.int64)
    idx = tf.clip_by_value(idx, 0, n)
    idx = tf.where(tf.equal(idx, n), idx - 1, idx)
    idx = tf.where(_lex_less(xb, tf.gather(edges, idx), False), idx - 1, idx)
    idx = tf.clip_by_value(idx, 0, n - 1)
    up = tf.logical_not(_lex_less(xb, tf.gather(edges, idx + 1), False)) & tf.not_equal(idx, n - 1)
    idx = tf.where(up, idx + 1, idx)
    idx = tf.where(keep, idx, n)
    hist = _bin_sums(idx, w, n + 1)[:-1]
    return _density(hist, edges) if density else hist, edges


def _bin_sums(idx: tf.Tensor, w: tf.Tensor | None, size: Any) -> tf.Tensor:
    """Counts (int64), or sums of weights in the weights' dtype (NumPy's ``ntype``)."""
    if w is None:
        return tf.math.unsorted_segment_sum(tf.ones_like(idx), idx, size)
    wide = w.dtype if (w.dtype.is_complex or w.dtype == tf.float64) else tf.float64
    return tf.cast(tf.math.unsorted_segment_sum(tf.cast(w, wide), idx, size), w.dtype)


def _density(hist: tf.Tensor, edges: tf.Tensor) -> tf.Tensor:
    width = tf.cast(tf.math.real(edges) if edges.dtype.is_complex else edges, tf.float64)
    h = tf.cast(tf.math.real(hist) if hist.dtype.is_complex else hist, tf.float64)
    return h / (width[1:] - width[:-1]) / tf.reduce_sum(h)


def _histogram_edges(x: tf.Tensor, edges: tf.Tensor, density: Any, w: tf.Tensor | None) -> tuple[tf.Tensor, tf.Tensor]:
    """Explicit edges: cumulative counts from searching the sorted data (NumPy's
    ``_search_sorted_inclusive``: left for every edge but the last, right for it)."""
    from np2tf.runtime._sets import argsort, searchsorted

    order = argsort(x, kind="stable")
    sx = tf.gather(x, order)
    at = tf.concat([searchsorted(sx, edges[:-1], side="left"), searchsorted(sx, edges[-1:], side="right")], 0)
    if w is None:
        cum = at
    else:
        sw = tf.gather(w, order)
        wide = w.dtype if (w.dtype.is_complex or w.dtype.is_floating or w.dtype == tf.int64) else tf.int64
        cum = tf.gather(tf.concat([tf.zeros([1], wide), tf.cumsum(tf.cast(sw, wide))], 0), at)
    hist = cum[1:] - cum[:-1]
    if w is not None:
        hist = tf.cast(hist, w.dtype)
    return _density(hist, edges) if density else hist, edges


def digitize(x: Any, bins: Any, right: bool = False) -> tf.Tensor:
    """Indices of the bins each value falls in (increasing or decreasing ``bins``), int64.

    NumPy's rule: the first pair of differing edges gives the direction; decreasing bins
    are searched reversed with the *same* side (``len(bins) - searchsorted(bins[::-1],
    x, side)``). NaN sorts last, bool bins work (TF has no bool search kernel).
    """
    from np2tf.runtime._sets import searchsorted

    x = tnp.asarray(x)
    b = tnp.asarray(bins)
    if x.dtype.is_complex:
        raise TypeError("x may not be complex")
    side = "left" if right else "right"
    inc = searchsorted(b, x, side=side)
    if b.shape.rank != 1 or b.shape[0] == 0:
        return inc
    differs = tf.not_equal(b, b[0])  # NaN differs from everything, as in NumPy's check
    first = tf.argmax(tf.cast(differs, tf.int32), output_type=tf.int32)
    bo = tf.cast(b, tf.int8) if b.dtype == tf.bool else b
    increasing = tf.logical_not(tf.reduce_any(differs)) | (bo[0] < tf.gather(bo, first))
    dec = tf.size(b, out_type=tf.int64) - searchsorted(b[::-1], x, side=side)
    return tf.where(increasing, inc, dec)


def cov(m: Any, y: Any = None, rowvar: bool = True, bias: bool = False, ddof: Any = None, *, dtype: Any = None) -> tf.Tensor:
    """Covariance matrix (no frequency/analytic weights)."""
    x = tnp.atleast_2d(tnp.asarray(m))
    # NumPy computes in result_type(m, float64): float32 input gives float64.
    x = tf.cast(x, dtype if dtype is not None else (tf.complex128 if x.dtype.is_complex else tf.float64))
    if not rowvar and x.shape[0] != 1:
        x = tf.transpose(x)
    if y is not None:
        yy = tf.cast(tnp.atleast_2d(tnp.asarray(y)), x.dtype)
        if not rowvar and yy.shape[0] != 1:
            yy = tf.transpose(yy)
        x = tf.concat([x, yy], axis=0)
    if ddof is None:
        ddof = 0 if bias else 1
    real = x.dtype.real_dtype
    fact = tf.cast(tf.shape(x)[1], real) - tf.cast(ddof, real)
    # NumPy: too few observations (fact <= 0) warn and divide by 0: nan/inf, never a
    # negative or -0 "variance".
    fact = tf.where(fact <= 0, tf.zeros_like(fact), fact)
    xc = x - tf.reduce_mean(x, axis=1, keepdims=True)
    c = tf.matmul(xc, xc, adjoint_b=True) * tf.cast(1 / fact, x.dtype)
    return tf.squeeze(c) if c.shape[0] == 1 else c


def corrcoef(x: Any, y: Any = None, rowvar: bool = True, *, dtype: Any = None) -> tf.Tensor:
    """Pearson correlation coefficients, clipped to [-1, 1] like NumPy."""
    c = cov(x, y, rowvar, dtype=dtype)
    if c.shape.rank == 0:
        return c / c
    d = tf.sqrt(tf.math.real(tf.linalg.diag_part(c)))
    d = tf.cast(d, c.dtype)
    c = c / d[:, None] / d[None, :]
    if c.dtype.is_complex:
        return tf.complex(tf.clip_by_value(tf.math.real(c), -1, 1), tf.clip_by_value(tf.math.imag(c), -1, 1))
    return tf.clip_by_value(c, -1, 1)
