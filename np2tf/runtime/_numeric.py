"""Numerical routines NumPy has and tnp lacks: differences, integration, interpolation,
convolution, vector products and polynomials (coefficients highest power first)."""

from __future__ import annotations

import math
from typing import Any

import tensorflow as tf
import tensorflow.experimental.numpy as tnp

from np2tf.runtime import _ufuncs
from np2tf.runtime._promotion import PROMOTE, cast_all, result_type

__all__ = [
    "array_equiv", "average", "convolve", "correlate", "cross", "diff", "dot", "ediff1d", "einsum",
    "gradient", "inner", "interp", "matvec", "poly", "polyadd", "polyder", "polyfit", "polyint",
    "polymul", "polysub", "polyval", "roots", "tensordot", "trace", "trapezoid", "unwrap", "vander", "vdot",
    "vecdot", "vecmat",
]

_NO = object()


def cross(a: Any, b: Any, axisa: int = -1, axisb: int = -1, axisc: int = -1, axis: Any = None) -> tf.Tensor:
    """Cross product of 2- or 3-vectors; complex too (TF's Cross kernel has no complex
    dtypes: the product is bilinear, so it is assembled from the real and imaginary parts)."""
    x, y = tnp.asarray(a), tnp.asarray(b)
    if not (x.dtype.is_complex or y.dtype.is_complex):
        return tnp.cross(x, y, axisa, axisb, axisc, axis)
    dt = tnp.result_type(x.dtype, y.dtype)
    x, y = tf.cast(x, dt), tf.cast(y, dt)
    xr, xi, yr, yi = tf.math.real(x), tf.math.imag(x), tf.math.real(y), tf.math.imag(y)

    def part(p: tf.Tensor, q: tf.Tensor) -> tf.Tensor:
        return tnp.cross(p, q, axisa, axisb, axisc, axis)

    return tf.complex(part(xr, yr) - part(xi, yi), part(xr, yi) + part(xi, yr))


def diff(a: Any, n: int = 1, axis: int = -1, prepend: Any = _NO, append: Any = _NO) -> tf.Tensor:
    """n-th discrete difference, with NumPy's ``prepend``/``append``."""
    x = tnp.asarray(a)
    ax = axis % x.shape.rank
    parts = []
    for extra in (prepend, None, append):
        if extra is None:
            parts.append(x)
        elif extra is not _NO:
            e = tnp.asarray(extra)
            shape = x.shape.as_list()
            shape[ax] = 1 if e.shape.rank == 0 else e.shape[ax]
            parts.append(tf.broadcast_to(tf.cast(e, tnp.result_type(x.dtype, e.dtype)), shape))
    if len(parts) > 1:
        dt = tnp.result_type(*[p.dtype for p in parts])
        x = tf.concat([tf.cast(p, dt) for p in parts], axis=ax)
    return tnp.diff(x, n=n, axis=ax)


def ediff1d(ary: Any, to_end: Any = None, to_begin: Any = None) -> tf.Tensor:
    """Differences of the flattened array, with optional values at either end."""
    x = tf.reshape(tnp.asarray(ary), [-1])
    d = x[1:] - x[:-1]
    parts = []
    if to_begin is not None:
        parts.append(tf.cast(tf.reshape(tnp.asarray(to_begin), [-1]), d.dtype))
    parts.append(d)
    if to_end is not None:
        parts.append(tf.cast(tf.reshape(tnp.asarray(to_end), [-1]), d.dtype))
    return tf.concat(parts, 0)


