"""NumPy ufuncs with NumPy's result dtype: cast to the loop NumPy picks, then call TF.

``tnp`` computes ``sin(int8)`` in float64 where NumPy picks float16, lacks kernels for
``abs(uint8)`` or ``negative(uint16)``, and cannot order complex numbers. Each wrapper
here resolves the dtype NumPy 2 computes in (NEP 50 promotion of the operands, then the
first of the ufunc's loops they cast to safely, see :mod:`np2tf.runtime._promotion`),
casts the operands to it and calls the TF op. The dtype logic runs while tracing; for
float32/float64 tensors no op is added before the TF op itself.
"""

from __future__ import annotations

import functools
import math
from typing import Any, Callable

import tensorflow as tf
import tensorflow.experimental.numpy as tnp

from np2tf.runtime import _elementwise as _ew
from np2tf.runtime._promotion import as_tensor, cast_all, is_weak, kind, operand_dtypes, select_loop

# Loop type codes, as in NumPy's ``ufunc.types`` (first input of each loop, in order).
FLOAT = "efdFD"
REAL = "efd"
NUMERIC = "bBhHiIlLefdFD"
REAL_NUMERIC = "bBhHiIlLefd"
ALL = "?bBhHiIlLefdFD"
ALL_REAL = "?bBhHiIlLefd"
INT = "bBhHiIlL"

_select = functools.lru_cache(maxsize=None)(select_loop)


def _loop(operands: tuple[Any, ...], loops: str, int_loop: str) -> tf.DType | None:
    dtypes = operand_dtypes(operands)
    if dtypes is None:  # bfloat16 and friends: NumPy has no loop, leave it to TF
        return None
    if int_loop and all(kind(d) in "bui" for d in dtypes):
        return _select((tf.float64,), int_loop)
    return _select(dtypes, loops)


def _make(name: str, op: Callable[..., Any], loops: str, nin: int, int_loop: str = "") -> Callable[..., Any]:
    """A wrapper of ``op`` taking NumPy's ufunc arguments, computing in NumPy's loop dtype."""

    def _call(*operands: Any) -> Any:
        operands = tuple(as_tensor(x) for x in operands)
        dtype = _loop(operands, loops, int_loop)
        if dtype is None:
            return op(*operands)
        return op(*cast_all(operands, dtype))

    if nin == 1:
        def fn(x: Any) -> tf.Tensor:
            return _call(x)
    else:
        def fn(x1: Any, x2: Any) -> tf.Tensor:  # type: ignore[misc]
            return _call(x1, x2)
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = (
        f"``numpy.{name}`` with NumPy's result dtype.\n\n"
        f"The operands are promoted as NumPy 2 does and cast to the first loop dtype of "
        f"``{loops}`` (NumPy type codes) they convert to safely, then the TF op runs.\n\n"
        "Returns:\n    A tensor with NumPy's values and dtype."
    )
    return fn


def _unsigned(x: tf.Tensor) -> bool:
    return x.dtype.is_unsigned or x.dtype == tf.bool


def _abs(x: tf.Tensor) -> tf.Tensor:
    return x if _unsigned(x) else tnp.abs(x)


def _negative(x: tf.Tensor) -> tf.Tensor:
    # No Neg kernel for unsigned ints; 0 - x wraps around like NumPy.
    return tf.subtract(tf.zeros_like(x), x) if x.dtype.is_unsigned else tnp.negative(x)


def _sign(x: tf.Tensor) -> tf.Tensor:
    return tf.cast(x > 0, x.dtype) if x.dtype.is_unsigned else tnp.sign(x)


def _rounder(op: Callable[[tf.Tensor], tf.Tensor]) -> Callable[[tf.Tensor], tf.Tensor]:
    def fn(x: tf.Tensor) -> tf.Tensor:
        if x.dtype.is_integer or x.dtype == tf.bool:  # NumPy keeps integers as they are
            return x
        if x.dtype.is_complex:
            return tf.complex(op(tf.math.real(x)), op(tf.math.imag(x)))
        return op(x)
    return fn


