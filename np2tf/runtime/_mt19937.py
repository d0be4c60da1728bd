"""NumPy's legacy random stream (``np.random.seed`` / ``RandomState``), bit for bit, in TF ops.

NumPy's global ``np.random.*`` functions draw from a Mersenne Twister (MT19937) through the
samplers of ``RandomState`` (``mtrand``). This module holds that state in TF variables and
reproduces the samplers' arithmetic with TF ops, so a seeded NumPy program draws the very
same numbers after conversion, inside ``tf.function``, on any device:

* seeding: ``init_genrand`` for an int seed, ``init_by_array`` for a sequence (pure Python
  at trace time: seeds are almost always literals);
* the twist, vectorised in four slices (each slice depends only on earlier ones), and the
  tempering, on ``uint32`` tensors;
* ``random_sample``: 53-bit doubles from two words, ``(a >> 5) * 2**26 + (b >> 6)) / 2**53``;
* the legacy Gaussian: Marsaglia's polar method with rejection, caching the second value of
  each pair across calls exactly like ``RandomState`` (``has_gauss``);
* bounded integers (``randint``, ``choice``): masked rejection sampling on 32- or 64-bit
  words;
* ``shuffle`` / ``permutation``: Fisher-Yates with ``random_interval``, a sequential loop run
  as one XLA-compiled kernel.

Rejection samplers look ahead with a generous static number of words, take the accepted
ones in order and then advance the stream by exactly the words NumPy would have consumed.
The look-ahead has a 12-sigma margin; if it ever fell short (probability far below
1e-30) the call would raise rather than return different numbers.

Values agree with NumPy bit for bit for the uniform and integer draws; the Gaussian and
other transcendental samplers agree to the last unit in the last place or so (TF's ``log``
and ``sqrt`` are not glibc's).
"""

from __future__ import annotations

import functools
import math
import os
import sys
from typing import Any, Sequence

import numpy as np
import tensorflow as tf

from np2tf.runtime._dispatch import graph_constant
from np2tf.runtime._function import stateful_here
from np2tf.runtime._stored_functions import StoredFunction

try:  # TensorFlow's own test for "this graph is being compiled by XLA" (jit_compile=True)
    from tensorflow.python.ops.control_flow_util import GraphOrParentsInXlaContext as _graph_in_xla
except ImportError:  # pragma: no cover -- moved in some future TF: assume XLA, stay exact
    def _graph_in_xla(graph: Any) -> bool:
        return True

N = 624
M = 397
_MATRIX_A = 0x9908B0DF
_UPPER = 0x80000000
_LOWER = 0x7FFFFFFF
_TWO_26 = 67108864.0
_TWO_53 = 9007199254740992.0


# -- seeding (Python ints: seeds are constants) -----------------------------------------
def init_genrand(seed: int) -> list[int]:
    """MT19937's key for an integer seed (NumPy's ``mt19937_seed``)."""
    s = seed & 0xFFFFFFFF
    key = []
    for i in range(N):
        key.append(s)
        s = (1812433253 * (s ^ (s >> 30)) + i + 1) & 0xFFFFFFFF
    return key


def init_by_array(init_key: Sequence[int]) -> list[int]:
    """MT19937's key for a sequence of 32-bit words (NumPy's ``mt19937_init_by_array``)."""
    mt = init_genrand(19650218)
    length = len(init_key)
    i, j = 1, 0
    for _ in range(max(N, length)):
        mt[i] = ((mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1664525)) + init_key[j] + j) & 0xFFFFFFFF
        i += 1
        j += 1
        if i >= N:
            mt[0] = mt[N - 1]
            i = 1
        if j >= length:
            j = 0
    for _ in range(N - 1):
        mt[i] = ((mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1566083941)) - i) & 0xFFFFFFFF
        i += 1
        if i >= N:
            mt[0] = mt[N - 1]
            i = 1
    mt[0] = 0x80000000
    return mt


def legacy_key(seed: Any) -> list[int]:
    """The key ``RandomState.seed(seed)`` sets, with NumPy's checks on the seed."""
    if seed is None:
        return init_by_array(list(int.from_bytes(os.urandom(4), "little") for _ in range(N)))
    if isinstance(seed, tf.Tensor):
        seed = seed.numpy().tolist()  # eager only: seeds inside tf.function must be constants
    if hasattr(seed, "tolist"):
        seed = seed.tolist()
    if isinstance(seed, (list, tuple)):
        words = [int(s) for s in _flatten(seed)]
        if not words:
            raise ValueError("Seed must be non-empty")
        if any(w < 0 or w > 0xFFFFFFFF for w in words):
            raise ValueError("Seed must be between 0 and 2**32 - 1")
        return init_by_array(words)
    value = int(seed)
    if value < 0 or value > 0xFFFFFFFF:
        raise ValueError("Seed must be between 0 and 2**32 - 1")
    return init_genrand(value)


def _flatten(seq: Any) -> list[Any]:
    out: list[Any] = []
    for s in seq:
        out.extend(_flatten(s) if isinstance(s, (list, tuple)) else [s])
    return out


# -- the generator, on uint32 tensors ----------------------------------------------------
# Eager ops cost ~25 us each here, but converting a Python list or slice spec to a tensor
# costs 100-300 us more (``x[3:]`` ~300 us, ``tf.slice(x, [3], [200])`` ~200 us), so eagerly
# the constants, begins and sizes are tensors made once (``_k``). In a graph they stay
# plain constants (XLA needs slice sizes it can see).
_CONSTS: dict[tuple[Any, tf.DType], tf.Tensor] = {}


def _k(value: Any, dtype: tf.DType = tf.uint32) -> Any:
    """``tf.constant(value, dtype)``, made once per process when running eagerly (once per
    graph in a graph)."""
    if not tf.executing_eagerly():
        return graph_constant(value, dtype)
    key = (tuple(value) if isinstance(value, list) else value, dtype)
    t = _CONSTS.get(key)
    if t is None:
        t = _CONSTS[key] = tf.constant(value, dtype)
    return t


def _u32(value: int) -> Any:
    return _k(value, tf.uint32)


def _sl(x: tf.Tensor, begin: Any, size: int) -> tf.Tensor:
    """``x[begin:begin + size]`` of a 1-D tensor (``begin`` may be a tensor)."""
    b = _k([begin], tf.int32) if isinstance(begin, int) else tf.reshape(begin, [1])
    return tf.slice(x, b, _k([size], tf.int32))


def _mix(y: tf.Tensor) -> tf.Tensor:
    band, bxor, shr = tf.bitwise.bitwise_and, tf.bitwise.bitwise_xor, tf.bitwise.right_shift
    return bxor(shr(y, _u32(1)), band(y, _u32(1)) * _u32(_MATRIX_A))


def _twist(mt: tf.Tensor) -> tf.Tensor:
    """The next 624-word block. Sequentially new[i] needs new[i - 227] for i >= 227, so the
    block is built in slices [0, 227), [227, 454), [454, 623) and the last word."""
    band, bxor = tf.bitwise.bitwise_and, tf.bitwise.bitwise_xor
    # upper(mt[i]) | lower(mt[i + 1]) as mt[i] ^ ((mt[i] ^ mt[i + 1]) & lower)
    head = _sl(mt, 0, N - 1)
    t = _mix(bxor(head, band(bxor(head, _sl(mt, 1, N - 1)), _u32(_LOWER))))  # i < 623
    a = bxor(_sl(mt, M, N - M), _sl(t, 0, N - M))              # i in [0, 227): old mt[i + 397]
    b1 = bxor(a, _sl(t, N - M, N - M))                          # i in [227, 454): new[i - 227]
    b2 = bxor(_sl(b1, 0, N - 1 - 2 * (N - M)), _sl(t, 2 * (N - M), N - 1 - 2 * (N - M)))
    m_last = _sl(mt, N - 1, 1)
    y_last = bxor(m_last, band(bxor(m_last, _sl(a, 0, 1)), _u32(_LOWER)))
    last = bxor(_sl(b1, M - 1 - (N - M), 1), _mix(y_last))   # new[396] ^ mix
    return tf.concat([a, b1, b2, last], axis=0)