def gradient(f: Any, *varargs: Any, axis: Any = None, edge_order: int = 1) -> Any:
    """NumPy's ``gradient``: second-order central differences inside, first- or
    second-order (``edge_order``) one-sided differences at the edges, with scalar spacings
    or coordinate arrays (non-uniform grids) per axis, as in NumPy."""
    if edge_order not in (1, 2):
        raise ValueError("'edge_order' greater than 2 not supported")
    x = tnp.asarray(f)
    otype = x.dtype if (x.dtype.is_floating or x.dtype.is_complex) else tf.float64
    x = tf.cast(x, otype)
    nd = x.shape.rank
    axes = list(range(nd)) if axis is None else ([axis] if isinstance(axis, int) else list(axis))
    axes = [a % nd for a in axes]
    if not varargs:
        spacing: list[Any] = [1.0] * len(axes)
    elif len(varargs) == 1 and tnp.asarray(varargs[0]).shape.rank == 0:
        spacing = list(varargs) * len(axes)
    elif len(varargs) == len(axes):
        spacing = list(varargs)
    else:
        raise TypeError("invalid number of arguments")
    outs = []
    for ax, h in zip(axes, spacing):
        n = x.shape[ax]
        if n is not None and n < edge_order + 1:
            raise ValueError("Shape of array too small to calculate a numerical gradient, at least (edge_order + 1) elements are required.")

        def sl(lo: int | None, hi: int | None, ax: int = ax) -> tf.Tensor:
            s = [slice(None)] * nd
            s[ax] = slice(lo, hi)
            return x[tuple(s)]

        ht = tnp.asarray(h)
        if ht.shape.rank == 0:
            out = _uniform_gradient(sl, tf.cast(ht, otype), edge_order, ax)
        else:
            out = _coordinate_gradient(sl, ht, otype, ax, nd, edge_order)
        outs.append(out)
    return outs[0] if len(outs) == 1 else tuple(outs)


def _uniform_gradient(sl: Any, h: tf.Tensor, edge_order: int, ax: int) -> tf.Tensor:
    interior = (sl(2, None) - sl(None, -2)) / (2 * h)
    if edge_order == 1:
        first = (sl(1, 2) - sl(0, 1)) / h
        last = (sl(-1, None) - sl(-2, -1)) / h
    else:
        first = (-1.5 * sl(0, 1) + 2.0 * sl(1, 2) - 0.5 * sl(2, 3)) / h
        last = (0.5 * sl(-3, -2) - 2.0 * sl(-2, -1) + 1.5 * sl(-1, None)) / h
    return tf.concat([first, interior, last], axis=ax)


def _coordinate_gradient(sl: Any, coords: tf.Tensor, otype: tf.DType, ax: int, nd: int, edge_order: int) -> tf.Tensor:
    """NumPy's non-uniform formulas (it switches to the uniform ones when every step is
    equal; those agree with these to rounding)."""
    work = PROMOTE[(otype, tf.float64)] if not coords.dtype.is_floating else PROMOTE[(otype, coords.dtype)]
    c = tf.cast(coords, work)
    d = c[1:] - c[:-1]

    def along(v: tf.Tensor) -> tf.Tensor:
        return tf.reshape(v, [-1 if i == ax else 1 for i in range(nd)])

    dx1, dx2 = along(d[:-1]), along(d[1:])
    f0, f1, f2 = (tf.cast(sl(None, -2), work), tf.cast(sl(1, -1), work), tf.cast(sl(2, None), work))
    a = -dx2 / (dx1 * (dx1 + dx2))
    b = (dx2 - dx1) / (dx1 * dx2)
    cc = dx1 / (dx2 * (dx1 + dx2))
    interior = a * f0 + b * f1 + cc * f2

    def at(lo: int, hi: int | None) -> tf.Tensor:
        return tf.cast(sl(lo, hi), work)

    if edge_order == 1:
        first = (at(1, 2) - at(0, 1)) / d[0]
        last = (at(-1, None) - at(-2, -1)) / d[-1]
    else:
        p, q = d[0], d[1]
        first = (-(2.0 * p + q) / (p * (p + q)) * at(0, 1) + (p + q) / (p * q) * at(1, 2) - p / (q * (p + q)) * at(2, 3))
        p, q = d[-2], d[-1]
        last = (q / (p * (p + q)) * at(-3, -2) - (q + p) / (p * q) * at(-2, -1) + (2.0 * q + p) / (q * (p + q)) * at(-1, None))
    return tf.cast(tf.concat([first, interior, last], axis=ax), otype)


