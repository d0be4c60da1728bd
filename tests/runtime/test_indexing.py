"""n2t.setitem and friends vs NumPy's in-place writes."""

from __future__ import annotations

import warnings
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
    ("negative step with bounds", (Ellipsis, slice(3, 0, -1)), [1, 2, 3]),
    ("negative step past start", (slice(None), slice(-100, None, -1)), 6),
    ("negative step from past end", (0, slice(100, None, -3)), 2),
    ("out of range bounds", (slice(-100, 100), slice(1, 100)), 4),
    ("empty reversed slice", (slice(None), slice(0, 3)), 4),
    ("empty stop before start", (0, slice(3, 1)), 4),
    ("newaxis in the middle", (0, None, slice(None)), [[[1], [2], [3]]]),
    ("value with extra leading ones", (1, 2), np.array([[[9, 8, 7, 6]]])),
    ("int then ellipsis then int", (1, Ellipsis, 0), [5, 6, 7]),
    ("numpy int index", (np.int64(1), np.int32(-1)), 3),
    ("leading mask with row value", np.array([True, False]), [[1], [2], [3]]),
    ("one-tuple mask", (A > 20,), 1),
    ("negative int array", np.array([-1, 0]), np.arange(12).reshape(3, 4)),
    ("int array with negative pair", (np.array([-1, 0]), np.array([-3, 2])), [[1], [2]]),
    ("leading mask per-element values", np.array([[True, False, True], [False, True, True]]),
     np.arange(16).reshape(4, 4)),
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


def test_setitem_0d() -> None:
    for idx in [(), Ellipsis, None]:
        a = np.array(2.5)
        got = n2t.setitem(tf.constant(a), idx, 7)
        np.testing.assert_array_equal(got, ref(a, idx, 7))
        assert got.shape == ()


def test_setitem_bool_and_int_value_casts() -> None:
    b = np.array([False, False, True])
    np.testing.assert_array_equal(n2t.setitem(b, 0, 2), ref(b, 0, 2))
    np.testing.assert_array_equal(n2t.setitem(b, slice(1, None), 0.0), ref(b, slice(1, None), 0.0))
    i = np.arange(4)
    np.testing.assert_array_equal(n2t.setitem(i, slice(0, 2), -2.7), ref(i, slice(0, 2), -2.7))
    c = np.zeros(2, np.complex128)
    np.testing.assert_array_equal(n2t.setitem(c, 1, 1.5), ref(c, 1, 1.5))


@pytest.mark.parametrize("idx,exc", [(3, IndexError), (-4, IndexError), ((0, 0), IndexError),
                                     (slice(None, None, 0), ValueError)])
def test_setitem_errors_like_numpy(idx: Any, exc: type) -> None:
    a = np.arange(3.0)
    with pytest.raises(exc):
        ref(a, idx, 1.0)
    with pytest.raises(exc):
        n2t.setitem(tf.constant(a), idx, 1.0)


def test_unbroadcastable_value_raises() -> None:
    with pytest.raises((ValueError, tf.errors.InvalidArgumentError)):
        n2t.setitem(tf.zeros([4]), slice(0, 3), tf.constant([1.0, 2.0]))


def test_tensor_bounds_in_tf_function() -> None:
    """Loop counters as slice bounds and indices: the heat-equation shape of code."""

    @tf.function(jit_compile=True)
    def shift(a: tf.Tensor) -> tf.Tensor:
        for i in tf.range(1, 4):
            a = n2t.setitem(a, n2t.s_[i:i + 2], a[i - 1] * 10.0)
            a = n2t.setitem(a, n2t.s_[..., -i], tf.cast(i, a.dtype))
        return a

    want = np.arange(8.0)
    for i in range(1, 4):
        want[i:i + 2] = want[i - 1] * 10.0
        want[..., -i] = i
    np.testing.assert_array_equal(shift(tf.range(8.0, dtype=tf.float64)), want)

    @tf.function
    def row(a: tf.Tensor, i: tf.Tensor) -> tf.Tensor:
        return n2t.setitem(a, (i, slice(None, None, -1)), tf.range(4.0))

    np.testing.assert_array_equal(row(tf.constant(A), tf.constant(-1)),
                                  ref(A, (-1, slice(None, None, -1)), np.arange(4.0)))


