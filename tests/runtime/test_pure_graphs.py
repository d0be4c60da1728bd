"""Functions np2tf staged are traced without automatic control dependencies while they are pure.

Nothing stateful may be dropped or reordered for it: a print, a draw, an assert or a
variable makes the function trace again with them (``_function`` "pure graphs").
"""

from __future__ import annotations

import operator

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")

import np2tf.runtime as n2t  # noqa: E402
from np2tf.runtime import _function  # noqa: E402

pytestmark = pytest.mark.tf

X = np.array([1.0, 2.0, 3.0])
# Stateful calls under names the code scan (``_likely_stateful``) does not know, so the
# checks made while tracing are what keeps them.
_check_less = tf.debugging.assert_less
_add_one = operator.methodcaller("assign_add", 1)


def _graphs(function: n2t.Function) -> list:
    return function._compiled._list_all_concrete_functions()  # noqa: SLF001


def _acd(concrete: object) -> bool:
    """Whether the function was traced with automatic control dependencies."""
    return "_disable_acd" not in concrete.function_def.attr  # type: ignore[attr-defined]


def test_a_pure_staged_function_is_traced_without_control_dependencies() -> None:
    @n2t.function(autograph=False, tiered=False)
    def step(x):  # type: ignore[no-untyped-def]
        return n2t.for_loop(tf.range(5, dtype=tf.int64), lambda i, y: (y * 2.0 + 1.0,), (x,), ("y",))

    (y,) = step(tf.constant(X))
    expected = X
    for _ in range(5):
        expected = expected * 2.0 + 1.0
    np.testing.assert_array_equal(y.numpy(), expected)
    (concrete,) = _graphs(step)
    assert not _acd(concrete) and not step._stateful  # noqa: SLF001


def test_autograph_functions_keep_control_dependencies() -> None:
    @n2t.function()
    def double(x):  # type: ignore[no-untyped-def]
        return x * 2.0

    double(tf.constant(X))
    assert all(_acd(g) for g in _graphs(double))


def test_a_print_in_a_loop_prints_every_iteration(capfd: pytest.CaptureFixture[str]) -> None:
    @n2t.function(autograph=False, tiered=False)
    def loop(x):  # type: ignore[no-untyped-def]
        def body(i, y):  # type: ignore[no-untyped-def]
            n2t.host_print(lambda i: print("step", i), i)
            return (y + 1.0,)

        return n2t.for_loop(tf.range(3, dtype=tf.int64), body, (x,), ("y",))

    loop(tf.constant(X))
    loop(tf.constant(X))
    assert capfd.readouterr().out.count("step") == 6
    assert not loop._pure and all(_acd(g) for g in _graphs(loop))  # noqa: SLF001 - seen in its code


def test_a_draw_ends_the_pure_trace_where_it_is_and_keeps_numpy_s_stream() -> None:
    traced: list[str] = []
    rng = n2t.random.RandomState(3)

    @n2t.function(autograph=False, tiered=False)
    def noisy(x):  # type: ignore[no-untyped-def]
        traced.append("before")
        y = x + rng.rand(3)
        traced.append("after")  # reached by the trace with control dependencies only
        return y

    results = [noisy(tf.constant(X)).numpy() for _ in range(3)]
    reference = np.random.RandomState(3)
    for r in results:
        np.testing.assert_array_equal(r, X + reference.rand(3))
    assert traced == ["before", "before", "after"]
    assert noisy._stateful  # noqa: SLF001


def test_catching_exception_around_a_draw_cannot_hide_it() -> None:
    rng = n2t.random.RandomState(5)

    @n2t.function(autograph=False, tiered=False)
    def guarded(x):  # type: ignore[no-untyped-def]
        try:
            return x + rng.rand(3)
        except Exception:  # noqa: BLE001 - converted code may do this
            return x

    reference = np.random.RandomState(5)
    for _ in range(2):
        np.testing.assert_array_equal(guarded(tf.constant(X)).numpy(), X + reference.rand(3))


