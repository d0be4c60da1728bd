"""Elementwise functions tnp lacks or gets wrong (NumPy's rounding, None clip bounds,
windows) plus the dtype constants and helpers that accept ``tf.DType``.

``fmax``/``fmin``/``copysign`` here work on operands of one dtype; the exported
ufuncs (with NumPy's dtype resolution) are in :mod:`np2tf.runtime._ufuncs`.
"""

from __future__ import annotations

import builtins
import math
from typing import Any

import numpy as np
import tensorflow as tf
import tensorflow.experimental.numpy as tnp

__all__ = [
    "False_", "True_", "around", "bartlett", "blackman", "can_cast", "character",
    "clip", "common_type", "complexfloating", "dtype", "euler_gamma", "flexible",
    "floating", "frexp", "generic", "hamming", "hanning", "i0", "iinfo", "integer",
    "isdtype", "issubdtype", "iterable", "kaiser", "little_endian", "modf", "nan",
    "allclose", "imag", "isclose", "nan_to_num", "number", "real", "round", "signedinteger", "unsignedinteger",
]

nan = float("nan")
euler_gamma = np.euler_gamma
little_endian = np.little_endian
False_ = np.False_
True_ = np.True_
# Abstract scalar types: only meaningful as the second argument of issubdtype.
generic, number, integer, signedinteger, unsignedinteger = np.generic, np.number, np.integer, np.signedinteger, np.unsignedinteger
floating, complexfloating, flexible, character = np.floating, np.complexfloating, np.flexible, np.character


def _np_dtype(d: Any) -> Any:
    if isinstance(d, tf.DType):
        return np.dtype(d.as_numpy_dtype)
    if isinstance(d, (tf.Tensor, tf.Variable)):
        return np.dtype(d.dtype.as_numpy_dtype)
    return d


def dtype(dtype: Any, align: bool = False, copy: bool = False) -> np.dtype:  # noqa: A002
    """``numpy.dtype`` that also accepts a ``tf.DType``."""
    return np.dtype(_np_dtype(dtype), align, copy)


def iinfo(int_type: Any) -> np.iinfo:
    """``numpy.iinfo`` that also accepts a ``tf.DType`` or a tensor."""
    return np.iinfo(_np_dtype(int_type))


def issubdtype(arg1: Any, arg2: Any) -> bool:
    """``numpy.issubdtype`` that also accepts ``tf.DType``."""
    return np.issubdtype(_np_dtype(arg1), _np_dtype(arg2))


def isdtype(dtype: Any, kind: Any) -> bool:  # noqa: A002
    """``numpy.isdtype`` that also accepts ``tf.DType``."""
    kinds = tuple(_np_dtype(k) for k in kind) if isinstance(kind, tuple) else _np_dtype(kind)
    return np.isdtype(np.dtype(_np_dtype(dtype)), kinds)


def can_cast(from_: Any, to: Any, casting: str = "safe") -> bool:
    """``numpy.can_cast`` on dtypes, tensors or ``tf.DType``."""
    return np.can_cast(_np_dtype(from_), _np_dtype(to), casting)


def common_type(*arrays: Any) -> Any:
    """Inexact scalar type common to the inputs (ints count as float64)."""
    return np.common_type(*[np.empty(0, _np_dtype(tnp.asarray(a).dtype)) for a in arrays])


def iterable(y: Any) -> bool:
    """Whether ``y`` can be iterated (tensors of rank >= 1 can)."""
    if isinstance(y, tf.Tensor):
        return y.shape.rank != 0
    return np.iterable(y)


def clip(a: Any, a_min: Any = None, a_max: Any = None, *, min: Any = None, max: Any = None) -> tf.Tensor:  # noqa: A002
    """Clip with either bound optional (tnp needs both), incl. NumPy 2's ``min``/``max``."""
    lo = a_min if a_min is not None else min
    hi = a_max if a_max is not None else max
    x = tnp.asarray(a)
    if lo is None and hi is None:
        return x
    if x.dtype.is_integer:
        # NumPy 2 compares with Python-int bounds exactly: clip(uint8, 0, 300) keeps 200
        # (TF would wrap 300 to 44 first). Out-of-range bounds are no-ops.
        dmin, dmax = x.dtype.min, x.dtype.max
        if isinstance(lo, int) and not isinstance(lo, bool):
            lo = None if lo <= dmin else builtins.min(lo, dmax)
        if isinstance(hi, int) and not isinstance(hi, bool):
            hi = None if hi >= dmax else builtins.max(hi, dmin)
    if x.dtype.is_complex or any(isinstance(b, complex) or getattr(b, "dtype", None) in (tf.complex64, tf.complex128, np.complex64, np.complex128) for b in (lo, hi)):
        # No complex Maximum/Minimum kernels: the ufuncs order complex values as NumPy does.
        from np2tf.runtime import _ufuncs

        lower, upper = _ufuncs.maximum, _ufuncs.minimum
    else:
        lower, upper = tnp.maximum, tnp.minimum
    if lo is not None:
        x = lower(x, lo)
    if hi is not None:
        x = upper(x, hi)
    return x