def test_tensor_step_in_graph_loop() -> None:
    """The sieve `a[n * n::n] = False` and `phi[p::p] -= phi[p::p] // p` in a graph loop.

    The step is a loop counter: basic_plan must not compare it in Python (bool() of a graph
    tensor raises), and TF's getitem with a tensor step gives a value of unknown rank.
    """

    @tf.function
    def sieve(a: tf.Tensor) -> tf.Tensor:
        for n in tf.range(2, 8, dtype=tf.int64):
            if a[n]:
                a = n2t.setitem(a, n2t.s_[n * n::n], False)
        return a

    @tf.function
    def totients(phi: tf.Tensor) -> tf.Tensor:
        for p in tf.range(2, 41, dtype=tf.int64):
            if phi[p] == p:
                phi = n2t.setitem(phi, n2t.s_[p::p], phi[p::p] - phi[p::p] // p)
        return phi

    want = np.ones(51, bool)
    for n in range(2, 8):
        if want[n]:
            want[n * n::n] = False
    np.testing.assert_array_equal(sieve(tf.ones(51, tf.bool)), want)
    phi = np.arange(41)
    for p in range(2, 41):
        if phi[p] == p:
            phi[p::p] -= phi[p::p] // p
    np.testing.assert_array_equal(totients(tf.range(41, dtype=tf.int64)), phi)
    step = tf.function(lambda a, s: n2t.setitem(a, n2t.s_[::s], 0.0))
    with pytest.raises(tf.errors.InvalidArgumentError):  # a zero step still fails, in the op
        step(tf.zeros(4), tf.constant(0))


def test_dynamic_shapes_in_tf_function() -> None:
    spec = tf.TensorSpec([None, None], tf.float32)
    f = tf.function(lambda a: n2t.setitem(a, (slice(1, None), 0), tf.constant(-1.0)),
                    input_signature=[spec])
    g = tf.function(lambda a: n2t.setitem(a, a > 3, 0.0), input_signature=[spec])
    x = A[0]
    np.testing.assert_array_equal(f(tf.constant(x)), ref(x, (slice(1, None), 0), -1.0))
    np.testing.assert_array_equal(g(tf.constant(x)), ref(x, x > 3, 0.0))


@pytest.mark.parametrize("idx,v,op,xla", [
    (slice(1, -1), 1.0, "TensorStridedSliceUpdate", True),
    (slice(None, None, 2), 1.0, "TensorStridedSliceUpdate", False),
    (slice(None, None, 2), 1.0, "TensorScatterUpdate", True),  # XLA: steps of +-1 only
    ((Ellipsis, None, 0), 2.0, "TensorStridedSliceUpdate", False),
    (A[0] > 3, 0.0, "SelectV2", True),
    ([0, 2], 1.0, "TensorScatterUpdate", False),
])
def test_each_index_kind_takes_its_path(idx: Any, v: Any, op: str, xla: bool) -> None:
    """Basic indices are one strided-slice update, scalar mask writes one select."""
    fn = tf.function(lambda a: n2t.setitem(a, tf_index(idx), v), jit_compile=xla)
    graph = fn.get_concrete_function(tf.TensorSpec([3, 4], tf.float32)).graph
    ops = {o.type for o in graph.get_operations()}
    assert op in ops
    if op != "TensorScatterUpdate":
        assert "TensorScatterUpdate" not in ops


def _basic_key(data: Any, rank: int) -> tuple[Any, ...]:
    item = st.one_of(
        st.integers(-5, 4),
        st.builds(slice, st.none() | st.integers(-6, 6), st.none() | st.integers(-6, 6),
                  st.none() | st.sampled_from([-3, -1, 1, 2])),
        st.none(), st.just(Ellipsis))
    key = data.draw(st.lists(item, max_size=rank + 2))
    return tuple(key)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_basic_reads_and_writes_match_numpy_for_any_key(data: Any) -> None:
    """Ints, slices, None and ... on shapes with empty axes: values or the same error."""
    shape = tuple(data.draw(st.lists(st.integers(0, 3), max_size=3)))
    a = np.arange(int(np.prod(shape)), dtype=np.int64).reshape(shape)
    key = _basic_key(data, len(shape))
    try:
        want_read, want_write = a[key], ref(a, key, -1)
    except Exception as e:  # noqa: BLE001 -- NumPy's error type is the expectation
        with pytest.raises(type(e)):
            tf.constant(a)[key]  # noqa: B018
        with pytest.raises(type(e)):
            n2t.setitem(tf.constant(a), key, -1)
        return
    got = tf.constant(a)[key]
    assert got.shape == want_read.shape
    np.testing.assert_array_equal(got, want_read)
    np.testing.assert_array_equal(n2t.setitem(tf.constant(a), key, -1), want_write)


def test_eager_tensor_indices_of_mixed_dtypes() -> None:
    """Scalar tensors as indices and bounds, int32 and int64 mixed (TF's getitem fails)."""
    a = np.arange(12.0).reshape(3, 4)
    key = (slice(tf.constant(1), None), tf.constant(-2, tf.int64))
    np.testing.assert_array_equal(tf.constant(a)[key], a[1:, -2])
    np.testing.assert_array_equal(n2t.setitem(a, key, 0.0), ref(a, (slice(1, None), -2), 0.0))
    np.testing.assert_array_equal(n2t.setitem(a, tf.Variable(2), 1.0), ref(a, 2, 1.0))


def test_add_at_accumulates_duplicates() -> None:
    a = np.zeros((3, 2))
    idx = ([0, 0, 2], [1, 1, 0])
    want = a.copy()
    np.add.at(want, idx, [1.0, 2.0, 3.0])
    np.testing.assert_array_equal(n2t.add_at(a, idx, [1.0, 2.0, 3.0]), want)
    want = np.zeros(5, np.int64)
    np.add.at(want, [1, 1, 4], 1)
    np.testing.assert_array_equal(n2t.add_at(np.zeros(5, np.int64), [1, 1, 4], 1), want)


@pytest.mark.parametrize("compiled", [False, True])
def test_add_at_rows_and_negative_indices(compiled: bool) -> None:
    a = np.arange(12.0).reshape(4, 3)
    idx, rows = np.array([0, -1, 0, 3]), np.array([[1.0, 2.0, 3.0]])
    want = a.copy()
    np.add.at(want, idx, rows)
    fn = tf.function(n2t.add_at, jit_compile=True) if compiled else n2t.add_at
    np.testing.assert_array_equal(fn(tf.constant(a), tf.constant(idx), tf.constant(rows)), want)
    want = np.zeros(3, np.int64)
    np.subtract.at(want, (np.array([2, 2, -3]),), 2)
    got = _indexing.ufunc_at("subtract", np.zeros(3, np.int64), (np.array([2, 2, -3]),), 2)
    np.testing.assert_array_equal(got, want)


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


def test_unpack_splits_tensors_and_passes_other_values() -> None:
    """`a, b = v` in graph code: tensors split along axis 0 with a length check."""
    f = tf.function(lambda z: n2t.unpack(z, 2))
    x, y = f(tf.constant([[1.0, 2.0], [3.0, 4.0]]))
    np.testing.assert_array_equal(x, [1.0, 2.0])
    np.testing.assert_array_equal(y, [3.0, 4.0])
    assert n2t.unpack((1, 2), 2) == (1, 2) and n2t.unpack(tf.TensorShape([3, 4]), 2) == tf.TensorShape([3, 4])
    with pytest.raises(ValueError):  # static length differs, as `a, b = three_things`
        f(tf.constant([1.0, 2.0, 3.0]))
    g = tf.function(lambda z: n2t.unpack(z, 2), input_signature=[tf.TensorSpec([None], tf.float64)])
    with pytest.raises(tf.errors.InvalidArgumentError):  # dynamic length: checked when it runs
        g(tf.constant([1.0, 2.0, 3.0], tf.float64))


# -- reads: tensor[key] (``_indexing.getitem``, installed as tf.Tensor.__getitem__) ----------
R = np.arange(60.0).reshape(3, 4, 5)
I = np.array  # index arrays below; int64 unless said

READ_KEYS: list[tuple[str, Any]] = [
    ("int array", I([0, 2, -1])),
    ("2-d int array", I([[0, 1], [-3, 2]])),
    ("list with negative", [0, -1]),
    ("repeated", I([1, 1, -2, 1])),
    ("empty list", []),
    ("empty array", I([], np.int64)),
    ("one-tuple array", (I([1, -1]),)),
    ("array on axis 1", (slice(None), I([0, -1, 3]))),
    ("array after ellipsis", (Ellipsis, I([4, 0]))),
    ("int then array", (0, I([1, 2]))),
    ("array then int", (I([1, 2]), 0)),
    ("slice int array", (slice(None), 1, I([0, -5]))),
    ("slice before array", (slice(1, None), I([0, 1]))),
    ("newaxis and array", (None, I([0, -1]))),
    ("two arrays", (I([0, 2]), I([1, 3]))),
    ("two arrays around an int", (I([0, 2]), 1, I([1, 3]))),
    ("broadcast arrays", (I([[0], [2]]), I([1, 3]))),
    ("three arrays", (I([0, 2]), I([1, 3]), I([4, -5]))),
    ("int and negative array", (-1, I([3, -4]))),
    ("range and array", (range(3), I([0, 1, 2]))),
    # NumPy moves the arrays' axes first when they are apart (tnp did not for ints).
    ("int and array apart", (0, slice(None), I([1, 2]))),
    ("arrays apart", (I([0, 1]), slice(None), I([1, 2]))),
    ("arrays after a slice", (slice(None), I([0, 1]), I([1, 2]))),
    ("2-d arrays after a slice", (slice(None), I([[0], [1]]), I([1, 2]))),
    ("array, slice, int", (I([1]), slice(1, 3), 2)),
    ("slice, array, int", (slice(None), I([0, 1]), 2)),
    ("newaxis, slice, arrays", (None, slice(None), I([0, 1]), I([1, 2]))),
    ("ellipsis then arrays", (Ellipsis, I([0, 1]), I([1, 2]))),
    ("arrays around ellipsis", (I([0, 1]), Ellipsis, I([1, 2]))),
    ("mask leading", R[:, 0, 0] > 10),
    ("mask full", R > 30),
    ("mask two axes", R[:, :, 0] > 20),
    ("mask none true", R < -1),
    ("mask list", [True, False, True]),
    ("one-tuple mask", (R > 50,)),
    ("mask and int", (I([True, False, True]), 1)),
    ("slice, mask, slice", (slice(None), I([True, False, True, True]), slice(1, 3))),
    ("0-d result", (1, 2, 3)),
    ("0-d result, negatives", (-1, -4, -5)),
]


def _index_form(key: Any, form: str) -> Any:
    """``key`` with its arrays and lists as given ("host") or as int32/int64 tensors."""
    if isinstance(key, tuple):
        return tuple(_index_form(k, form) for k in key)
    if form == "host" or not isinstance(key, (list, np.ndarray)):
        return key
    arr = np.asarray(key)
    if arr.dtype == np.bool_:
        return tf.constant(arr)
    return tf.constant(arr.astype(np.int64), tf.int64 if form == "int64" else tf.int32)


def _read(t: tf.Tensor, key: Any, mode: str) -> tf.Tensor:
    if mode == "eager":
        return t[key]
    return tf.function(lambda x: x[key], jit_compile=mode == "xla")(t)


@pytest.mark.parametrize("mode", ["eager", "graph", "xla"])
@pytest.mark.parametrize("form", ["host", "int64", "int32"])
@pytest.mark.parametrize("label,key", READ_KEYS, ids=[c[0] for c in READ_KEYS])
def test_reads_match_numpy(label: str, key: Any, form: str, mode: str) -> None:
    want = R[key]
    got = _read(tf.constant(R), _index_form(key, form), mode)
    assert got.dtype == tf.float64 and tuple(got.shape) == want.shape, label
    np.testing.assert_array_equal(got.numpy(), want)


@pytest.mark.parametrize("dtype", [np.int8, np.uint8, np.int16, np.uint16, np.int32, np.int64,
                                   np.bool_, np.float32, np.complex64])
def test_reads_keep_the_array_dtype(dtype: Any) -> None:
    a = (np.arange(12) % 5).astype(dtype).reshape(4, 3)
    t = tf.constant(a)
    for key in ([2, -1, 0], (I([0, 3]), I([-1, 1])), a[:, 0] != 0, (slice(None), I([2]))):
        for mode in ("eager", "graph"):
            got = _read(t, key, mode)
            assert got.dtype.as_numpy_dtype == a[key].dtype
            np.testing.assert_array_equal(got.numpy(), a[key])


@pytest.mark.parametrize("dtype", [tf.int8, tf.uint8, tf.int16, tf.uint16, tf.uint32,
                                   tf.int32, tf.int64])
@pytest.mark.parametrize("mode", ["eager", "graph", "xla"])
def test_index_tensors_of_any_integer_dtype(dtype: Any, mode: str) -> None:
    idx = np.array([3, 0, 2, 2])
    t = tf.constant(R[0])
    got = _read(t, tf.constant(idx, dtype), mode)
    np.testing.assert_array_equal(got, R[0][idx])
    got = _read(t, (slice(None), tf.constant(idx, dtype)), mode)
    np.testing.assert_array_equal(got, R[0][:, idx])
    if not dtype.is_unsigned:
        neg = np.array([-1, 0, -4])
        np.testing.assert_array_equal(_read(t, tf.constant(neg, dtype), mode), R[0][neg])


def test_reads_of_1d_arrays_and_0d_results() -> None:
    v = np.arange(5.0)
    t = tf.constant(v)
    for key in ([4], I([-5]), v > 2, [], (I([1, 2]),), 3, -1):
        for mode in ("eager", "graph"):
            got = _read(t, key, mode)
            assert tuple(got.shape) == np.shape(v[key])
            np.testing.assert_array_equal(got.numpy(), v[key])
    s = tf.constant(np.float32(2.5))
    assert s[()].shape == () and s[()].dtype == tf.float32 and float(s[...]) == 2.5


@pytest.mark.parametrize("key", [[3], [-4], I([0, 5]), (slice(None), [0, 7]), (I([0]), I([9])),
                                 [True, False], (slice(None), [True, False, True])])
def test_out_of_range_python_indices_raise_index_error_like_numpy(key: Any) -> None:
    a = np.arange(12.0).reshape(3, 4)
    with pytest.raises(IndexError):
        a[key]  # noqa: B018
    with pytest.raises(IndexError):
        tf.constant(a)[key]  # noqa: B018
    with pytest.raises(IndexError):  # raised while tracing
        tf.function(lambda x: x[key], autograph=False)(tf.constant(a))


@pytest.mark.parametrize("idx", [[3], [-4], [0, 5, 1]])
def test_out_of_range_index_tensors_raise_as_before(idx: list[int]) -> None:
    """NumPy raises IndexError; a tensor's values are known only when the gather runs,
    which raises InvalidArgumentError on CPU, as TensorFlow's own getitem did."""
    t = tf.constant(np.arange(12.0).reshape(3, 4))
    key = tf.constant(idx)
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.Tensor.__getitem__.numpy_style(t, key)
    with pytest.raises(tf.errors.InvalidArgumentError):
        t[key]  # noqa: B018
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.function(lambda x, i: x[i])(t, key)


def test_mask_of_another_shape_raises() -> None:
    t = tf.constant(np.arange(12.0).reshape(3, 4))
    with pytest.raises((IndexError, ValueError, tf.errors.InvalidArgumentError)):
        t[tf.constant([True, False])]  # noqa: B018


def test_reads_with_unknown_dims_in_graphs() -> None:
    a = np.arange(20.0).reshape(4, 5)
    spec = tf.TensorSpec([None, None], tf.float64)
    cases = [lambda x, i: x[i], lambda x, i: x[:, i], lambda x, i: x[i, i],
             lambda x, i: x[x[:, 0] > 4], lambda x, i: x[[0, -1]], lambda x, i: x[-1, i]]
    idx = np.array([-1, 0, 2])
    for fn in cases:
        f = tf.function(fn, input_signature=[spec, tf.TensorSpec([None], tf.int64)])
        np.testing.assert_array_equal(f(tf.constant(a), tf.constant(idx)), fn(a, idx))


def _graph_ops(fn: Any, *specs: Any) -> set[str]:
    return {o.type for o in tf.function(fn).get_concrete_function(*specs).graph.get_operations()}


def test_reads_build_few_ops() -> None:
    """What each fast path leaves in a graph (tnp built pack/add/cast/shape ops per read)."""
    mat = tf.TensorSpec([50, 8], tf.float64)
    scalar, vec = tf.TensorSpec([], tf.int64), tf.TensorSpec([20], tf.int64)
    common = {"Placeholder", "Const", "Identity", "NoOp"}
    assert _graph_ops(lambda x, i: x[i], mat, scalar) - common == {"Reshape", "StridedSlice"}
    assert _graph_ops(lambda x, i: x[i, -2], mat, scalar) - common == {"Pack", "StridedSlice"}
    assert _graph_ops(lambda x, i: x[i], mat, vec) - common == {
        "Less", "AddV2", "SelectV2", "GatherV2"}
    assert _graph_ops(lambda x, i: x[:, i], mat, vec) - common == {
        "Less", "AddV2", "SelectV2", "GatherV2"}
    assert _graph_ops(lambda x: x[[3, -1, 0]], mat) - common == {"GatherV2"}
    for mask in (tf.TensorSpec([50, 8], tf.bool), tf.TensorSpec([50], tf.bool)):
        assert _graph_ops(lambda x, m: x[m], mat, mask) - common == {"Where", "GatherNd"}


def test_element_loop_reads_compile_with_xla() -> None:
    """burgers1d's update: reads with a loop counter (and counter - 1 at 0 wrapping)."""

    def step(u: Any) -> Any:
        un = u
        for i in tf.range(tf.shape(u, out_type=tf.int64)[0]):
            u = n2t.setitem(u, n2t.s_[i], un[i] - un[i] * 0.1 * (un[i] - un[i - 1]))
        return u

    u0 = np.linspace(0.0, 1.0, 11) ** 2
    want = u0.copy()
    for i in range(len(u0)):
        want[i] = u0[i] - u0[i] * 0.1 * (u0[i] - u0[i - 1])
    for jit in (False, True):
        np.testing.assert_allclose(tf.function(step, jit_compile=jit)(tf.constant(u0)), want)


def _mixed_key(data: Any, shape: tuple[int, ...]) -> tuple[Any, ...]:
    """A random NumPy index over ``shape``: ints, slices, None, one ``...`` and integer
    arrays (broadcastable, with negatives) or 1-D masks, in any order."""
    items: list[Any] = []
    axes = list(shape)
    take = data.draw(st.integers(0, len(axes)))
    ellipsis_at = data.draw(st.one_of(st.none(), st.integers(0, take)))
    bshape = data.draw(st.sampled_from([(2,), (1,), (3,), (2, 1), (0,)]))
    for k in range(take):
        if ellipsis_at == k:
            items.append(Ellipsis)
        if data.draw(st.booleans()) and data.draw(st.booleans()):
            items.append(None)
        n = axes[k] if ellipsis_at is None or k < ellipsis_at else axes[len(axes) - take + k]
        kind = data.draw(st.sampled_from(["int", "slice", "array", "array", "mask"]))
        if kind == "int":
            items.append(data.draw(st.integers(-n, n - 1)))
        elif kind == "slice":
            items.append(slice(data.draw(st.one_of(st.none(), st.integers(-n - 1, n + 1))),
                               data.draw(st.one_of(st.none(), st.integers(-n - 1, n + 1))),
                               data.draw(st.sampled_from([None, 1, 2, -1]))))
        elif kind == "mask":
            items.append(np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)), bool))
        else:
            size = int(np.prod(bshape))
            vals = data.draw(st.lists(st.integers(-n, n - 1), min_size=size, max_size=size))
            items.append(np.array(vals, np.int64).reshape(bshape))
    if ellipsis_at == take:
        items.append(Ellipsis)
    return tuple(items)


