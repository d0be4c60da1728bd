"""The eager twist tiers (eager ops, the graph loop, the XLA chunk kernel with fused
doubles) and the Fisher-Yates kernels give NumPy's stream, whichever tier a draw takes."""

from __future__ import annotations

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")

from np2tf.runtime import _mt19937  # noqa: E402
from np2tf.runtime.random import RandomState  # noqa: E402

pytestmark = pytest.mark.tf


@pytest.fixture
def tiers(monkeypatch: pytest.MonkeyPatch):
    """Force a tier: 'eager' ops, the graph 'loop' or the 'xla' chunk kernel."""

    def force(tier: str) -> None:
        monkeypatch.setattr(_mt19937, "EAGER_BLOCKS", 10**9 if tier == "eager" else 0)
        monkeypatch.setattr(_mt19937, "EAGER_TWISTS", 10**9 if tier == "eager" else 0)
        monkeypatch.setattr(_mt19937, "XLA_BLOCKS", 0 if tier == "xla" else 10**12)
        monkeypatch.setattr(_mt19937, "XLA_WARM_BLOCKS", 0 if tier == "xla" else 10**12)
        monkeypatch.setattr(_mt19937, "_XLA_USED", [True] if tier == "xla" else [])

    return force


@pytest.mark.parametrize("tier", ["eager", "loop", "xla"])
def test_each_twist_tier_follows_numpys_stream(tiers, tier: str) -> None:
    tiers(tier)
    want, got = np.random.RandomState(17), RandomState(17)
    # odd word counts move the doubles off pair alignment with the blocks; sizes cross
    # block and chunk boundaries (a chunk is CHUNK * 624 words)
    for n in (3, 1, 700, 5, 2 * 624 + 1, 1, 40_000, 7, 170_000, 3):
        np.testing.assert_array_equal(got.rand(n).numpy(), want.rand(n), err_msg=f"rand({n})")
        np.testing.assert_array_equal(got.randint(0, 7, size=n % 1000 + 1).numpy(),
                                      want.randint(0, 7, size=n % 1000 + 1))
    np.testing.assert_allclose(got.randn(3001).numpy(), want.randn(3001), rtol=1e-14, atol=1e-15)
    np.testing.assert_array_equal(got.rand(2).numpy(), want.rand(2))


def test_bulk_doubles_from_every_offset_parity() -> None:
    for skip in (0, 1, 2, 623, 624):
        want, got = np.random.RandomState(5), RandomState(5)
        if skip:
            np.testing.assert_array_equal(got.randint(0, 2**32 - 1, size=skip, dtype=np.uint32).numpy(),
                                          want.randint(0, 2**32 - 1, size=skip, dtype=np.uint32))
        n = _mt19937.CHUNK * 624 // 2 + 11  # more than one chunk of doubles
        _mt19937._XLA_USED[:] = [True]
        np.testing.assert_array_equal(got.rand(n).numpy(), want.rand(n), err_msg=f"skip {skip}")
        np.testing.assert_array_equal(got.rand(5).numpy(), want.rand(5))


@pytest.mark.parametrize("n", [2, 3, 63, 64, 65, 300, 4095, 4097, 5000])
def test_permutation_buckets_and_kernels(n: int) -> None:
    want, got = np.random.RandomState(n), RandomState(n)
    np.testing.assert_array_equal(got.permutation(n).numpy(), want.permutation(n))
    np.testing.assert_array_equal(got.rand(3).numpy(), want.rand(3))


def test_permutation_inside_tf_function_matches_eager_stream() -> None:
    want, got = np.random.RandomState(2), RandomState(2)
    f = tf.function(lambda: got.permutation(300))
    for _ in range(3):
        np.testing.assert_array_equal(f().numpy(), want.permutation(300))
        np.testing.assert_array_equal(got.permutation(300).numpy(), want.permutation(300))


def test_big_draw_inside_tf_function_uses_chunks() -> None:
    want, got = np.random.RandomState(9), RandomState(9)
    n = _mt19937.CHUNK * 624  # CHUNK * 2 blocks: the chunk kernel in a graph loop
    f = tf.function(lambda: got.rand(n), autograph=False)
    np.testing.assert_array_equal(f().numpy(), want.rand(n))
    np.testing.assert_array_equal(got.rand(4).numpy(), want.rand(4))