def interp(x: Any, xp: Any, fp: Any, left: Any = None, right: Any = None, period: Any = None) -> tf.Tensor:
    """Piecewise-linear interpolation on increasing ``xp`` (float64, complex if ``fp`` is)."""
    fpt = tnp.asarray(fp)
    out_dt = tf.complex128 if fpt.dtype.is_complex else tf.float64
    xt = tf.cast(tnp.asarray(x), tf.float64)
    xpt = tf.cast(tnp.asarray(xp), tf.float64)
    fpt = tf.cast(fpt, out_dt)
    if period is not None:
        p = tf.cast(abs(period), tf.float64)
        xt = tf.math.floormod(xt, p)
        xpt = tf.math.floormod(xpt, p)
        order = tf.argsort(xpt)
        xpt, fpt = tf.gather(xpt, order), tf.gather(fpt, order)
        xpt = tf.concat([xpt[-1:] - p, xpt, xpt[:1] + p], 0)
        fpt = tf.concat([fpt[-1:], fpt, fpt[:1]], 0)
    flat = tf.reshape(xt, [-1])
    n = tf.shape(xpt)[0]
    j = tf.clip_by_value(tf.searchsorted(xpt, flat, side="right") - 1, 0, tf.maximum(n - 2, 0))
    x0, x1 = tf.gather(xpt, j), tf.gather(xpt, tf.minimum(j + 1, n - 1))
    f0, f1 = tf.gather(fpt, j), tf.gather(fpt, tf.minimum(j + 1, n - 1))
    denom = tf.where(tf.equal(x1, x0), tf.ones_like(x0), x1 - x0)
    t = tf.cast((flat - x0) / denom, out_dt)
    res = f0 + (f1 - f0) * t
    res = tf.where(tf.equal(flat, xpt[-1]), fpt[-1], res)
    if period is None:
        lv = fpt[0] if left is None else tf.cast(left, out_dt)
        rv = fpt[-1] if right is None else tf.cast(right, out_dt)
        res = tf.where(flat < xpt[0], lv, tf.where(flat > xpt[-1], rv, res))
    return tf.reshape(res, tf.shape(xt))


def _conv(a: tf.Tensor, v: tf.Tensor, mode: str) -> tf.Tensor:
    """Full discrete convolution of 1-D a and v, then NumPy's mode slicing."""
    dt = tnp.result_type(a.dtype, v.dtype)
    if dt == tf.bool:  # NumPy: OR of ANDs; TF has no bool sums
        return _conv(tf.cast(a, tf.int32), tf.cast(v, tf.int32), mode) > 0
    a, v = tf.cast(a, dt), tf.cast(v, dt)
    n, m = a.shape[0], v.shape[0]
    if n == 0 or m == 0:
        raise ValueError("convolve: inputs cannot be empty")
    # Outer product summed along anti-diagonals: exact for ints, any dtype, XLA-friendly.
    prod = a[:, None] * v[None, :]
    idx = tf.range(n)[:, None] + tf.range(m)[None, :]
    full = tf.math.unsorted_segment_sum(tf.reshape(prod, [-1]), tf.reshape(idx, [-1]), n + m - 1)
    if mode == "full":
        return full
    if mode == "same":
        length = max(n, m)
        start = (min(n, m) - 1) // 2
        return full[start : start + length]
    if mode == "valid":
        return full[min(n, m) - 1 : max(n, m)]
    raise ValueError(f"mode must be one of 'valid', 'same', or 'full' (got {mode!r})")


def convolve(a: Any, v: Any, mode: str = "full") -> tf.Tensor:
    """1-D linear convolution with NumPy's ``full``/``same``/``valid`` modes."""
    a, v = tnp.asarray(a), tnp.asarray(v)
    if v.shape[0] > a.shape[0]:
        a, v = v, a
    return _conv(tf.reshape(a, [-1]), tf.reshape(v, [-1]), mode)


def correlate(a: Any, v: Any, mode: str = "valid") -> tf.Tensor:
    """1-D cross-correlation ``c[k] = sum_n a[n+k] * conj(v[n])`` (NumPy's convention)."""
    a, v = tnp.asarray(a), tnp.asarray(v)
    vc = tf.math.conj(v) if v.dtype.is_complex else v
    if v.shape[0] > a.shape[0]:
        # NumPy swaps the operands and reverses the result, which shifts `same` output.
        return _conv(vc, a[::-1], mode)[::-1] if not vc.dtype.is_complex else tf.math.conj(_conv(vc, a[::-1], mode)[::-1])
    return _conv(a, vc[::-1], mode)