@settings(max_examples=int(__import__("os").environ.get("N2T_HYPOTHESIS_READS", 150)), deadline=None)
@given(data=st.data())
def test_mixed_reads_match_numpy_for_any_key(data: Any) -> None:
    """Any mix of basic indices, integer arrays and 1-D masks: NumPy's values and shape
    (where the arrays' axes go included), with arrays given in Python and as tensors."""
    shape = tuple(data.draw(st.lists(st.integers(1, 4), min_size=1, max_size=4)))
    a = np.arange(int(np.prod(shape)), dtype=np.float32).reshape(shape)
    key = _mixed_key(data, shape)
    mask_rows = [k for k in key if isinstance(k, np.ndarray) and k.dtype == bool]
    arrays = [k for k in key if isinstance(k, np.ndarray)]
    try:
        want = a[key]
    except IndexError:  # masks whose counts do not broadcast with the arrays
        assume_ok = False
    else:
        assume_ok = True
    if not assume_ok or (mask_rows and len(arrays) > 1):
        return  # NumPy's errors for mixed masks are tnp's business, not the fast paths'
    t = tf.constant(a)
    for form in ("host", "int64"):
        k = _index_form(key, form)
        for mode in ("eager", "graph"):
            got = _read(t, k, mode)
            assert tuple(got.shape) == want.shape, (key, form, mode)
            np.testing.assert_array_equal(got.numpy(), want)


