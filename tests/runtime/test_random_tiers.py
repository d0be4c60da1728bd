"""NumPy's stream across the eager and traced tiers of the MT19937 draws.

Each draw method and size bucket runs eagerly for its first ``EAGER_CALLS`` calls, then as a
tf.function whose size is a tensor with a static bucket (``_mt19937._sized``), then as an
XLA kernel (``test_random_kernels.py``). The stream must not
notice: a long mixed sequence of sizes, crossing the switch and several buckets (and the
XLA twist kernel for big draws), gives NumPy's numbers.
"""

from __future__ import annotations

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")

from np2tf.runtime import _mt19937  # noqa: E402
from np2tf.runtime.random import RandomState  # noqa: E402

pytestmark = pytest.mark.tf


def test_mixed_sizes_across_tiers_and_buckets_follow_numpys_stream() -> None:
    sizes = [1, 7, 100, 37, 300, 5, 1000, 2, 257, 1025, 64, 3000, 12]
    calls = _mt19937.EAGER_CALLS + 2 * len(sizes)
    want, got = np.random.RandomState(11), RandomState(11)
    for i in range(calls):
        n = sizes[i % len(sizes)]
        np.testing.assert_array_equal(got.rand(n).numpy(), want.rand(n), err_msg=f"rand call {i} (n={n})")
        np.testing.assert_allclose(got.randn(n).numpy(), want.randn(n), rtol=1e-14, atol=1e-15, err_msg=f"randn call {i} (n={n})")
        np.testing.assert_array_equal(got.randint(0, 10, size=n).numpy(), want.randint(0, 10, size=n), err_msg=f"randint call {i} (n={n})")
    # calls are counted per method and size bucket: one bucket went past the eager tier
    assert max(c for k, c in got._mt._calls.items() if k[0] == "gauss") > _mt19937.EAGER_CALLS


def test_a_big_first_draw_after_the_switch_uses_the_twist_kernel() -> None:
    want, got = np.random.RandomState(3), RandomState(3)
    for _ in range(_mt19937.EAGER_CALLS):
        np.testing.assert_array_equal(got.rand(3).numpy(), want.rand(3))
    np.testing.assert_array_equal(got.rand(200_000).numpy(), want.rand(200_000))
    np.testing.assert_array_equal(got.rand(4).numpy(), want.rand(4))


