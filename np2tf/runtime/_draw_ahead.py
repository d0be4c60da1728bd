"""A loop's random draws, drawn before it in one call (``n2t.draws_ahead`` / ``n2t.take_draw``).

Monte Carlo and simulation loops draw the same thing every iteration::

    for t in range(1, M + 1):
        z = np.random.standard_normal(I)
        S[t] = S[t - 1] * np.exp(... + sigma * math.sqrt(dt) * z)

NumPy's legacy stream makes ``k`` successive draws of ``standard_normal(I)`` the very
numbers of one ``standard_normal((k, I))``, row by row, and leaves the generator in the
same state: uniforms take two words each, and the Gaussian's cached second value carries
from one call to the next exactly as it carries within one. The same holds for ``rand``,
``randn``, ``random_sample`` (and its aliases), ``normal`` and ``uniform``, and for
``randint`` of 32- and 64-bit integers and ``choice(a, size)`` with replacement (masked
rejection on whole words, nothing carried from one call to the next). So the
converter (``np2tf/insert/draw_ahead.py``, N2T413) draws them before the loop::

    _n2t_draws1 = n2t.draws_ahead((1, M + 1), 1, n2t.random.standard_normal, I)
    _n2t_drawn1 = 0
    for t in range(1, M + 1):
        z = n2t.take_draw(_n2t_draws1, _n2t_drawn1, n2t.random.standard_normal, I)
        _n2t_drawn1 += 1

and the loop reads them by index. In a graph loop a draw is a stateful call of ~400
traced ops (the twist, tempering and rejection look-ahead; ~100 ms to trace per process)
and ~50 us a call; a read is one gather, and the loop body is pure.

The converter only does this for loops that run every iteration to the end (no
``break``, ``continue`` or ``return``), make their draws unconditionally with arguments
the loop does not change, and call nothing else that could draw. :func:`draws_ahead`
returns ``None`` -- the loop then draws in place, as written -- when the trip count or a
draw's shape is not known in Python, when a parameter would make the draw raise (the
loop raises at the same point as NumPy), when one draw is more than
:data:`PER_DRAW_MAX` values (its work, not its call, is its cost), or when the draws would
hold more than :data:`AHEAD_MAX` values (128 MB of float64).
"""

from __future__ import annotations

import inspect
import math
import operator
from typing import Any, Callable

import tensorflow as tf

from np2tf.runtime._dispatch import to_dtype
from np2tf.runtime._legacy import LegacyRandomState, _varargs
from np2tf.runtime._mt19937 import EAGER_FROM
from np2tf.runtime._random_core import _f64

# At most this many values are drawn ahead (float64: 128 MB); larger loops draw in place.
AHEAD_MAX = 1 << 24
# Draws of more values than this stay in the loop: their work, not the ~50 us of a draw
# call, is their cost (the size from which MT19937 draws always run eagerly), and one
# draw ahead of them all ran slower: held-out montecarlo at 50 x standard_normal(200000),
# 446 ms in the loop against 576 ms ahead (the eager look-ahead of 10M Gaussians ~310 ms).
PER_DRAW_MAX = EAGER_FROM
# Eagerly, Gaussian draws ahead are made in pieces of at most this many values
# (concatenated): the polar method's trials and their temporaries take ~60 bytes a value
# (~250 MB a piece). Uniform draws take ~20 bytes a value and go in one piece.
PIECE = 1 << 22
_GAUSSIAN = frozenset({"randn", "standard_normal", "normal"})

_DIMS = frozenset({"rand", "randn"})  # rand(d0, d1, ...)
_SIZED = frozenset({"random_sample", "random", "ranf", "sample", "standard_normal"})  # f(size)
_PARAMS = frozenset({"normal", "uniform"})  # f(a, b, size)
# Bounded integers (masked rejection on 32- or 64-bit words, nothing carried between calls;
# 8- and 16-bit dtypes share a word between draws of one call, so they are left out).
_INTEGERS = frozenset({"randint", "choice"})
_WIDE = (tf.int32, tf.int64, tf.uint32, tf.uint64)
SAMPLERS = _DIMS | _SIZED | _PARAMS | _INTEGERS


def _trips(bounds: tuple[Any, ...]) -> int | None:
    """``len(range(*bounds))`` when the bounds are known in Python, else None."""
    try:
        return len(range(*(operator.index(b) for b in bounds)))
    except (TypeError, ValueError):  # a symbolic tensor, a float (the loop raises), step 0
        return None