def _trunc(x: tf.Tensor) -> tf.Tensor:
    return tf.where(x < 0, tf.math.ceil(x), tf.floor(x))


def _classify(test: Callable[[tf.Tensor], tf.Tensor], ints: bool, both: bool) -> Callable[[tf.Tensor], tf.Tensor]:
    """isnan/isinf/isfinite: integers give ``ints``; complex tests both parts."""
    def fn(x: tf.Tensor) -> tf.Tensor:
        if x.dtype.is_integer or x.dtype == tf.bool:
            return tf.fill(tf.shape(x), ints)
        if x.dtype.is_complex:
            re, im = test(tf.math.real(x)), test(tf.math.imag(x))
            return (re & im) if both else (re | im)
        return test(x)
    return fn


def _complex_less(a: tf.Tensor, b: tf.Tensor, equal: bool) -> tf.Tensor:
    """NumPy orders complex numbers lexicographically: real part, then imaginary part."""
    ar, ai, br, bi = tf.math.real(a), tf.math.imag(a), tf.math.real(b), tf.math.imag(b)
    tie = tf.less_equal(ai, bi) if equal else tf.less(ai, bi)
    return tf.less(ar, br) | (tf.equal(ar, br) & tie)


def _compare(op: Callable[..., tf.Tensor], swap: bool, equal: bool) -> Callable[..., tf.Tensor]:
    def fn(a: tf.Tensor, b: tf.Tensor) -> tf.Tensor:
        if a.dtype.is_complex:
            return _complex_less(b, a, equal) if swap else _complex_less(a, b, equal)
        return op(a, b)
    return fn


def _isnan_c(x: tf.Tensor) -> tf.Tensor:
    return tf.math.is_nan(tf.math.real(x)) | tf.math.is_nan(tf.math.imag(x))


def _extreme(op: Callable[..., tf.Tensor], take_max: bool, skip_nan: bool) -> Callable[..., tf.Tensor]:
    """maximum/minimum (NaN wins) and fmax/fmin (NaN loses), complex ordered like NumPy."""
    def fn(a: tf.Tensor, b: tf.Tensor) -> tf.Tensor:
        if not a.dtype.is_complex:
            return op(a, b)
        a, b = tnp.broadcast_arrays(a, b)
        pick_a = _complex_less(b, a, True) if take_max else _complex_less(a, b, True)
        na, nb = _isnan_c(a), _isnan_c(b)
        pick_a = (pick_a | nb) & ~na if skip_nan else (pick_a | na) & ~(nb & ~na)
        return tf.where(pick_a, a, b)
    return fn


def _wide(x: tf.Tensor) -> tf.DType:
    """A signed dtype with kernels for integer ``x`` that wraps back to it by a cast."""
    return {tf.int8: tf.int32, tf.uint8: tf.int32, tf.int16: tf.int32, tf.uint16: tf.int32,
            tf.uint32: tf.int64, tf.uint64: tf.int64}.get(x.dtype, x.dtype)


def _via(op: Callable[..., tf.Tensor], wide: Callable[[tf.Tensor], tf.DType]) -> Callable[..., tf.Tensor]:
    """Compute ``op`` in ``wide(x)`` where TF lacks the kernel, then cast back."""
    def fn(*xs: tf.Tensor) -> tf.Tensor:
        dtype = xs[0].dtype
        target = wide(xs[0])
        if target == dtype:
            return op(*xs)
        return tf.cast(op(*[tf.cast(x, target) for x in xs]), dtype)
    return fn


