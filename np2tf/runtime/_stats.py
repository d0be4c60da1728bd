"""Statistics NumPy has and tnp lacks or gets wrong: var/std with ddof, quantiles,
the nan* family, histograms, bincount, cov/corrcoef.

All are built from TF ops (sorts, gathers, segment sums), so they run under
``tf.function`` and XLA. Integer input computes in float64, as in NumPy.
"""

from __future__ import annotations

from typing import Any

import tensorflow as tf
import tensorflow.experimental.numpy as tnp

__all__ = [
    "bincount", "corrcoef", "cov", "cumulative_prod", "cumulative_sum", "digitize",
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


def _quantile(a: Any, q: Any, axis: Any, method: str, keepdims: bool, nan: bool) -> tf.Tensor:
    if method not in _METHODS:
        raise ValueError(f"quantile method {method!r} is not supported by np2tf (only {_METHODS})")
    raw = tnp.asarray(a)
    # Discrete methods pick an element, so NumPy keeps an integer input's dtype.
    keep_int = method in ("lower", "higher", "nearest") and raw.dtype.is_integer
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
    isnan = tf.math.is_nan(moved)
    # NaNs sort last either way: fill them with +inf first, since sort order of NaN is unspecified.
    srt = tf.sort(tf.where(isnan, tf.cast(float("inf"), x.dtype), moved), axis=-1)
    total = tf.shape(moved)[-1]
    if nan:
        count = tf.reduce_sum(tf.cast(~isnan, tf.int32), axis=-1, keepdims=True)
    else:
        count = tf.fill(tf.concat([tf.shape(moved)[:-1], [1]], 0), total)
    qt = tf.cast(tnp.asarray(q), tf.float64)
    qflat = tf.reshape(qt, [-1])
    pos = qflat * tf.cast(count - 1, tf.float64)  # [..., nq]
    lo = tf.floor(pos)
    hi = tf.math.ceil(pos)
    if method == "lower":
        lo = hi = lo
    elif method == "higher":
        lo = hi = hi
    elif method == "nearest":
        lo = hi = tf.round(pos)  # round half to even, like NumPy
    clip = tf.cast(tf.maximum(count - 1, 0), tf.float64)
    lo_i = tf.cast(tf.clip_by_value(lo, 0.0, clip), tf.int32)
    hi_i = tf.cast(tf.clip_by_value(hi, 0.0, clip), tf.int32)
    v_lo = tf.gather(srt, lo_i, batch_dims=srt.shape.rank - 1)
    v_hi = tf.gather(srt, hi_i, batch_dims=srt.shape.rank - 1)
    if method == "midpoint":
        frac = tf.where(hi > lo, 0.5, 0.0)
    else:
        frac = pos - lo
    frac = tf.cast(frac, x.dtype)
    res = v_lo + (v_hi - v_lo) * frac
    res = tf.where(tf.equal(frac, 0), v_lo, res)
    bad = tf.reduce_any(isnan, axis=-1, keepdims=True) if not nan else tf.equal(count, 0)
    res = tf.where(bad, tf.cast(float("nan"), x.dtype), res)
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
    return _quantile(a, tnp.asarray(q) / 100, axis, method, keepdims, False)


def nanquantile(a: Any, q: Any, axis: Any = None, overwrite_input: bool = False, method: str = "linear", keepdims: bool = False) -> tf.Tensor:
    """Quantile ignoring NaNs."""
    return _quantile(a, q, axis, method, keepdims, True)


def nanpercentile(a: Any, q: Any, axis: Any = None, overwrite_input: bool = False, method: str = "linear", keepdims: bool = False) -> tf.Tensor:
    """Percentile ignoring NaNs."""
    return _quantile(a, tnp.asarray(q) / 100, axis, method, keepdims, True)


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
    return empty if empty is not None else _quantile(a, 0.5, axis, "linear", keepdims, False)


def nanmedian(a: Any, axis: Any = None, overwrite_input: bool = False, keepdims: bool = False) -> tf.Tensor:
    """Median ignoring NaNs; NaN for an empty reduction."""
    empty = _empty_median(a, axis, keepdims)
    return empty if empty is not None else _quantile(a, 0.5, axis, "linear", keepdims, True)


def bincount(x: Any, weights: Any = None, minlength: int = 0) -> tf.Tensor:
    """Counts of each non-negative int (int64, or float64 with ``weights``)."""
    x = tf.cast(tnp.asarray(x), tf.int32)
    if weights is None:
        return tf.math.bincount(x, minlength=minlength, dtype=tf.int64, axis=None)
    w = tf.cast(tnp.asarray(weights), tf.float64)
    return tf.math.bincount(x, weights=w, minlength=minlength, dtype=tf.float64, axis=None)


def _edges(x: tf.Tensor, bins: Any, range: Any, edge_dtype: Any = None) -> tf.Tensor:  # noqa: A002
    if isinstance(bins, str):
        raise ValueError("np2tf histograms take integer bins or explicit edges, not estimators")
    if isinstance(bins, int):
        if range is None:
            lo, hi = tf.reduce_min(x), tf.reduce_max(x)
        else:
            lo, hi = tf.constant(range[0], tf.float64), tf.constant(range[1], tf.float64)
        same = tf.equal(lo, hi)
        lo = tf.where(same, lo - 0.5, lo)
        hi = tf.where(same, hi + 0.5, hi)
        edges = tnp.linspace(tf.cast(lo, tf.float64), tf.cast(hi, tf.float64), bins + 1)
        # NumPy's edges take result_type(a, float): float32/float16 data keep their dtype.
        return tf.cast(edges, edge_dtype) if edge_dtype is not None else edges
    return tnp.asarray(bins)


def _edge_dtype(t: tf.Tensor) -> Any:
    return t.dtype if t.dtype in (tf.float16, tf.float32) else None


def histogram_bin_edges(a: Any, bins: Any = 10, range: Any = None, weights: Any = None) -> tf.Tensor:  # noqa: A002
    """Bin edges :func:`histogram` would use."""
    t = tnp.asarray(a)
    return _edges(tf.cast(tf.reshape(t, [-1]), tf.float64), bins, range, _edge_dtype(t))


def histogram(a: Any, bins: Any = 10, range: Any = None, density: Any = None, weights: Any = None) -> tuple[tf.Tensor, tf.Tensor]:  # noqa: A002
    """Histogram ``(hist, bin_edges)``; the last bin is closed, as in NumPy."""
    t = tnp.asarray(a)
    x = tf.cast(tf.reshape(t, [-1]), tf.float64)
    out_edges = _edges(x, bins, range, _edge_dtype(t))
    edges = tf.cast(out_edges, tf.float64)  # compare in float64; return NumPy's edge dtype
    nb = tf.shape(edges)[0] - 1
    idx = tf.searchsorted(edges, x, side="right") - 1
    idx = tf.where(tf.equal(x, edges[-1]), nb - 1, idx)
    inside = (x >= edges[0]) & (x <= edges[-1])
    idx = tf.where(inside, idx, nb)  # out-of-range values land in a dropped extra bin
    if weights is None:
        w = tf.ones_like(x, dtype=tf.int64 if not density else tf.float64)
    else:
        w = tf.cast(tf.reshape(tnp.asarray(weights), [-1]), tf.float64)
    hist = tf.math.unsorted_segment_sum(w, idx, nb + 1)[:-1]
    if density:
        hist = tf.cast(hist, tf.float64)
        hist = hist / (edges[1:] - edges[:-1]) / tf.reduce_sum(hist)
    return hist, out_edges


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
    n = tf.cast(tf.shape(x)[1], x.dtype)
    xc = x - tf.reduce_mean(x, axis=1, keepdims=True)
    c = tf.matmul(xc, xc, adjoint_b=True) / (n - tf.cast(ddof, x.dtype))
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
