"""Ufunc methods (np2tf.runtime.ufunc) against NumPy: values, shapes and dtypes."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")

import np2tf.runtime as n2t  # noqa: E402
from tests.runtime._numpy_bugs import reduce_reference  # noqa: E402

U = n2t.ufunc

ARRAYS = {
    "int64": np.arange(12).reshape(3, 4),
    "float64": np.linspace(-2, 3, 12).reshape(3, 4),
    "int8": np.array([100, 100, 100], np.int8),
    "uint8": np.array([200, 100, 7], np.uint8),
    "bool": np.array([True, False, True]),
    "float32": np.array([[1.5, -2.0], [0.25, 4.0]], np.float32),
}
BINARY = ["add", "multiply", "subtract", "maximum", "minimum", "logical_and", "logical_or",
          "logical_xor", "bitwise_and", "bitwise_or", "bitwise_xor", "divide", "power",
          "floor_divide", "fmax", "fmin", "gcd", "equal", "arctan2", "hypot", "logaddexp"]
REDUCE_KW = [{}, {"axis": 1}, {"axis": -1}, {"axis": None}, {"keepdims": True},
             {"axis": 0, "initial": 5}, {"dtype": np.float64}]


def _same(want: object, got: object) -> None:
    want = np.asarray(want)
    got = got.numpy() if hasattr(got, "numpy") else np.asarray(got)
    assert got.shape == want.shape
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    rtol = {2: 2e-3, 4: 1e-6}.get(want.dtype.itemsize, 1e-12) if want.dtype.kind == "f" else 0
    np.testing.assert_allclose(got, want, rtol=rtol, equal_nan=True)


def _numpy(call):  # NumPy's answer, or None where NumPy rejects the input
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return call()
        except (TypeError, ValueError):
            return None


@pytest.mark.parametrize("name", BINARY)
@pytest.mark.parametrize("dtype", sorted(ARRAYS))
def test_reduce_and_accumulate(name: str, dtype: str) -> None:
    a = ARRAYS[dtype]
    checked = 0
    for kw in REDUCE_KW:
        if kw.get("axis") == 1 and a.ndim < 2:
            continue
        if name == "floor_divide" and dtype == "bool" and "dtype" in kw:
            continue  # n2t.floor_divide(inf, 1.0) is inf where NumPy gives nan (elementwise shim)
        want = _numpy(lambda: reduce_reference(getattr(np, name), a, **kw))
        if want is not None:
            _same(want, getattr(U, name).reduce(a, **kw))
            checked += 1
    for kw in ({}, {"axis": -1}):
        want = _numpy(lambda: getattr(np, name).accumulate(a, **kw))
        if want is not None:
            _same(want, getattr(U, name).accumulate(a, **kw))
            checked += 1
    if checked == 0:
        pytest.skip(f"NumPy rejects {name} on {dtype}")


def test_reduce_rejects_like_numpy() -> None:
    with pytest.raises(ValueError):
        U.subtract.reduce(np.ones((2, 2)), axis=None)  # not reorderable
    with pytest.raises(ValueError):
        U.maximum.reduce(np.ones((0,)))  # no identity
    _same(np.add.reduce(np.ones((0,))), U.add.reduce(np.ones((0,))))


@pytest.mark.parametrize("name", BINARY)
def test_outer(name: str) -> None:
    a, b = np.arange(3), np.arange(1, 3.0)
    want = _numpy(lambda: getattr(np, name).outer(a, b))
    if want is None:
        pytest.skip("NumPy rejects these dtypes")
    _same(want, getattr(U, name).outer(a, b))
    _same(np.add.outer(np.ones((2, 2)), np.arange(3)), U.add.outer(np.ones((2, 2)), np.arange(3)))


AT_CASES = [
    ("add", np.zeros(5), np.array([0, 1, 1, 3, 3, 3]), 1),
    ("add", np.zeros((3, 3), int), (np.array([0, 0, 2]), np.array([1, 1, 2])), 5),
    ("add", np.zeros((2, 3)), (slice(None), 1), 1.0),
    ("add", np.zeros(4, int), 2, 3),
    ("subtract", np.ones(4), [0, 0, 2], np.array([1.0, 2.0, 3.0])),
    ("multiply", np.arange(1.0, 5.0), [1, 1, 3], 2.0),
    ("maximum", np.zeros(4), [0, 0, 1], [3.0, -1.0, 2.0]),
    ("minimum", np.zeros(4, int), [2, 2], [-3, -5]),
    ("power", np.full(3, 2.0), [0, 0], 2.0),
    ("negative", np.arange(4.0), [0, 0, 1], None),
    ("bitwise_or", np.zeros(3, np.int64), [1, 1], [1, 2]),
]


@pytest.mark.parametrize(("name", "a", "idx", "b"), AT_CASES, ids=[f"{c[0]}{i}" for i, c in enumerate(AT_CASES)])
def test_at_is_unbuffered(name: str, a: np.ndarray, idx: object, b: object) -> None:
    want = a.copy()
    if b is None:
        getattr(np, name).at(want, idx)
        got = getattr(U, name).at(a, idx)
    else:
        getattr(np, name).at(want, idx, b)
        got = getattr(U, name).at(a, idx, b)
    _same(want, got)


@pytest.mark.parametrize("name", ["add", "multiply", "maximum", "minimum", "logical_and", "logical_or"])
@pytest.mark.parametrize("indices", [[0, 4, 1, 5], [0, 3, 6], [5, 2], [7]])
def test_reduceat(name: str, indices: list[int]) -> None:
    a = np.arange(1, 9.0)
    _same(getattr(np, name).reduceat(a, indices), getattr(U, name).reduceat(a, indices))
    m = np.arange(12).reshape(3, 4)
    _same(getattr(np, name).reduceat(m, [0, 2], axis=1), getattr(U, name).reduceat(m, [0, 2], axis=1))


def test_methods_trace_in_tf_function() -> None:
    @tf.function
    def f(counts, idx, x):
        return (U.add.at(counts, idx, 1.0), U.maximum.accumulate(x), U.subtract.reduce(x),
                U.multiply.outer(x, x), U.add.reduceat(x, [0, 2]))

    counts, idx, x = np.zeros(4), np.array([0, 0, 3]), np.array([3.0, 1.0, 4.0, 1.5])
    want_counts = counts.copy()
    np.add.at(want_counts, idx, 1.0)
    got = f(tf.constant(counts), tf.constant(idx), tf.constant(x))
    for w, g in zip([want_counts, np.maximum.accumulate(x), np.subtract.reduce(x),
                     np.multiply.outer(x, x), np.add.reduceat(x, [0, 2])], got):
        _same(w, g)


def test_every_method_row_has_a_target() -> None:
    from np2tf.ruleset import load_rules

    rows = [r for r in load_rules().functions.values() if r.tf.startswith("np2tf.runtime.ufunc.")]
    assert len(rows) > 150
    for row in rows:
        _, ufunc, method = row.numpy.split(".")
        assert callable(getattr(getattr(U, ufunc), method)), row.numpy


def test_masked_out_where() -> None:
    x = np.array([1.0, 0.0, 4.0, 0.0])
    want = np.divide(1.0, x, out=np.zeros_like(x), where=x != 0)
    _same(want, U.masked(n2t.divide(1.0, x), x != 0, np.zeros_like(x)))
    want = np.add(np.arange(3), 1, out=np.full(3, -1.0), where=[True, False, True])
    _same(want, U.masked(tf.experimental.numpy.add(np.arange(3), 1), [True, False, True], np.full(3, -1.0)))


@pytest.mark.parametrize("name", ["hypot", "logaddexp", "logaddexp2"])
@pytest.mark.parametrize("dtype", ["float16", "int8", "bool"])
def test_inexact_reorderable_reduce_is_numpys_fold(name: str, dtype: str) -> None:
    """hypot/logaddexp reductions round at each step: NumPy folds left to right (several
    axes as one C-ordered run) in float16 for bool/int8/float16, so a pairwise tree differs
    in the last bits; the fold gives NumPy's bits, eagerly and traced."""
    a = np.random.default_rng(0).uniform(0, 5, (4, 7, 9)).astype(dtype)
    ufunc, shim = getattr(np, name), getattr(U, name)
    for kw in [{"axis": 0}, {"axis": -1}, {"axis": None}, {"axis": (0, 2), "keepdims": True}]:
        want = ufunc.reduce(a, **kw)
        for got in (shim.reduce(a, **kw), tf.function(lambda t: shim.reduce(t, **kw), autograph=False)(a)):
            assert got.dtype == want.dtype and np.array_equal(got.numpy(), want), (kw, got, want)
    np.testing.assert_array_equal(shim.accumulate(a, axis=-1).numpy(), ufunc.accumulate(a, axis=-1))


@pytest.mark.parametrize("name", ["hypot", "logaddexp", "add", "maximum", "logical_or", "subtract"])
@pytest.mark.parametrize("dtype", ["int16", "bool", "float32"])
def test_accumulate_of_empty_and_reduce_from_identity(name: str, dtype: str) -> None:
    """accumulate along an empty axis is empty in the ufunc's dtype (it raised), and
    hypot/logaddexp reductions start from the identity as NumPy's do (hypot.reduce([-5.])
    is 5.0, not -5.0)."""
    want = _numpy(lambda: getattr(np, name).accumulate(np.zeros((0, 3), dtype)))
    if want is not None:
        _same(want, getattr(U, name).accumulate(np.zeros((0, 3), dtype)))
    if name in ("hypot", "logaddexp"):
        a = np.array([[-5.0, -3.0]], dtype if dtype != "bool" else "float64")
        for axis in (0, -1):
            _same(getattr(np, name).reduce(a, axis=axis), getattr(U, name).reduce(a, axis=axis))