def _static_shape(shape: Any) -> list[int] | None:
    return shape if isinstance(shape, list) and all(isinstance(s, int) for s in shape) else None


def _plan(owner: LegacyRandomState, name: str, args: tuple[Any, ...],
          kwargs: dict[str, Any]) -> tuple[list[int], Callable[[int], tf.Tensor]] | None:
    """One draw's shape, and a function making ``lead`` draws at once (shape
    ``[lead, *shape]``); None when the shape is not static or the draw would raise."""
    method = getattr(owner, name)
    bound = inspect.signature(method).bind(*args, **kwargs)
    bound.apply_defaults()
    params = bound.arguments
    if name in _DIMS:
        shape = _static_shape(owner._shape(_varargs(params["shape"])))  # noqa: SLF001 - the sampler's own rule
        return None if shape is None else (shape, lambda lead: method(lead, *shape))
    if name in _SIZED:
        shape = _static_shape(owner._shape(params["size"]))  # noqa: SLF001
        return None if shape is None else (shape, lambda lead: method([lead, *shape]))
    if name in _INTEGERS:
        return _plan_integers(owner, method, name, params)
    a, b = list(params.values())[:2]
    ta, tb = _f64(a), _f64(b)
    if name == "normal" and bool(tf.reduce_any(tb < 0.0)):
        return None  # NumPy raises at the loop's first draw: so does the draw in place
    shape = _static_shape(owner._shape(params["size"], ta, tb))  # noqa: SLF001
    return None if shape is None else (shape, lambda lead: method(a, b, [lead, *shape]))


def _plan_integers(owner: LegacyRandomState, method: Any, name: str,
                   params: dict[str, Any]) -> tuple[list[int], Callable[[int], tf.Tensor]] | None:
    """:func:`_plan` for ``randint(low, high, size, dtype)`` with int bounds and a 32- or
    64-bit dtype, and ``choice(a, size)`` with replacement and no ``p`` (``randint``
    indices); None otherwise, and for bounds NumPy rejects (the loop raises them)."""
    if params["size"] is None:
        return None
    shape = _static_shape(owner._shape(params["size"]))  # noqa: SLF001
    if shape is None:
        return None
    if name == "choice":
        a = params["a"]
        if params["replace"] is not True or params["p"] is not None:
            return None
        if isinstance(a, int) and a <= 0:
            return None
        return shape, lambda lead: method(a, [lead, *shape])
    low, high, dtype = params["low"], params["high"], params["dtype"]
    if high is None:
        low, high = 0, low
    if not (isinstance(low, int) and isinstance(high, int)) or low >= high:
        return None
    dt = to_dtype(dtype)
    if dt not in _WIDE or low < dt.min or high - 1 > dt.max:
        return None
    return shape, lambda lead: method(params["low"], params["high"], [lead, *shape], dtype)


def draws_ahead(bounds: tuple[Any, ...], per: int, sampler: Any, *args: Any, **kwargs: Any) -> tf.Tensor | None:
    """The draws ``sampler(*args, **kwargs)`` makes ``per`` times an iteration of a loop over
    ``range(*bounds)``, drawn now as one tensor ``[draws, *shape]`` in the order the loop
    makes them; None to draw them in the loop (see the module docstring)."""
    owner, name = getattr(sampler, "__self__", None), getattr(sampler, "__name__", None)
    if not isinstance(owner, LegacyRandomState) or name not in SAMPLERS:
        return None
    trips = _trips(bounds)
    if trips is None or trips * per < 2:
        return None
    total = trips * per
    try:
        plan = _plan(owner, name, args, kwargs)
    except (TypeError, ValueError, tf.errors.InvalidArgumentError):
        return None  # bad arguments: the loop's first draw raises NumPy's error
    if plan is None:
        return None
    shape, draw = plan
    n = math.prod(shape)
    if n == 0 or n > PER_DRAW_MAX or total * n > AHEAD_MAX:
        return None
    if tf.executing_eagerly() and name in _GAUSSIAN and total * n > PIECE:
        rows = max(PIECE // n, 1)
        return tf.concat([draw(min(rows, total - start)) for start in range(0, total, rows)], axis=0)
    return draw(total)


def take_draw(drawn: tf.Tensor | None, k: Any, sampler: Any, *args: Any, **kwargs: Any) -> tf.Tensor:
    """Draw ``k`` of those :func:`draws_ahead` made (``drawn``), or, when it made none,
    ``sampler(*args, **kwargs)`` now."""
    if drawn is None:
        return sampler(*args, **kwargs)
    return tf.gather(drawn, k)

