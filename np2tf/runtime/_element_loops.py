"""``for i in range(a, b): u[i] = f(i)`` as one vectorized write (np2tf/insert/element_loops.py).

The converter emits ``u = n2t.elementwise_update(u, a, b, lambda i, un, dt: <f>, (un,), (dt,))``
for element loops whose iterations are independent: each writes only element ``i`` of its
target and reads other arrays at ``i + c`` (the target itself only at ``i``). When the target
and the arrays read are one-dimensional, every iteration computes one scalar of the same
elementwise expression, so evaluating the expression once with ``i`` the vector
``arange(a, b)`` (reads become gathers, with NumPy's negative wrap and range checks) gives
the same values, in one op per operator instead of ~20 ops per element. Otherwise (a row of
a 2-D array is one element here, and broadcasting a row against the vector would pair the
wrong values) it runs the loop as written, element by element.
"""

from __future__ import annotations

from typing import Any, Callable

import tensorflow as tf
import tensorflow.experimental.numpy as tnp

from np2tf.runtime._function import for_loop
from np2tf.runtime._indexing import setitem


def _rank(value: Any) -> int | None:
    shape = getattr(value, "shape", None)
    if shape is None:
        return None
    try:
        return len(shape)
    except (TypeError, ValueError):  # unknown rank
        return None


def elementwise_update(target: Any, start: Any, stop: Any, value: Callable[..., Any], arrays: tuple[Any, ...], scalars: tuple[Any, ...]) -> Any:
    """``for i in range(start, stop): target[i] = value(i, *arrays, *scalars)``; returns the target."""
    if all(_rank(a) == 1 for a in (target, *arrays)):
        index = tnp.arange(start, stop)
        return setitem(target, index, value(index, *arrays, *scalars))
    if tf.executing_eagerly() or (isinstance(start, int) and isinstance(stop, int) and stop - start <= 16):
        for i in range(int(start), int(stop)):
            target = setitem(target, i, value(i, *arrays, *scalars))
        return target
    def body(i: Any, current: Any) -> tuple[Any]:
        return (setitem(current, i, value(i, *arrays, *scalars)),)

    (target,) = for_loop(tf.range(start, stop, dtype=tf.int64), body, (tnp.asarray(target),), ("target",))
    return target


def elementwise_map(func: Callable[..., Any], args: tuple[Any, ...], position: int, items: Any) -> Any:
    """``[func(*args with e at position) for e in items]``, as one call of ``func`` on ``items``
    when ``func`` is elementwise (the converter checked its body) and ``items`` is a 1-D array
    and the other arguments numbers; else the list, element by element."""
    before, after = args[:position], args[position + 1:]
    if _rank(items) == 1 and all(isinstance(a, (int, float, bool)) or _rank(a) == 0 for a in (*before, *after)):
        result = tnp.asarray(func(*before, items, *after))
        return result if result.shape == items.shape else tnp.broadcast_to(result, tnp.shape(items))
    if not tf.executing_eagerly() and tf.is_tensor(items):
        items = tf.unstack(items)  # a graph cannot iterate a tensor; a static first dimension unstacks
    return [func(*before, e, *after) for e in items]