def test_reads_of_arrays_with_empty_axes() -> None:
    """Gathers from arrays without elements: NumPy's empty results (GatherNd refuses them)."""
    a = np.zeros((2, 2, 0))
    t = tf.constant(a)
    for key in ((I([1, 0]), I([0, 1])), np.ones((2, 2), bool), [1, 0], (slice(None), [1]),
                (I([[1], [0]]), I([0, 1]), slice(0, 0)), (I([1]), -1), np.array([True, False])):
        for mode in ("eager", "graph"):
            got = _read(t, _index_form(key, "int64"), mode)
            assert tuple(got.shape) == a[key].shape and got.dtype == tf.float64
    with pytest.raises(IndexError):  # NumPy's error: nothing to pick on axis 2
        t[I([1, 0]), :, [0, 1]]  # noqa: B018


def test_reads_keep_gradients() -> None:
    """The fast paths' gradients are the ones tnp's reads had (gathers scatter back)."""
    numpy_style = tf.Tensor.__getitem__.numpy_style
    x = tf.constant(np.arange(12.0).reshape(3, 4))
    keys = [tf.constant([0, -1, 0]), x[:, 0] > 3, (slice(None), tf.constant([1, -1])),
            (tf.constant([0, 2]), tf.constant([1, 3])), 1, (slice(1, None), -1), [2, 2]]
    for key in keys:
        grads = []
        for read in (lambda t, key=key: t[key], lambda t, key=key: numpy_style(t, key)):
            with tf.GradientTape() as tape:
                tape.watch(x)
                y = tf.reduce_sum(read(x) ** 2)
            grads.append(tf.convert_to_tensor(tape.gradient(y, x)).numpy())
        np.testing.assert_array_equal(grads[0], grads[1])


