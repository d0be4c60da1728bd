"""NumPy's legacy random stream, reproduced in TF ops (np2tf.runtime._mt19937 / _legacy).

Each test seeds NumPy and np2tf alike, draws with both, and compares values, shapes and
dtypes; then checks that both streams are still in step (the next draws agree too).
"""

from __future__ import annotations

import random as pyrandom
import warnings

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")

from np2tf.runtime import random as R  # noqa: E402
from np2tf.runtime._legacy import EXACT  # noqa: E402
from np2tf.runtime._mt19937 import init_by_array, init_genrand  # noqa: E402

# float samplers go through TF's log/sqrt/exp: allow a few ulps, nothing more.
RTOL = 1e-12

CASES = [
    ("rand", (3, 4), {}), ("rand", (), {}), ("randn", (5,), {}), ("randn", (), {}),
    ("random", (), {"size": (2, 3)}), ("random_sample", (), {}), ("ranf", (4,), {}),
    ("sample", (4,), {}), ("random_sample", ((0,),), {}), ("randn", (0, 3), {}),
    ("randint", (10,), {"size": 7}), ("randint", (-5, 5), {"size": (2, 3)}), ("randint", (3,), {}),
    ("randint", (0, 2**40), {"size": 3}), ("randint", (0, 256), {"size": 9, "dtype": np.uint8}),
    ("randint", (0, 100), {"size": 9, "dtype": np.int16}), ("randint", (0, 2), {"size": 40, "dtype": bool}),
    ("randint", (0, 7), {"size": 9, "dtype": np.int32}), ("randint", (5, 6), {"size": 3}),
    ("randint", ([1, 5, 10],), {}), ("randint", ([0, 0], [3, 2**20]), {"size": (4, 2)}),
    ("randint", (0, 2**32), {"size": 5, "dtype": np.uint32}), ("randint", (-2**63, 2**63 - 1), {"size": 2}),
    ("random_integers", (5,), {"size": 4}), ("random_integers", (2, 8), {"size": 4}),
    ("uniform", (), {}), ("uniform", (-2, 3), {"size": 5}), ("uniform", ([0.0, 1.0], [1.0, 5.0]), {}),
    ("uniform", (0, 1, (2, 2)), {}),
    ("normal", (), {}), ("normal", (1.0, 2.0, (3, 2)), {}), ("normal", ([0.0, 10.0], 1.0), {}),
    ("normal", (0.0, 1.0, 1), {}), ("normal", (), {"loc": 5.0, "scale": 0.1, "size": 3}),
    ("standard_normal", ((2, 2),), {}), ("standard_normal", (), {}),
    ("choice", (5,), {}), ("choice", (5, 3), {}), ("choice", (10, 4), {"replace": False}),
    ("choice", ([1.5, 2.5, 3.5],), {"size": (2, 2)}), ("choice", (3, 6), {"p": [0.1, 0.6, 0.3]}),
    ("choice", (np.arange(20) * 2, 5), {"replace": False}),
    ("choice", (6, 4), {"replace": False, "p": [0.1, 0.1, 0.2, 0.2, 0.3, 0.1]}),
    ("permutation", (10,), {}), ("permutation", (np.arange(12).reshape(4, 3),), {}),
    ("permutation", (np.arange(5.0),), {}),
    ("standard_exponential", (4,), {}), ("exponential", (2.0, 4), {}), ("lognormal", (0, 1, 3), {}),
    ("standard_cauchy", (3,), {}), ("weibull", (1.5, 3), {}), ("pareto", (2.0, 3), {}),
    ("power", (3.0, 3), {}), ("rayleigh", (1.0, 3), {}), ("laplace", (0, 1, 4), {}),
    ("gumbel", (0, 1, 4), {}), ("logistic", (0, 1, 4), {}), ("triangular", (0, 1, 3, 5), {}),
    # rejection samplers (sequential kernels)
    ("standard_gamma", (2.5, 5), {}), ("standard_gamma", (0.5, 5), {}), ("standard_gamma", (1.0, 3), {}),
    ("gamma", (2.0, 3.0, 4), {}), ("gamma", ([0.3, 5.0], 1.0), {}), ("chisquare", (3, 5), {}),
    ("f", (3, 7, 4), {}), ("beta", (0.5, 0.7, 4), {}), ("beta", (2.0, 3.0, 4), {}),
    ("standard_t", (5, 4), {}), ("wald", (1.0, 2.0, 4), {}), ("poisson", (3.0, 6), {}),
    ("poisson", (25.0, 6), {}), ("poisson", ([0.0, 1.0, 50.0],), {}), ("poisson", (5.0,), {}),
    ("binomial", (10, 0.3, 6), {}), ("binomial", (100, 0.4, 6), {}), ("binomial", (100, 0.9, 6), {}),
    ("binomial", (1000, 0.02, 6), {}), ("binomial", (5, 0.0, 3), {}), ("binomial", (20, 0.5), {}),
    ("geometric", (0.5, 6), {}), ("geometric", (0.1, 6), {}), ("negative_binomial", (5, 0.5, 5), {}),
    ("dirichlet", ([1.0, 2.0, 3.0], 3), {}), ("dirichlet", ([0.5, 0.5],), {}),
    ("multinomial", (10, [0.2, 0.3, 0.5], 3), {}), ("multinomial", (100, [0.1, 0.6, 0.3]), {}),
    ("multinomial", (1000, [0.5, 0.5], (2, 2)), {}),
]


