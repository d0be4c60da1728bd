"""Every elementwise row (NumPy ufuncs and their tables' targets) against NumPy, across
dtypes, 0-d/empty/broadcast shapes; values and dtypes must match."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

pytestmark = pytest.mark.tf
pytest.importorskip("tensorflow")
import np2tf.runtime  # noqa: E402,F401

from tests.runtime._diff import RULES, assert_same, numpy_of, target_of  # noqa: E402

DTYPES = [
    "bool", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64",
    "float16", "float32", "float64", "complex64", "complex128",
]
UFUNC_ROWS = [
    r
    for r in RULES.functions.values()
    if r.converts and r.kind == "function" and isinstance(numpy_of(r), np.ufunc) and numpy_of(r).nout == 1
]
UNARY = [r for r in UFUNC_ROWS if numpy_of(r).nin == 1]
BINARY = [r for r in UFUNC_ROWS if numpy_of(r).nin == 2]
RNG = np.random.default_rng(0)
# TF computes these transcendental functions in a different order from NumPy's libm, so
# float16 results can differ in the last bit.
LOOSE = {"float16": 1e-2, "float32": 2e-5}
# Known divergences of the targets, stated in the rows' `difference`. Each entry is
# (numpy short name, dtype); "*" matches every dtype. Empty since the dtype-exact ufunc
# wrappers (np2tf/runtime/_ufuncs.py) replaced the tnp targets that diverged.
KNOWN: set[tuple[str, str]] = set()


def _sample(dtype: str, shape: tuple[int, ...], positive: bool = False) -> np.ndarray:
    if dtype == "bool":
        return RNG.random(shape) > 0.5
    if dtype.startswith(("int", "uint")):
        # Divisors and shift counts stay positive: integer division by zero and negative
        # shifts are undefined behaviour that NumPy and TF resolve differently.
        return RNG.integers(1 if dtype.startswith("u") or positive else -5, 6, shape).astype(dtype)
    data = RNG.uniform(-3, 3, shape)
    if dtype.startswith("complex"):
        data = data + 1j * RNG.uniform(-3, 3, shape)
    return data.astype(dtype)


def _check_known(rule, dtype: str) -> None:  # type: ignore[no-untyped-def]
    name = rule.numpy.rsplit(".", 1)[1]
    if (name, dtype) in KNOWN or (name, "*") in KNOWN:
        pytest.xfail("known tnp divergence, stated in the row's difference")


def _compare(np_fn, tf_fn, *args) -> None:  # type: ignore[no-untyped-def]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            expected = np_fn(*args)
        except (TypeError, ValueError, np.exceptions.DTypePromotionError):
            pytest.skip("NumPy rejects these dtypes")
    actual = tf_fn(*args)
    dtype = str(np.asarray(expected).dtype)
    tol = LOOSE.get(dtype.replace("complex64", "float32"), 1e-7)
    assert_same(expected, actual, rtol=tol, atol=tol)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("rule", UNARY, ids=lambda r: r.numpy)
def test_unary(rule, dtype: str) -> None:  # type: ignore[no-untyped-def]
    _check_known(rule, dtype)
    _compare(numpy_of(rule), target_of(rule), _sample(dtype, (2, 3)))


@pytest.mark.parametrize("rule", UNARY, ids=lambda r: r.numpy)
def test_unary_shapes(rule) -> None:  # type: ignore[no-untyped-def]
    _check_known(rule, "shapes")
    for x in (np.float64(0.5), np.zeros((0, 2))):
        _compare(numpy_of(rule), target_of(rule), x)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("rule", BINARY, ids=lambda r: r.numpy)
def test_binary(rule, dtype: str) -> None:  # type: ignore[no-untyped-def]
    _check_known(rule, dtype)
    a, b = _sample(dtype, (2, 3)), _sample(dtype, (3,), positive=True)  # broadcasting
    _compare(numpy_of(rule), target_of(rule), a, b)


# Mixed operands: NumPy's loop search checks each array on its own (arctan2(int8, uint8)
# is float16, not the float32 of their common int16); Python scalars are weak (NEP 50).
MIXED = [
    ("int8", "uint8"), ("int8", "float16"), ("int16", "float16"), ("uint16", "int8"),
    ("int32", "float32"), ("bool", "int8"), ("uint8", "float32"), ("int64", "uint64"),
    ("float32", "float64"), ("float32", "complex64"), ("uint32", "int16"), ("bool", "float16"),
]
SCALARS = [2, 2.5, True, 1j]
SCALAR_DTYPES = ["bool", "int8", "uint8", "int16", "int32", "float16", "float32", "float64", "complex64"]


@pytest.mark.parametrize("pair", MIXED, ids="-".join)
@pytest.mark.parametrize("rule", BINARY, ids=lambda r: r.numpy)
def test_binary_mixed_dtypes(rule, pair: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    a, b = _sample(pair[0], (2, 3)), _sample(pair[1], (3,), positive=True)
    _compare(numpy_of(rule), target_of(rule), a, b)
    # Negative shift counts and divisors are undefined behaviour: keep the right side positive.
    _compare(numpy_of(rule), target_of(rule), b, _sample(pair[0], (2, 3), positive=True))


@pytest.mark.parametrize("rule", BINARY, ids=lambda r: r.numpy)
def test_binary_python_scalars(rule) -> None:  # type: ignore[no-untyped-def]
    for dtype in SCALAR_DTYPES:
        for scalar in SCALARS:
            arr = _sample(dtype, (2, 3), positive=True)
            _compare(numpy_of(rule), target_of(rule), arr, scalar)
            _compare(numpy_of(rule), target_of(rule), scalar, arr)
    for x, y in ((3, 2), (2.5, 2), (True, 3)):
        _compare(numpy_of(rule), target_of(rule), x, y)


@pytest.mark.parametrize("rule", UNARY, ids=lambda r: r.numpy)
def test_unary_python_scalars(rule) -> None:  # type: ignore[no-untyped-def]
    for x in (2, 0.5, True, 1 + 1j):
        _compare(numpy_of(rule), target_of(rule), x)


def test_promotion_tables_match_numpy() -> None:
    import tensorflow as tf

    from np2tf.runtime import _promotion as P

    for a in P.CODES.values():
        na = np.dtype(a.as_numpy_dtype)
        for b in P.CODES.values():
            nb = np.dtype(b.as_numpy_dtype)
            assert P.SAFE[(a, b)] == np.can_cast(na, nb, "safe"), (a, b)
            assert P.PROMOTE[(a, b)] == tf.as_dtype(np.result_type(na, nb)), (a, b)
        for s in (True, 3, 1.5, 1j):
            assert P.result_type([tf.zeros(1, a), s]) == tf.as_dtype(np.result_type(np.zeros(1, na), s))


def _op_types(fn, dtype):  # type: ignore[no-untyped-def]
    import tensorflow as tf

    graph = tf.function(fn).get_concrete_function(tf.TensorSpec([3], dtype)).graph
    return sorted(op.type for op in graph.get_operations())


# hypot and cbrt are not here: tnp's formulas overflow / lose bits (test_hypot_cbrt_extremes).
@pytest.mark.parametrize("name", ["sin", "exp", "log", "sqrt", "arctan2", "logaddexp", "divide", "maximum", "floor"])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_float_fast_path_adds_no_ops(name: str, dtype: str) -> None:
    import tensorflow.experimental.numpy as tnp

    import np2tf.runtime as n2t

    shim, plain = getattr(n2t, name), getattr(tnp, name)
    if name in ("arctan2", "logaddexp", "divide", "maximum"):
        assert _op_types(lambda x: shim(x, x), dtype) == _op_types(lambda x: plain(x, x), dtype)
    else:
        assert _op_types(shim, dtype) == _op_types(plain, dtype)


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_hypot_cbrt_extremes(dtype: str) -> None:
    """hypot of huge/tiny values (tnp squares them: inf / 0), inf beats NaN, cube roots to
    the last bits, and float16 computed in float32 and rounded once, as NumPy's loops do."""
    import tensorflow as tf

    import np2tf.runtime as n2t

    fi = np.finfo(dtype)
    big, small = fi.max / 4, fi.tiny * 4
    x = np.array([big, small, np.inf, np.nan, -np.inf, 0.0, -3.0, 1.4140625, big], dtype)
    y = np.array([big, small, np.nan, np.inf, 1.0, -0.0, 4.0, 1.0, -2.0], dtype)
    assert_same(np.hypot(x, y), n2t.hypot(x, y), rtol=2 * float(fi.eps), atol=0)
    assert_same(np.hypot(x, y), tf.function(n2t.hypot, jit_compile=True)(x, y), rtol=2 * float(fi.eps), atol=0)
    c = np.array([big, -small, 27.0, -8.0, 0.0, -0.0, np.inf, -np.inf, np.nan, 1e-5, 3.0], dtype)
    assert_same(np.cbrt(c), n2t.cbrt(c), rtol=2 * float(fi.eps), atol=0)
    d = np.array([1.0, 90.0, -45.0, 1e-3, 359.0], dtype)
    assert_same(np.deg2rad(d), n2t.deg2rad(d), rtol=float(fi.eps), atol=0)
    assert_same(np.rad2deg(d), n2t.rad2deg(d), rtol=float(fi.eps), atol=0)