def trapezoid(y: Any, x: Any = None, dx: float = 1.0, axis: int = -1) -> tf.Tensor:
    """Integral by the trapezoidal rule along ``axis``."""
    yt = tnp.asarray(y)
    is_bool = yt.dtype == tf.bool  # NumPy adds bool samples as logical or
    if not yt.dtype.is_floating and not yt.dtype.is_complex and not is_bool:
        yt = tf.cast(yt, tf.float64)
    nd = yt.shape.rank
    ax = axis % nd
    n = yt.shape[ax]
    if n is not None:  # an empty axis integrates to 0, as NumPy's empty slices sum to 0
        lo = tf.gather(yt, tf.range(0, max(n - 1, 0)), axis=ax)
        hi = tf.gather(yt, tf.range(1, max(n, 1)), axis=ax)
    else:
        m = tf.shape(yt)[ax]
        lo = tf.gather(yt, tf.range(0, tf.maximum(m - 1, 0)), axis=ax)
        hi = tf.gather(yt, tf.range(1, tf.maximum(m, 1)), axis=ax)
    if is_bool:
        pair = tf.cast(lo | hi, tf.float64)
        yt, lo, hi = tf.cast(yt, tf.float64), pair, tf.zeros_like(pair)
    if x is None:
        d = tf.cast(dx, yt.dtype)
    else:
        xt = tf.cast(tnp.asarray(x), yt.dtype)
        d = xt[1:] - xt[:-1] if xt.shape.rank == 1 else tnp.diff(xt, axis=ax)
        if xt.shape.rank == 1:
            shape = [1] * nd
            shape[ax] = n - 1
            d = tf.reshape(d, shape)
    return tf.reduce_sum(d * (lo + hi) / 2, axis=ax)


def unwrap(p: Any, discont: Any = None, axis: int = -1, *, period: float = 2 * math.pi) -> tf.Tensor:
    """Remove jumps larger than ``discont`` by adding multiples of ``period``."""
    x = tnp.asarray(p)
    ax = axis % x.shape.rank
    # NumPy differences in the input dtype (integers wrap) and then works in float.
    dd = tnp.diff(x, axis=ax) if x.shape[ax] != 0 else None
    if not x.dtype.is_floating:
        x = tf.cast(x, tf.float64)
        dd = tf.cast(dd, tf.float64) if dd is not None else None
    if dd is None:
        return x
    if discont is None:
        discont = period / 2
    half = period / 2
    ddmod = tf.math.floormod(dd + half, period) - half
    ddmod = tf.where(tf.equal(ddmod, -half) & (dd > 0), tf.cast(half, x.dtype), ddmod)
    correct = ddmod - dd
    correct = tf.where(tf.abs(dd) < discont, tf.zeros_like(correct), correct)
    first = tf.gather(x, [0], axis=ax)
    rest = tf.gather(x, tf.range(1, x.shape[ax]), axis=ax) + tf.cumsum(correct, axis=ax)
    return tf.concat([first, rest], axis=ax)


def vecdot(x1: Any, x2: Any, *, axis: int = -1, keepdims: bool = False) -> tf.Tensor:
    """Vector dot product over ``axis`` (the first argument is conjugated)."""
    a, b = tnp.asarray(x1), tnp.asarray(x2)
    dt = tnp.result_type(a.dtype, b.dtype)
    a, b = tf.cast(a, dt), tf.cast(b, dt)
    if dt.is_complex:
        a = tf.math.conj(a)
    # tnp.sum widens int32 to int64; NumPy's vecdot keeps the input dtype.
    return tf.cast(tnp.sum(a * b, axis=axis, keepdims=keepdims), dt)


def matvec(x1: Any, x2: Any, *, keepdims: bool = False) -> tf.Tensor:
    """Matrix-vector product over the last axes, broadcasting the batch."""
    a, b = tnp.asarray(x1), tnp.asarray(x2)
    return _ufuncs.matmul(a, b[..., None])[..., 0]


def vecmat(x1: Any, x2: Any, *, keepdims: bool = False) -> tf.Tensor:
    """Vector-matrix product (the vector is conjugated)."""
    a, b = tnp.asarray(x1), tnp.asarray(x2)
    if a.dtype.is_complex:
        a = tf.math.conj(a)
    return _ufuncs.matmul(a[..., None, :], b)[..., 0, :]