def _same(want: object, got: tf.Tensor) -> None:
    want = np.asarray(want)
    got = got.numpy()
    assert got.shape == want.shape
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    if want.dtype.kind == "f":
        np.testing.assert_allclose(got, want, rtol=RTOL, atol=0)
    else:
        np.testing.assert_array_equal(got, want)


def _in_step() -> None:
    _same(np.random.random_sample(3), R.random_sample(3))
    _same(np.random.standard_normal(3), R.standard_normal(3))


@pytest.mark.parametrize("seed", [0, 12345, 2**32 - 1])
def test_seeding_gives_numpys_key(seed: int) -> None:
    assert init_genrand(seed) == np.random.RandomState(seed).get_state()[1].tolist()


def test_array_seed_gives_numpys_key() -> None:
    state = np.random.RandomState([1, 2, 3]).get_state()[1].tolist()
    assert init_by_array([1, 2, 3]) == state


@pytest.mark.parametrize(("name", "args", "kwargs"), CASES, ids=[f"{c[0]}{i}" for i, c in enumerate(CASES)])
@pytest.mark.parametrize("seed", [0, 2024])
def test_sampler_matches_numpy(name: str, args: tuple, kwargs: dict, seed: int) -> None:
    np.random.seed(seed)
    R.seed(seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        want = getattr(np.random, name)(*args, **kwargs)
        got = getattr(R, name)(*args, **kwargs)
    _same(want, got)
    _in_step()


def test_every_exact_sampler_has_a_case() -> None:
    covered = {c[0] for c in CASES} | {"seed", "shuffle", "tomaxint"}
    assert EXACT <= covered, sorted(EXACT - covered)


def test_shuffle_and_tomaxint() -> None:
    np.random.seed(3)
    R.seed(3)
    x = np.arange(24).reshape(8, 3)
    np.random.shuffle(x)
    _same(x, R.shuffle(np.arange(24).reshape(8, 3)))
    _same(np.random.RandomState(1).tomaxint(4), R.RandomState(1).tomaxint(4))


def test_large_rejection_draws_run_as_xla_kernels() -> None:
    np.random.seed(5)
    R.seed(5)
    _same(np.random.poisson(4.0, 5000), R.poisson(4.0, 5000))
    _same(np.random.binomial(50, 0.3, 5000), R.binomial(50, 0.3, 5000))
    _in_step()


def test_large_draws_cross_many_blocks() -> None:
    np.random.seed(7)
    R.seed(7)
    _same(np.random.rand(3001), R.rand(3001))
    _same(np.random.randn(5001), R.randn(5001))
    _same(np.random.randint(0, 1000, 4000), R.randint(0, 1000, 4000))
    _same(np.random.permutation(5000), R.permutation(5000))
    _in_step()


def test_gaussian_cache_carries_across_calls() -> None:
    # randn keeps the second value of each polar pair for the next call.
    np.random.seed(11)
    R.seed(11)
    for n in (1, 1, 3, 2, 1, 4):
        _same(np.random.randn(n), R.randn(n))
    _same(np.random.rand(2), R.rand(2))  # uniform draws don't reset the cache
    _same(np.random.normal(size=1), R.normal(size=1))


def test_random_state_objects_are_independent() -> None:
    a, b = np.random.RandomState(5), np.random.RandomState(6)
    ta, tb = R.RandomState(5), R.RandomState(6)
    _same(a.randn(4), ta.randn(4))
    _same(b.rand(4), tb.rand(4))
    _same(a.randint(0, 9, 4), ta.randint(0, 9, 4))
    a.seed(8)
    ta.seed(8)
    _same(a.uniform(size=3), ta.uniform(size=3))


def test_interleaved_calls_stay_in_step() -> None:
    """A derandomized mix of samplers and sizes: every draw must match, in order."""
    rnd = pyrandom.Random(1234)
    np.random.seed(99)
    R.seed(99)
    for _ in range(40):
        name, args, kwargs = rnd.choice(CASES)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            _same(getattr(np.random, name)(*args, **kwargs), getattr(R, name)(*args, **kwargs))
    _in_step()


def test_inside_tf_function_and_after_reseed() -> None:
    @tf.function
    def draws():
        return (R.randn(3, 2), R.randint(0, 10, size=5), R.permutation(7),
                R.choice(5, 3, replace=False), R.uniform(0, 1, 4))

    def numpy_draws():
        return (np.random.randn(3, 2), np.random.randint(0, 10, size=5), np.random.permutation(7),
                np.random.choice(5, 3, replace=False), np.random.uniform(0, 1, 4))

    for _ in range(2):
        np.random.seed(7)
        R.seed(7)
        for _ in range(2):  # the traced function keeps reading the live state
            for want, got in zip(numpy_draws(), draws()):
                _same(want, got)


def test_sizes_known_only_at_run_time() -> None:
    @tf.function(input_signature=[tf.TensorSpec([], tf.int32), tf.TensorSpec([None, 2], tf.float64)])
    def draws(n, x):
        return (R.randn(n), R.rand(n, 2), R.permutation(tf.shape(x)[0]), R.shuffle(x),
                R.randint(0, 5, size=n), R.choice(n, 3))

    np.random.seed(9)
    R.seed(9)
    x = np.arange(14.0).reshape(7, 2)
    got = draws(tf.constant(5), tf.constant(x))
    shuffled = x.copy()
    want = [np.random.randn(5), np.random.rand(5, 2), np.random.permutation(7)]
    np.random.shuffle(shuffled)
    want += [shuffled, np.random.randint(0, 5, size=5), np.random.choice(5, 3)]
    for w, g in zip(want, got):
        _same(w, g)


def test_xla_compiled_draws() -> None:
    @tf.function(jit_compile=True)
    def draws():
        return R.rand(4), R.randn(3)

    np.random.seed(1)
    R.seed(1)
    u, g = draws()
    _same(np.random.rand(4), u)
    _same(np.random.randn(3), g)


def test_bad_arguments_raise_like_numpy() -> None:
    with pytest.raises(ValueError):
        R.seed(-1)
    with pytest.raises(ValueError):
        R.randint(5, 5)
    with pytest.raises(ValueError):
        R.choice(3, 5, replace=False)
    with pytest.raises(ValueError):
        R.normal(0.0, -1.0)


def test_converter_knows_which_samplers_are_exact() -> None:
    from np2tf.rewrite.random_streams import STREAM_EXACT

    assert STREAM_EXACT == EXACT
