"""n2t.ndarray helpers vs NumPy's ndarray methods: values and dtypes."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

pytestmark = pytest.mark.tf

tf = pytest.importorskip("tensorflow")

import np2tf.runtime as n2t  # noqa: E402
from np2tf.ruleset import load_rules  # noqa: E402

nd = n2t.ndarray

INTS = [np.int8, np.int16, np.int32, np.int64, np.uint8]
FLOATS = [np.float16, np.float32, np.float64]
ALL = [np.bool_, *INTS, *FLOATS]
SHAPES = [(), (0,), (4,), (2, 3), (2, 3, 4)]


def sample(shape: tuple[int, ...], dtype: Any, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = rng.integers(-5, 6, size=shape) if dtype != np.bool_ else rng.integers(0, 2, size=shape)
    if np.issubdtype(dtype, np.unsignedinteger):
        x = np.abs(x)
    if np.issubdtype(dtype, np.floating):
        x = x + rng.random(shape).round(2)
    return np.asarray(x).astype(dtype)


def check(got: Any, want: Any, rtol: float = 1e-6) -> None:
    """Same dtype and values as NumPy (tuples elementwise)."""
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want)
        for g, w in zip(got, want):
            check(g, w, rtol)
        return
    want = np.asarray(want)
    g = np.asarray(got)
    assert g.dtype == want.dtype, (g.dtype, want.dtype)
    assert g.shape == want.shape, (g.shape, want.shape)
    if want.dtype == np.float16:
        rtol = max(rtol, 1e-3)
    np.testing.assert_allclose(g, want, rtol=rtol, atol=1e-12, equal_nan=True)


REDUCTION_KW = [{}, {"axis": 0}, {"axis": -1}, {"axis": -1, "keepdims": True}]


@pytest.mark.parametrize("name", ["sum", "prod", "mean", "max", "min", "all", "any"])
@pytest.mark.parametrize("dtype", ALL)
@pytest.mark.parametrize("kw", REDUCTION_KW)
def test_reductions(name: str, dtype: Any, kw: dict[str, Any]) -> None:
    x = sample((2, 3), dtype)
    if name == "mean" and dtype == np.float16:
        pytest.skip("float16 means round differently in the last bit")
    check(getattr(nd, name)(tf.constant(x), **kw), getattr(x, name)(**kw), rtol=1e-5)


@pytest.mark.parametrize("name", ["std", "var"])
@pytest.mark.parametrize("dtype", [np.bool_, np.int8, np.int64, np.float32, np.float64, np.complex128])
@pytest.mark.parametrize("kw", [{}, {"ddof": 1}, {"axis": 0, "ddof": 1}, {"axis": (0, 1)},
                                {"axis": -1, "keepdims": True}, {"dtype": np.float32}])
def test_std_var(name: str, dtype: Any, kw: dict[str, Any]) -> None:
    x = sample((3, 4), dtype) if dtype != np.complex128 else sample((3, 4), np.float64) * (1 + 2j)
    if dtype == np.complex128 and "dtype" in kw:
        pytest.skip("a real dtype for complex input discards the imaginary part in NumPy")
    check(getattr(nd, name)(tf.constant(x), **kw), getattr(x, name)(**kw), rtol=1e-5)


def test_var_ddof_too_large_gives_inf_like_numpy() -> None:
    x = np.array([1.0, 2.0])
    with np.errstate(all="ignore"), pytest.warns(RuntimeWarning):
        want = x.var(ddof=2)
    check(nd.var(x, ddof=2), want)


@pytest.mark.parametrize("name", ["sum", "prod"])
def test_sum_prod_initial_where(name: str) -> None:
    x = sample((2, 3), np.int32)
    mask = np.array([[True, False, True], [False, True, True]])
    check(getattr(nd, name)(x, initial=2, where=mask, axis=1), getattr(x, name)(initial=2, where=mask, axis=1))
    check(getattr(nd, name)(x, dtype=np.float32), getattr(x, name)(dtype=np.float32))


def test_max_min_initial() -> None:
    x = sample((2, 3), np.float64)
    check(nd.max(x, initial=100.0), x.max(initial=100.0))
    check(nd.min(x, axis=0, initial=-100.0), x.min(axis=0, initial=-100.0))


@pytest.mark.parametrize("name", ["cumsum", "cumprod"])
@pytest.mark.parametrize("dtype", ALL)
@pytest.mark.parametrize("kw", [{}, {"axis": 0}, {"axis": -1}, {"dtype": np.float64}])
def test_cumulative(name: str, dtype: Any, kw: dict[str, Any]) -> None:
    x = sample((2, 3), dtype)
    check(getattr(nd, name)(tf.constant(x), **kw), getattr(x, name)(**kw), rtol=1e-3)


@pytest.mark.parametrize("name", ["argmax", "argmin"])
@pytest.mark.parametrize("dtype", ALL)
@pytest.mark.parametrize("kw", [{}, {"axis": 0}, {"axis": -1}, {"axis": 1, "keepdims": True},
                                {"keepdims": True}])
def test_argmax_argmin(name: str, dtype: Any, kw: dict[str, Any]) -> None:
    x = sample((3, 4), dtype, seed=3)
    check(getattr(nd, name)(tf.constant(x), **kw), getattr(x, name)(**kw))


@pytest.mark.parametrize("dtype", ALL + [np.complex64])
@pytest.mark.parametrize("target", [bool, int, float, complex, "float32", np.int8, np.uint8,
                                    tf.float16, np.float64])
def test_astype(dtype: Any, target: Any) -> None:
    x = sample((2, 3), dtype) if dtype != np.complex64 else (sample((2, 3), np.float32) * 1j)
    np_target = target.as_numpy_dtype if isinstance(target, tf.DType) else target
    with np.errstate(all="ignore"), __import__("warnings").catch_warnings():
        __import__("warnings").simplefilter("ignore")
        want = x.astype(np_target)
    if np.dtype(np_target).kind in "iu" and dtype in FLOATS:
        x = np.trunc(x).astype(dtype)  # negative floats into uint are undefined in C
        want = x.astype(np_target) if np.dtype(np_target).kind == "i" else want
        if np.dtype(np_target).kind == "u":
            return
    check(nd.astype(tf.constant(x), target), want)


def test_astype_float_is_float64_not_tensor_float32() -> None:
    x = tf.constant([1, 2])
    assert x.astype(float).dtype == tf.float32  # why the row is not native
    assert nd.astype(x, float).dtype == tf.float64
    assert nd.astype(x, int).dtype == tf.int64


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("call", [
    ("reshape", (-1,), {}), ("flatten", (), {}), ("ravel", (), {}), ("flatten", (), {"order": "F"}),
    ("transpose", (), {}), ("T", (), {}), ("mT", (), {}), ("copy", (), {}), ("squeeze", (), {}),
    ("repeat", (2,), {}), ("sort", (), {}), ("argsort", (), {}), ("sort", (), {"axis": None}),
    ("argsort", (), {"axis": 0}), ("round", (), {}), ("conj", (), {}), ("real", (), {}),
    ("imag", (), {}), ("nonzero", (), {}), ("cumsum", (), {}), ("fill", (7,), {}),
])
def test_shape_family(shape: tuple[int, ...], call: tuple[str, tuple, dict]) -> None:
    name, args, kw = call
    x = sample(shape, np.float32)
    if (name == "mT" and len(shape) < 2 or name in ("argsort", "sort") and kw.get("axis") == 0
            and not shape or name == "sort" and not kw and not shape):
        pytest.skip("NumPy rejects it for this rank")
    if name == "nonzero" and not shape:
        with pytest.raises(ValueError):
            nd.nonzero(tf.constant(x))
        return
    if name == "fill":
        want = x.copy()
        want.fill(*args)
    elif name in ("T", "mT", "real", "imag"):
        want = getattr(x, name)
    elif name == "sort":
        want = np.sort(x, *args, **kw)
    else:
        want = getattr(x, name)(*args, **kw)
    check(getattr(nd, name)(tf.constant(x), *args, **kw), want)


def test_reshape_transpose_forms() -> None:
    x = sample((2, 3, 4), np.int32)
    check(nd.reshape(x, 4, 6), x.reshape(4, 6))
    check(nd.reshape(x, (4, -1)), x.reshape((4, -1)))
    check(nd.reshape(x, (6, 4), order="F"), x.reshape((6, 4), order="F"))
    check(nd.ravel(x, "F"), x.ravel("F"))
    check(nd.transpose(x, 2, 0, 1), x.transpose(2, 0, 1))
    check(nd.transpose(x, (1, 0, 2)), x.transpose((1, 0, 2)))
    check(nd.swapaxes(x, 0, -1), x.swapaxes(0, -1))
    check(nd.squeeze(x[:1], axis=0), x[:1].squeeze(axis=0))
    check(nd.repeat(x, [1, 2], axis=0), x.repeat([1, 2], axis=0))
    check(nd.diagonal(x, 1, 1, 2), x.diagonal(1, 1, 2))
    check(nd.trace(x), x.trace())
    check(nd.trace(x.astype(np.int8), offset=-1), x.astype(np.int8).trace(offset=-1))
    check(nd.take(x, [0, -1], axis=1), x.take([0, -1], axis=1))
    check(nd.take(x, [[1, 5]]), x.take([[1, 5]]))


@pytest.mark.parametrize("dtype", [np.int32, np.float64, np.uint8])
@pytest.mark.parametrize("bounds", [(1, 3), (None, 2), (-1, None), (0.5, 2.5)])
def test_clip(dtype: Any, bounds: tuple[Any, Any]) -> None:
    x = sample((2, 5), dtype)
    lo, hi = bounds
    if dtype == np.uint8 and lo is not None and lo < 0:
        pytest.skip("NumPy 2 rejects negative Python ints for uint8")
    check(nd.clip(x, lo, hi), x.clip(lo, hi))
    kw = {k: v for k, v in (("min", lo), ("max", hi)) if v is not None}
    check(nd.clip(x, **kw), x.clip(**kw))


def test_round_decimals_and_half_even() -> None:
    x = np.array([0.5, 1.5, 2.5, -0.5, 1.2345, 12.5])
    check(nd.round(x), x.round())
    check(nd.round(x, 2), x.round(2))
    check(nd.round(np.array([15, 25], np.int64), -1), np.array([15, 25]).round(-1))


def test_complex_parts() -> None:
    x = np.array([1 + 2j, -3j], np.complex64)
    check(nd.real(x), x.real)
    check(nd.imag(x), x.imag)
    check(nd.conj(x), x.conj())
    check(nd.conjugate(x), x.conjugate())


def test_dot() -> None:
    a, b = sample((2, 3, 4), np.float64), sample((4, 5), np.float64, 1)
    check(nd.dot(a, b), a.dot(b))
    check(nd.dot(a[0, 0], b[:, 0]), a[0, 0].dot(b[:, 0]))
    check(nd.dot(np.int32(3), b), np.int32(3) * b)


def test_host_values_and_attributes() -> None:
    x = sample((2, 3), np.float32)
    assert nd.item(tf.constant(x[0, 1])) == x[0, 1].item()
    assert nd.item(x, 4) == x.item(4) and nd.item(x, 1, 2) == x.item(1, 2)
    assert nd.tolist(tf.constant(x)) == x.tolist()
    assert type(nd.item(np.float64(2.5))) is float
    for name in ("size", "ndim", "shape", "itemsize", "nbytes"):
        assert getattr(nd, name)(tf.constant(x)) == getattr(x, name), name
    assert nd.itemsize(np.array([True])) == 1
    assert nd.dtype(2.5) == tf.float64 and nd.size(3) == 1
    with pytest.raises(ValueError):
        nd.item(x)


def test_python_scalars_and_variables() -> None:
    check(nd.sum(3), np.int64(3).sum())
    check(nd.mean(True), np.bool_(True).mean())
    v = tf.Variable([[1.0, 2.0], [3.0, 4.0]], dtype=tf.float64)
    check(nd.std(v, ddof=1), np.array([[1.0, 2.0], [3.0, 4.0]]).std(ddof=1))
    check(nd.T(v), np.array([[1.0, 3.0], [2.0, 4.0]]))
    assert nd.shape(v) == (2, 2)


class Custom:
    """A user class whose methods must survive conversion untouched."""

    shape = "custom-shape"

    def sum(self, axis: int = 0) -> str:
        return f"custom-sum-{axis}"

    def astype(self, dtype: Any) -> str:
        return f"custom-astype-{dtype.__name__}"


def test_non_arrays_fall_back_to_their_own_methods() -> None:
    assert nd.sum(Custom(), axis=2) == "custom-sum-2"
    assert nd.astype(Custom(), float) == "custom-astype-float"
    assert nd.shape(Custom()) == "custom-shape"
    items = [3, 1, 2]
    assert nd.copy(items) == [3, 1, 2] and nd.copy(items) is not items
    assert nd.sort(items) is None and items == [1, 2, 3]  # list.sort: in place
    assert nd.copy({"a": 1}) == {"a": 1}


def test_runs_inside_tf_function_and_xla() -> None:
    @tf.function(jit_compile=True)
    def f(x: tf.Tensor) -> tuple[tf.Tensor, ...]:
        return (nd.var(x, ddof=1, axis=0), nd.argmax(x), nd.cumsum(x > 0), nd.astype(x, int),
                nd.clip(x, min=0), nd.fill(x, 2), nd.transpose(x, 1, 0), nd.sort(x, axis=None))

    x = sample((3, 4), np.float64)
    got = f(tf.constant(x))
    want = (x.var(ddof=1, axis=0), x.argmax(), (x > 0).cumsum(), x.astype(int), x.clip(min=0),
            np.full_like(x, 2), x.transpose(1, 0), np.sort(x, axis=None))
    for g, w in zip(got, want):
        check(g, w)


def test_dynamic_shape_attributes_in_tf_function() -> None:
    @tf.function(input_signature=[tf.TensorSpec([None, 3], tf.float64)])
    def f(x: tf.Tensor) -> tf.Tensor:
        rows, cols = nd.shape(x)
        assert cols == 3 and nd.ndim(x) == 2
        return tf.stack([tf.cast(rows, tf.int64), nd.size(x), tf.constant(nd.itemsize(x), tf.int64)])

    np.testing.assert_array_equal(f(tf.zeros((5, 3), tf.float64)), [5, 15, 8])


NATIVE_CHECKS = {
    "mean": lambda x: (x.mean(), x.mean(axis=0, keepdims=True), x.mean(dtype="float32")),
    "max": lambda x: (x.max(), x.max(axis=-1), x.max(0, keepdims=True)),
    "min": lambda x: (x.min(), x.min(axis=-1), x.min(0, keepdims=True)),
    "reshape": lambda x: (x.reshape(3, 2), x.reshape((-1,)), x.reshape((3, 2), order="F")),
    "flatten": lambda x: (x.flatten(), x.flatten("F")),
    "T": lambda x: (x.T,),
    "ndim": lambda x: (x.ndim,),
    "shape": lambda x: (tuple(x.shape),),
    "dtype": lambda x: (np.dtype(x.dtype.as_numpy_dtype if hasattr(x.dtype, "as_numpy_dtype") else x.dtype),),
}


@pytest.mark.parametrize("name", sorted(NATIVE_CHECKS))
@pytest.mark.parametrize("dtype", [np.int8, np.int64, np.float32, np.bool_])
def test_native_rows_hold(name: str, dtype: Any) -> None:
    """Every ``native = true`` row: the tensor's own method gives NumPy's result."""
    assert load_rules().method(name).native
    if dtype == np.bool_ and name in ("mean",):
        pytest.skip("checked for numbers")
    x = sample((2, 3), dtype)
    got, want = NATIVE_CHECKS[name](tf.constant(x)), NATIVE_CHECKS[name](x)
    for g, w in zip(got, want):
        if isinstance(w, (int, tuple, np.dtype)):
            assert g == w
        else:
            check(g, w, rtol=1e-5)


def test_every_native_row_is_checked() -> None:
    natives = {name for name, r in load_rules().methods.items() if r.native}
    assert natives == set(NATIVE_CHECKS)


def test_every_method_row_has_a_runtime_helper() -> None:
    for name, rule in load_rules().methods.items():
        if rule.converts:
            assert callable(getattr(nd, name)), name


@settings(max_examples=40, deadline=None)
@given(x=hnp.arrays(st.sampled_from([np.int32, np.float64, np.bool_]),
                    hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=4),
                    # No subnormals: TensorFlow's CPU kernels flush them to zero (README,
                    # "Floating point"), so argmax([-5e-324, 0.0]) is 0 where NumPy says 1.
                    elements={"allow_nan": False, "allow_infinity": False, "allow_subnormal": False,
                              "min_value": -100, "max_value": 100}),
       data=st.data())
def test_reductions_hypothesis(x: np.ndarray, data: Any) -> None:
    axis = data.draw(st.sampled_from([None, *range(-x.ndim, x.ndim)]))
    keepdims = data.draw(st.booleans())
    for name in ("sum", "mean", "max", "var", "std"):
        check(getattr(nd, name)(tf.constant(x), axis=axis, keepdims=keepdims),
              getattr(x, name)(axis=axis, keepdims=keepdims), rtol=1e-6)
    check(nd.argmax(x, axis=axis if axis is None else int(axis)), x.argmax(axis=axis))
