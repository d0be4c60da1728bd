"""n2t.setitem and friends vs NumPy's in-place writes."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.tf

tf = pytest.importorskip("tensorflow")

import np2tf.runtime as n2t  # noqa: E402
from np2tf.runtime import _indexing  # noqa: E402

A = np.arange(24, dtype=np.float32).reshape(2, 3, 4)

CASES: list[tuple[str, Any, Any]] = [
    ("int", 0, 5.0),
    ("negative int", -1, 1),
    ("int and slice", (0, slice(1, None)), 5.0),
    ("step slice", slice(None, None, -2), 7),
    ("stepped inner", (Ellipsis, slice(1, None, 2)), [10, 20]),
    ("ellipsis", Ellipsis, 3),
    ("ellipsis int row", (Ellipsis, 1), [1, 2, 3]),
    ("newaxis", (None, 0), 9),
    ("bool mask scalar", A > 10, 0),
    ("bool mask values", A > 10, np.arange(13)),
    ("bool mask leading", np.array([True, False]), -1),
    ("int list", [0, 1], 4),
    ("int arrays", (np.array([0, 1]), np.array([2, 0])), 3.7),
    ("mixed slice list int", (slice(None), [0, 2], 1), 8),
    ("broadcast int arrays", (0, np.array([[0], [2]]), np.array([1, 3])), -1),
    ("value broadcast over rows", (0,), [[1, 2, 3, 4]]),
    ("empty slice", slice(5, None), 1),
]


def ref(a: np.ndarray, idx: Any, v: Any) -> np.ndarray:
    out = a.copy()
    out[idx] = v
    return out


def tf_index(idx: Any) -> Any:
    if isinstance(idx, tuple):
        return tuple(tf_index(i) for i in idx)
    return tf.constant(idx) if isinstance(idx, np.ndarray) else idx


@pytest.mark.parametrize("label,idx,v", CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("dtype", [np.float32, np.int32, np.int8, np.float64, np.bool_])
def test_setitem_matches_numpy(label: str, idx: Any, v: Any, dtype: Any) -> None:
    a = A.astype(dtype)
    if dtype == np.int8 and label == "bool mask values":
        pytest.skip("values past 127 do not fit int8")
    m = idx if not isinstance(idx, np.ndarray) or idx.dtype != bool else idx
    want = ref(a, m, np.asarray(v).astype(dtype) if dtype == np.bool_ else v)
    got = n2t.setitem(tf.constant(a), tf_index(idx), v)
    assert got.dtype.as_numpy_dtype == want.dtype
    np.testing.assert_array_equal(got, want)


def test_value_cast_like_numpy() -> None:
    a = np.zeros(3, np.int32)
    got = n2t.setitem(a, 1, 2.7)
    np.testing.assert_array_equal(got, ref(a, 1, 2.7))
    got = n2t.setitem(np.zeros(2, np.float32), 0, 1e-3)
    assert got.dtype == tf.float32


def test_setitem_on_variable_and_0d() -> None:
    v = tf.Variable([1.0, 2.0, 3.0])
    np.testing.assert_array_equal(n2t.setitem(v, 1, 0.0), [1.0, 0.0, 3.0])
    np.testing.assert_array_equal(n2t.setitem(np.float64(2.0), (), 5.0), 5.0)


@pytest.mark.parametrize("label,idx,v", [c for c in CASES if "mask" not in c[0]],
                         ids=[c[0] for c in CASES if "mask" not in c[0]])
def test_setitem_under_xla(label: str, idx: Any, v: Any) -> None:
    f = tf.function(lambda a: n2t.setitem(a, tf_index(idx), v), jit_compile=True)
    np.testing.assert_array_equal(f(tf.constant(A)), ref(A, idx, v))


def test_mask_write_in_tf_function_and_xla() -> None:
    f = tf.function(lambda a: n2t.setitem(a, a > 10, 0.0), jit_compile=True)
    np.testing.assert_array_equal(f(tf.constant(A)), ref(A, A > 10, 0.0))
    g = tf.function(lambda a: n2t.setitem(a, a > 10, tf.range(13, dtype=tf.float32)))
    np.testing.assert_array_equal(g(tf.constant(A)), ref(A, A > 10, np.arange(13)))


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_setitem_hypothesis_basic_indices(data: Any) -> None:
    shape = data.draw(st.lists(st.integers(1, 4), min_size=1, max_size=3))
    a = np.arange(int(np.prod(shape)), dtype=np.int64).reshape(shape)
    idx = tuple(
        data.draw(st.one_of(st.integers(-n, n - 1),
                            st.builds(slice, st.none() | st.integers(-n, n),
                                      st.none() | st.integers(-n, n),
                                      st.none() | st.sampled_from([-2, -1, 1, 2]))))
        for n in shape[: data.draw(st.integers(1, len(shape)))])
    np.testing.assert_array_equal(n2t.setitem(a, idx, -1), ref(a, idx, -1))


def test_add_at_accumulates_duplicates() -> None:
    a = np.zeros((3, 2))
    idx = ([0, 0, 2], [1, 1, 0])
    want = a.copy()
    np.add.at(want, idx, [1.0, 2.0, 3.0])
    np.testing.assert_array_equal(n2t.add_at(a, idx, [1.0, 2.0, 3.0]), want)
    want = np.zeros(5, np.int64)
    np.add.at(want, [1, 1, 4], 1)
    np.testing.assert_array_equal(n2t.add_at(np.zeros(5, np.int64), [1, 1, 4], 1), want)


@pytest.mark.parametrize("op,np_op", [("add", np.add), ("subtract", np.subtract),
                                      ("maximum", np.maximum), ("minimum", np.minimum),
                                      (tf.multiply, np.multiply)])
def test_ufunc_at(op: Any, np_op: Any) -> None:
    a = np.array([1.0, 2.0, 3.0, 4.0])
    want = a.copy()
    np_op.at(want, [0, 0, 3], [2.0, 3.0, 0.5])
    got = tf.function(lambda x: _indexing.ufunc_at(op, x, [0, 0, 3], [2.0, 3.0, 0.5]))(a)
    np.testing.assert_allclose(got, want)


@pytest.mark.parametrize("mode", ["raise", "wrap", "clip"])
def test_put(mode: str) -> None:
    a = np.arange(6).reshape(2, 3)
    ind = [0, -1, 2] if mode == "raise" else [0, 7, -8]
    want = a.copy()
    np.put(want, ind, [10, 20], mode=mode)
    np.testing.assert_array_equal(n2t.put(a, ind, [10, 20], mode=mode), want)


def test_putmask_copyto_fill() -> None:
    a = np.arange(6.0)
    want = a.copy()
    np.putmask(want, a > 2, [-1.0, -2.0])
    np.testing.assert_array_equal(n2t.putmask(a, a > 2, [-1.0, -2.0]), want)
    dst = np.zeros((2, 3), np.int32)
    want = dst.copy()
    np.copyto(want, np.array([1.9, 2.0, 3.0]), casting="unsafe", where=[True, False, True])
    got = n2t.copyto(dst, np.array([1.9, 2.0, 3.0]), where=[True, False, True])
    np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(n2t.copyto(dst, 5), np.full((2, 3), 5))
    filled = n2t.fill(np.zeros(3, np.uint8), 7.9)
    assert filled.dtype == tf.uint8 and filled.numpy().tolist() == [7, 7, 7]
    assert set(_indexing.__all__) <= set(dir(n2t))
