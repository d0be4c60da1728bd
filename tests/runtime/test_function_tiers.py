"""Tiered first calls of ``n2t.function``: short loops stay eager, long ones compile their rest."""

from __future__ import annotations

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")

import np2tf.runtime as n2t  # noqa: E402
from np2tf.runtime import _function  # noqa: E402

pytestmark = pytest.mark.tf


def _while_function(log: list[str], **options: object) -> n2t.Function:
    @n2t.function(autograph=False, **options)
    def halve(x, limit):  # type: ignore[no-untyped-def]
        def test(x, steps):  # type: ignore[no-untyped-def]
            return tf.reduce_max(x) > limit

        def body(x, steps):  # type: ignore[no-untyped-def]
            log.append("eager" if tf.executing_eagerly() else "graph")
            return x / 2.0, steps + 1

        return n2t.while_loop(test, body, (x, 0), ("x", "steps"))
    return halve


def test_a_short_while_loop_is_never_traced() -> None:
    log: list[str] = []
    halve = _while_function(log)
    x, steps = halve(tf.constant([8.0, 2.0], tf.float64), 1.0)  # 3 iterations
    assert log == ["eager"] * 3
    np.testing.assert_array_equal(x.numpy(), [1.0, 0.25])
    assert steps.dtype == tf.int64 and int(steps) == 3  # a Python int leaves as NumPy's int64


def test_a_long_while_loop_compiles_its_rest_after_a_few_eager_iterations() -> None:
    log: list[str] = []
    halve = _while_function(log)
    x, steps = halve(tf.constant([2.0 ** 40], tf.float64), 1.0)
    assert log == ["eager"] * _function.EAGER_ITERATIONS + ["graph"]  # the rest traced once
    assert int(steps) == 40 and float(x[0]) == 1.0
    log.clear()
    x, steps = halve(tf.constant([2.0 ** 20], tf.float64), 1.0)  # later calls: the whole graph
    assert log == ["graph"] and int(steps) == 20


def test_the_test_is_not_run_twice_when_the_rest_compiles() -> None:
    # a test that draws would skip numbers if the eager loop evaluated it before handing over
    draws: list[str] = []

    @n2t.function(autograph=False)
    def count(n):  # type: ignore[no-untyped-def]
        def test(i):  # type: ignore[no-untyped-def]
            draws.append("eager" if tf.executing_eagerly() else "graph")
            return i < n

        return n2t.while_loop(test, lambda i: (i + 1,), (tf.constant(0, tf.int64),), ("i",))

    n = _function.EAGER_ITERATIONS + 6
    (i,) = count(n)
    assert int(i) == n
    # one eager evaluation per eager iteration, none for the state handed over (tracing the
    # graph loop builds the test's ops, which run once per graph iteration)
    assert draws[:_function.EAGER_ITERATIONS] == ["eager"] * _function.EAGER_ITERATIONS
    assert set(draws[_function.EAGER_ITERATIONS:]) == {"graph"}


@pytest.mark.parametrize("jit", [False, True])
def test_loops_xla_compiles_run_fewer_eager_iterations(jit: bool) -> None:
    # a plain graph loop only saves dispatch; XLA fuses the iterations' ops
    log: list[str] = []
    halve = _while_function(log, jit_compile=True) if jit else _while_function(log)
    x, steps = halve(tf.constant([2.0 ** 40], tf.float64), 1.0)
    eager = _function.EAGER_ITERATIONS_XLA if jit else _function.EAGER_ITERATIONS
    assert _function.EAGER_ITERATIONS_XLA < _function.EAGER_ITERATIONS
    assert log == ["eager"] * eager + ["graph"] and int(steps) == 40 and float(x[0]) == 1.0


def test_a_long_for_loop_compiles_whole_and_matches_the_graph() -> None:
    log: list[str] = []

    def run(tiered: bool):  # type: ignore[no-untyped-def]
        @n2t.function(autograph=False, tiered=tiered)
        def integrate(u, steps):  # type: ignore[no-untyped-def]
            def body(i, u):  # type: ignore[no-untyped-def]
                log.append("eager" if tf.executing_eagerly() else "graph")
                return (u + 0.1 * tf.cast(i, tf.float64) * tf.sin(u),)
            (u,) = n2t.for_loop(tf.range(1, steps, dtype=tf.int64), body, (u,), ("u",))
            return u
        return integrate(tf.linspace(tf.constant(0.0, tf.float64), 1.0, 5), 50)

    tiered = run(True)
    assert log == ["graph"]  # 49 iterations: compiled from the start, traced once
    log.clear()
    whole = run(False)
    assert log == ["graph"]
    np.testing.assert_array_equal(tiered.numpy(), whole.numpy())


def test_a_short_for_loop_runs_eagerly() -> None:
    log: list[str] = []

    @n2t.function(autograph=False)
    def f(u):  # type: ignore[no-untyped-def]
        def body(i, u):  # type: ignore[no-untyped-def]
            log.append("eager" if tf.executing_eagerly() else "graph")
            return (u * 2.0,)
        return n2t.for_loop(tf.range(3, dtype=tf.int64), body, (u,), ("u",))[0]

    assert float(f(tf.constant(1.0, tf.float64))) == 8.0
    assert log == ["eager"] * 3