def test_a_repeated_read_in_a_graph_is_built_once() -> None:
    """`un[1:-1, 1:-1]` written six times in a stencil is one StridedSlice in the graph
    (tensors never change); variables, tensor bounds and reads under control
    dependencies are built each time, and eager reads are not kept."""
    import collections

    def count(f, *specs):
        graph = tf.function(f, autograph=False).get_concrete_function(*specs).graph
        return collections.Counter(op.type for op in graph.get_operations())["StridedSlice"]

    spec = tf.TensorSpec([5, 5], tf.float64)
    assert count(lambda u: u[1:-1, 1:-1] + 2.0 * u[1:-1, 1:-1] - u[1:-1, :-2], spec) == 2
    assert count(lambda u, i: u[i] + u[i], spec, tf.TensorSpec([], tf.int32)) == 2  # tensor index

    def under_deps(u):
        a = u[1:]
        with tf.control_dependencies([tf.debugging.assert_all_finite(u, "finite")]):
            return a + u[1:]
    assert count(under_deps, spec) == 2

    v = tf.Variable(np.ones((3, 3)))

    @tf.function(autograph=False)
    def variable_reads():
        before = v[0]
        v.assign(np.full((3, 3), 2.0))
        return before, v[0]
    before, after = variable_reads()
    np.testing.assert_array_equal(before.numpy(), [1.0, 1.0, 1.0])
    np.testing.assert_array_equal(after.numpy(), [2.0, 2.0, 2.0])

    x = tf.constant(np.arange(25.0).reshape(5, 5))
    np.testing.assert_array_equal(tf.function(lambda u: u[1:-1, 1:-1] * u[1:-1, 1:-1], autograph=False)(x).numpy(),
                                  np.arange(25.0).reshape(5, 5)[1:-1, 1:-1] ** 2)


