"""The XLA tier of eager MT19937 draws (one kernel per method, size bucket and parameters,
``_mt19937._padded_kernel``) gives NumPy's stream, and hands over to and from the eager
and graph tiers without losing its place."""

from __future__ import annotations

import time

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")

from np2tf.runtime import _mt19937  # noqa: E402
from np2tf.runtime.random import RandomState  # noqa: E402

pytestmark = [pytest.mark.tf, pytest.mark.filterwarnings("ignore:This function is deprecated:DeprecationWarning")]

# Sizes on both sides of the buckets (256, 1024, 4096, 16384, 65536) and past EAGER_FROM.
SIZES = [500, 1, 256, 257, 7, 1024, 1025, 3, 4096, 255, 4097, 65536, 65537, 2]


@pytest.fixture
def tier(monkeypatch: pytest.MonkeyPatch):
    """'kernel': compiled at the first call, in this thread; 'graph': never compiled,
    the graph tier from the second call on."""

    def force(name: str) -> None:
        monkeypatch.setattr(_mt19937, "BACKGROUND", False)
        monkeypatch.setattr(_mt19937, "WARM_AT", 1 if name == "kernel" else 10**9)
        monkeypatch.setattr(_mt19937, "EAGER_CALLS", 0 if name == "kernel" else 1)

    return force


def _same(got: tf.Tensor, want: np.ndarray, what: str) -> None:
    got = got.numpy()
    assert got.dtype == want.dtype, what
    if want.dtype == np.float64:  # the Gaussians: TF's log and NumPy's differ by an ulp
        np.testing.assert_allclose(got, want, rtol=1e-14, atol=1e-15, err_msg=what)
    else:
        np.testing.assert_array_equal(got, want, err_msg=what)


DRAWS = [
    ("choice", lambda r, n: r.choice(5000, n)),
    ("choice pool", lambda r, n: r.choice(np.arange(7) * 1.5, n)),
    ("randint", lambda r, n: r.randint(5000, size=n)),
    ("randint int8", lambda r, n: r.randint(-3, 9, size=n, dtype=np.int8)),
    ("randint uint16", lambda r, n: r.randint(0, 40000, size=n, dtype=np.uint16)),
    ("randint bool", lambda r, n: r.randint(0, 2, size=n, dtype=bool)),
    ("randint 2**40", lambda r, n: r.randint(-(2**40), 2**40, size=n)),
    ("randint uint64", lambda r, n: r.randint(0, 2**64 - 1, size=n, dtype=np.uint64)),
    ("randint one value", lambda r, n: r.randint(5, 6, size=n)),
    ("random_integers", lambda r, n: r.random_integers(10, size=n)),
    ("rand", lambda r, n: r.rand(n)),
    ("randn", lambda r, n: r.randn(n)),
    ("tomaxint", lambda r, n: r.tomaxint(n)),
]


@pytest.mark.parametrize("name", ["kernel", "graph"])
def test_every_draw_and_bucket_follows_numpys_stream(tier, name: str) -> None:
    tier(name)
    ours, theirs = RandomState(21), np.random.RandomState(21)
    for i, n in enumerate(SIZES):
        for what, draw in DRAWS:
            _same(draw(ours, n), draw(theirs, n), f"{what}({n}), round {i}")
    if name == "kernel":
        assert any(k[0] == "gauss" and k[1] == 1024 for k in _mt19937._KERNELS)


def test_a_kernel_serves_every_generator_of_the_process(tier) -> None:
    """The state variables are kernel arguments: two generators (and the global one)
    interleave through the same compiled kernels."""
    tier("kernel")
    a, b = RandomState(1), RandomState(2)
    na, nb = np.random.RandomState(1), np.random.RandomState(2)
    for n in (300, 40, 300, 1000):
        _same(a.randn(n), na.randn(n), "a randn")
        _same(b.randn(n), nb.randn(n), "b randn")
        _same(b.choice(70, n), nb.choice(70, n), "b choice")
        _same(a.choice(70, n), na.choice(70, n), "a choice")