def unrewritten(t: Any) -> Any:
    """A graph tensor made by ``Const`` or ``Sqrt``, behind a placeholder with it as its
    default (anything else, and any eager value, as it is): a division by it stays the
    division NumPy computes.

    Grappler's constant folding turns ``x / c`` into ``x * (1 / c)`` and its arithmetic
    optimizer ``x / sqrt(y)`` into ``x * rsqrt(y)`` and float32 ``1 / x`` into
    ``Reciprocal``, an ulp off NumPy in a quarter to a half of the elements; it does not
    look through a placeholder, which forwards its input at run time (and passes
    gradients).
    """
    if not isinstance(t, tf.Tensor) or tf.executing_eagerly() or not hasattr(t, "op"):
        return t
    op = t.op
    while op.type == "Identity":
        op = op.inputs[0].op
    if op.type not in ("Const", "Sqrt"):
        return t
    return tf.raw_ops.PlaceholderWithDefault(input=t, shape=t.shape)


def unfolded_constant(value: Any, dtype: tf.DType) -> tf.Tensor:
    """A scalar constant Grappler cannot see as one in a graph (:func:`unrewritten` of it;
    the value itself eagerly and under XLA)."""
    return unrewritten(tf.constant(value, dtype))


def _divide(a: tf.Tensor, b: tf.Tensor) -> tf.Tensor:
    """``np.divide`` in the loop dtype, kept a division in graphs (see :func:`unrewritten`)."""
    if a.dtype == tf.float32:
        a = unrewritten(a)  # 1 / x: Reciprocal is inexact for float32 (float64's is exact)
    return tnp.true_divide(a, unrewritten(b))


def one_over(x: tf.Tensor) -> tf.Tensor:
    """``1 / x`` of a float tensor as NumPy divides (``tf.math.reciprocal`` is an ulp off
    for a third of float32 values)."""
    one = unfolded_constant(1, x.dtype) if x.dtype == tf.float32 else tf.constant(1, x.dtype)
    return tf.math.truediv(one, unrewritten(x))  # 1 / sqrt(y) stays a division too


def scalar_power(x: tf.Tensor, p: Any) -> tf.Tensor | None:
    """``x ** p`` for the exponents NumPy itself computes without ``pow``, or None.

    NumPy's power (``**`` and ``np.power``) takes a scalar exponent 2 as ``square``, 0.5 as
    ``sqrt``, -1 as ``reciprocal`` and 1 as a copy for float arrays, and 2 as ``square``
    for integer ones. TF's Pow kernel is 15x slower than a multiply (18 ms against 1.2 ms
    on 640,000 float64 values) and an ulp off NumPy in about a fifth of the elements,
    even for ``x ** 2`` eagerly (Grappler rewrites a constant 2 in graphs, not eagerly).
    ``p``: a Python number (``type`` int or float: a bool is not an exponent here).
    """
    if type(p) not in (int, float):
        return None
    dtype = x.dtype
    if dtype in (tf.int32, tf.int64):
        return tf.square(x) if type(p) is int and p == 2 else None
    if dtype not in (tf.float32, tf.float64):
        return None
    if p == 2:
        return tf.square(x)
    if p == 0.5:
        return tf.sqrt(x)
    if p == -1:
        return one_over(x)
    if p == 1:
        return tf.identity(x)
    return None


def _power(a: tf.Tensor, b: tf.Tensor) -> tf.Tensor:
    if a.dtype.is_unsigned:  # no Pow kernel: compute modulo 2**64 in int64
        return tf.cast(tnp.power(tf.cast(a, tf.int64), tf.cast(b, tf.int64)), a.dtype)
    if b.shape.rank == 0:
        p = tf.get_static_value(b)
        fast = None if p is None else scalar_power(a, p.item())
        if fast is not None:
            return fast
    return tnp.power(a, b)


def _int_div(op: Callable[..., tf.Tensor]) -> Callable[..., tf.Tensor]:
    """NumPy gives 0 for integer division by zero (with a warning); TF raises on CPU."""
    def fn(a: tf.Tensor, b: tf.Tensor) -> tf.Tensor:
        if not a.dtype.is_integer:
            return op(a, b)
        zero = tf.equal(b, 0)
        a, b, zero = tnp.broadcast_arrays(a, b, zero)
        safe = tf.where(zero, tf.ones_like(b), b)
        return tf.where(zero, tf.zeros_like(a), op(a, safe))
    return fn


