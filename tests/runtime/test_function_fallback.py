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


# -- n2t.for_loop / n2t.while_loop: loops np2tf stages without AutoGraph's source rewrite --


def _halve(i, y, total):
    return y * 0.5 + tf.cast(i, y.dtype), total + y[0]


@pytest.mark.parametrize("graph", [False, True])
def test_for_loop_matches_the_python_loop(graph: bool) -> None:
    y0, total0 = tf.constant([1.0, 2.0, 3.0], tf.float64), tf.constant(0.0, tf.float64)
    expected_y, expected_total = y0, total0
    for i in range(7):
        expected_y, expected_total = _halve(tf.constant(i, tf.int64), expected_y, expected_total)

    def run(y, total, n):
        return n2t.for_loop(tf.range(n, dtype=tf.int64), _halve, (y, total), ("y", "total"))

    if graph:
        run = tf.function(run, autograph=False)
    y, total = run(y0, total0, tf.constant(7, tf.int64))
    np.testing.assert_array_equal(y.numpy(), expected_y.numpy())
    assert total.dtype == tf.float64 and total.numpy() == expected_total.numpy()


@pytest.mark.parametrize("graph", [False, True])
def test_while_loop_reads_its_state_in_the_test(graph: bool) -> None:
    def run(x, err):
        return n2t.while_loop(lambda x, err: err > 1e-9, lambda x, err: (0.5 * (x + 2.0 / x), tf.abs(0.5 * (x + 2.0 / x) - x)), (x, err), ("x", "err"))

    if graph:
        run = tf.function(run, autograph=False)
    x, err = run(tf.constant(1.0, tf.float64), tf.constant(1.0, tf.float64))
    assert abs(x.numpy() - 2 ** 0.5) < 1e-12 and err.numpy() <= 1e-9


@pytest.mark.parametrize("tiered", [False, True])
def test_a_staged_loop_whose_state_changes_dtype_falls_back_to_the_python_loop(tiered: bool) -> None:
    # In a graph the loop variable may not change dtype (int64 -> float64): tracing fails,
    # n2t.function warns and runs eagerly, where the loop is Python's and NumPy's answer holds.
    # Tiered (the first call eager, test_function_tiers.py), the loop meets the failure when it
    # compiles its rest, and that loop runs eagerly.
    @n2t.function(autograph=False, tiered=tiered)
    def step(x, n):
        y = tf.range(5, dtype=tf.int64)
        (y,) = n2t.for_loop(tf.range(n, dtype=tf.int64), lambda i, y: (tf.cast(y, tf.float64) * 0.5 + x[i],), (y,), ("y",))
        return y

    x = tf.constant(np.linspace(0, 1, 30))
    where = "a loop in `.*step` could not be traced.*" if tiered else ""
    with pytest.warns(n2t.NP2TFGraphFallback, match=where + "has dtype int64 before the loop"):
        y = step(x, tf.constant(20, tf.int64))
    expected = np.arange(5)
    for i in range(20):
        expected = expected * 0.5 + np.linspace(0, 1, 30)[i]
    np.testing.assert_allclose(y.numpy(), expected, rtol=1e-15)
    assert step.runs_eagerly is not tiered  # tiered: the next call traces the whole function


def test_python_numbers_returned_from_a_graph_have_numpy_dtypes() -> None:
    # tf.function alone returns float32 / int32 tensors for these; NumPy code would carry on
    # with a Python float / int (float64 / int64 in every NumPy operation).
    @n2t.function(reduce_retracing=True)
    def results(x):
        return x * 2.0, 0.1, 3, True, 1 + 2j, [2.5, {"n": 7}], None

    out = results(tf.constant([1.0, 2.0], tf.float64))
    assert not results.runs_eagerly
    assert [np.asarray(v).dtype for v in (out[1], out[2], out[3], out[4], out[5][0], out[5][1]["n"])] == [
        np.float64, np.int64, np.bool_, np.complex128, np.float64, np.int64]
    assert float(out[1]) == 0.1 and int(out[2]) == 3 and out[6] is None


def test_autograph_still_converts_the_function_inside_the_result_wrapper(tmp_path) -> None:
    # AutoGraph reads source: the function lives in a file, like converted code.
    path = tmp_path / "ag_case.py"
    path.write_text(
        "import tensorflow as tf\nimport np2tf.runtime as n2t\n\n\n"
        "@n2t.function()\ndef double_until(x, n):\n    for i in tf.range(n):\n        if x > 10.0:\n"
        "            x = x - 1.0\n        x = x * 2.0\n    return x\n",
        encoding="utf-8",
    )
    import importlib.util

    spec = importlib.util.spec_from_file_location("ag_case", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with warnings.catch_warnings():
        warnings.simplefilter("error", n2t.NP2TFGraphFallback)
        assert float(module.double_until(tf.constant(1.0, tf.float64), tf.constant(6))) == 58.0
    assert not module.double_until.runs_eagerly


def test_staged_and_or_not_are_lazy_like_python_and_graph_conditionals_on_tensors() -> None:
    calls = []

    def right():
        calls.append(1)
        return True

    assert n2t.and_(lambda: False, right) is False and not calls  # Python: right never runs
    assert n2t.or_(lambda: 0, lambda: "x") == "x" and n2t.not_(0) is True

    @n2t.function(autograph=False)
    def f(x):
        both = n2t.and_(lambda: x > 0.0, lambda: x < 10.0)
        either = n2t.or_(lambda: x < -5.0, lambda: n2t.not_(x > 0.0))
        return both, either

    for value, want in ((3.0, (True, False)), (-7.0, (False, True)), (11.0, (False, False))):
        got = f(tf.constant(value, tf.float64))
        assert (bool(got[0]), bool(got[1])) == want, value
    assert not f.runs_eagerly