def test_a_pure_function_calling_a_stateful_one_keeps_control_dependencies() -> None:
    rng = n2t.random.RandomState(7)

    @n2t.function(autograph=False, tiered=False)
    def inner(x):  # type: ignore[no-untyped-def]
        return x + rng.rand(3)

    @n2t.function(autograph=False, tiered=False)
    def outer(x):  # type: ignore[no-untyped-def]
        return inner(x * 2.0) - 1.0

    reference = np.random.RandomState(7)
    for _ in range(3):
        np.testing.assert_array_equal(outer(tf.constant(X)).numpy(), X * 2.0 + reference.rand(3) - 1.0)
    assert inner._stateful and outer._stateful  # noqa: SLF001
    assert all(_acd(g) for g in _graphs(outer))


def test_an_assert_is_not_dropped() -> None:
    @n2t.function(autograph=False, tiered=False)
    def checked(x):  # type: ignore[no-untyped-def]
        _check_less(x, tf.constant(10.0, tf.float64), message="too big")
        return x + 1.0  # the assert feeds nothing: without control dependencies it would not run

    assert checked._pure  # noqa: SLF001
    np.testing.assert_array_equal(checked(tf.constant(X)).numpy(), X + 1.0)
    with pytest.raises(tf.errors.InvalidArgumentError, match="too big"):
        checked(tf.constant(X * 10.0))


def test_a_variable_update_is_not_dropped() -> None:
    counter = tf.Variable(0, dtype=tf.int64)

    @n2t.function(autograph=False, tiered=False)
    def count(x):  # type: ignore[no-untyped-def]
        _add_one(counter)
        return x * 1.0

    assert count._pure  # noqa: SLF001
    for _ in range(3):
        count(tf.constant(X))
    assert int(counter.numpy()) == 3


def test_a_compiled_rest_with_a_print_prints_every_iteration(capfd: pytest.CaptureFixture[str]) -> None:
    @n2t.function(autograph=False)  # tiered: the first call compiles the rest of its loop
    def loop(x):  # type: ignore[no-untyped-def]
        def body(i, y):  # type: ignore[no-untyped-def]
            n2t.host_print(lambda i: print("it", i), i)
            return (y + 1.0,)

        return n2t.for_loop(tf.range(3 * _function.EAGER_ITERATIONS, dtype=tf.int64), body, (x,), ("y",))

    (y,) = loop(tf.constant(X))
    np.testing.assert_array_equal(y.numpy(), X + 3 * _function.EAGER_ITERATIONS)
    assert capfd.readouterr().out.count("it ") == 3 * _function.EAGER_ITERATIONS


@tf.autograph.experimental.do_not_convert
def _draw_in_helper(x):  # type: ignore[no-untyped-def]
    return x + n2t.random.rand(3)


def test_code_that_names_a_draw_or_print_is_traced_with_control_dependencies_at_once() -> None:
    # as converted scripts are laid out: the loop helper's body calls a block that draws
    def loop_helper(x):  # type: ignore[no-untyped-def]
        def body(i, y):  # type: ignore[no-untyped-def]
            return (_draw_in_helper(y),)

        return n2t.for_loop(tf.range(3, dtype=tf.int64), body, (x,), ("y",))

    def plain(x):  # type: ignore[no-untyped-def]
        return x * 2.0

    assert _function._likely_stateful(loop_helper)  # noqa: SLF001
    assert not _function._likely_stateful(plain)  # noqa: SLF001
    assert not n2t.function(loop_helper, autograph=False)._pure  # noqa: SLF001
    assert n2t.function(plain, autograph=False)._pure  # noqa: SLF001


def test_the_environment_can_turn_pure_graphs_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(_function.PURE_ENV, "0")

    @n2t.function(autograph=False, tiered=False)
    def double(x):  # type: ignore[no-untyped-def]
        return x * 2.0

    double(tf.constant(X))
    assert not double._pure and all(_acd(g) for g in _graphs(double))  # noqa: SLF001