def test_history_lists_cross_into_the_compiled_rest() -> None:
    @n2t.function(autograph=False)
    def record(x):  # type: ignore[no-untyped-def]
        history = n2t.history_start(x)

        def body(i, history, x):  # type: ignore[no-untyped-def]
            x = x + 1.0
            return history.write(history.size(), x), x
        history, x = n2t.for_loop(tf.range(1, 20, dtype=tf.int64), body, (history, x), ("history", "x"))
        return n2t.history_stack(history), x

    stacked, x = record(tf.constant([0.0, 10.0], tf.float64))
    np.testing.assert_array_equal(stacked.numpy(), np.arange(20.0)[:, None] + [0.0, 10.0])
    assert float(x[0]) == 19.0


def test_an_inner_loop_that_compiles_makes_the_outer_loop_compile_its_rest() -> None:
    log: list[str] = []

    @n2t.function(autograph=False)
    def nested(u):  # type: ignore[no-untyped-def]
        def outer(j, u):  # type: ignore[no-untyped-def]
            log.append("outer " + ("eager" if tf.executing_eagerly() else "graph"))

            def inner(i, u):  # type: ignore[no-untyped-def]
                return (u + 1.0,)
            return n2t.for_loop(tf.range(100, dtype=tf.int64), inner, (u,), ("u",))
        return n2t.for_loop(tf.range(3, dtype=tf.int64), outer, (u,), ("u",))[0]

    assert float(nested(tf.constant(0.0, tf.float64))) == 300.0
    # outer iteration 0 runs eagerly and compiles its inner loop; the other two compile together
    assert log == ["outer eager", "outer graph"]


def test_xla_options_carry_to_the_compiled_rest() -> None:
    log: list[str] = []
    halve = _while_function(log, jit_compile=True)
    x, steps = halve(tf.constant([2.0 ** 30], tf.float64), 1.0)
    assert int(steps) == 30 and float(x[0]) == 1.0
    assert log[-1] == "graph"


def test_environment_turns_it_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(_function.TIERED_ENV, "0")
    log: list[str] = []
    halve = _while_function(log)
    halve(tf.constant([8.0], tf.float64), 1.0)
    assert log == ["graph"]


def test_a_compiled_loop_does_not_make_a_later_short_loop_compile() -> None:
    log: list[str] = []

    @n2t.function(autograph=False)
    def two(u):  # type: ignore[no-untyped-def]
        (u,) = n2t.for_loop(tf.range(50, dtype=tf.int64), lambda i, u: (u + 1.0,), (u,), ("u",))

        def short(i, u):  # type: ignore[no-untyped-def]
            log.append("eager" if tf.executing_eagerly() else "graph")
            return (u * 2.0,)
        return n2t.for_loop(tf.range(3, dtype=tf.int64), short, (u,), ("u",))[0]

    assert float(two(tf.constant(0.0, tf.float64))) == 400.0
    assert log == ["eager"] * 3  # only enclosing loops follow a compiled one


@pytest.mark.parametrize("tiered", [False, True])
def test_draws_in_a_while_test_keep_numpys_stream_across_the_handover(tiered: bool) -> None:
    # 30 iterations: tiered, 4 run eagerly and the rest in the compiled loop
    np.random.seed(3)
    count = 0
    while np.random.rand() < 0.97:
        count += 1
    after = np.random.rand()

    @n2t.function(autograph=False, tiered=tiered)
    def draw_until():  # type: ignore[no-untyped-def]
        n2t.random.seed(3)
        (n,) = n2t.while_loop(lambda n: n2t.random.rand() < 0.97, lambda n: (n + 1,), (tf.constant(0, tf.int64),), ("n",))
        return n, n2t.random.rand()

    n, next_draw = draw_until()
    assert count > _function.EAGER_ITERATIONS
    assert int(n) == count and float(next_draw) == after


def test_straight_line_code_runs_its_first_calls_eagerly() -> None:
    # tracing a graph costs ~0.3 ms an op: a function called a few times never repays it
    log: list[str] = []

    @n2t.function(autograph=False)
    def scale(x):  # type: ignore[no-untyped-def]
        log.append("eager" if tf.executing_eagerly() else "graph")
        return x * 2.0

    for k in range(_function.EAGER_CALLS + 3):
        np.testing.assert_array_equal(scale(tf.constant([1.0, float(k)], tf.float64)).numpy(), [2.0, 2.0 * k])
    assert log == ["eager"] * _function.EAGER_CALLS + ["graph"]  # traced once, then run 3 times


def test_a_call_whose_loop_compiled_ends_the_eager_calls() -> None:
    # its rest would otherwise be traced again at every eager call
    log: list[str] = []
    halve = _while_function(log)
    halve(tf.constant([2.0 ** 40], tf.float64), 1.0)  # long: its loop compiles the rest
    log.clear()
    halve(tf.constant([8.0], tf.float64), 1.0)
    assert log == ["graph"]


def test_xla_functions_trace_at_their_second_call() -> None:
    log: list[str] = []

    @n2t.function(autograph=False, jit_compile=True)
    def scale(x):  # type: ignore[no-untyped-def]
        log.append("eager" if tf.executing_eagerly() else "graph")
        return x * 2.0

    for _ in range(3):
        scale(tf.constant([1.0], tf.float64))
    assert _function.EAGER_CALLS_XLA == 1 and log == ["eager", "graph"]