def array_equiv(a1: Any, a2: Any) -> tf.Tensor:
    """Whether the inputs are equal after broadcasting (False if they cannot broadcast)."""
    a, b = tnp.asarray(a1), tnp.asarray(a2)
    try:
        tf.broadcast_static_shape(a.shape, b.shape)
    except ValueError:
        return tf.constant(False)
    return tnp.all(tnp.equal(a, b))


def _coeffs(p: Any) -> tf.Tensor:
    return tf.reshape(tnp.asarray(p), [-1])


def polyadd(a1: Any, a2: Any) -> tf.Tensor:
    """Sum of two polynomials."""
    a, b = _coeffs(a1), _coeffs(a2)
    dt = tnp.result_type(a.dtype, b.dtype)
    n = max(a.shape[0], b.shape[0])
    a = tf.pad(tf.cast(a, dt), [[n - a.shape[0], 0]])
    b = tf.pad(tf.cast(b, dt), [[n - b.shape[0], 0]])
    return a | b if dt == tf.bool else tnp.add(a, b)  # NumPy adds bools as logical or


def polysub(a1: Any, a2: Any) -> tf.Tensor:
    """Difference of two polynomials (unsigned coefficients wrap, as in NumPy)."""
    a, b = _coeffs(a1), _coeffs(a2)
    dt = tnp.result_type(a.dtype, b.dtype)
    if dt == tf.bool:
        raise TypeError("numpy boolean subtract, the `-` operator, is not supported")
    n = max(a.shape[0], b.shape[0])
    a = tf.pad(tf.cast(a, dt), [[n - a.shape[0], 0]])
    b = tf.pad(tf.cast(b, dt), [[n - b.shape[0], 0]])
    return tnp.subtract(a, b)


def polymul(a1: Any, a2: Any) -> tf.Tensor:
    """Product of two polynomials."""
    return convolve(_coeffs(a1), _coeffs(a2))


def _sum_dtype(dtype: tf.DType) -> tf.DType:
    """The dtype NumPy's sum/trace give: small ints widen to the platform int (int64)."""
    if dtype == tf.bool or dtype in (tf.int8, tf.int16, tf.int32):
        return tf.int64
    return tf.uint64 if dtype in (tf.uint8, tf.uint16, tf.uint32) else dtype


def _arange_type(dtype: tf.DType) -> tf.DType:
    return PROMOTE.get((dtype, tf.int64), dtype)


def trace(a: Any, offset: int = 0, axis1: int = 0, axis2: int = 1, dtype: Any = None, out: Any = None) -> tf.Tensor:
    """Sum along a diagonal, widening small integers to int64 like NumPy."""
    t = tnp.asarray(a)
    target = tf.as_dtype(dtype) if dtype is not None else _sum_dtype(t.dtype)
    return tnp.trace(tf.cast(t, target), offset=offset, axis1=axis1, axis2=axis2)


def polyder(p: Any, m: int = 1) -> tf.Tensor:
    """m-th derivative of a polynomial."""
    c = _coeffs(p)
    for _ in range(m):
        n = c.shape[0] - 1
        if n <= 0:
            return tf.zeros([1], c.dtype)
        # NumPy multiplies by an int64 arange: int32 -> int64, float32 -> float64.
        c = tf.cast(c[:-1], _arange_type(c.dtype)) * tf.range(n, 0, -1, dtype=_arange_type(c.dtype))
    return c


def polyint(p: Any, m: int = 1, k: Any = None) -> tf.Tensor:
    """m-th antiderivative; integration constants ``k`` (scalar) default to 0."""
    c = _coeffs(p)
    # NumPy divides by an int64 arange: float32 -> float64, integers -> float64.
    c = tf.cast(c, _arange_type(c.dtype) if c.dtype.is_complex else tf.float64)
    kk = 0.0 if k is None else k
    for _ in range(m):
        n = c.shape[0]
        c = tf.concat([c / tf.cast(tf.range(n, 0, -1), c.dtype), tf.cast(tf.reshape(kk, [1]), c.dtype)], 0)
    return c