def test_a_graph_reads_a_captured_eager_tensor() -> None:
    # An eager tensor a graph captures (a module-level array, a value computed before a
    # compiled loop) belongs to no graph: the read memo must leave it alone, not fail
    # tracing (which made n2t.function fall back to eager execution).
    table = tf.constant(np.arange(12.0).reshape(3, 4))

    @n2t.function(autograph=False, tiered=False)
    def pick(i):  # type: ignore[no-untyped-def]
        return table[1] + tf.reduce_sum(table[1, 2:]) + i

    with warnings.catch_warnings():
        warnings.simplefilter("error", n2t.NP2TFGraphFallback)
        out = pick(tf.constant(1.0, tf.float64))
    np.testing.assert_array_equal(out.numpy(), np.arange(12.0).reshape(3, 4)[1] + 13.0 + 1.0)
    assert not pick.runs_eagerly


RUN_KEYS = [
    ("arange", np.arange(1, 3)), ("list run", [0, 1, 2]), ("range", range(2, 4)),
    ("one element", np.array([2])), ("negative run", [-3, -2, -1]), ("wrapping across", [-1, 0]),
    ("uint run", np.arange(1, 3, dtype=np.uint8)), ("not a run", [0, 2]), ("descending", [2, 1]),
    ("repeated", [1, 1]), ("out of range", np.arange(2, 5)), ("too negative", [-5, -4]),
    ("int before", (1, np.arange(0, 4))), ("int after", (np.arange(1, 3), 2)),
    ("slice then run", (slice(None), np.arange(1, 4))), ("run, slice, int", (np.arange(0, 2), slice(None), 1)),
    ("int, slice, run (apart)", (0, slice(None), np.arange(1, 3))),
]


