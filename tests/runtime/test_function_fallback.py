"""n2t.function: tf.function with an eager fallback for failures at trace/compile time."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")

import np2tf.runtime as n2t  # noqa: E402


def test_graph_safe_function_runs_as_a_graph() -> None:
    @n2t.function(reduce_retracing=True)
    def step(x):
        return x * 2.0 + 1.0

    with warnings.catch_warnings():
        warnings.simplefilter("error", n2t.NP2TFGraphFallback)
        np.testing.assert_allclose(step(tf.constant([1.0, 2.0])).numpy(), [3.0, 5.0])
    assert not step.runs_eagerly


def test_trace_failure_falls_back_to_eager_once() -> None:
    calls = []

    @n2t.function
    def branchy(x):
        calls.append(1)
        if tf.reduce_sum(x).numpy() > 0:  # needs a concrete value: fails while tracing
            return x + 1.0
        return x - 1.0

    with pytest.warns(n2t.NP2TFGraphFallback, match="branchy"):
        out = branchy(tf.constant([1.0, 2.0]))
    np.testing.assert_allclose(out.numpy(), [2.0, 3.0])
    assert branchy.runs_eagerly
    with warnings.catch_warnings():
        warnings.simplefilter("error", n2t.NP2TFGraphFallback)  # warned once only
        np.testing.assert_allclose(branchy(tf.constant([-5.0])).numpy(), [-6.0])


def test_errors_of_the_running_graph_propagate() -> None:
    @n2t.function
    def take(x, i):
        return tf.gather(x, i)

    with pytest.raises(tf.errors.InvalidArgumentError):
        take(tf.constant([1.0, 2.0]), tf.constant(5))
    assert not take.runs_eagerly


def test_xla_compile_failure_retries_without_xla() -> None:
    @n2t.function(jit_compile=True)
    def uniq(x):
        return tf.unique(x).y  # dynamic output shape: XLA cannot compile it

    out = uniq(tf.constant([3, 1, 3, 2]))
    np.testing.assert_array_equal(out.numpy(), [3, 1, 2])
    assert not uniq.runs_eagerly


def test_methods_and_state_stay_consistent() -> None:
    class Model:
        def __init__(self):
            self.w = tf.Variable([1.0, 1.0])

        @n2t.function
        def step(self, g):
            self.w.assign_sub(0.5 * g)
            return self.w.read_value()

    m = Model()
    np.testing.assert_allclose(m.step(tf.constant([1.0, 2.0])).numpy(), [0.5, 0.0])
    np.testing.assert_allclose(m.step(tf.constant([1.0, 2.0])).numpy(), [0.0, -1.0])