def _temper(y: tf.Tensor) -> tf.Tensor:
    band, bxor = tf.bitwise.bitwise_and, tf.bitwise.bitwise_xor
    shr, shl = tf.bitwise.right_shift, tf.bitwise.left_shift
    y = bxor(y, shr(y, _u32(11)))
    y = bxor(y, band(shl(y, _u32(7)), _u32(0x9D2C5680)))
    y = bxor(y, band(shl(y, _u32(15)), _u32(0xEFC60000)))
    return bxor(y, shr(y, _u32(18)))


# Calls of a draw method that run eagerly before it runs as a tf.function (MT19937._run),
# and the size from which a draw always runs eagerly.
EAGER_CALLS = 16
EAGER_FROM = 65536
# Inside a graph, up to this many blocks are twisted with unrolled ops; more in a loop.
SMALL_BLOCKS = 4
# Eagerly, up to EAGER_BLOCKS blocks are twisted with plain eager ops (~0.5 ms a block);
# more by a graph loop traced once per process (~100 ms to trace, ~35 us a block, any
# count) until the process has twisted XLA_BLOCKS blocks that way (a ski rental: ~0.3 s
# of looping), and from then on by an XLA kernel making up to CHUNK blocks a call (~0.4 s
# to compile, once per process; ~2 us a block, temper and doubles fused in). Inside a
# graph, more than SMALL_BLOCKS blocks go through an XLA twist kernel per power-of-two
# bucket, and from CHUNK blocks on through the chunk kernel.
EAGER_BLOCKS = 2
XLA_BLOCKS = 8192
# When a process on this machine has run the XLA kernel before (its compile is in the XLA
# cache: a load of ~20 ms), from this many blocks on (measured: 820 blocks of Gaussians
# 36 ms through it against 41 ms looping, 4,100 blocks 55 against 92 ms).
XLA_WARM_BLOCKS = 512
CHUNK = 512
# In a graph, doubles for up to this many blocks come from one call of the chunk kernel
# per power-of-two bucket (twist, temper and pairing; :meth:`MT19937._peek_graph_doubles`).
FUSED_BLOCKS = 4096
_LOOPED = [0]  # blocks twisted by the eager-tier graph loop so far
# Up to 16 blocks also go eagerly until the process has twisted EAGER_TWISTS that way
# (then the graph loop's one trace has paid for itself).
EAGER_TWISTS = 128
_EAGER_TWISTED = [0]