def test_wrappers_run_under_xla() -> None:
    import tensorflow as tf

    import np2tf.runtime as n2t

    x = np.arange(-3, 4, dtype=np.int8)
    f = tf.function(lambda t: (n2t.sin(t), n2t.floor(t), n2t.isinf(t), n2t.arctan2(t, 2), n2t.log2(t * t + 1)), jit_compile=True)
    for got, want in zip(f(tf.constant(x)), (np.sin(x), np.floor(x), np.isinf(x), np.arctan2(x, 2), np.log2(x * x + 1))):
        assert_same(want, got, rtol=1e-2, atol=1e-2)


def test_log2_log10_exact_at_powers() -> None:
    import np2tf.runtime as n2t

    for dtype in ("float16", "float32", "float64"):
        x = np.array([1, 2, 8, 1024, 0.5, 2.0**-10], dtype)
        assert_same(np.log2(x), n2t.log2(x), rtol=0, atol=0)
        y = np.array([1, 10, 100, 1000, 0.1], dtype)
        # exact, as NumPy is except on AVX512_SPR CPUs (tests/runtime/_numpy_bugs.py)
        exact = np.array([0, 1, 2, 3], dtype)
        assert np.log10(y)[:4].dtype == exact.dtype
        assert_same(exact, n2t.log10(y)[:4], rtol=0, atol=0)
    z = np.array([0.0, -1.0, np.inf, np.nan])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert_same(np.log2(z), n2t.log2(z))