def polyfit(x: Any, y: Any, deg: int, rcond: Any = None) -> tf.Tensor:
    """Least-squares polynomial fit, highest power first."""
    xt = tf.cast(tnp.asarray(x), tf.float64)
    yt = tf.cast(tnp.asarray(y), tf.float64)
    van = tnp.vander(xt, deg + 1)
    # Scale columns as NumPy does, for conditioning.
    scale = tf.sqrt(tf.reduce_sum(van * van, axis=0))
    lhs = van / scale
    vector = yt.shape.rank == 1
    rhs = yt[:, None] if vector else yt
    s, u, v = tf.linalg.svd(lhs, full_matrices=False)
    cut = (len(xt) * 2.220446049250313e-16 if rcond is None else rcond) * tf.reduce_max(s)
    s_inv = tf.where(s > cut, 1 / s, tf.zeros_like(s))
    c = tf.matmul(v * s_inv[None, :], tf.matmul(u, rhs, adjoint_a=True))
    c = c / scale[:, None]
    return c[:, 0] if vector else c


def poly(seq_of_zeros: Any) -> tf.Tensor:
    """Coefficients of the monic polynomial with the given 1-D roots."""
    if tnp.asarray(seq_of_zeros).shape.rank not in (0, 1):
        raise NotImplementedError("np2tf poly: roots must be 1-D (NumPy takes a square matrix's eigenvalues)")
    z = _coeffs(seq_of_zeros)
    if z.dtype not in (tf.float32, tf.float64, tf.complex64, tf.complex128):
        z = tf.cast(z, tf.float64)  # NumPy's mintypecode: ints, bool and float16 -> float64
    c = tf.ones([1], z.dtype)
    for i in range(z.shape[0]):
        c = convolve(c, tf.stack([tf.ones([], z.dtype), -z[i]]))
    return c


def roots(p: Any) -> tf.Tensor:
    """Roots via the companion matrix's eigenvalues (complex128; leading zeros stripped)."""
    c = tf.cast(_coeffs(p), tf.float64)
    n = c.shape[0] - 1
    if n < 1:
        return tf.zeros([0], tf.complex128)
    comp = tf.concat([-(c[1:] / c[0])[None, :], tf.eye(n - 1, n, dtype=tf.float64)], 0)
    return tf.linalg.eigvals(comp)


# --- products in NumPy's result dtype ------------------------------------------------------
# TF's MatMul/Einsum kernels lack bool, int8, int16 and (on CPU) the unsigned dtypes, where
# NumPy computes in the operands' common dtype and wraps. These run the product in a dtype
# with kernels (int64 wraps to the same bits; bool is an OR of ANDs) and cast back.
_KERNEL = {tf.bool: tf.int32, tf.int8: tf.int64, tf.int16: tf.int64, tf.uint8: tf.int64,
           tf.uint16: tf.int64, tf.uint32: tf.int64, tf.uint64: tf.int64}


def _product(op: Any, *operands: Any) -> tf.Tensor:
    # Products are not ufuncs: NumPy converts Python scalars to arrays first (dot(int8, 3)
    # is int64), so there are no weak operands here.
    ts = [tnp.asarray(x) for x in operands]
    dt = result_type(ts)
    if dt is None:
        return op(*ts)
    ts = cast_all(ts, dt)
    kernel = _KERNEL.get(dt)
    if kernel is None:
        return op(*ts)
    r = op(*[tf.cast(t, kernel) for t in ts])
    return r > 0 if dt == tf.bool else tf.cast(r, dt)


def dot(a: Any, b: Any, out: Any = None) -> tf.Tensor:
    """``numpy.dot`` in NumPy's result dtype (``dot(int8, int8)`` is int8, bool is OR-AND)."""
    if out is not None:
        raise NotImplementedError("dot(out=) is not supported")
    return _product(tnp.dot, a, b)


def vdot(a: Any, b: Any) -> tf.Tensor:
    """``numpy.vdot``: flattened dot product, conjugating ``a``, in NumPy's dtype."""
    return _product(tnp.vdot, a, b)


def inner(a: Any, b: Any) -> tf.Tensor:
    """``numpy.inner`` in NumPy's result dtype."""
    return _product(tnp.inner, a, b)


