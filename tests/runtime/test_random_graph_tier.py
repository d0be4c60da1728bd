"""The traced tier of eager MT19937 draws (a concrete function per method, size bucket
and parameters), big eager Gaussians from the XLA chunk kernel, and draws inside
XLA-compiled functions give NumPy's stream and hand over between tiers without losing
their place."""

from __future__ import annotations

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
    """'eager': eager ops for every call; 'graph': the traced tier from the second call."""

    def force(name: str) -> None:
        monkeypatch.setattr(_mt19937, "EAGER_CALLS", 10**9 if name == "eager" else 1)

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


@pytest.mark.parametrize("name", ["eager", "graph"])
def test_every_draw_and_bucket_follows_numpys_stream(tier, name: str) -> None:
    tier(name)
    ours, theirs = RandomState(21), np.random.RandomState(21)
    for i, n in enumerate(SIZES):
        for what, draw in DRAWS:
            _same(draw(ours, n), draw(theirs, n), f"{what}({n}), round {i}")
    if name == "graph":  # one concrete function per method, bucket and parameters
        assert ("gauss", 1024) in ours._mt._graphs
        assert ("bounded", 1024, 4999, 64, 0, tf.int64) in ours._mt._graphs


def test_the_gaussian_cache_crosses_tiers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Odd sizes leave a cached Gaussian that the next draw, in another tier, starts with."""
    monkeypatch.setattr(_mt19937, "EAGER_CALLS", 3)
    ours, theirs = RandomState(8), np.random.RandomState(8)
    for i in range(6):  # eager, then traced, per size
        for n in (5, 300, 2):
            _same(ours.randn(n), theirs.randn(n), f"randn({n}) call {i}")
            _same(ours.standard_normal(1), theirs.standard_normal(1), f"standard_normal(1) call {i}")
        _same(ours.standard_gamma(2.5, 3), theirs.standard_gamma(2.5, 3), f"gamma call {i}")


def test_calls_are_counted_per_bucket(monkeypatch: pytest.MonkeyPatch) -> None:
    """A loop over many sizes traces a bucket only once that bucket has been drawn
    EAGER_CALLS times, and every size keeps the stream."""
    monkeypatch.setattr(_mt19937, "EAGER_CALLS", 4)
    ours, theirs = RandomState(12), np.random.RandomState(12)
    for i in range(12):
        for n in (3 + i, 300 + i, 2000 + i):
            _same(ours.choice(1000, n), theirs.choice(1000, n), f"choice({n})")
    _same(ours.choice(1000, 20_000), theirs.choice(1000, 20_000), "a new bucket, drawn once")
    keys = set(ours._mt._graphs)
    assert {("bounded", 256, 999, 64, 0, tf.int64), ("bounded", 4096, 999, 64, 0, tf.int64)} <= keys
    assert ("bounded", 65536, 999, 64, 0, tf.int64) not in keys


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


@pytest.mark.parametrize("draw", ["rand", "randn", "randint"])
def test_no_slice_begins_at_the_stream_position(draw: str) -> None:
    """The look-ahead reads the stream position with a gather: XLA takes a tf.slice begin
    as a compile-time constant, and read from the state variable it made every call of a
    jit-compiled function with a draw compile again (1-1.4 s a call)."""
    ours, theirs = RandomState(5), np.random.RandomState(5)
    args = (0, 9, 700) if draw == "randint" else (700,)
    compiled = tf.function(lambda: getattr(ours, draw)(*args), jit_compile=True)
    for i in range(3):
        _same(compiled(), getattr(theirs, draw)(*args), f"call {i}")
    graph = compiled.get_concrete_function().graph
    pos = [inner for outer, inner in graph.captures if outer is ours._mt._pos.handle]
    assert pos
    for op in graph.get_operations():
        if op.type not in ("Slice", "StridedSlice"):
            continue
        seen, todo = set(), [op.inputs[1].op]
        while todo:
            o = todo.pop()
            if o.name in seen:
                continue
            seen.add(o.name)
            assert not (o.type == "ReadVariableOp" and o.inputs[0] is pos[0]), op.name
            todo.extend(t.op for t in o.inputs)



def test_big_graph_draws_from_every_word_parity() -> None:
    """In a plain graph, rand / randn past SMALL_BLOCKS blocks (the twist kernels, several
    chunks for the biggest) from odd and even word offsets."""
    ours, theirs = RandomState(13), np.random.RandomState(13)
    rand = tf.function(lambda n: ours.rand(n), autograph=False)
    randn = tf.function(lambda n: ours.randn(n), autograph=False)
    for n in [3, 5000, 1, 65536, 7, 200_001, 2, 320_000, 3001]:
        _same(rand(n), theirs.rand(n), f"rand({n})")
        _same(randn(n), theirs.randn(n), f"randn({n})")
        skip = n % 5 + 1  # odd and even word offsets for the next draw
        _same(ours.randint(0, 2**32 - 1, size=skip, dtype=np.uint32),
              theirs.randint(0, 2**32 - 1, size=skip, dtype=np.uint32), "skip")