def round(a: Any, decimals: int = 0) -> tf.Tensor:  # noqa: A001
    """Round half to even at ``decimals`` digits, exact for negative ``decimals`` too."""
    x = tnp.asarray(a)
    if x.dtype == tf.bool:  # NumPy rounds bool in its first float loop, float16
        x = tf.cast(x, tf.float16)
    if not (x.dtype.is_floating or x.dtype.is_complex):
        if decimals >= 0:
            return x
        f = 10 ** (-decimals)
        xf = tf.cast(x, tf.float64)
        return tf.cast(tf.round(xf / f) * f, x.dtype)
    if x.dtype.is_complex:
        return tf.complex(round(tf.math.real(x), decimals), round(tf.math.imag(x), decimals))
    if decimals >= 0:
        f = tf.cast(10.0**decimals, x.dtype)
        return tf.round(x * f) / f
    f = tf.cast(10.0 ** (-decimals), x.dtype)
    return tf.round(x / f) * f


around = round


def nan_to_num(x: Any, copy: bool = True, nan: float = 0.0, posinf: Any = None, neginf: Any = None) -> tf.Tensor:
    """Replace NaN and infinities (defaults: 0 and the dtype's largest finite values)."""
    t = tnp.asarray(x)
    if t.dtype.is_complex:
        return tf.complex(nan_to_num(tf.math.real(t), nan=nan, posinf=posinf, neginf=neginf), nan_to_num(tf.math.imag(t), nan=nan, posinf=posinf, neginf=neginf))
    if not t.dtype.is_floating:
        return t
    big = t.dtype.max
    t = tf.where(tf.math.is_nan(t), tf.cast(nan, t.dtype), t)
    t = tf.where(tf.equal(t, math.inf), tf.cast(big if posinf is None else posinf, t.dtype), t)
    return tf.where(tf.equal(t, -math.inf), tf.cast(-big if neginf is None else neginf, t.dtype), t)


def _pair(x1: Any, x2: Any) -> tuple[tf.Tensor, tf.Tensor]:
    a, b = tnp.asarray(x1), tnp.asarray(x2)
    dt = tnp.result_type(x1, x2)
    return tf.cast(a, dt), tf.cast(b, dt)


def fmax(x1: Any, x2: Any) -> tf.Tensor:
    """Elementwise maximum that ignores a NaN when the other value is a number."""
    a, b = _pair(x1, x2)
    m = tnp.maximum(a, b)
    if a.dtype.is_floating:
        m = tf.where(tf.math.is_nan(a), b, tf.where(tf.math.is_nan(b), a, m))
    return m


def fmin(x1: Any, x2: Any) -> tf.Tensor:
    """Elementwise minimum that ignores a NaN when the other value is a number."""
    a, b = _pair(x1, x2)
    m = tnp.minimum(a, b)
    if a.dtype.is_floating:
        m = tf.where(tf.math.is_nan(a), b, tf.where(tf.math.is_nan(b), a, m))
    return m


def copysign(x1: Any, x2: Any) -> tf.Tensor:
    """Magnitude of ``x1`` with the sign bit of ``x2`` (float result)."""
    a, b = _pair(x1, x2)
    if not a.dtype.is_floating:
        a, b = tf.cast(a, tf.float64), tf.cast(b, tf.float64)
    neg = tf.math.sign(b) < 0
    # -0.0 has a negative sign bit: 1/-0.0 == -inf tells it apart from +0.0.
    neg = neg | (tf.equal(b, 0) & (1 / b < 0))
    mag = tf.abs(a)
    return tf.where(neg, -mag, mag)


def isclose(a: Any, b: Any, rtol: Any = 1e-05, atol: Any = 1e-08, equal_nan: bool = False) -> tf.Tensor:
    """``|a - b| <= atol + rtol * |b|`` where ``b`` is finite, else ``a == b`` (NumPy's
    rule: tnp.isclose calls 0 close to inf, as ``inf <= inf``)."""
    from np2tf.runtime._promotion import as_tensor, cast_all, is_weak, result_type

    x, y = as_tensor(a), as_tensor(b)
    if is_weak(y):
        y = complex(y) if isinstance(y, complex) else float(y)
    else:
        y = tf.cast(y, result_type([y, 1.0]))  # NumPy: y = asarray(y, result_type(y, 1.))
    dt = result_type([x, y])
    x, y = cast_all([x, y], dt)
    real = dt.real_dtype if dt.is_complex else dt
    tol = tf.cast(atol, real) + tf.cast(rtol, real) * tf.abs(y)
    finite = tf.math.is_finite(tf.math.real(y)) & tf.math.is_finite(tf.math.imag(y)) if dt.is_complex else tf.math.is_finite(y)
    out = (tf.abs(x - y) <= tol) & finite | tf.equal(x, y)
    if equal_nan:
        out = out | (_isnan_any(x) & _isnan_any(y))
    return out