def _float_divmod(a: tf.Tensor, b: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
    """NumPy's ``npy_divmod`` for floats: ``inf // 2`` is nan, ``-1 // inf`` is -1,
    a zero remainder takes the divisor's sign (TF's FloorDiv/FloorMod differ there)."""
    if a.dtype == tf.float16:  # NumPy computes half divmod in float32
        q, r = _float_divmod(tf.cast(a, tf.float32), tf.cast(b, tf.float32))
        return tf.cast(q, a.dtype), tf.cast(r, a.dtype)
    a, b = tnp.broadcast_arrays(a, b)
    zero = tf.zeros_like(a)
    mod = tf.truncatemod(a, b)
    div = (a - mod) / b
    fix = tf.not_equal(mod, 0) & tf.not_equal(b < 0, mod < 0)
    mod = tf.where(fix, mod + b, tf.where(tf.equal(mod, 0), _ew.copysign(zero, b), mod))
    div = tf.where(fix, div - 1, div)
    q = tf.floor(div)
    q = tf.where(div - q > 0.5, q + 1, q)
    q = tf.where(tf.equal(div, 0), _ew.copysign(zero, a / b), q)
    by_zero = tf.equal(b, 0)
    return tf.where(by_zero, a / b, q), tf.where(by_zero, tf.truncatemod(a, b), mod)


def _floor_divide(a: tf.Tensor, b: tf.Tensor) -> tf.Tensor:
    return _float_divmod(a, b)[0] if a.dtype.is_floating else tnp.floor_divide(a, b)


def _remainder(a: tf.Tensor, b: tf.Tensor) -> tf.Tensor:
    return _float_divmod(a, b)[1] if a.dtype.is_floating else tnp.remainder(a, b)


def _heaviside(x: tf.Tensor, h: tf.Tensor) -> tf.Tensor:
    """NaN input gives NaN (tnp.heaviside gives ``h``)."""
    out = tnp.heaviside(x, h)
    return tf.where(tf.math.is_nan(x), tf.cast(x, out.dtype), out)


def _unsigned_gcd(a: tf.Tensor, b: tf.Tensor) -> tf.Tensor:
    """Euclid's algorithm on unsigned ints, which have no Gcd kernel in TF."""
    a, b = tnp.broadcast_arrays(a, b)

    def step(x: tf.Tensor, y: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
        zero = tf.equal(y, 0)
        rem = tf.math.floormod(x, tf.where(zero, tf.ones_like(y), y))
        return tf.where(zero, x, y), tf.where(zero, y, rem)

    return tf.while_loop(lambda x, y: tf.reduce_any(tf.not_equal(y, 0)), step, (a, b))[0]


def _gcd(a: tf.Tensor, b: tf.Tensor) -> tf.Tensor:
    return _unsigned_gcd(a, b) if a.dtype.is_unsigned else tnp.gcd(a, b)


def _lcm(a: tf.Tensor, b: tf.Tensor) -> tf.Tensor:
    if not a.dtype.is_unsigned:
        return tnp.lcm(a, b)
    g = _unsigned_gcd(a, b)
    return tf.where(tf.equal(g, 0), tf.zeros_like(g), a // tf.where(tf.equal(g, 0), tf.ones_like(g), g) * b)


def _fmod(a: tf.Tensor, b: tf.Tensor) -> tf.Tensor:
    if a.dtype == tf.float16:  # no float16 kernel; the remainder is exact in float32
        return tf.cast(tf.truncatemod(tf.cast(a, tf.float32), tf.cast(b, tf.float32)), a.dtype)
    return _via(tf.truncatemod, _wide)(a, b)


def _reciprocal(x: tf.Tensor) -> tf.Tensor:
    if x.dtype.is_integer:  # C integer division 1 / x: only +-1 survive
        one = tf.equal(x, 1) if x.dtype.is_unsigned else tf.equal(tf.abs(x), 1)
        out = tf.where(one, x, tf.zeros_like(x))
        if x.dtype in (tf.int32, tf.int64):
            # 1 / 0 is undefined; NumPy on x86 gives the most negative value here.
            out = tf.where(tf.equal(x, 0), tf.fill(tf.shape(x), x.dtype.min), out)
        return out
    return one_over(x) if x.dtype in (tf.float32, tf.float64) else tnp.reciprocal(x)


def _exact_log(base: float) -> Callable[[tf.Tensor], tf.Tensor]:
    """log2/log10 exact at powers of the base, computed in float64 for narrower floats."""
    ln = math.log(base)

    def fn(x: tf.Tensor) -> tf.Tensor:
        if x.dtype.is_complex:
            return tf.math.log(x) / tf.cast(ln, x.dtype)
        wide = tf.cast(x, tf.float64) if x.dtype != tf.float64 else x
        r = tf.math.log(wide) / ln
        k = tf.round(r)
        r = tf.where(tf.equal(tf.pow(tf.constant(base, tf.float64), k), wide), k, r)
        return r if x.dtype == tf.float64 else tf.cast(r, x.dtype)
    return fn


def _in_float64(op: Callable[..., tf.Tensor]) -> Callable[..., tf.Tensor]:
    """Run ``op`` (which answers in float64) on float64 operands, cast back to theirs."""
    def fn(*xs: tf.Tensor) -> tf.Tensor:
        dtype = xs[0].dtype
        if dtype == tf.float64:
            return op(*xs)
        return tf.cast(op(*[tf.cast(x, tf.float64) for x in xs]), dtype)
    return fn


def _half_in_float32(op: Callable[..., tf.Tensor]) -> Callable[..., tf.Tensor]:
    """NumPy's float16 loops compute in float32 and round once; TF's half kernels (and
    composite tnp functions such as ``deg2rad`` or ``logaddexp``) round in between."""
    def fn(*xs: tf.Tensor) -> tf.Tensor:
        if xs[0].dtype != tf.float16:
            return op(*xs)
        return tf.cast(op(*[tf.cast(x, tf.float32) for x in xs]), tf.float16)
    return fn


def _hypot(x: tf.Tensor, y: tf.Tensor) -> tf.Tensor:
    """``sqrt(x**2 + y**2)`` without overflow or underflow in the squares (tnp.hypot gives
    inf for hypot(1e200, 1) and 0 for hypot(1e-200, 0)); inf wins over NaN, as in C."""
    inf = tf.math.is_inf(x) | tf.math.is_inf(y)
    if x.dtype in (tf.float16, tf.float32):
        # Squares of float32 values fit float64, so the plain formula is exact enough there.
        wide = tf.sqrt(tf.square(tf.cast(x, tf.float64)) + tf.square(tf.cast(y, tf.float64)))
        r = tf.cast(tf.cast(wide, tf.float32), x.dtype)  # float16: via float32, as NumPy rounds
        return tf.where(inf, tf.constant(math.inf, x.dtype), r)
    ax, ay = tf.abs(x), tf.abs(y)
    big = tf.maximum(ax, ay)
    # Scale by the power of two 2**-exponent(big), exactly, so the squares stay in range.
    exponent = tf.clip_by_value(tf.bitwise.right_shift(tf.bitcast(big, tf.int64), 52), 1, 2045)
    scale = tf.bitcast(tf.bitwise.left_shift(2046 - exponent, 52), tf.float64)
    r = tf.sqrt(tf.square(ax * scale) + tf.square(ay * scale)) / scale
    return tf.where(inf, tf.constant(math.inf, x.dtype), r)


def _cbrt(x: tf.Tensor) -> tf.Tensor:
    """Cube root to the last bit or so (tnp's ``pow(|x|, 1/3)`` is off by up to ~log(x) ulps):
    float64 with one Newton step, narrower floats through it, float16 via float32 like NumPy."""
    if x.dtype != tf.float64:
        return tf.cast(tf.cast(_cbrt(tf.cast(x, tf.float64)), tf.float32), x.dtype)
    ax = tf.abs(x)
    y = tf.pow(ax, 1.0 / 3.0)
    ok = (ax > 0) & tf.math.is_finite(ax)
    safe = tf.where(ok, y, tf.ones_like(y))
    y = tf.where(ok, safe - (safe - tf.where(ok, ax, tf.ones_like(ax)) / (safe * safe)) / 3.0, y)
    return tf.where(x < 0, -y, tf.where(tf.equal(x, 0), x, y))


def _nextafter(a: tf.Tensor, b: tf.Tensor) -> tf.Tensor:
    if a.dtype != tf.float16:
        return tf.math.nextafter(a, b)
    # No float16 kernel: step the bit pattern (sign-magnitude) by one towards b.
    a, b = tnp.broadcast_arrays(a, b)
    bits = tf.bitcast(a, tf.int16)
    step = tf.where(tf.equal(b > a, a > 0), tf.ones_like(bits), -tf.ones_like(bits))
    moved = tf.bitcast(bits + step, tf.float16)
    tiny = tf.bitcast(tf.where(b > 0, tf.constant(1, tf.int16), tf.constant(-32767, tf.int16)), tf.float16)
    out = tf.where(tf.equal(a, 0), tiny, moved)
    out = tf.where(tf.equal(a, b), b, out)
    return tf.where(tf.math.is_nan(a) | tf.math.is_nan(b), a + b, out)


def _spacing(x: tf.Tensor) -> tf.Tensor:
    toward = tf.where(x < 0, tf.cast(-math.inf, x.dtype), tf.cast(math.inf, x.dtype))
    return _nextafter(x, toward) - x


def _truth(x: tf.Tensor) -> tf.Tensor:
    return x if x.dtype == tf.bool else tf.not_equal(x, tf.zeros_like(x))


def _logical(op: Callable[..., tf.Tensor]) -> Callable[..., tf.Tensor]:
    """Logical ufuncs: any nonzero value is true (tnp drops the imaginary part)."""
    def fn(*xs: tf.Tensor) -> tf.Tensor:
        return op(*[_truth(x) for x in xs])
    return fn


def _matmul(a: tf.Tensor, b: tf.Tensor) -> tf.Tensor:
    if a.dtype == tf.bool:  # OR of ANDs
        return tnp.matmul(tf.cast(a, tf.int32), tf.cast(b, tf.int32)) > 0
    return _via(tnp.matmul, _wide)(a, b)


def _bitwise_count(x: tf.Tensor) -> tf.Tensor:
    return tf.cast(tf.raw_ops.PopulationCount(x=x if x.dtype.is_unsigned else tf.abs(x)), tf.uint8)


def _ldexp_impl(x1: Any, x2: Any) -> tf.Tensor:
    a, b = as_tensor(x1), tnp.asarray(x2)
    if is_weak(a):
        # NumPy's loop search lets a Python int mantissa cast to any float: float16
        # against an exponent array, float64 when both are Python scalars.
        int_exponent = not is_weak(x2) and b.dtype.is_integer
        dtype = tf.float16 if isinstance(a, bool) or (isinstance(a, int) and int_exponent) else tf.float64
    else:
        dtype = _loop((a,), REAL, "")
    (a,) = cast_all((a,), dtype) if dtype is not None else (a,)
    return a * tf.pow(tf.cast(2.0, a.dtype), tf.cast(b, a.dtype))


def ldexp(x1: Any, x2: Any) -> tf.Tensor:
    """``x1 * 2**x2`` in the float dtype NumPy picks for ``x1`` (``x2`` is an integer).

    Returns:
        A tensor with NumPy's values and dtype.
    """
    return _ldexp_impl(x1, x2)


# name -> (op on operands of one loop dtype, loops, number of inputs[, integer loop]).
_TABLE: dict[str, tuple[Any, ...]] = {
    "absolute": (_abs, ALL, 1), "negative": (_negative, NUMERIC, 1), "sign": (_sign, NUMERIC, 1),
    "conjugate": (tnp.conj, NUMERIC, 1), "square": (tnp.square, NUMERIC, 1),
    "reciprocal": (_reciprocal, NUMERIC, 1),
    "floor": (_rounder(tf.floor), ALL_REAL, 1), "ceil": (_rounder(tf.math.ceil), ALL_REAL, 1),
    "trunc": (_rounder(_trunc), ALL_REAL, 1), "rint": (_rounder(tf.round), FLOAT, 1),
    "isnan": (_classify(tf.math.is_nan, False, False), ALL, 1),
    "isinf": (_classify(tf.math.is_inf, False, False), ALL, 1),
    "isfinite": (_classify(tf.math.is_finite, True, True), ALL, 1),
    "fabs": (tnp.abs, REAL, 1), "cbrt": (_cbrt, REAL, 1),
    "deg2rad": (_half_in_float32(tnp.deg2rad), REAL, 1), "rad2deg": (_half_in_float32(tnp.rad2deg), REAL, 1),
    "log2": (_exact_log(2.0), FLOAT, 1), "log10": (_exact_log(10.0), FLOAT, 1),
    "spacing": (_spacing, REAL, 1), "bitwise_count": (_bitwise_count, INT, 1),
    "divide": (_divide, FLOAT, 2, "d"),
    "float_power": (tnp.float_power, "dD", 2), "power": (_power, NUMERIC, 2),
    "floor_divide": (_int_div(_floor_divide), REAL_NUMERIC, 2),
    "remainder": (_int_div(_remainder), REAL_NUMERIC, 2),
    "fmod": (_int_div(_fmod), REAL_NUMERIC, 2),
    "gcd": (_gcd, INT, 2), "lcm": (_lcm, INT, 2),
    "arctan2": (tnp.arctan2, REAL, 2), "hypot": (_hypot, REAL, 2),
    "heaviside": (_heaviside, REAL, 2), "copysign": (_ew.copysign, REAL, 2),
    "logaddexp": (_half_in_float32(tnp.logaddexp), REAL, 2), "logaddexp2": (_half_in_float32(_in_float64(tnp.logaddexp2)), REAL, 2),
    "nextafter": (_nextafter, REAL, 2),
    "greater": (_compare(tnp.greater, True, False), ALL, 2),
    "greater_equal": (_compare(tnp.greater_equal, True, True), ALL, 2),
    "less": (_compare(tnp.less, False, False), ALL, 2),
    "less_equal": (_compare(tnp.less_equal, False, True), ALL, 2),
    "maximum": (_extreme(tnp.maximum, True, False), ALL, 2),
    "minimum": (_extreme(tnp.minimum, False, False), ALL, 2),
    "fmax": (_extreme(_ew.fmax, True, True), ALL, 2),
    "fmin": (_extreme(_ew.fmin, False, True), ALL, 2),
    "left_shift": (tf.bitwise.left_shift, INT, 2), "right_shift": (tf.bitwise.right_shift, INT, 2),
    "matmul": (_matmul, ALL, 2),
    "logical_and": (_logical(tf.logical_and), ALL, 2), "logical_or": (_logical(tf.logical_or), ALL, 2),
    "logical_xor": (_logical(tf.math.logical_xor), ALL, 2), "logical_not": (_logical(tf.logical_not), ALL, 1),
}
_TABLE.update({n: (getattr(tnp, n), FLOAT, 1) for n in (
    "sin", "cos", "tan", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "arcsinh",
    "arccosh", "arctanh", "exp", "exp2", "expm1", "log", "log1p", "sqrt")})

_WRAPPERS = {name: _make(name, *spec) for name, spec in _TABLE.items()}
# NumPy's other spellings of the same ufuncs.
_ALIASES = {
    "abs": "absolute", "conj": "conjugate", "true_divide": "divide", "mod": "remainder",
    "degrees": "rad2deg", "radians": "deg2rad", "bitwise_left_shift": "left_shift",
    "bitwise_right_shift": "right_shift",
}
globals().update(_WRAPPERS)
globals().update({alias: _WRAPPERS[name] for alias, name in _ALIASES.items()})



def angle(z: Any, deg: bool = False) -> tf.Tensor:
    """Argument of ``z``: ``arctan2(imag, real)``, float64 for integer input like NumPy.

    Returns:
        A tensor with NumPy's values and dtype.
    """
    t = as_tensor(z)
    if is_weak(t) or not t.dtype.is_complex:
        a = _WRAPPERS["arctan2"](0, t)
    else:
        a = tf.math.angle(t)
    return a * tf.cast(180 / math.pi, a.dtype) if deg else a


def divmod(x1: Any, x2: Any) -> tuple[tf.Tensor, tf.Tensor]:  # noqa: A001
    """``(floor_divide(x1, x2), remainder(x1, x2))`` in NumPy's loop dtype.

    tnp.divmod raises on integer division by zero (NumPy gives 0 with a warning) and has
    no bool/uint kernels; this reuses the dtype-exact floor_divide and remainder.

    Returns:
        Two tensors with NumPy's values and dtype.
    """
    return _WRAPPERS["floor_divide"](x1, x2), _WRAPPERS["remainder"](x1, x2)


def frexp(x: Any) -> tuple[tf.Tensor, tf.Tensor]:
    """Mantissa in [0.5, 1) and int32 exponent, in NumPy's loop dtype (``frexp(int8)``
    is float16, ``frexp(int16)`` float32, ``frexp(int32)`` float64).

    Returns:
        The mantissa (NumPy's float dtype) and the exponent (int32).
    """
    t = as_tensor(x)
    dtype = _loop((t,), REAL, "")
    (t,) = cast_all((t,), dtype) if dtype is not None else (t,)
    return _ew.frexp(t)


def modf(x: Any) -> tuple[tf.Tensor, tf.Tensor]:
    """Fractional and integral parts with the sign of ``x``, in NumPy's loop dtype
    (``modf(inf)`` is ``(0.0, inf)``, ``modf(-2.0)`` is ``(-0.0, -2.0)``).

    Returns:
        Two tensors with NumPy's values and dtype.
    """
    t = as_tensor(x)
    dtype = _loop((t,), REAL, "")
    (t,) = cast_all((t,), dtype) if dtype is not None else (t,)
    t = tnp.asarray(t)
    whole = _trunc(t)
    frac = tf.where(tf.math.is_inf(t), tf.zeros_like(t), t - whole)
    return _ew.copysign(frac, t), whole


def _signed_inf(positive: bool) -> Callable[..., tf.Tensor]:
    def fn(x: Any, out: Any = None) -> tf.Tensor:
        t = tnp.asarray(x)
        if t.dtype.is_complex:
            raise TypeError("This operation is not supported for complex values")
        if not t.dtype.is_floating:
            return tf.zeros(tf.shape(t), tf.bool)
        return tf.math.is_inf(t) & ((t > 0) if positive else (t < 0))
    fn.__name__ = "isposinf" if positive else "isneginf"
    fn.__doc__ = f"Elementwise test for {'+' if positive else '-'}inf (False for integers).\n\nReturns:\n    A bool tensor."
    return fn


isposinf = _signed_inf(True)
isneginf = _signed_inf(False)

__all__ = sorted([*_WRAPPERS, *_ALIASES, "ldexp", "angle", "isposinf", "isneginf", "divmod", "frexp", "modf"])