def _blocks(key: tf.Tensor, count: int) -> tf.Tensor:
    """``count`` successive blocks after ``key``: shape ``[count, 624]`` (rows past
    ``count`` may follow)."""
    if count == 0:
        return tf.zeros([0, N], tf.uint32)
    if tf.executing_eagerly():
        if count <= EAGER_BLOCKS or (count <= 16 and _EAGER_TWISTED[0] + count <= EAGER_TWISTS):
            _EAGER_TWISTED[0] += count
            return tf.stack(_unrolled(key, count))
        if not _xla_due(count):
            _LOOPED[0] += count
            return _TWIST_LOOP(key, tf.constant(count, tf.int32))
        raws = _xla_chunks(key, count)[0]
        return raws[0] if len(raws) == 1 else tf.concat(raws, axis=0)
    if count <= SMALL_BLOCKS:
        return tf.stack(_unrolled(key, count))
    if count < CHUNK:
        # One XLA kernel per power-of-two bucket (compiled when the graph first runs).
        bucket = 1 << (count - 1).bit_length()
        return _twist_kernel(key, tf.constant(count, tf.int32), tf.zeros([bucket, N], tf.uint32))
    chunks = -(-count // CHUNK)

    def body(i: tf.Tensor, k: tf.Tensor, ta: tf.TensorArray) -> tuple:
        raw, _, _ = _xla_chunk(k, tf.constant(0, tf.uint32), tf.constant(0, tf.int32),
                               tf.minimum(count - i * CHUNK, CHUNK))
        return i + 1, raw[-1], ta.write(i, raw)

    ta = tf.TensorArray(tf.uint32, size=chunks, element_shape=[CHUNK, N])
    _, _, ta = tf.while_loop(lambda i, k, t: i < chunks, body, (tf.constant(0), key, ta))
    return ta.concat()


def _unrolled(key: tf.Tensor, count: int) -> list[tf.Tensor]:
    blocks = []
    for _ in range(count):
        key = _twist(key)
        blocks.append(key)
    return blocks


def _loop_blocks(key: tf.Tensor, count: Any) -> tf.Tensor:
    """``count`` blocks by a while loop (graph ops; a run-time ``count`` is fine)."""
    ta = tf.TensorArray(tf.uint32, size=count, element_shape=[N])

    def body(i: tf.Tensor, k: tf.Tensor, ta: tf.TensorArray) -> tuple:
        k = _twist(k)
        return i + 1, k, ta.write(i, k)

    _, _, ta = tf.while_loop(lambda i, k, t: i < count, body, (tf.constant(0, tf.int32), key, ta))
    return ta.stack()


_twist_loop = tf.function(_loop_blocks, autograph=False, input_signature=[
    tf.TensorSpec([N], tf.uint32), tf.TensorSpec([], tf.int32)])


@tf.function(jit_compile=True, autograph=False)
def _twist_kernel(key: tf.Tensor, count: tf.Tensor, buf: tf.Tensor) -> tf.Tensor:
    def body(i: tf.Tensor, k: tf.Tensor, buf: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor, tf.Tensor]:
        k = _twist(k)
        return i + 1, k, tf.tensor_scatter_nd_update(buf, [[i]], k[None])

    _, _, buf = tf.while_loop(lambda i, k, b: i < count, body, (tf.constant(0, tf.int32), key, buf))
    return buf


def _scan_blocks(key: tf.Tensor, count: tf.Tensor) -> tf.Tensor:
    """:func:`_blocks` for a count known only at run time (a graph loop, ~35 us a block)."""
    return _loop_blocks(key, count)


@functools.partial(tf.function, jit_compile=True, autograph=False)
def _xla_chunk(key: tf.Tensor, carry: tf.Tensor, odd: tf.Tensor, count: tf.Tensor,
               rows: int = CHUNK, odd_at_run_time: bool = False) -> tuple[tf.Tensor, tf.Tensor, tf.Tensor]:
    """``count`` (<= ``rows``) blocks after ``key`` (raw; rows past ``count`` are zeros),
    the doubles of their tempered words (``rows * 312``), paired after the tempered word
    ``carry`` when ``odd``, and the last tempered word (the next carry then). Eagerly
    CHUNK rows a call; in graphs one power-of-two bucket a draw.

    Tempering and pairing here cost ~1.5 ms for 320,000 doubles against ~3.5 ms as graph
    ops. The pairing is a slice from ``1 - odd`` (512 blocks: ~1.2 ms a call, against
    ~1.65 ms selecting between the two pairings), but XLA compiles a slice's begin in as a
    constant: each parity compiles once. That suits the eager chunks; a draw in a graph
    (``odd_at_run_time``) selects instead, one compile per bucket. (Starting the stream at
    a run-time word offset in here, by a gather or dynamic slice, made the kernel 3x
    slower: the current block's words are paired outside it.)"""
    ta = tf.TensorArray(tf.uint32, size=rows, element_shape=[N])

    def body(i: tf.Tensor, k: tf.Tensor, ta: tf.TensorArray) -> tuple:
        k = _twist(k)
        return i + 1, k, ta.write(i, k)

    _, _, ta = tf.while_loop(lambda i, k, t: i < count, body, (tf.constant(0, tf.int32), key, ta))
    raw = ta.stack()
    words = _temper(tf.reshape(raw, [-1]))
    if odd_at_run_time:
        stream = tf.where(tf.equal(odd, 1), tf.concat([carry[None], words[:-1]], axis=0), words)
    else:
        stream = tf.slice(tf.concat([carry[None], words], 0), [1 - odd], [rows * N])
    return raw, _to_doubles(stream), words[-1]


_XLA_USED = []  # once compiled, the chunk kernel is the cheapest way to twist many blocks

# The eager tier's kernels, traced once per machine (np2tf/runtime/_stored_functions.py).
_TWIST_LOOP = StoredFunction(_twist_loop, [tf.TensorSpec([N], tf.uint32), tf.TensorSpec([], tf.int32)],
                             sys.modules[__name__], "twist_loop")
_XLA_CHUNK = StoredFunction(_xla_chunk, [tf.TensorSpec([N], tf.uint32), tf.TensorSpec([], tf.uint32),
                                         tf.TensorSpec([], tf.int32), tf.TensorSpec([], tf.int32)],
                            sys.modules[__name__], "xla_chunk")


def _xla_chunk_ready() -> bool:
    return bool(_XLA_USED)


def _xla_due(count: int) -> bool:
    """Whether twisting ``count`` blocks eagerly should go through the XLA kernel."""
    return count > EAGER_BLOCKS and (_xla_chunk_ready() or _LOOPED[0] + count >= XLA_BLOCKS
                                     or (count >= XLA_WARM_BLOCKS and _XLA_CHUNK.ran_before()))


def _xla_chunks(key: tf.Tensor, count: int, carry: Any = 0, odd: int = 0) -> tuple[list, list]:
    """Eagerly: raw blocks (chunks of CHUNK) covering ``count`` blocks after ``key``, and
    the chunks' doubles (see :func:`_xla_chunk`)."""
    _XLA_USED.append(True)
    del _XLA_USED[1:]
    raws, doubles = [], []
    carry = tf.constant(carry, tf.uint32) if isinstance(carry, int) else carry
    odd_t = _k(odd, tf.int32)
    for start in range(0, count, CHUNK):
        rows = min(count - start, CHUNK)
        raw, d, carry = _XLA_CHUNK(key, carry, odd_t, _k(rows, tf.int32))
        key = _row(raw, rows - 1)
        raws.append(raw)
        doubles.append(d)
    return raws, doubles


def _row(blocks: tf.Tensor, j: int) -> tf.Tensor:
    """Row ``j`` of a ``[rows, 624]`` tensor (eagerly without Python slicing)."""
    return tf.reshape(tf.slice(blocks, _k([j, 0], tf.int32), _k([1, N], tf.int32)), _k([N], tf.int32))


def _to_doubles(words: tf.Tensor) -> tf.Tensor:
    """53-bit doubles in [0, 1) from consecutive word pairs (``random_sample``)."""
    a, b = tf.unstack(tf.reshape(words, _k([-1, 2], tf.int32)), num=2, axis=1)
    a = tf.cast(tf.bitwise.right_shift(a, _u32(5)), tf.float64)
    b = tf.cast(tf.bitwise.right_shift(b, _u32(6)), tf.float64)
    return (a * _k(_TWO_26, tf.float64) + b) * _k(1.0 / _TWO_53, tf.float64)


def _to_uint64(words: tf.Tensor) -> tf.Tensor:
    """64-bit words from consecutive 32-bit pairs, high word first (``next_uint64``)."""
    pairs = tf.cast(tf.reshape(words, [-1, 2]), tf.uint64)
    return tf.bitwise.bitwise_or(tf.bitwise.left_shift(pairs[:, 0], tf.constant(32, tf.uint64)), pairs[:, 1])


def _pieces(words: tf.Tensor, piece: int) -> tf.Tensor:
    """Each word cut into ``32 // piece`` values of ``piece`` bits, low bits first (uint64)."""
    w = tf.cast(words, tf.uint64)
    if piece == 32:
        return w
    shifts = tf.constant(list(range(0, 32, piece)), tf.uint64)
    cut = tf.bitwise.right_shift(w[:, None], shifts[None, :])
    return tf.reshape(tf.bitwise.bitwise_and(cut, tf.constant((1 << piece) - 1, tf.uint64)), [-1])


def gen_mask(value: int) -> int:
    """The smallest all-ones bit mask >= ``value``."""
    return (1 << value.bit_length()) - 1


def _smear(x: tf.Tensor) -> tf.Tensor:
    """:func:`gen_mask` on a tensor."""
    for s in (1, 2, 4, 8, 16):
        x = tf.bitwise.bitwise_or(x, tf.bitwise.right_shift(x, tf.constant(s, x.dtype)))
    if x.dtype == tf.uint64:
        x = tf.bitwise.bitwise_or(x, tf.bitwise.right_shift(x, tf.constant(32, x.dtype)))
    return x


def _first_accepted(ok: tf.Tensor, k: Any) -> tuple[tf.Tensor, tf.Tensor]:
    """Indices (int32) of the first ``k`` (>= 1) true entries of ``ok``, and whether there
    are ``k`` (if not, the missing ones are the last index)."""
    if tf.executing_eagerly() and _static(k):  # the branch below in 3-4 eager ops, not 12
        found = tf.cast(tf.reshape(tf.where(ok), _k([-1], tf.int32)), tf.int32)
        got = int(found.shape[0])
        if got >= k:
            return (found if got == k else found[:k]), True
        pad = tf.fill([k - got], tf.size(ok, out_type=tf.int32) - 1)
        return tf.concat([found, pad], axis=0), False
    size = tf.size(ok, out_type=tf.int32)
    if not _in_xla():
        # One Where (a dynamic-length result, fine eagerly and in plain graphs): ~0.8 ms
        # for 130,000 trials against ~4 ms for the cumsum and segment-min below.
        found = tf.cast(tf.reshape(tf.where(ok), [-1]), tf.int32)
        got = tf.size(found, out_type=tf.int32)
        idx = tf.concat([found[:k], tf.fill([tf.maximum(k - got, 0)], size - 1)], axis=0)
        return (tf.ensure_shape(idx, [k]) if _static(k) else idx), got >= k
    counts = tf.cumsum(tf.cast(ok, tf.int32))
    # Under XLA (no dynamic shapes) the j-th true entry goes to slot j - 1 (the rest to a
    # discard slot k): linear work and memory. `tf.searchsorted` here was lowered by XLA
    # (--jit) to a dense k x n comparison: 2.8 GB for standard_normal(40000), 50 GB at
    # 200000 (held-out montecarlo).
    slots = tf.where(tf.logical_and(ok, counts <= k), counts - 1, k)
    positions = tf.range(size, dtype=tf.int32)
    idx = tf.math.unsorted_segment_min(positions, slots, k + 1)[:k]  # empty slots: int32 max
    return tf.minimum(idx, size - 1), counts[-1] >= k


def _sized(n: Any) -> tuple[Any, int | None]:
    """A draw size as (size, static bound): a positive Python int goes in as an int32
    tensor with its bucket (256, 1024, 4096, ...: at most 4x the size) as the bound;
    anything else as is."""
    if _static(n) and n > 0:
        return tf.constant(n, tf.int32), _bucket(n)
    return n, None


def _margin(expected: Any) -> Any:
    """Trials to look ahead for ``expected`` on average: 12 standard deviations more."""
    if isinstance(expected, tf.Tensor):
        x = tf.cast(expected, tf.float64)
        return tf.cast(tf.math.ceil(x + 12.0 * tf.sqrt(x + 1.0) + 32.0), tf.int32)
    return int(math.ceil(expected + 12.0 * math.sqrt(expected + 1.0) + 32))


def _in_xla() -> bool:
    """Whether the ops built now will be compiled by XLA (a jit_compile function or one
    called from it; not eagerly)."""
    return not tf.executing_eagerly() and _graph_in_xla(tf.compat.v1.get_default_graph())


def _check(enough: tf.Tensor) -> None:
    """Raise if a look-ahead fell short (never seen: a 12-sigma margin); eagerly a Python
    test, not the four eager ops of ``tf.debugging.assert_equal``."""
    if tf.executing_eagerly():
        if not bool(enough):
            raise tf.errors.InvalidArgumentError(None, None, "np2tf: random look-ahead exhausted")
    else:
        tf.debugging.assert_equal(enough, True, message="np2tf: random look-ahead exhausted")


def _rounded(x: tf.Tensor, zero: tf.Tensor) -> tf.Tensor:
    """``x`` (float64) as a rounded value. XLA on CPU contracts ``a * b + c`` into one
    fused multiply-add, rounding once where NumPy rounds the product first (16% of the
    polar method's ``x1 * x1 + x2 * x2`` came out an ulp off, enough to move a Gaussian
    near ``r2 = 1`` by 1e-14 and, rarely, to flip an acceptance). A xor with ``zero``, an
    int64 zero XLA cannot prove is zero, keeps the product a separate, rounded value."""
    return tf.bitcast(tf.bitwise.bitwise_xor(tf.bitcast(x, tf.int64), zero), tf.float64)


def _bucket(n: int) -> int:
    """The static bound a traced draw of ``n`` values is built for: 256, 1024, 4096, ..."""
    bound = 256
    while bound < n:
        bound *= 4
    return bound


def _offset(draws: tf.Tensor, low: int, dtype: tf.DType) -> tf.Tensor:
    """``low + draws`` in ``dtype``: NumPy adds in 64 bits, then casts."""
    if dtype == tf.uint64:
        return draws + tf.constant(low, tf.uint64)
    return tf.cast(tf.cast(draws, tf.int64) + tf.constant(low, tf.int64), dtype)


def _static(n: Any) -> bool:
    return isinstance(n, int)


class MT19937:
    """MT19937 state in TF variables plus RandomState's Gaussian cache."""

    def __init__(self, seed: Any = None) -> None:
        self._key = tf.Variable(tf.zeros([N], tf.uint32), trainable=False, name="mt19937_key")
        self._pos = tf.Variable(N, dtype=tf.int32, trainable=False, name="mt19937_pos")
        self._has_gauss = tf.Variable(False, trainable=False, name="mt19937_has_gauss")
        self._gauss = tf.Variable(0.0, dtype=tf.float64, trainable=False, name="mt19937_gauss")
        self._calls: dict[Any, int] = {}  # eager calls per draw method and bucket (see _run)
        self._graphs: dict[tuple, Any] = {}  # the graph tier's concrete functions per key
        self.seed(seed)

    def seed(self, seed: Any = None) -> None:
        """Reset in place (functions traced earlier keep seeing these variables)."""
        self._key.assign(tf.constant(legacy_key(seed), tf.uint32))
        self._pos.assign(N)
        self._has_gauss.assign(False)
        self._gauss.assign(0.0)

    # -- raw words ----------------------------------------------------------------------
    def _peek(self, n: Any, bound: int | None = None) -> tuple[tf.Tensor, Any]:
        """The next ``n`` words without consuming them, and ``commit(c)`` that consumes the
        first ``c`` of them. ``bound``: a static upper bound on a run-time ``n``."""
        if tf.executing_eagerly():
            return self._peek_eager(int(n))
        key = self._key.read_value()
        pos = self._pos.read_value()
        static = n if _static(n) else bound
        count = (static + N - 1) // N if static is not None else (n + N - 1) // N  # enough blocks for n words even from pos = 624
        if _static(count) and count <= SMALL_BLOCKS and not _in_xla():
            # Twist a block only if the look-ahead reaches it (a static bound covers the
            # biggest look-ahead of the bucket; the draw usually needs fewer blocks: a
            # choice(5000, 500) traced for 1024 values needs 2 of its 4). Blocks past the
            # look-ahead are junk that neither the words nor commit read.
            rows, block = [], key
            for i in range(count):
                block = tf.cond(pos + n > N * (i + 1), lambda b=block: _twist(b), lambda b=block: b)
                rows.append(block)
            blocks = tf.stack(rows)
        else:
            # Most small draws fit in the current block: skip the twist then.
            grow = (lambda: _blocks(key, count)[:count]) if _static(count) else (lambda: _scan_blocks(key, count))
            blocks = tf.cond(pos + n > N, grow, lambda: tf.zeros([count, N], tf.uint32))
        full = tf.concat([key, tf.reshape(blocks, [-1])], axis=0)
        if _in_xla():
            # A gather, not tf.slice: XLA (--jit, jit_compile) takes a slice's begin as a
            # compile-time constant, and read from a variable that made every call of a
            # compiled function with a draw compile again (1-1.4 s a call).
            words = _temper(tf.gather(full, pos + tf.range(n, dtype=tf.int32)))
        else:  # (a plain graph: slicing is a copy, the gather ~2x slower)
            words = _temper(tf.slice(full, [pos], [n]))
        return words, self._graph_commit(tf.concat([key[None, :], blocks], axis=0), pos)

    def _graph_commit(self, keys: tf.Tensor, pos: tf.Tensor) -> Any:
        """``commit(c)`` for a graph look-ahead from word ``pos`` of ``keys[0]`` through the
        blocks ``keys[1:]``: consume ``c`` words (move to the block the next word is in)."""
        def commit(c: Any) -> None:
            c = tf.cast(c, tf.int32)
            j = tf.maximum((c - (N - pos) + N - 1) // N, 0)
            self._key.assign(tf.gather(keys, j))
            self._pos.assign(pos + c - N * j)

        return commit

    def _peek_eager(self, n: int) -> tuple[tf.Tensor, Any]:
        """:meth:`_peek` eagerly: the position is read to Python, so only the blocks the
        words need are twisted, and ``commit`` picks the new key without a gather."""
        key = self._key.read_value()
        pos = int(self._pos.numpy())
        avail = N - pos
        blocks = None
        if n <= avail:
            words = _temper(_sl(key, pos, n))
        else:
            blocks = _blocks(key, -(-(n - avail) // N))
            flat = tf.concat([_sl(key, pos, avail), tf.reshape(blocks, _k([-1], tf.int32))], axis=0)
            words = _temper(_sl(flat, 0, n))

        def commit(c: Any) -> None:
            c = int(c)
            j = max(-(-(c - avail) // N), 0)
            if j:
                self._key.assign(_row(blocks, j - 1))
            self._pos.assign(pos + c - N * j)

        return words, commit

    def _peek_graph_doubles(self, n: Any, bound: int | None = None) -> tuple[tf.Tensor, Any]:
        """:meth:`_peek` for ``n`` doubles (``2 n`` words) in a graph, and ``commit(c)``
        that consumes the first ``c`` doubles. From SMALL_BLOCKS blocks up to FUSED_BLOCKS,
        outside XLA, one call of the chunk kernel twists, tempers and pairs (its buffer
        one power-of-two bucket of blocks)."""
        most = 2 * n if _static(n) else (None if bound is None else 2 * bound)
        count = None if most is None else (most + N - 1) // N  # enough even from pos = 624
        if count is None or count <= SMALL_BLOCKS or count >= FUSED_BLOCKS or _in_xla():
            words, commit = self._peek(2 * n, None if bound is None else 2 * bound)
            return _to_doubles(words), lambda c: commit(2 * c)
        key = self._key.read_value()
        pos = self._pos.read_value()
        avail = N - pos
        # The current block's words first (its last one pairs with the next block's first
        # when an odd number remain), then the new blocks' doubles.
        head = _to_doubles(_temper(tf.slice(key, [pos], [avail - avail % 2])))
        due = tf.where(pos + 2 * n > N, tf.constant(count, tf.int32), 0)
        bucket = 1 << (count - 1).bit_length()
        buf, rest, _ = _xla_chunk(key, tf.reshape(_temper(key[N - 1:]), []), avail % 2, due,
                                  rows=bucket, odd_at_run_time=True)
        doubles = tf.concat([head, rest], axis=0)[:n]
        commit = self._graph_commit(tf.concat([key[None, :], buf], axis=0), pos)
        return (tf.ensure_shape(doubles, [n]) if _static(n) else doubles), lambda c: commit(2 * tf.cast(c, tf.int32))

    def _bulk_doubles(self, n: int) -> tf.Tensor:
        """``n`` doubles eagerly through the XLA chunk kernel (temper and pairing fused)."""
        doubles, commit = self._peek_doubles(n)
        commit(n)
        return doubles

    def _peek_doubles(self, n: int) -> tuple[tf.Tensor, Any]:
        """Eagerly, the next ``n`` doubles (``2 n`` words, more than a block) through the XLA
        chunk kernel without consuming them, and ``commit(c)`` that consumes the first ``c``."""
        key = self._key.read_value()
        pos = int(self._pos.numpy())
        avail = N - pos
        head, odd = divmod(avail, 2)
        parts = [_to_doubles(_temper(_sl(key, pos, 2 * head)))] if head else []
        carry = tf.reshape(_temper(_sl(key, N - 1, 1)), []) if odd else 0
        count = -(-(2 * n - avail) // N)
        raws, doubles = _xla_chunks(key, count, carry, odd)

        def commit(c: Any) -> None:
            c = int(c)
            j = max(-(-(2 * c - avail) // N), 0)
            if j:
                self._key.assign(_row(raws[(j - 1) // CHUNK], (j - 1) % CHUNK))
            self._pos.assign(pos + 2 * c - N * j)

        return _sl(tf.concat(parts + doubles, axis=0), 0, n), commit

    # -- sizes and tiers ------------------------------------------------------------------
    # The draws are tf.functions underneath. Tracing one costs 0.2-1.5 s (the twist and the
    # look-ahead are hundreds of ops); an eager call of the same ops costs a few ms, a
    # traced call ~0.2-0.5 ms. So a draw (method, size bucket and static parameters: a key)
    # runs eagerly for its first EAGER_CALLS calls (a program that draws its data once
    # never traces), then through its tf.function (a loop that draws thousands of times
    # pays one trace), called as a concrete function kept per key: calling the
    # tf.function itself re-bound its Python arguments every time, which cost more than
    # the graph (choice(5000, 500): 1.2 ms a call against 0.5 ms). Traced sizes go in as
    # tensors with a static bucket: a Python size would be part of the trace key, and
    # every new size (randn(100), randn(37), randn(100, 3)) would trace again. Inside a
    # graph the ops are built in place. (One XLA kernel per key, compiled in the
    # background, was measured too: no faster than the concrete function at 500 values,
    # slower at 30,000, and 0.5-2 s of compiling.)
    def _run(self, method: str, *args: Any, size: int = 0) -> tf.Tensor:
        """Call draw ``method`` on ``args``, whose item ``size`` is the draw size."""
        ops = getattr(type(self), f"_{method}_ops")
        n = args[size]
        if not tf.executing_eagerly():
            stateful_here()  # the generator's state is variables
            if _in_xla() or not all(_static(a) or a is None or isinstance(a, tf.DType) for a in args):
                return ops(self, *args)  # XLA compiles what it is given; a tensor argument: in place
            # In a graph, a draw (method, sizes and parameters) is traced once per process and
            # called from every site of every graph: a site is one call op, not the ~100 ops
            # of the look-ahead to trace again (ising draws rand(L, L) at four sites).
            return getattr(self, f"_draw_{method}")(*args)
        if _static(n):
            if n <= 0 or n > EAGER_FROM:
                return ops(self, *args)  # big draws: the work is in a few big ops, not dispatch
            bound = _bucket(n)
            key = (method, bound) + args[:size] + args[size + 1:]
            calls = self._calls.get(key, 0) + 1
            self._calls[key] = calls
            if calls <= EAGER_CALLS:
                return ops(self, *args)
            sized = args[:size] + (_k(n, tf.int32),) + args[size + 1:]
            graph = self._graphs.get(key)
            if graph is None:
                # A concrete function: calling the tf.function would bind and look up its
                # Python arguments each time (~0.7 ms, more than running the graph).
                graph = self._graphs[key] = getattr(self, f"_draw_{method}").get_concrete_function(
                    *sized, bound=bound)
            return graph(*sized, bound=bound)
        calls = self._calls.get(method, 0) + 1
        self._calls[method] = calls
        if calls <= EAGER_CALLS:
            return ops(self, *args)
        sized = list(args)
        sized[size], bound = _sized(n)
        return getattr(self, f"_draw_{method}")(*sized, bound=bound)

    def words(self, n: Any) -> tf.Tensor:
        """The next ``n`` tempered words (uint32), consumed."""
        return self._run("words", n)

    def doubles(self, n: Any) -> tf.Tensor:
        """``n`` draws of ``random_sample`` (float64 in [0, 1))."""
        return self._run("doubles", n)

    def positive_ints(self, n: Any) -> tf.Tensor:
        """``n`` draws of ``next_uint64 >> 1`` as int64 (``tomaxint``)."""
        return self._run("positive_ints", n)

    def gauss(self, n: Any) -> tf.Tensor:
        """``n`` draws of the legacy Gaussian (polar method, cached second value)."""
        return self._run("gauss", n)

    def bounded(self, rng: Any, n: Any, bits: int = 64, low: int | None = None,
                dtype: tf.DType | None = None) -> tf.Tensor:
        """``n`` masked-rejection draws in ``[0, rng]`` (uint64) as ``randint`` makes them
        for a ``bits``-wide dtype: 64-bit words above 2**32, 32-bit words, or 16-, 8- and
        1-bit pieces of a word, low bits first (NumPy's buffered small-dtype draws). With
        ``low`` (a Python int), ``low + value`` in ``dtype`` as NumPy adds them."""
        if _static(rng) and (rng == 0 or (_static(n) and n == 0)):
            return self._bounded_ops(rng, n, bits, low, dtype)  # draws nothing
        return self._run("bounded", rng, n, bits, low, dtype, size=1)

    def _words_ops(self, n: Any, bound: int | None = None) -> tf.Tensor:
        if _static(n) and n == 0:
            return tf.zeros([0], tf.uint32)
        words, commit = self._peek(n, bound)
        commit(n)
        return words if _static(n) else words[:n]

    def _doubles_ops(self, n: Any, bound: int | None = None) -> tf.Tensor:
        if _static(n) and n == 0:
            return tf.zeros([0], tf.float64)
        if tf.executing_eagerly() and _static(n) and _xla_due(2 * n // N):
            return self._bulk_doubles(n)
        if not tf.executing_eagerly():
            doubles, commit = self._peek_graph_doubles(n, bound)
            commit(n)
            return doubles
        return _to_doubles(self._words_ops(2 * n, None if bound is None else 2 * bound))

    def _positive_ints_ops(self, n: Any, bound: int | None = None) -> tf.Tensor:
        if _static(n) and n == 0:
            return tf.zeros([0], tf.int64)
        w = tf.bitwise.right_shift(_to_uint64(self._words_ops(2 * n, None if bound is None else 2 * bound)), tf.constant(1, tf.uint64))
        return tf.cast(w, tf.int64)

    # -- rejection samplers: look ahead, keep the accepted, consume what NumPy would ------
    def _gauss_ops(self, n: Any, bound: int | None = None) -> tf.Tensor:
        if _static(n) and n == 0:
            return tf.zeros([0], tf.float64)
        has = self._has_gauss.read_value()
        cached = self._gauss.read_value()
        # Pairs needed: enough for n values after the cached one, or n values without it.
        k = (n + 1) // 2 if _static(n) else tf.maximum((n + 1) // 2, 1)

        def trial(doubles: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
            d = tf.reshape(doubles, [-1, 2])
            x1 = 2.0 * d[:, 0] - 1.0
            x2 = 2.0 * d[:, 1] - 1.0
            if not _in_xla():
                r2 = x1 * x1 + x2 * x2
            else:  # XLA would fuse a multiply-add here
                zero = tf.cast(tf.minimum(self._pos.read_value(), 0), tf.int64)
                r2 = _rounded(x1 * x1, zero) + _rounded(x2 * x2, zero)
            ok = tf.logical_and(r2 < 1.0, tf.not_equal(r2, 0.0))
            safe = tf.where(ok, r2, 0.5)
            f = tf.sqrt(-2.0 * tf.math.log(safe) / safe)
            return ok, tf.stack([f * x2, f * x1], axis=1)

        # Look ahead for k pairs either way; consume only the pairs the values need.
        trials = _margin(k / (math.pi / 4) if _static(k) else tf.cast(k, tf.float64) / (math.pi / 4))
        if tf.executing_eagerly() and _static(n) and _xla_due(4 * trials // N):
            # Big draws: doubles straight from the XLA chunk kernel (tempered and paired
            # there), not words tempered and paired again by eager ops.
            doubles, commit_doubles = self._peek_doubles(2 * trials)
            commit = lambda c: commit_doubles(c // 2)  # noqa: E731
        elif not tf.executing_eagerly():
            doubles, commit_doubles = self._peek_graph_doubles(2 * trials, None if bound is None else
                                                               2 * _margin(((bound + 1) // 2) / (math.pi / 4)))
            commit = lambda c: commit_doubles(c // 2)  # noqa: E731
        else:
            words, commit = self._peek(4 * trials, None if bound is None else
                                       4 * _margin(((bound + 1) // 2) / (math.pi / 4)))
            doubles = _to_doubles(words)
        ok, pairs = trial(doubles)
        need_pairs = tf.where(has, n // 2, k)  # with a cached value, n - 1 values remain
        idx, enough = _first_accepted(ok, k)
        flat = tf.reshape(tf.gather(pairs, idx), [-1])  # 2k values
        _check(enough)
        used = tf.where(need_pairs > 0, tf.gather(idx, tf.maximum(need_pairs - 1, 0)) + 1, 0)
        commit(used * 4)
        with_cache = tf.concat([cached[None], flat], axis=0)[:n]
        without = flat[:n]
        out = tf.where(has, with_cache, without)
        produced = tf.where(has, 1 + 2 * need_pairs, 2 * need_pairs)
        leftover = produced > n
        self._has_gauss.assign(leftover)
        last = tf.gather(flat, tf.maximum(2 * need_pairs - 1, 0))
        self._gauss.assign(tf.where(leftover, last, tf.constant(0.0, tf.float64)))
        return out

    def _bounded_ops(self, rng: Any, n: Any, bits: int = 64, low: int | None = None,
                     dtype: tf.DType | None = None, bound: int | None = None) -> tf.Tensor:
        out = self._bounded_raw(rng, n, bits, bound)
        return out if low is None else _offset(out, low, dtype)

    def _bounded_raw(self, rng: Any, n: Any, bits: int = 64, bound: int | None = None) -> tf.Tensor:
        if not _static(rng):
            return self._bounded_dynamic(rng, n, bound)
        if rng == 0 or (_static(n) and n == 0):
            return tf.zeros([n], tf.uint64)
        mask = gen_mask(rng)
        if rng > 0xFFFFFFFF:
            per, piece = 0, 64  # two words per draw
        else:
            piece = bits if bits in (1, 8, 16) else 32
            per = 32 // piece  # draws per word
        p = (rng + 1) / (mask + 1)
        trials = _margin(n / p if _static(n) else tf.cast(n, tf.float64) / p)
        most = None if bound is None else _margin(bound / p)
        want = n if _static(n) else tf.maximum(n, 1)
        if piece == 64:
            words, commit = self._peek(2 * trials, None if most is None else 2 * most)
            values = _to_uint64(words)
        else:
            words, commit = self._peek(-(-trials // per), None if most is None else -(-most // per))
            values = _pieces(words, piece)
        values = tf.bitwise.bitwise_and(values, tf.constant(mask, tf.uint64))
        idx, enough = _first_accepted(values <= tf.constant(rng, tf.uint64), want)
        _check(enough)
        used = idx[-1] + 1 if _static(n) else tf.where(n > 0, idx[-1] + 1, 0)
        commit(2 * used if piece == 64 else (used + per - 1) // per)
        return tf.gather(values, idx[:n])

    _draw_words = tf.function(_words_ops, autograph=False)
    _draw_doubles = tf.function(_doubles_ops, autograph=False)
    _draw_positive_ints = tf.function(_positive_ints_ops, autograph=False)
    _draw_gauss = tf.function(_gauss_ops, autograph=False)
    _draw_bounded = tf.function(_bounded_ops, autograph=False)

    def _bounded_dynamic(self, rng: tf.Tensor, n: Any, bound: int | None = None) -> tf.Tensor:
        """:meth:`bounded` for a bound known only at run time (32-bit words, 32-bit bound)."""
        r = tf.cast(rng, tf.uint64)
        tf.debugging.assert_less_equal(r, tf.constant(0xFFFFFFFF, tf.uint64), message=(
            "np2tf: a run-time bound above 2**32 is not reproduced"))
        mask = _smear(r)
        want = n if _static(n) else tf.maximum(n, 1)
        words, commit = self._peek(_margin(2.0 * n if _static(n) else 2.0 * tf.cast(n, tf.float64)), None if bound is None else _margin(2.0 * bound))
        values = tf.bitwise.bitwise_and(tf.cast(words, tf.uint64), mask)
        idx, enough = _first_accepted(values <= r, want)
        _check(enough)
        zero = tf.equal(r, 0)
        used = idx[-1] + 1 if _static(n) else tf.where(n > 0, idx[-1] + 1, 0)
        commit(tf.where(zero, 0, used))
        return tf.where(zero, tf.zeros_like(idx[:n], tf.uint64), tf.gather(values, idx[:n]))

    def sequential(self, kernel: Any, params: list[tf.Tensor], per_value: float) -> tf.Tensor:
        """Run a per-element sampler kernel (``_legacy_sequential``) on a look-ahead of
        doubles, carrying the Gaussian cache; consume exactly the doubles it used.

        Small draws run as one graph call (sizes left open: one trace per sampler), large
        ones eagerly around the kernel's XLA buckets."""
        n = params[0].shape[0]
        if n is not None and n >= getattr(kernel, "XLA_FROM", 1 << 62):
            return self._sequential(kernel, params, per_value)
        return self._sequential_graph(kernel, params, per_value)

    @tf.function(autograph=False, reduce_retracing=True)
    def _sequential_graph(self, kernel: Any, params: list[tf.Tensor], per_value: float) -> tf.Tensor:
        return self._sequential(kernel, params, per_value)

    def _sequential(self, kernel: Any, params: list[tf.Tensor], per_value: float) -> tf.Tensor:
        n = params[0].shape[0] if params[0].shape[0] is not None else tf.shape(params[0])[0]
        if _static(n) and n == 0:
            return None
        # Budget by the padded length kernels run with, so a bucket keeps one buffer shape.
        padded = kernel.bucket(n) if _static(n) and hasattr(kernel, "bucket") else n
        expected = (padded if _static(padded) else tf.cast(padded, tf.float64)) * per_value
        has = self._has_gauss.read_value()
        g = self._gauss.read_value()

        def attempt(budget: Any) -> tuple:
            words, commit = self._peek(2 * budget)
            out, used, has2, g2 = kernel(_to_doubles(words), has, g, *params)
            return out, used, has2, g2, commit

        budget = _margin(expected)
        out, used, has2, g2, commit = attempt(budget)
        tf.debugging.assert_less_equal(used, budget, message="np2tf: random look-ahead exhausted")
        commit(2 * used)
        self._has_gauss.assign(has2)
        self._gauss.assign(g2)
        return out

    def intervals(self, bounds: tf.Tensor) -> tf.Tensor:
        """One ``random_interval``-style draw in ``[0, bounds[e]]`` per element, in order
        (32-bit bounds): the per-element masks make this a sequential loop."""
        n = bounds.shape[0] if bounds.shape[0] is not None else tf.shape(bounds)[0]
        if _static(n) and n == 0:
            return tf.zeros([0], tf.int64)
        budget = 2 * n + _margin(n) + 64
        words, commit = self._peek(budget)
        values, used, done = _interval_kernel(words, tf.cast(bounds, tf.int64))
        _check(done)
        commit(used)
        return values

    def permutation_indices(self, n: Any) -> tf.Tensor:
        """NumPy's legacy shuffle of ``arange(n)`` (Fisher-Yates with ``random_interval``).

        Eagerly the shuffle runs in a graph loop traced once per process (~40 us a step)
        up to FISHER_YATES_XLA elements, until the process has run FISHER_YATES_RENT steps
        that way; otherwise in an XLA kernel compiled per power-of-two bucket of ``n``
        (~0.15 s to compile, ~0.1 us a step). Like the other draws (:meth:`_run`), after
        EAGER_CALLS eager calls the look-ahead, shuffle and commit run as one traced call
        per bucket: a permutation test shuffling 75 values 500 times spent ~5 ms a call
        on the eager look-ahead's ops."""
        if isinstance(n, tf.Tensor) and tf.executing_eagerly():
            n = int(n)
        if tf.executing_eagerly() and _static(n) and 1 < n <= FISHER_YATES_XLA:
            calls = self._calls.get("permutation", 0) + 1
            self._calls["permutation"] = calls
            if calls > EAGER_CALLS:
                return self._draw_permutation(tf.constant(n, tf.int64), bound=max(1 << (n - 1).bit_length(), 64))
        return self._permutation_ops(n)

    def _permutation_ops(self, n: Any, bound: int | None = None) -> tf.Tensor:
        if _static(n):
            if n <= 1:
                return tf.range(n, dtype=tf.int64)
            size = max(1 << (n - 1).bit_length(), 64)  # a bucket: one kernel shape for many n
            budget = 2 * size + _margin(size) + 64
        elif bound is not None:  # traced with a run-time n in a static bucket
            size = bound
            budget = 2 * size + _margin(size) + 64
        else:
            size, budget = n, 2 * n + _margin(n) + 64
        if tf.executing_eagerly() and _static(n) and 1 < n <= FISHER_YATES_SCAN and _SCANS[0] < FISHER_YATES_SCANS:
            # The first small eager shuffles: whole-array ops, no loop to trace; past its
            # allowance of rejected words (never seen) the loop below takes over.
            _SCANS[0] += 1
            words, commit = self._peek(n + _scan_rejections(n) + 1)
            perm, used, done = _fisher_yates_scan(words, int(n))
            if done:
                commit(used)
                return perm
        words, commit = self._peek(budget)
        eager_small = tf.executing_eagerly() and size <= FISHER_YATES_XLA and _GRAPH_STEPS[0] < FISHER_YATES_RENT
        if eager_small:
            _GRAPH_STEPS[0] += int(n)
        kernel = _fisher_yates_graph if eager_small else _fisher_yates_kernel
        perm, used, done = kernel(words, tf.range(size, dtype=tf.int64), tf.cast(n, tf.int64))
        _check(done)
        commit(used)
        return perm[:n] if not tf.executing_eagerly() else _sl(perm, 0, n)

    _draw_permutation = tf.function(_permutation_ops, autograph=False)


FISHER_YATES_XLA = 4096
# A ski rental, as for the twist (XLA_BLOCKS): small eager shuffles take the graph loop
# (~40 us a step, no compile) until the process has run FISHER_YATES_RENT steps that way,
# about one bucket's XLA compile (~0.15 s); then the XLA kernel (~0.1 us a step). A
# permutation test shuffling 75 values 500 times took 3.4 s on the graph loop alone, 0.8 s
# with the kernel (heldout bootstrap_ci).
FISHER_YATES_RENT = 4096
_GRAPH_STEPS = [0]


# -- sequential kernels (XLA: in-place updates, no per-step dispatch) -------------------
# Index with tf.gather, not ``t[i]``: with a strided slice on a loop variable XLA recompiled
# the kernel for every new ``words`` value (130 ms a call instead of 0.6 ms, measured).
def _fisher_yates(words: tf.Tensor, perm: tf.Tensor, n: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor, tf.Tensor]:
    """Shuffle the first ``n`` entries of ``perm`` (the rest stay)."""
    budget = tf.shape(words)[0]
    w64 = tf.cast(words, tf.int64)

    def cond(i: tf.Tensor, w: tf.Tensor, perm: tf.Tensor) -> tf.Tensor:
        return tf.logical_and(i > 0, w < budget)

    def body(i: tf.Tensor, w: tf.Tensor, perm: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor, tf.Tensor]:
        mask = _smear(i)
        v = tf.bitwise.bitwise_and(tf.gather(w64, w), mask)
        ok = v <= i
        j = tf.where(ok, v, i)
        pi, pj = tf.gather(perm, i), tf.gather(perm, j)
        perm = tf.tensor_scatter_nd_update(perm, tf.stack([[i], [j]]), tf.stack([pj, pi]))
        return tf.where(ok, i - 1, i), w + 1, perm

    i, w, perm = tf.while_loop(cond, body, (tf.cast(n, tf.int64) - 1, tf.constant(0, tf.int32), perm))
    return perm, w, i <= 0


# A process's first FISHER_YATES_SCANS eager shuffles of up to FISHER_YATES_SCAN values run
# as whole-array ops (_fisher_yates_scan): permutation(300) ~26 ms on the first call, ~15-18
# ms later (its tables hold n * (n / 2 + 64) values; TF's element gathers cost ~6 ns a
# value). Through the graph loop the first call takes ~60 ms (tracing and instantiating
# it), later ones ~10 ms; through the XLA kernel (kept compiled across processes) ~53 and
# ~4 ms. A program that shuffles once (held-out kmeans) saves ~35 ms; one that shuffles
# often pays ~8 ms on its second call, then takes the loop.
FISHER_YATES_SCAN = 512
FISHER_YATES_SCANS = 2
_SCANS = [0]


def _scan_rejections(n: int) -> int:
    """Rejected words :func:`_fisher_yates_scan` allows: about twice the ~n/4 expected
    (a word is rejected with probability below 1/2, on average ~1/4), plus 64."""
    return n // 2 + 64


def _fisher_yates_scan(words: tf.Tensor, n: int) -> tuple[tf.Tensor, Any, bool]:
    """:func:`_fisher_yates` of ``arange(n)`` (static ``n`` >= 2) without a sequential loop;
    ``words``: at least ``n + _scan_rejections(n) + 1`` of them.

    Step ``s`` (swapping position ``i = n - 1 - s``) takes the first word at or after its
    start whose low bits (``_smear(i)``) are at most ``i``, and the next step starts after
    it; with ``r`` words rejected before it, step ``s`` starts at word ``s + r``. For every
    step and every ``r`` up to the allowance, the ``r`` after the step is a table (the
    accepted words listed by a running count); the chain from ``r = 0`` is a prefix
    composition of the tables (Hillis-Steele: log2(n) gathers), and the swaps compose
    pairwise as permutations (another log2(n)). Returns the permutation, the words used and
    whether the allowance sufficed (Python values: eager only).
    """
    steps, most = n - 1, _scan_rejections(n)
    width = most + 2  # r = 0..most, and most + 1: past the allowance (a sink)
    # int32 (faster gathers): a word's bits under the mask are below 2 * n <= 1024. Tables
    # are kept flat, row s at s * width, and index themselves (few ops: eager dispatch
    # costs more than these sizes' arithmetic).
    i = tf.range(n - 1, 0, -1, dtype=tf.int32)  # the position step s swaps
    low = tf.cast(tf.bitwise.bitwise_and(words, tf.constant(1023, tf.uint32)), tf.int32)
    s, r = np.arange(steps, dtype=np.int32)[:, None], np.arange(width, dtype=np.int32)[None, :]
    values = tf.bitwise.bitwise_and(tf.gather(low, tf.constant(s + r)), _smear(i)[:, None])  # row s: words s, s + 1, ...
    ok = tf.logical_and(values <= i[:, None], tf.constant(r < width - 1))
    # the first accepted r' >= r: the accepted ones listed per row (slot = how many come
    # before), then looked up by the count before r; a missing slot is the sink
    before = tf.cumsum(tf.cast(ok, tf.int32), axis=1, exclusive=True) + tf.constant(s * width)
    listed = tf.math.unsorted_segment_max(tf.constant(np.broadcast_to(r, (steps, width))),
                                          tf.where(ok, before, steps * width), steps * width + 1)
    listed = tf.maximum(listed, width - 1 - tf.cast(listed >= 0, tf.int32) * width)  # empty: the sink
    # flat[s * width + r]: where the r after step s sits, row s + 1 (the next step's table)
    flat = tf.reshape(tf.gather(listed, before) + tf.constant((s + 1) * width), [-1])
    shift = 1
    while shift < steps:  # row s becomes steps 0..s composed (Hillis-Steele)
        cut = (steps - shift) * width
        composed = tf.gather(flat, tf.slice(flat, [0], [cut]) + shift * width - width)
        flat = tf.concat([tf.slice(flat, [0], [shift * width]), composed], axis=0)
        shift *= 2
    rows = tf.constant(s[:, 0] * width)  # where each row starts
    after = tf.gather(flat, rows) - (rows + width)  # r after each step
    last = int(after[-1])
    if last >= width - 1:
        return tf.range(n, dtype=tf.int64), 0, False
    j = tf.gather(tf.reshape(values, [-1]), rows + after)  # the word each step accepts
    # each swap as a permutation of 0..n-1; the shuffle is their composition, first step
    # outermost, pairwise: row p of the pairs is [left, right], left o right = left[right]
    k = np.arange(n, dtype=np.int32)
    swaps = tf.where(k == i[:, None], j[:, None], tf.where(k == j[:, None], i[:, None], tf.constant(k[None, :])))
    count = steps
    while count > 1:
        if count % 2:
            swaps = tf.concat([swaps, tf.constant(k[None, :])], axis=0)
            count += 1
        pairs = tf.reshape(swaps, [count // 2, 2 * n])
        right = tf.slice(pairs, [0, n], [-1, n])
        swaps = tf.gather(tf.reshape(pairs, [-1]), right + tf.constant(np.arange(count // 2, dtype=np.int32)[:, None] * 2 * n))
        count //= 2
    return tf.cast(tf.reshape(swaps, [n]), tf.int64), steps + last, True


_fisher_yates_kernel = tf.function(_fisher_yates, jit_compile=True, autograph=False)
_fisher_yates_graph = tf.function(_fisher_yates, autograph=False, input_signature=[
    tf.TensorSpec([None], tf.uint32), tf.TensorSpec([None], tf.int64), tf.TensorSpec([], tf.int64)])


@tf.function(jit_compile=True, autograph=False)
def _interval_kernel(words: tf.Tensor, bounds: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor, tf.Tensor]:
    n = tf.shape(bounds)[0]
    budget = tf.shape(words)[0]
    w64 = tf.cast(words, tf.int64)

    def cond(e: tf.Tensor, w: tf.Tensor, out: tf.Tensor) -> tf.Tensor:
        return tf.logical_and(e < n, tf.logical_or(w < budget, tf.equal(tf.gather(bounds, tf.minimum(e, n - 1)), 0)))

    def body(e: tf.Tensor, w: tf.Tensor, out: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor, tf.Tensor]:
        b = tf.gather(bounds, e)
        zero = tf.equal(b, 0)
        v = tf.bitwise.bitwise_and(tf.gather(w64, tf.minimum(w, budget - 1)), _smear(b))
        ok = tf.logical_or(zero, v <= b)
        out = tf.tensor_scatter_nd_update(out, [[e]], tf.where(zero, tf.zeros([1], tf.int64), v[None]))
        return tf.where(ok, e + 1, e), tf.where(zero, w, w + 1), out

    e, w, out = tf.while_loop(cond, body, (tf.constant(0, tf.int32), tf.constant(0, tf.int32),
                                           tf.zeros([n], tf.int64)))
    return out, w, tf.equal(e, n)