def _isnan_any(x: tf.Tensor) -> tf.Tensor:
    return tf.math.is_nan(tf.math.real(x)) | tf.math.is_nan(tf.math.imag(x)) if x.dtype.is_complex else tf.math.is_nan(x)


def allclose(a: Any, b: Any, rtol: Any = 1e-05, atol: Any = 1e-08, equal_nan: bool = False) -> tf.Tensor:
    """``all(isclose(...))`` as a 0-d bool tensor (NumPy's handling of inf)."""
    return tf.reduce_all(isclose(a, b, rtol, atol, equal_nan))


def real(val: Any) -> tf.Tensor:
    """The real part; real input (bool too, which tnp rejects) comes back unchanged."""
    t = tnp.asarray(val)
    return t if t.dtype == tf.bool else tnp.real(t)


def imag(val: Any) -> tf.Tensor:
    """The imaginary part; zeros of the input's dtype for real input (bool too)."""
    t = tnp.asarray(val)
    return tf.zeros_like(t) if t.dtype == tf.bool else tnp.imag(t)


def _float(x: Any) -> tf.Tensor:
    t = tnp.asarray(x)
    return t if t.dtype.is_floating else tf.cast(t, tf.float64)


def trunc(x: Any) -> tf.Tensor:
    """Round towards zero (float result for float input, like NumPy)."""
    t = tnp.asarray(x)
    return t if t.dtype.is_integer or t.dtype == tf.bool else tf.where(t < 0, tf.math.ceil(t), tf.floor(t))


def frexp(x: Any) -> tuple[tf.Tensor, tf.Tensor]:
    """Mantissa in [0.5, 1) and int32 exponent, like ``numpy.frexp``."""
    t = _float(x)
    nonzero = tf.not_equal(t, 0) & tf.math.is_finite(t)
    safe = tf.where(nonzero, tf.abs(t), tf.ones_like(t))
    e = tf.floor(tf.math.log(safe) / math.log(2.0)) + 1
    m = t / tf.pow(tf.cast(2.0, t.dtype), e)
    # log2 rounding can be off by one at exact powers of two: renormalise.
    fix_hi = tf.abs(m) >= 1
    m = tf.where(fix_hi, m / 2, m)
    e = tf.where(fix_hi, e + 1, e)
    fix_lo = tf.abs(m) < 0.5
    m = tf.where(fix_lo & nonzero, m * 2, m)
    e = tf.where(fix_lo & nonzero, e - 1, e)
    return tf.where(nonzero, m, t), tf.where(nonzero, tf.cast(e, tf.int32), tf.zeros_like(e, tf.int32))


def modf(x: Any) -> tuple[tf.Tensor, tf.Tensor]:
    """Fractional and integral parts, both with the sign of ``x``."""
    t = _float(x)
    whole = trunc(t)
    return t - whole, whole


def i0(x: Any) -> tf.Tensor:
    """Modified Bessel function of the first kind, order 0 (float64 for ints)."""
    return tf.math.special.bessel_i0(_float(x))


def _window(m: int) -> tf.Tensor:
    return tf.range(m, dtype=tf.float64)


def bartlett(M: int) -> tf.Tensor:  # noqa: N803
    """Bartlett (triangular) window, float64."""
    if M < 1:
        return tf.zeros([0], tf.float64)
    if M == 1:
        return tf.ones([1], tf.float64)
    n = _window(M)
    return 1 - tf.abs(2 * n / (M - 1) - 1)


def _cosine(M: int, coeffs: tuple[float, ...]) -> tf.Tensor:  # noqa: N803
    if M < 1:
        return tf.zeros([0], tf.float64)
    if M == 1:
        return tf.ones([1], tf.float64)
    n = _window(M)
    w = tf.zeros([M], tf.float64)
    for k, c in enumerate(coeffs):
        w += c * tf.cos(2 * math.pi * k * n / (M - 1))
    return w


def blackman(M: int) -> tf.Tensor:  # noqa: N803
    """Blackman window, float64."""
    return _cosine(M, (0.42, -0.5, 0.08))


def hamming(M: int) -> tf.Tensor:  # noqa: N803
    """Hamming window, float64."""
    return _cosine(M, (0.54, -0.46))


def hanning(M: int) -> tf.Tensor:  # noqa: N803
    """Hann window, float64."""
    return _cosine(M, (0.5, -0.5))


def kaiser(M: int, beta: float) -> tf.Tensor:  # noqa: N803
    """Kaiser window, float64."""
    if M == 1:
        return tf.ones([1], tf.float64)
    n = _window(M)
    alpha = (M - 1) / 2.0
    b = tf.cast(beta, tf.float64)
    return tf.math.special.bessel_i0(b * tf.sqrt(1 - ((n - alpha) / alpha) ** 2)) / tf.math.special.bessel_i0(b)
