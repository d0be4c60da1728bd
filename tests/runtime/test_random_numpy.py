"""n2t.random_numpy: NumPy's own streams, bit for bit, returned as tensors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

pytestmark = pytest.mark.tf

tf = pytest.importorskip("tensorflow")

from np2tf.runtime import random as tf_random  # noqa: E402
from np2tf.runtime import random_numpy as rn  # noqa: E402


def legacy_program(r: Any) -> list[Any]:
    """A seeded program on the global API, written once for np.random and the shim."""
    r.seed(1234)
    x = r.rand(3, 4)
    out = [x, r.randn(5), r.randint(0, 10, size=6), r.uniform(-1, 2, size=(2, 2)),
           r.normal(3.0, 0.5), r.choice(7, size=4, replace=False),
           r.permutation(8), r.poisson(3.0, 5), r.binomial(10, 0.3, 4),
           r.standard_gamma(2.0, 3), r.random_sample(), r.randint(5)]
    arr = np.arange(10)
    shuffled = r.shuffle(arr)
    out.append(arr if shuffled is None else shuffled)  # NumPy shuffles in place
    return out


def generator_program(make: Callable[[int], Any]) -> list[Any]:
    g = make(42)
    return [g.random((2, 3)), g.standard_normal(4), g.integers(0, 100, size=5),
            g.integers(3, 9, endpoint=True), g.normal([0.0, 10.0], 1.0),
            g.choice([1.5, 2.5, 3.5], size=3, p=[0.2, 0.3, 0.5]),
            g.permutation(6), g.exponential(2.0, size=3), g.random(dtype=np.float32),
            g.multinomial(10, [0.2, 0.8], size=2), g.dirichlet([1.0, 2.0])]


def assert_bit_identical(got: list[Any], want: list[Any]) -> None:
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert isinstance(g, tf.Tensor)
        w = np.asarray(w)
        assert g.dtype.as_numpy_dtype == w.dtype, (g.dtype, w.dtype)
        assert g.shape == w.shape
        np.testing.assert_array_equal(g.numpy(), w)  # exact, not allclose


def test_legacy_global_stream_is_numpys() -> None:
    want = legacy_program(np.random)
    got = legacy_program(rn)
    assert_bit_identical(got, want)


def test_legacy_shares_numpys_global_state() -> None:
    """Unconverted np.random calls and converted ones draw from one stream, as before."""
    np.random.seed(7)
    want = np.random.rand(4)
    np.random.seed(7)
    first = rn.rand(2)
    rest = np.random.rand(2)
    np.testing.assert_array_equal(np.concatenate([first.numpy(), rest]), want)


def test_random_state_stream_is_numpys() -> None:
    want_rs, got_rs = np.random.RandomState(5), rn.RandomState(5)
    want = [want_rs.randn(3), want_rs.randint(-3, 3, size=(2, 2), dtype=np.int16),
            want_rs.gamma(2.0, 1.5, 4), want_rs.random_integers(1, 6, 3)]
    got = [got_rs.randn(3), got_rs.randint(-3, 3, size=(2, 2), dtype=np.int16),
           got_rs.gamma(2.0, 1.5, 4), got_rs.random_integers(1, 6, 3)]
    assert_bit_identical(got, want)


def test_generator_stream_is_numpys() -> None:
    assert_bit_identical(generator_program(rn.default_rng),
                         generator_program(np.random.default_rng))


def test_tensor_arguments_are_read_to_the_host() -> None:
    want = np.random.default_rng(3).normal(np.array([1.0, 2.0]), 0.5)
    got = rn.default_rng(3).normal(tf.constant([1.0, 2.0], tf.float64), tf.constant(0.5))
    np.testing.assert_array_equal(got, want)


def test_inside_tf_function_draws_numpys_stream_per_call() -> None:
    """In a graph every call is a stateful numpy_function: each run draws anew."""
    g = rn.default_rng(11)

    @tf.function
    def step(scale: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
        a = g.normal(0.0, scale, size=(2, 3))
        b = g.integers(0, 5, size=4)
        return a, b

    ref = np.random.default_rng(11)
    for _ in range(3):
        a, b = step(tf.constant(2.0, tf.float64))
        assert a.shape == (2, 3) and a.dtype == tf.float64 and b.dtype == tf.int64
        np.testing.assert_array_equal(a, ref.normal(0.0, 2.0, size=(2, 3)))
        np.testing.assert_array_equal(b, ref.integers(0, 5, size=4))


def test_legacy_seed_inside_tf_function_runs_every_call() -> None:
    @tf.function
    def draw() -> tf.Tensor:
        rn.seed(99)
        return rn.randn(3)

    np.random.seed(99)
    want = np.random.randn(3)
    np.testing.assert_array_equal(draw(), want)
    np.random.rand(5)  # move the global state on: the next call reseeds anyway
    np.testing.assert_array_equal(draw(), want)


def test_not_compilable_with_xla() -> None:
    """Documented limit (fidelity host): numpy_function cannot be compiled."""
    f = tf.function(lambda: rn.default_rng(0).random(3), jit_compile=True)
    with pytest.raises(Exception, match="(?i)py_?func|numpy_function|EagerPyFunc|compil"):
        f()


def test_same_api_as_tf_random() -> None:
    assert set(tf_random.__all__) <= set(rn.__all__)
    for name in tf_random.__all__:
        assert callable(getattr(rn, name)), name
    for cls in ("RandomState", "Generator"):
        tf_methods = {m for m in dir(getattr(tf_random, cls)) if not m.startswith("_")}
        ours = getattr(rn, cls)(0)
        missing = {m for m in tf_methods if not callable(getattr(ours, m, None))}
        assert not missing, missing
    assert rn.FIDELITY == "host"


def test_out_is_rejected() -> None:
    with pytest.raises(NotImplementedError):
        rn.default_rng(0).random(3, out=np.empty(3))
