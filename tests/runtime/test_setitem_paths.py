"""n2t.setitem's faster paths against NumPy: block writes by concat, native value
broadcasting in the strided-slice update, cheap tensor bounds in graphs, ``range`` indices.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

pytestmark = pytest.mark.tf

tf = pytest.importorskip("tensorflow")

import np2tf.runtime as n2t
from np2tf.runtime import _indexing


def ref(a: np.ndarray, idx: Any, v: Any) -> np.ndarray:
    out = a.copy()
    out[idx] = v
    return out


def run(a: Any, idx: Any, v: Any, eager: bool) -> tf.Tensor:
    """``n2t.setitem(a, idx, v)`` eagerly, or traced with ``idx`` and ``v`` closed over."""
    if eager:
        return n2t.setitem(a, idx, v)
    return tf.function(lambda x: n2t.setitem(x, idx, v))(a)


def ops_of(fn: Any, *specs: Any) -> set[str]:
    return {o.type for o in tf.function(fn).get_concrete_function(*specs).graph.get_operations()}


BLOCKS = [
    (slice(1, None), slice(1, None)),
    (slice(1, -1), slice(1, -1)),
    (slice(None), slice(2, None)),
    (slice(3, None),),
    (slice(-60, 70), Ellipsis),
    (Ellipsis, slice(None, -1)),
    (slice(1, 65), slice(0, 64)),
    (slice(0, 200), slice(-200, 200)),  # bounds past the ends clamp, as NumPy
    (None, slice(1, None), slice(1, None)),
]


@pytest.mark.parametrize("eager", [True, False])
@pytest.mark.parametrize("idx", BLOCKS, ids=[str(b) for b in BLOCKS])
def test_block_writes_match_numpy(idx: Any, eager: bool) -> None:
    a = np.arange(130 * 140, dtype=np.float64).reshape(130, 140)
    want_shape = a[idx].shape
    for v in (np.random.default_rng(1).random(want_shape), 2, np.arange(want_shape[-1]) * 1.5):
        want = ref(a, idx, v)
        got = run(tf.constant(a), idx, tf.constant(v) if isinstance(v, np.ndarray) else v, eager)
        assert got.dtype == tf.float64 and got.shape == want.shape
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("dtype", [np.int8, np.int32, np.float32, np.bool_, np.complex128])
def test_block_write_casts_like_numpy(dtype: Any) -> None:
    a = np.zeros((150, 150), dtype)
    for v in (2.7, -1, np.full((149, 149), 3.9)):
        if dtype == np.bool_:
            v = np.asarray(v) != 0
        want = ref(a, (slice(1, None), slice(1, None)), v)
        for eager in (True, False):
            got = run(tf.constant(a), (slice(1, None), slice(1, None)), v, eager)
            assert got.dtype.as_numpy_dtype == want.dtype
            np.testing.assert_array_equal(got, want)


def test_block_write_in_3d_with_int_and_ellipsis() -> None:
    a = np.arange(6 * 40 * 50, dtype=np.float32).reshape(6, 40, 50)
    for idx in [(2, slice(1, None), slice(None)), (slice(1, 5), Ellipsis, slice(3, -3)),
                (slice(1, -1), slice(1, -1), slice(1, -1)), (-1, Ellipsis)]:
        v = np.float32(7)
        for eager in (True, False):
            np.testing.assert_array_equal(run(tf.constant(a), idx, v, eager), ref(a, idx, v))


def test_large_blocks_take_concat_small_writes_the_update_op() -> None:
    spec = tf.TensorSpec([101, 101], tf.float64)
    block = ops_of(lambda a: n2t.setitem(a, n2t.s_[1:, 1:], a[:-1, :-1] * 2.0), spec)
    assert "ConcatV2" in block and "TensorStridedSliceUpdate" not in block
    row = ops_of(lambda a: n2t.setitem(a, n2t.s_[0, :], 1.0), spec)
    assert "TensorStridedSliceUpdate" in row and "ConcatV2" not in row
    small = ops_of(lambda a: n2t.setitem(a, n2t.s_[1:-1, 1:-1], 0.0), tf.TensorSpec([8, 8], tf.float64))
    assert "TensorStridedSliceUpdate" in small
    # Stepped and reversed slices are not blocks.
    step = ops_of(lambda a: n2t.setitem(a, n2t.s_[::2, 1:], 0.0), spec)
    assert "TensorStridedSliceUpdate" in step and "ConcatV2" not in step
    rev = ops_of(lambda a: n2t.setitem(a, n2t.s_[::-1, 1:], tf.reverse(a[:, 1:], [0])), spec)
    assert "TensorStridedSliceUpdate" in rev


def _xla_ops(fn: Any, shape: list[int]) -> set[str]:
    return {o.type for o in tf.function(fn, jit_compile=True).get_concrete_function(tf.TensorSpec(shape, tf.float64)).graph.get_operations()}


@pytest.mark.parametrize("n, target, concat", [
    (81, "state", True),  # small: concat lets XLA fuse the value's slices
    (150, "state", False),  # the middle sizes keep the update op (a dynamic-update-slice)
    (150, "zeros", False),
    (201, "state", True),  # large: concat again, but ...
    (201, "zeros", False),  # ... not into a fresh constant, which XLA fills and updates at once
])
def test_block_writes_under_xla(n: int, target: str, concat: bool) -> None:
    def write(a):  # type: ignore[no-untyped-def]
        base = a if target == "state" else tf.experimental.numpy.zeros_like(a)
        return n2t.setitem(base, n2t.s_[1:-1, 1:-1], a[2:, 1:-1] + a[1:-1, :-2] * 2.0)

    ops = _xla_ops(write, [n, n])
    assert ("ConcatV2" in ops) is concat and ("TensorStridedSliceUpdate" in ops) is not concat
    a = np.arange(n * n, dtype=np.float64).reshape(n, n)
    want = (a if target == "state" else np.zeros_like(a)).copy()
    want[1:-1, 1:-1] = a[2:, 1:-1] + a[1:-1, :-2] * 2.0
    np.testing.assert_array_equal(tf.function(write, jit_compile=True)(tf.constant(a)).numpy(), want)


@pytest.mark.parametrize("eager", [True, False])
def test_unbroadcastable_values_raise_on_both_paths(eager: bool) -> None:
    def fn(a: Any, idx: Any, v: Any) -> Any:
        return run(a, idx, v, eager)

    for shape, idx in [((150, 150), (slice(1, None), slice(1, None))), ((4, 5), (0, slice(None)))]:
        with pytest.raises((ValueError, tf.errors.InvalidArgumentError)):
            fn(tf.zeros(shape, tf.float64), idx, tf.zeros([3], tf.float64))
    with pytest.raises((ValueError, tf.errors.InvalidArgumentError)):  # extra leading non-1
        fn(tf.zeros([4, 5]), (0, slice(None)), tf.zeros([2, 5]))
    # An empty selection still checks the value, as NumPy does.
    with pytest.raises(ValueError):
        ref(np.zeros((4, 5)), (slice(5, None),), np.zeros(3))
    with pytest.raises((ValueError, tf.errors.InvalidArgumentError)):
        fn(tf.zeros([4, 5]), (slice(5, None),), tf.zeros([3]))


def test_value_broadcast_by_the_update_op() -> None:
    a = np.arange(24.0).reshape(2, 3, 4)
    for idx, v in [((0,), [[1.0, 2.0, 3.0, 4.0]]), ((slice(None), 1), [[5.0], [6.0]]),
                   ((None, 1), 3.0), ((Ellipsis, slice(1, 3)), [[[9.0, 8.0]]]),
                   ((1, slice(None, None, -1)), np.array([[[[1.0]]]]))]:
        for eager in (True, False):
            np.testing.assert_array_equal(run(tf.constant(a), idx, tf.constant(v), eager),
                                          ref(a, idx, v))


def test_tensor_indices_in_graph_loop() -> None:
    """Loop counters as ints and bounds: negative, int32 and int64 mixed, rows of 2-D."""

    @tf.function
    def rows(s: tf.Tensor, z: tf.Tensor) -> tf.Tensor:
        for t in tf.range(1, 6, dtype=tf.int64):
            s = n2t.setitem(s, n2t.s_[t], s[t - 1] * z)
        return s

    s0 = np.ones((6, 5))
    z = np.arange(5.0) + 0.5
    want = s0.copy()
    for t in range(1, 6):
        want[t] = want[t - 1] * z
    np.testing.assert_allclose(rows(tf.constant(s0), tf.constant(z)), want)

    @tf.function
    def mixed(a: tf.Tensor, i: tf.Tensor, j: tf.Tensor) -> tf.Tensor:
        a = n2t.setitem(a, (i, j), -1.0)
        a = n2t.setitem(a, (slice(i, None), -j), -2.0)
        return n2t.setitem(a, (slice(None), slice(j, i + 4, 2)), 5.0)

    a = np.arange(20.0).reshape(4, 5)
    for i, j in [(1, 2), (-1, -3), (0, 0), (-4, 4)]:
        want = ref(a, (i, j), -1.0)
        want = ref(want, (slice(i, None), -j), -2.0)
        want = ref(want, (slice(None), slice(j, i + 4, 2)), 5.0)
        got = mixed(tf.constant(a), tf.constant(i, tf.int32), tf.constant(j, tf.int64))
        np.testing.assert_array_equal(got, want)
    with pytest.raises(tf.errors.InvalidArgumentError):  # out of bounds: the op raises
        mixed(tf.constant(a), tf.constant(4, tf.int32), tf.constant(0, tf.int64))
    with pytest.raises(tf.errors.InvalidArgumentError):
        mixed(tf.constant(a), tf.constant(-5, tf.int32), tf.constant(0, tf.int64))


def test_tensor_index_write_is_one_reshape_and_the_update() -> None:
    def fn(a: tf.Tensor, i: tf.Tensor) -> tf.Tensor:
        return n2t.setitem(a, n2t.s_[i], 2.0)

    ops = ops_of(fn, tf.TensorSpec([5, 3], tf.float64), tf.TensorSpec([], tf.int64))
    assert "TensorStridedSliceUpdate" in ops
    assert not ops & {"AddV2", "Pack", "Cast"}  # (a BroadcastTo of a constant is folded)


def test_range_index_is_an_integer_array() -> None:
    d = np.arange(15.0).reshape(5, 3)
    y = np.array([0, 2, 1, 1, 0])
    want = d.copy()
    want[range(5), y] -= 1
    for eager in (True, False):
        got = run(tf.constant(d), n2t.s_[range(5), tf.constant(y)],
                  tf.constant(d[range(5), y] - 1), eager)
        np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(n2t.setitem(d, range(4, 0, -2), -1.0), ref(d, range(4, 0, -2), -1.0))
    np.testing.assert_array_equal(n2t.setitem(d, range(0), -1.0), d)
    ops = ops_of(lambda a: n2t.setitem(a, n2t.s_[range(5), tf.constant(y)], 0.0),
                 tf.TensorSpec([5, 3], tf.float64))
    assert "TensorScatterUpdate" in ops and "Cumprod" not in ops


def test_fancy_duplicates_last_write_wins() -> None:
    a = np.zeros(6)
    idx = np.array([1, 3, 1, 1])
    want = ref(a, idx, np.array([1.0, 2.0, 3.0, 4.0]))
    got = n2t.setitem(tf.constant(a), tf.constant(idx), tf.constant([1.0, 2.0, 3.0, 4.0]))
    np.testing.assert_array_equal(got, want)


def test_0d_and_whole_array_writes() -> None:
    a = np.array(1.5)
    np.testing.assert_array_equal(run(tf.constant(a), (), 2, False), ref(a, (), 2))
    b = np.zeros((200, 200))
    v = np.random.default_rng(0).random((200, 200))
    for idx in (Ellipsis, slice(None), (slice(None), slice(None))):
        np.testing.assert_array_equal(n2t.setitem(b, idx, v), ref(b, idx, v))


def test_concat_thresholds_follow_share_of_array() -> None:
    assert _indexing._by_concat(tf.zeros([601, 601]), ((1, 601), (1, 601)), False)
    assert not _indexing._by_concat(tf.zeros([601, 601]), ((0, 1), (0, 601)), False)
    assert not _indexing._by_concat(tf.zeros([601, 601]), ((0, 601), (0, 601)), False)
    assert not _indexing._by_concat(tf.zeros([10, 10]), ((1, 10), (1, 10)), False)


@pytest.mark.parametrize("eager", [True, False])
@pytest.mark.parametrize("shape", [(7, 5), (300, 300)])  # 300x300: past the eager threshold
def test_mask_writes_with_per_element_values(shape: tuple[int, ...], eager: bool) -> None:
    rng = np.random.default_rng(2)
    for dtype in (np.float64, np.int8, np.bool_, np.complex64):
        a = (rng.random(shape) * 10).astype(dtype)
        for m in (rng.random(shape) < 0.3, np.ones(shape, bool), np.zeros(shape, bool)):
            v = (np.arange(m.sum()) % 7 - 3).astype(np.float64)  # cast to a's dtype
            want = ref(a, m, v.astype(dtype) if dtype == np.bool_ else v)
            got = run(tf.constant(a), tf.constant(m), tf.constant(v.astype(dtype)), eager)
            assert got.dtype.as_numpy_dtype == want.dtype
            np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("eager", [True, False])
def test_leading_mask_writes_rows(eager: bool) -> None:
    a = np.arange(4 * 3 * 5, dtype=np.float32).reshape(4, 3, 5)
    m = np.array([[True, False, True], [False, False, True], [True, True, False], [False] * 3])
    rows = np.arange(5 * 5, dtype=np.float32).reshape(5, 5)
    for v in (rows, rows[:, :1], np.float32(2.5) + np.zeros((5, 1), np.float32)):
        np.testing.assert_array_equal(run(tf.constant(a), tf.constant(m), tf.constant(v), eager),
                                      ref(a, m, v))
    with pytest.raises((ValueError, tf.errors.InvalidArgumentError)):  # 3 values for 5 rows
        run(tf.constant(a), tf.constant(m), tf.constant(rows[:3]), eager)


def test_mask_write_dynamic_shapes_and_its_op() -> None:
    spec = tf.TensorSpec([None, None], tf.float64)
    f = tf.function(lambda a: n2t.setitem(a, a > 3, a[a > 3] * 10.0), input_signature=[spec])
    x = np.arange(12.0).reshape(3, 4)
    np.testing.assert_array_equal(f(tf.constant(x)), ref(x, x > 3, x[x > 3] * 10))
    ops = ops_of(lambda a: n2t.setitem(a, a > 3, a[a > 3] * 10.0), tf.TensorSpec([3, 4], tf.float64))
    assert "DynamicStitch" in ops and "TensorScatterUpdate" not in ops

    @tf.function
    def flips(s: tf.Tensor, masks: tf.Tensor) -> tf.Tensor:
        for i in tf.range(6):
            f = masks[i % 3]
            s = n2t.setitem(s, n2t.s_[f], s[f] * -1)
        return s

    rng = np.random.default_rng(3)
    s0 = rng.choice([-1, 1], (16, 16))
    ms = rng.random((3, 16, 16)) < 0.4
    want = s0.copy()
    for i in range(6):
        want[ms[i % 3]] *= -1
    np.testing.assert_array_equal(flips(tf.constant(s0), tf.constant(ms)), want)


def test_basic_getitem_with_tensor_bounds_in_graph() -> None:
    """Reads with loop counters, ready for graph getitem: NumPy's values, one reshape."""
    from np2tf.runtime._indexing_basic import basic_getitem

    a = np.arange(20.0).reshape(4, 5)
    keys = [lambda i, j: i, lambda i, j: (i, j), lambda i, j: (slice(i, None), -j),
            lambda i, j: (Ellipsis, slice(j, i + 4, 2)), lambda i, j: (None, i, slice(None, j))]
    for make in keys:
        f = tf.function(lambda x, i, j, make=make: basic_getitem(x, make(i, j)))
        for i, j in [(1, 2), (-1, -3), (0, 4)]:
            got = f(tf.constant(a), tf.constant(i, tf.int32), tf.constant(j, tf.int64))
            want = a[make(i, j)]
            assert got.shape == want.shape
            np.testing.assert_array_equal(got, want)
    ops = ops_of(lambda x, i: basic_getitem(x, i), tf.TensorSpec([4, 5], tf.float64),
                 tf.TensorSpec([], tf.int64))
    assert "StridedSlice" in ops and not ops & {"AddV2", "Pack", "Cast"}


@pytest.mark.parametrize("dtype", [tf.int8, tf.int16, tf.uint8, tf.int32, tf.int64])
def test_tensor_index_of_any_integer_dtype(dtype: Any) -> None:
    a = np.arange(12.0).reshape(3, 4)
    f = tf.function(lambda x, i: n2t.setitem(x, (slice(None), i), x[:, 0] * 2))
    np.testing.assert_array_equal(f(tf.constant(a), tf.constant(2, dtype)),
                                  ref(a, (slice(None), 2), a[:, 0] * 2))
    g = tf.function(lambda x, i: n2t.setitem(x, slice(i, None), -1.0))
    np.testing.assert_array_equal(g(tf.constant(a), tf.constant(1, dtype)), ref(a, slice(1, None), -1))