@pytest.mark.parametrize("mode", ["eager", "graph", "xla"])
@pytest.mark.parametrize("label,key", RUN_KEYS, ids=[c[0] for c in RUN_KEYS])
def test_reads_of_consecutive_host_positions_match_numpy(label: str, key: Any, mode: str) -> None:
    try:
        want = R[key]
    except IndexError:
        with pytest.raises(Exception, match="out of bounds"):  # IndexError (in a graph: as traced)
            _read(tf.constant(R), key, mode)
        return
    got = _read(tf.constant(R), key, mode)
    assert got.dtype == tf.float64 and tuple(got.shape) == want.shape, label
    np.testing.assert_array_equal(got.numpy(), want)


def test_a_run_of_host_positions_reads_and_writes_as_a_slice() -> None:
    x = tf.constant(np.arange(10.0))
    graph = tf.function(lambda t: t[np.arange(2, 6) + 1] + n2t.setitem(t, np.arange(1, 5), 0.0)[:4]
                        ).get_concrete_function(x).graph
    types = [op.type for op in graph.get_operations()]
    assert "GatherV2" not in types and "TensorScatterUpdate" not in types, types
    assert "TensorStridedSliceUpdate" in types
    np.testing.assert_array_equal(x[np.arange(2, 6) + 1].numpy(), np.arange(10.0)[3:7])


