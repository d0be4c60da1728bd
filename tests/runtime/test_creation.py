"""``n2t.linspace`` gives NumPy's float64 values bit for bit, eagerly and in graphs.

Number bounds take a fast path (``arange(num) * step + start``, 3-4 ops) and float64
tensor bounds the same arithmetic along a new first axis; both must round exactly as
NumPy's ``linspace`` does (``tnp.linspace`` was an ulp off in ~40% of cases). Excluded
on purpose: subnormal bounds and steps (TensorFlow's CPU kernels flush subnormals to
zero), a ``-0.0`` start (TensorFlow's ``AddV2`` gives ``-0.0 + -0.0 == +0.0``), and XLA
(``jit_compile``), which contracts ``a * b + c`` into one rounding.
"""

from __future__ import annotations

import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.tf

n2t = pytest.importorskip("np2tf.runtime")
tnp = pytest.importorskip("tensorflow.experimental.numpy")

_NORMAL = sys.float_info.min


def _bound() -> st.SearchStrategy:
    floats = st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=False).filter(lambda x: x == 0.0 or abs(x) >= _NORMAL or x != x)
    return st.one_of(st.integers(-(2**62), 2**62), floats.map(lambda x: 0.0 if x == 0 else x), st.sampled_from([0.1, 1 / 3, 2.5, 1e308]))


def _bits(a: np.ndarray) -> np.ndarray:
    return a.view(np.uint8) if a.dtype.kind == "f" else a


@settings(max_examples=200, deadline=None)
@given(start=_bound(), stop=_bound(), num=st.integers(0, 120), endpoint=st.booleans(), dtype=st.sampled_from([None, int, np.float32]))
def test_number_bounds_match_numpy_bit_for_bit(start, stop, num, endpoint, dtype) -> None:  # noqa: ANN001
    with np.errstate(all="ignore"):
        expected, expected_step = np.linspace(start, stop, num, endpoint=endpoint, retstep=True, dtype=dtype)
        step_subnormal = 0 < abs(float(expected_step)) < _NORMAL
    tiny = np.finfo(expected.dtype).tiny if expected.dtype.kind == "f" else _NORMAL
    if step_subnormal or np.any((expected != 0) & (np.abs(expected.astype(np.float64)) < tiny)):
        return  # subnormals: flushed to zero by TensorFlow's kernels (module docstring)
    try:
        actual, step = n2t.linspace(start, stop, num, endpoint=endpoint, retstep=True, dtype=dtype)
    except Exception as error:  # NumPy gave values: the integer cast of inf/nan is where they differ
        assert dtype is int, error
        return
    actual = np.asarray(actual)
    assert actual.dtype == expected.dtype
    with np.errstate(all="ignore"):
        undefined = dtype is int and not np.all(np.isfinite(np.linspace(start, stop, num, endpoint=endpoint)))
    if undefined:
        return  # casting inf/nan to an integer is undefined in both
    np.testing.assert_array_equal(_bits(actual), _bits(expected))
    assert np.asarray(step).dtype == np.float64
    np.testing.assert_array_equal(np.asarray(step), np.asarray(expected_step))


def test_number_bounds_take_few_ops() -> None:
    """The fast path is a handful of ops, a third or less of ``tnp.linspace``'s."""
    import tensorflow as tf

    def ops(f) -> int:  # noqa: ANN001
        graph = tf.function(f).get_concrete_function().graph
        return sum(op.type != "Const" for op in graph.get_operations())

    ours, theirs = ops(lambda: n2t.linspace(0, 2, 101)), ops(lambda: tnp.linspace(0.0, 2.0, 101))
    assert ours <= 6 < theirs // 3, (ours, theirs)
    np.testing.assert_array_equal(np.asarray(n2t.linspace(0, 2, 101)), np.linspace(0, 2, 101))
    np.testing.assert_array_equal(np.asarray(n2t.linspace(np.int64(-3), 7.5, 11, endpoint=False)), np.linspace(np.int64(-3), 7.5, 11, endpoint=False))


@settings(max_examples=60, deadline=None)
@given(shape=st.sampled_from([(), (3,), (2, 3)]), seed=st.integers(0, 2**32 - 1), num=st.integers(0, 40),
       endpoint=st.booleans(), equal=st.booleans(), graph=st.sampled_from([None, "static", "dynamic"]))
def test_tensor_bounds_match_numpy_bit_for_bit(shape, seed, num, endpoint, equal, graph) -> None:  # noqa: ANN001
    import tensorflow as tf

    rng = np.random.default_rng(seed)
    start = rng.normal(size=shape) * 10.0 ** rng.integers(-3, 4)
    stop = start.copy() if equal else rng.normal(size=shape) * 10.0 ** rng.integers(-3, 4)
    axis = -1 if shape else 0
    expected, expected_step = np.linspace(start, stop, num, endpoint=endpoint, retstep=True, axis=axis)

    def run(a, b):  # noqa: ANN001, ANN202
        return n2t.linspace(a, b, num, endpoint=endpoint, retstep=True, axis=axis)

    if graph is not None:
        spec = tf.TensorSpec(shape if graph == "static" else [None] * len(shape), tf.float64)
        run = tf.function(run, input_signature=[spec, spec])
    actual, step = run(tf.constant(start), tf.constant(stop))
    actual = np.asarray(actual)
    assert actual.dtype == expected.dtype and actual.shape == expected.shape
    np.testing.assert_array_equal(_bits(np.ascontiguousarray(actual)), _bits(np.ascontiguousarray(expected)))
    np.testing.assert_array_equal(np.asarray(step), np.asarray(expected_step))