def test_the_gaussian_cache_crosses_tiers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Odd sizes leave a cached Gaussian that the next draw, in another tier, starts with."""
    monkeypatch.setattr(_mt19937, "BACKGROUND", False)
    monkeypatch.setattr(_mt19937, "WARM_AT", 3)
    monkeypatch.setattr(_mt19937, "EAGER_CALLS", 1)
    ours, theirs = RandomState(8), np.random.RandomState(8)
    for i in range(8):  # eager, graph, then the kernel, per size
        for n in (5, 300, 2):
            _same(ours.randn(n), theirs.randn(n), f"randn({n}) call {i}")
            _same(ours.standard_normal(1), theirs.standard_normal(1), f"standard_normal(1) call {i}")
        _same(ours.standard_gamma(2.5, 3), theirs.standard_gamma(2.5, 3), f"gamma call {i}")


def test_background_compilation_hands_over_mid_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    """A loop goes on in the eager and graph tiers while its kernel compiles on the
    background thread, then switches to it, in step with NumPy throughout."""
    monkeypatch.setattr(_mt19937, "BACKGROUND", True)
    monkeypatch.setattr(_mt19937, "WARM_AT", 3)
    monkeypatch.setattr(_mt19937, "EAGER_CALLS", 2)
    ours, theirs = RandomState(4), np.random.RandomState(4)
    key = ("bounded", 256, 4998, 64, 0, tf.int64)  # a key no other test compiles
    for i in range(400):
        _same(ours.choice(4999, 100), theirs.choice(4999, 100), f"choice call {i}")
        _same(ours.rand(3), theirs.rand(3), f"rand call {i}")
        if key in _mt19937._KERNELS and _mt19937._KERNELS[key].done() and i > 40:
            break
        time.sleep(0.005)
    assert _mt19937._KERNELS[key].result() is not None
    for i in range(3):  # now through the kernel
        _same(ours.choice(4999, 100), theirs.choice(4999, 100), f"choice after the switch {i}")


def test_big_gaussian_draws_from_the_chunk_kernel_at_every_offset() -> None:
    """Eager standard_normal past the XLA twist threshold takes its doubles from the chunk
    kernel: from odd and even word offsets, with and without a cached Gaussian."""
    _mt19937._XLA_USED[:] = [True]
    for skip, cached in [(0, False), (1, False), (623, True), (2, True)]:
        ours, theirs = RandomState(6), np.random.RandomState(6)
        if skip:
            _same(ours.randint(0, 2**32 - 1, size=skip, dtype=np.uint32),
                  theirs.randint(0, 2**32 - 1, size=skip, dtype=np.uint32), "skip")
        if cached:
            _same(ours.randn(3), theirs.randn(3), "odd draw")
        _same(ours.randn(150_001), theirs.randn(150_001), f"big randn after {skip}")
        _same(ours.randn(3), theirs.randn(3), "after")
        _same(ours.rand(2), theirs.rand(2), "after")


def test_rounded_products_survive_xla() -> None:
    """XLA contracts ``a * a + b * b`` into a fused multiply-add; ``_rounded`` keeps
    NumPy's two roundings (the polar method's r2 decides acceptances)."""
    rng = np.random.RandomState(0)
    x1, x2 = 2 * rng.rand(200_000) - 1, 2 * rng.rand(200_000) - 1
    zero_source = tf.Variable(5)

    @tf.function(jit_compile=True)
    def r2(a: tf.Tensor, b: tf.Tensor) -> tf.Tensor:
        zero = tf.cast(tf.minimum(zero_source.read_value(), 0), tf.int64)
        return _mt19937._rounded(a * a, zero) + _mt19937._rounded(b * b, zero)

    np.testing.assert_array_equal(r2(tf.constant(x1), tf.constant(x2)).numpy(), x1 * x1 + x2 * x2)