def tensordot(a: Any, b: Any, axes: Any = 2) -> tf.Tensor:
    """``numpy.tensordot`` in NumPy's result dtype."""
    return _product(lambda x, y: tnp.tensordot(x, y, axes=axes), a, b)


def einsum(*operands: Any, out: Any = None, optimize: Any = False, **kwargs: Any) -> tf.Tensor:
    """``numpy.einsum`` (subscripts form) in NumPy's result dtype."""
    if out is not None:
        raise NotImplementedError("einsum(out=) is not supported")
    subscripts, arrays = operands[0], operands[1:]
    return _product(lambda *xs: tnp.einsum(subscripts, *xs, optimize=optimize, **kwargs), *arrays)


def vander(x: Any, N: Any = None, increasing: bool = False) -> tf.Tensor:  # noqa: N803
    """Vandermonde matrix in NumPy's dtype: ints and bool give int64, float32 float64
    (NumPy promotes with ``int``), computed by running products as NumPy does."""
    t = tnp.asarray(x)
    if t.shape.rank != 1:
        raise ValueError("x must be a one-dimensional array or sequence.")
    t = tf.cast(t, PROMOTE.get((t.dtype, tf.int64), t.dtype))
    n = t.shape[0] if N is None else int(N)
    if n is None:
        n = tf.shape(t)[0]
    elif n == 0:
        return tf.zeros([tf.shape(t)[0], 0], t.dtype)
    cols = tf.concat([tf.ones_like(t)[:, None], tf.tile(t[:, None], [1, n - 1])], axis=1)
    p = tf.math.cumprod(cols, axis=1)
    return p if increasing else p[:, ::-1]


def average(a: Any, axis: Any = None, weights: Any = None, returned: bool = False, *, keepdims: bool = False) -> Any:
    """``numpy.average`` with tuple axes, ``keepdims`` and NumPy's result dtype (ints give
    float64; the weights' dtype joins the promotion)."""
    from np2tf.runtime import ndarray as _nd

    x = tnp.asarray(a)
    nd = x.shape.rank
    axes = None if axis is None else tuple(sorted(ax % nd for ax in ((axis,) if isinstance(axis, int) else axis)))
    if weights is None:
        avg = _nd.mean(x, axis=axes, keepdims=keepdims)
        if not returned:
            return avg
        count = tf.size(x, out_type=tf.int64) // tf.maximum(tf.size(avg, out_type=tf.int64), 1)
        return avg, tf.fill(tf.shape(avg), tf.cast(count, avg.dtype))
    w = tnp.asarray(weights)
    dt = PROMOTE[(x.dtype, w.dtype)]
    if not (x.dtype.is_floating or x.dtype.is_complex):
        dt = PROMOTE[(dt, tf.float64)]
    if w.shape != x.shape:
        if axes is None:
            raise TypeError("Axis must be specified when shapes of a and weights differ.")
        raw = (axis,) if isinstance(axis, int) else tuple(axis)
        order = sorted(range(len(raw)), key=lambda i: raw[i] % nd)
        w = tf.reshape(tf.transpose(w, order), [x.shape[i] if i in axes else 1 for i in range(nd)])
    xw, w = tf.cast(x, dt), tf.broadcast_to(tf.cast(w, dt), tf.shape(x))
    scl = tf.reduce_sum(w, axis=axes, keepdims=keepdims)
    avg = tf.reduce_sum(xw * w, axis=axes, keepdims=keepdims) / scl
    return (avg, scl) if returned else avg


def polyval(p: Any, x: Any) -> tf.Tensor:
    """Horner's scheme from zeros, as NumPy runs it (``y = y * x + pv``): the same
    dtype (bool: AND/OR), and ``polyval([1, 2], inf)`` is nan like NumPy's ``0 * inf``."""
    c, t = tnp.asarray(p), tnp.asarray(x)
    dt = result_type([c, t])
    c, t = tf.cast(c, dt), tf.cast(t, dt)
    y = tf.zeros_like(t)
    n = c.shape[0]
    if n is None:  # coefficients of unknown length: a graph loop
        return tf.foldl(lambda acc, pv: (acc & t) | pv if dt == tf.bool else acc * t + pv, c, initializer=y)
    for i in range(n):
        y = (y & t) | c[i] if dt == tf.bool else y * t + c[i]
    return y