def test_repeated_small_permutations_past_the_eager_calls_follow_numpys_stream() -> None:
    """After EAGER_CALLS eager shuffles, each one is a traced call per size bucket."""
    ours, theirs = RandomState(7), np.random.RandomState(7)
    for k in range(_mt19937.EAGER_CALLS + 12):
        n = (75, 40, 129, 2)[k % 4]
        data = np.arange(n) * 1.5
        got = ours.permutation(tf.constant(data)).numpy()
        want = theirs.permutation(data)
        assert np.array_equal(got, want), (k, n)
        assert ours.randint(0, 100, 3).numpy().tolist() == theirs.randint(0, 100, 3).tolist()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_first_small_shuffles_run_whole_array_and_follow_numpys_stream(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """A process's first small eager shuffles go through _fisher_yates_scan (no loop)."""
    sizes = [2, 3, 5, 8, 513, 31, 32, 33, 64, 65, 100, 128, 255, 257, 300, 512]  # all eager calls
    monkeypatch.setattr(_mt19937, "FISHER_YATES_SCANS", len(sizes))
    monkeypatch.setattr(_mt19937, "_SCANS", [0])
    ours, theirs = RandomState(seed), np.random.RandomState(seed)
    for n in sizes:
        assert np.array_equal(ours.permutation(n).numpy(), theirs.permutation(n)), n
        np.testing.assert_array_equal(ours.rand(2).numpy(), theirs.rand(2))  # the stream went on from the same word
    assert len(sizes) <= _mt19937.EAGER_CALLS and _mt19937._SCANS[0] == len(sizes) - 1  # 513 took the loop


@pytest.mark.parametrize("n", [2, 3, 17, 100, 300, 512])
def test_the_whole_array_shuffle_equals_the_loop(n: int) -> None:
    words = tf.constant(np.random.RandomState(n).randint(0, 2**32, 2048, dtype=np.uint64).astype(np.uint32))
    perm, used, done = _mt19937._fisher_yates_scan(words, n)
    size = max(1 << (n - 1).bit_length(), 64)
    want, want_used, want_done = _mt19937._fisher_yates_graph(words, tf.range(size, dtype=tf.int64), tf.constant(n, tf.int64))
    assert done and bool(want_done)
    np.testing.assert_array_equal(perm.numpy(), want.numpy()[:n])
    assert used == int(want_used)


def test_a_whole_array_shuffle_past_its_allowance_of_rejections_says_so() -> None:
    # a word whose bits under the mask are all ones is rejected at every step whose i is
    # not all ones (2 ** k - 1): with every word so, the allowance runs out at once
    n = 100
    words = tf.fill([n + _mt19937._scan_rejections(n) + 1], tf.constant(0xFFFFFFFF, tf.uint32))
    _, _, done = _mt19937._fisher_yates_scan(words, n)
    assert not done


@pytest.mark.parametrize(("draw", "size"), [("standard_normal", 200_000), ("randint", 150_000)])
def test_big_draws_inside_an_xla_function_follow_numpys_stream(draw: str, size: int) -> None:
    """Under XLA (--jit) the accepted-sample search was a dense k x n comparison: 50 GB
    for standard_normal(200000) (held-out montecarlo crashed with ResourceExhausted)."""
    ours, theirs = RandomState(3), np.random.RandomState(3)
    args = (size,) if draw == "standard_normal" else (0, 7, size)
    compiled = tf.function(lambda: getattr(ours, draw)(*args), jit_compile=True)
    for _ in range(2):
        got, want = compiled().numpy(), getattr(theirs, draw)(*args)
        if draw == "randint":
            assert np.array_equal(got, want)
        else:  # TF's log rounds 1 ulp differently for ~10% of values
            np.testing.assert_allclose(got, want, rtol=1e-14)


@pytest.mark.parametrize("mode", ["eager", "graph", "graph, run-time k", "xla"])
def test_first_accepted_finds_the_first_k_true_entries(mode: str) -> None:
    """Eagerly and in plain graphs one Where; under XLA a cumsum and segment-min."""
    run = _mt19937._first_accepted
    if mode == "graph":
        run = tf.function(_mt19937._first_accepted, autograph=False)
    elif mode == "graph, run-time k":
        f = tf.function(lambda ok, k: _mt19937._first_accepted(ok, k), autograph=False)
        run = lambda ok, k: f(ok, tf.constant(k))  # noqa: E731
    elif mode == "xla":
        run = tf.function(_mt19937._first_accepted, autograph=False, jit_compile=True)
    rng = np.random.default_rng(0)
    for n, k in [(1, 1), (10, 3), (1000, 400), (1000, 900)]:
        ok = rng.random(n) < 0.5
        idx, enough = run(tf.constant(ok), k)
        assert idx.dtype == tf.int32 and idx.shape == (k,)
        want = np.flatnonzero(ok)[:k]
        assert bool(enough) == (len(want) == k)
        assert idx.numpy()[: len(want)].tolist() == want.tolist()
        assert (idx.numpy()[len(want):] == n - 1).all()


def test_graph_doubles_come_from_the_fused_kernel() -> None:
    """In a plain graph, rand and randn past SMALL_BLOCKS blocks take their doubles from one
    XLA kernel that twists, tempers and pairs (``_xla_chunk``); the stream is
    NumPy's from odd and even word offsets (``test_random_graph_tier.py`` covers more)."""
    want, got = np.random.RandomState(21), RandomState(21)
    rand = tf.function(lambda: got.rand(5000), autograph=False)
    graph = rand.get_concrete_function().graph
    calls = {f.signature.name for f in graph.as_graph_def().library.function}  # nested calls included
    assert any("xla_chunk" in name for name in calls), calls
    for skip in (1, 2, 3):
        np.testing.assert_array_equal(got.rand(skip).numpy(), want.rand(skip))  # odd and even offsets
        np.testing.assert_array_equal(rand().numpy(), want.rand(5000))


def test_a_draw_in_graphs_is_traced_once_for_all_its_sites() -> None:
    """In a plain graph a draw is a call of one traced function per (method, size): the
    `rand(64, 64)` sites of two graphs call the same one, and the stream is NumPy's."""
    want, got = np.random.RandomState(5), RandomState(5)
    two = tf.function(lambda: (got.rand(64, 64), got.rand(64, 64)), autograph=False)
    other = tf.function(lambda x: (x * got.rand(64, 64), got.rand(64, 64)), autograph=False)
    ops = two.get_concrete_function().graph.get_operations()
    assert len(ops) < 30, [op.type for op in ops]  # two call ops and a few reshapes, not ~200 ops
    for _ in range(2):
        a, b = two()
        np.testing.assert_array_equal(a.numpy(), want.rand(64, 64))
        np.testing.assert_array_equal(b.numpy(), want.rand(64, 64))
        c, d = other(tf.constant(2.0, tf.float64))
        np.testing.assert_array_equal(c.numpy(), 2.0 * want.rand(64, 64))
        np.testing.assert_array_equal(d.numpy(), want.rand(64, 64))
    calls = [op for op in other.get_concrete_function(tf.TensorSpec([], tf.float64)).graph.get_operations() if op.type == "StatefulPartitionedCall"]
    assert len(calls) == 2 and len({op.get_attr("f").name for op in calls}) == 1, calls  # one traced draw, called twice
