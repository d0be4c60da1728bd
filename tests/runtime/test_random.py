"""n2t.random vs numpy.random: shapes, dtypes and ranges exact, moments with a fixed seed."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

pytestmark = pytest.mark.tf

tf = pytest.importorskip("tensorflow")

import np2tf.runtime as n2t  # noqa: E402
from np2tf.ruleset import load_rules  # noqa: E402

r = n2t.random

CALLS: list[tuple[str, tuple, dict]] = [
    ("rand", (3, 4), {}), ("rand", (), {}), ("randn", (2,), {}), ("random", ((2, 3),), {}),
    ("random_sample", (4,), {}), ("ranf", (), {}), ("sample", (2,), {}),
    ("randint", (5,), {}), ("randint", (2, 10, (3, 2)), {}), ("randint", (0, 3), {"size": 4, "dtype": np.int32}),
    ("randint", (np.array([0, 10]), 20), {}), ("uniform", (), {}), ("uniform", (1, 2, (2, 2)), {}),
    ("uniform", (np.zeros(3), 1.0), {}), ("normal", (0, 1, 5), {}), ("normal", (np.zeros((2, 1)), np.ones(3)), {}),
    ("standard_normal", ((2, 3),), {}), ("choice", (5, 3), {}), ("choice", (np.array([1.0, 2, 3]), 2, False), {}),
    ("choice", (5,), {"size": (2, 2), "p": [0.1, 0.2, 0.3, 0.2, 0.2]}), ("choice", (4,), {}),
    ("permutation", (5,), {}), ("permutation", (np.arange(6).reshape(3, 2),), {}),
    ("binomial", (10, 0.5, 4), {}), ("poisson", (3.0, 4), {}), ("poisson", (np.array([1.0, 5.0]),), {}),
    ("exponential", (2.0, 3), {}), ("gamma", (2.0, 1.0, 3), {}), ("beta", (1.0, 2.0, 3), {}),
    ("dirichlet", ([1.0, 2, 3], 2), {}), ("dirichlet", ([1.0, 2],), {}),
    ("multinomial", (10, [0.2, 0.3, 0.5], 2), {}), ("multinomial", (10, [0.2, 0.8]), {}),
    ("multivariate_normal", ([0.0, 1], [[1, 0.5], [0.5, 1]], 3), {}),
    ("multivariate_normal", ([0.0, 1], [[1, 0.5], [0.5, 1]]), {}),
    ("laplace", (0, 1, 2), {}), ("logistic", (0, 1, 2), {}), ("lognormal", (0, 1, 2), {}),
    ("geometric", (0.3, 5), {}), ("standard_t", (3, 2), {}), ("chisquare", (2, 3), {}),
    ("wald", (1, 1, 3), {}), ("noncentral_chisquare", (2, 1, 3), {}), ("noncentral_f", (2, 3, 1, 2), {}),
    ("f", (2, 3, 2), {}), ("triangular", (0, 1, 3, 4), {}), ("gumbel", (0, 1, 3), {}),
    ("rayleigh", (1.0, 2), {}), ("weibull", (2.0, 2), {}), ("pareto", (3.0, 2), {}), ("power", (2.0, 2), {}),
    ("standard_cauchy", (3,), {}), ("standard_exponential", (3,), {}), ("standard_gamma", (2.0, 3), {}),
    ("negative_binomial", (3, 0.5, 4), {}), ("random_integers", (1, 6, 3), {}),
]


@pytest.mark.parametrize("name,args,kw", CALLS, ids=[f"{c[0]}{i}" for i, c in enumerate(CALLS)])
def test_shapes_and_dtypes_match_numpy(name: str, args: tuple, kw: dict[str, Any]) -> None:
    with pytest.warns(DeprecationWarning) if name == "random_integers" else _nullcontext():
        want = np.asarray(getattr(np.random, name)(*args, **kw))
    got = getattr(r, name)(*args, **kw)
    assert tuple(got.shape) == want.shape
    assert got.dtype.as_numpy_dtype == want.dtype


class _nullcontext:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: Any) -> None:
        return None


def test_shuffle_returns_the_shuffled_tensor() -> None:
    x = np.arange(10).reshape(5, 2)
    got = r.shuffle(x).numpy()
    assert got.shape == x.shape and sorted(got[:, 0].tolist()) == x[:, 0].tolist()
    np.testing.assert_array_equal(got[:, 1] - got[:, 0], 1)  # rows move whole


def test_seed_reproducible_and_reseeds_traced_functions() -> None:
    f = tf.function(lambda: r.rand(3))
    r.seed(42)
    a, a2 = r.randn(4).numpy(), f().numpy()
    r.seed(42)
    b, b2 = r.randn(4).numpy(), f().numpy()
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(a2, b2)
    r.seed(43)
    assert not np.array_equal(r.randn(4).numpy(), a)


def test_ranges() -> None:
    r.seed(0)
    u = r.uniform(2, 5, 10000).numpy()
    assert u.min() >= 2 and u.max() < 5
    i = r.randint(3, 7, size=10000).numpy()
    assert set(np.unique(i)) == {3, 4, 5, 6}
    assert set(np.unique(r.randint(2, size=1000).numpy())) == {0, 1}
    assert r.rand(1000).numpy().min() >= 0
    assert r.geometric(0.5, 1000).numpy().min() >= 1
    c = r.choice(10, 10, replace=False).numpy()
    assert sorted(c.tolist()) == list(range(10))
    w = r.choice(4, 2000, p=[0.0, 0.5, 0.5, 0.0]).numpy()
    assert set(np.unique(w)) == {1, 2}
    nr = r.choice(5, 2, replace=False, p=[0.5, 0.5, 0.0, 0.0, 0.0]).numpy()
    assert sorted(nr.tolist()) == [0, 1]
    d = r.dirichlet([1.0, 2.0, 3.0], 100).numpy()
    np.testing.assert_allclose(d.sum(-1), 1.0)
    m = r.multinomial(20, [0.2, 0.3, 0.5], 100).numpy()
    assert (m.sum(-1) == 20).all()
    assert sorted(r.permutation(6).numpy().tolist()) == list(range(6))


MOMENTS = [
    ("normal", (1.0, 2.0), 1.0, 4.0), ("uniform", (-1.0, 3.0), 1.0, 16 / 12),
    ("exponential", (2.0,), 2.0, 4.0), ("gamma", (3.0, 2.0), 6.0, 12.0),
    ("beta", (2.0, 3.0), 0.4, 0.04), ("poisson", (4.0,), 4.0, 4.0), ("binomial", (10, 0.3), 3.0, 2.1),
    ("laplace", (1.0, 2.0), 1.0, 8.0), ("logistic", (0.0, 1.0), 0.0, np.pi ** 2 / 3),
    ("lognormal", (0.0, 0.5), np.exp(0.125), (np.exp(0.25) - 1) * np.exp(0.25)),
    ("geometric", (0.25,), 4.0, 12.0), ("chisquare", (4.0,), 4.0, 8.0), ("standard_t", (10.0,), 0.0, 1.25),
    ("wald", (2.0, 3.0), 2.0, 8 / 3), ("negative_binomial", (5, 0.5), 5.0, 10.0),
    ("rayleigh", (2.0,), 2.0 * np.sqrt(np.pi / 2), (4 - np.pi) / 2 * 4),
    ("triangular", (0.0, 1.0, 4.0), 5 / 3, (0 + 1 + 16 - 0 - 0 - 4) / 18),
]


@pytest.mark.parametrize("name,args,mean,var", MOMENTS, ids=[m[0] for m in MOMENTS])
def test_moments(name: str, args: tuple, mean: float, var: float) -> None:
    r.seed(1234)
    x = getattr(r, name)(*args, size=40000).numpy().astype(float)
    assert abs(x.mean() - mean) < 5 * np.sqrt(var / x.size) + 1e-9
    assert abs(x.var() - var) < 0.06 * var


def test_multivariate_normal_covariance() -> None:
    cov = np.array([[2.0, 0.6], [0.6, 1.0]])
    x = n2t.random.RandomState(7).multivariate_normal([1.0, -1.0], cov, 40000).numpy()
    np.testing.assert_allclose(x.mean(0), [1.0, -1.0], atol=0.05)
    np.testing.assert_allclose(np.cov(x.T), cov, atol=0.06)
    singular = r.multivariate_normal([0.0, 0.0], [[1.0, 1.0], [1.0, 1.0]], 5).numpy()
    np.testing.assert_allclose(singular[:, 0], singular[:, 1], atol=1e-6)


def test_default_rng_generator_api() -> None:
    g, g2 = r.default_rng(5), r.default_rng(5)
    np.testing.assert_array_equal(g.random(3), g2.random(3))
    assert r.default_rng(g) is g
    i = g.integers(0, 3, size=2000, endpoint=True).numpy()
    assert set(np.unique(i)) == {0, 1, 2, 3} and i.dtype == np.int64
    assert g.integers(5).dtype == tf.int64 and g.integers(5).shape == ()
    assert g.random((2, 2), dtype=np.float32).dtype == tf.float32
    for name, args in [("normal", (0, 1, 3)), ("uniform", (0, 1, 3)), ("standard_normal", (3,)),
                       ("exponential", (1.0, 3)), ("choice", (5, 3)), ("permutation", (3,))]:
        want = np.asarray(getattr(np.random.default_rng(0), name)(*args))
        got = getattr(g, name)(*args)
        assert tuple(got.shape) == want.shape and got.dtype.as_numpy_dtype == want.dtype, name
    x = np.arange(12).reshape(3, 4)
    assert sorted(g.shuffle(x, axis=1).numpy()[0].tolist()) == [0, 1, 2, 3]
    p = g.permuted(x, axis=1).numpy()
    assert [sorted(row) for row in p.tolist()] == x.tolist()
    assert len(g.spawn(2)) == 2


def test_random_state_object() -> None:
    rs, rs2 = r.RandomState(3), r.RandomState(3)
    np.testing.assert_array_equal(rs.randn(2, 2), rs2.randn(2, 2))
    assert rs.randint(0, 10, 5).dtype == tf.int64


def test_sampling_in_tf_function_and_xla() -> None:
    g = r.default_rng(0)

    @tf.function(jit_compile=True)
    def f() -> tuple[tf.Tensor, ...]:
        return r.randn(2, 3), g.integers(0, 10, size=4), r.uniform(0, 1, (2,))

    a, b, c = f()
    assert a.shape == (2, 3) and b.dtype == tf.int64 and c.dtype == tf.float64


def test_every_public_numpy_random_name_has_a_row() -> None:
    rules = load_rules()
    for name in np.random.__all__:
        rule = rules.lookup(f"numpy.random.{name}")
        assert rule is not None, name
        if rule.converts:
            target = rule.tf.removeprefix("np2tf.runtime.random.")
            assert callable(getattr(r, target)), name