@pytest.mark.parametrize("key,value", [(np.arange(2, 5), [7.0, 8.0, 9.0]), ([-3, -2, -1], 1.5), (range(0, 2), -1.0),
                                       ([3, 5], 4.0), ([1, 1], 2.0), (np.array([9]), 3.0)])
def test_writes_to_consecutive_host_positions_match_numpy(key: Any, value: Any) -> None:
    want = np.arange(10.0)
    want[key] = value
    got = n2t.setitem(tf.constant(np.arange(10.0)), key, value)
    np.testing.assert_array_equal(got.numpy(), want)
    with pytest.raises((IndexError, tf.errors.InvalidArgumentError)):  # out of range: not a slice
        n2t.setitem(tf.constant(np.arange(10.0)), np.arange(8, 11), 0.0)


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int8, np.int64, np.uint8, np.complex64, np.bool_])
@pytest.mark.parametrize("value", [1.0, -0.0, float("nan"), 3, -1, 300, 2.5, True])
def test_numbers_written_in_graphs_as_splats_match_eager_writes(dtype: Any, value: Any) -> None:
    def write(t: Any) -> Any:
        return n2t.setitem(n2t.setitem(t, (1, slice(None)), value), (slice(None), 2), value)

    def outcome(fn: Any) -> Any:
        try:
            out = fn(tf.zeros((4, 5), dtype))
        except Exception as e:  # noqa: BLE001 -- an error is an outcome too
            return type(e).__name__
        return out.dtype.name, np.asarray(out).tobytes()

    assert outcome(tf.function(write)) == outcome(write)  # the splat path == the eager write
    want = np.zeros((4, 5), dtype)
    try:
        want[1, :] = value
        want[:, 2] = value
    except (OverflowError, ValueError):
        return  # NumPy refuses (np2tf casts: a difference older than the splats)
    assert outcome(tf.function(write)) == (want.dtype.name, want.tobytes())


def test_a_number_written_twice_in_a_graph_is_one_splat_constant() -> None:
    def write(t: Any) -> Any:
        t = n2t.setitem(t, (0, slice(None)), 1.0)
        t = n2t.setitem(t, (-1, slice(None)), 1.0)
        t = n2t.setitem(t, (1, slice(None)), -0.0)  # not 0.0's constant
        return n2t.setitem(t, (2, slice(None)), 0.0)

    graph = tf.function(write).get_concrete_function(tf.TensorSpec((4, 6), tf.float64)).graph
    splats = [op for op in graph.get_operations() if op.type == "Const" and op.outputs[0].shape == (6,)
              and op.outputs[0].dtype == tf.float64]
    assert len(splats) == 3
    assert "BroadcastTo" not in [op.type for op in graph.get_operations()]
    got = tf.function(write)(tf.fill((4, 6), tf.constant(5.0, tf.float64))).numpy()
    want = np.full((4, 6), 5.0)
    want[0], want[-1], want[1], want[2] = 1.0, 1.0, -0.0, 0.0
    np.testing.assert_array_equal(got, want)
    assert np.signbit(got[1]).all() and not np.signbit(got[2]).any()


def test_negative_host_indices_wrap_on_axes_of_unknown_length() -> None:
    read = tf.function(lambda t: t[[-1, 0, -2]], input_signature=[tf.TensorSpec([None], tf.float64)])
    np.testing.assert_array_equal(read(tf.constant(np.arange(5.0))).numpy(), np.arange(5.0)[[-1, 0, -2]])

    def value(i: Any, un: Any) -> Any:
        return un[i - 1] + un[i]  # i = 0 reads un[-1], the last element, as NumPy does

    loop = tf.function(lambda u: n2t.elementwise_update(u, 0, 4, value, (u,), ()),
                       input_signature=[tf.TensorSpec([None], tf.float64)])
    un = np.arange(1.0, 6.0)
    want = un.copy()
    for i in range(0, 4):
        want[i] = value(i, un)
    np.testing.assert_array_equal(loop(tf.constant(un)).numpy(), want)
