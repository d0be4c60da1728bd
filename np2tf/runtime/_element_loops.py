"""Element writes as one vectorized write (np2tf/insert/element_loops.py).

**Element loops**, ``for i in range(a, b): u[i] = f(i)``.

The converter emits ``u = n2t.elementwise_update(u, a, b, lambda i, un, dt: <f>, (un,), (dt,))``
for element loops whose iterations are independent: each writes only element ``i`` of its
target and reads other arrays at ``i + c`` (the target itself only at ``i``). When the target
and the arrays read are one-dimensional, every iteration computes one scalar of the same
elementwise expression, so evaluating the expression once with ``i`` the vector
``arange(a, b)`` (reads become gathers, with NumPy's negative wrap and range checks) gives
the same values, in one op per operator instead of ~20 ops per element; with bounds known
in Python ``i`` is a NumPy ``arange``, so each read is a slice of the array. Otherwise (a row of
a 2-D array is one element here, and broadcasting a row against the vector would pair the
wrong values) it runs the loop as written, element by element.

**Masked writes**, ``x[m] = f(x[m], y[m], s)`` (and ``x[m] *= -1``). The converter emits
``x = n2t.mask_update(x, m, lambda x, y, s: f(x, y, s), (x, y), (s,))``. When ``m`` is a
boolean array shaped like ``x`` and every array read, and the other values are scalars,
``f`` on the whole arrays holds at each selected element what ``f`` on the selections
computes (elementwise, same IEEE operations), so the write is one select,
``where(m, f(x, y, s), x)``: three ops instead of a gather per array plus a stitch, and
XLA compiles it (a stitch has a data-dependent shape). Otherwise it is the write as
written, ``setitem(x, m, f(x[m], y[m], s))``.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
import tensorflow as tf
import tensorflow.experimental.numpy as tnp

from np2tf.runtime._function import for_loop
from np2tf.runtime._indexing import _as_mask, _value, setitem
from np2tf.runtime._promotion import as_tensor


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
        # Bounds known in Python: the index is a host array, so the reads ``un[i + c]`` are
        # slices (``_indexing._run_of``) and ``i + c`` costs no op; else a tensor (gathers).
        static = all(isinstance(b, int) and not isinstance(b, bool) for b in (start, stop))
        index = np.arange(start, stop) if static else tnp.arange(start, stop)
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


def mask_update(target: Any, mask: Any, value: Callable[..., Any], arrays: tuple[Any, ...], scalars: tuple[Any, ...]) -> Any:
    """``target[mask] = value(*(a[mask] for a in arrays), *scalars)``; returns the target."""
    x = target if isinstance(target, tf.Tensor) else as_tensor(target)
    m = _as_mask(x, mask)
    if (m is not None and m.shape.rank == x.shape.rank and all(_like(a, x) for a in arrays)
            and all(isinstance(s, (int, float, complex)) or _rank(s) == 0 for s in scalars)):
        full = _value(value(*arrays, *scalars), x.dtype)
        if full.shape.rank is not None and full.shape.rank <= x.shape.rank:
            return tf.where(m, full, x)
    selected = tuple(as_tensor(a)[mask] for a in arrays)
    return setitem(target, mask, value(*selected, *scalars))


def _like(a: Any, x: tf.Tensor) -> bool:
    """``a`` has ``x``'s shape (statically; with unknown dimensions, its rank: NumPy's mask
    read ``a[m]`` raises on another shape, which the select would broadcast instead)."""
    shape = getattr(a, "shape", None)
    if shape is None or not tf.is_tensor(a) and not hasattr(a, "dtype"):
        return False
    shape = tf.TensorShape(shape)
    if shape.is_fully_defined() and x.shape.is_fully_defined():
        return shape == x.shape
    return shape.rank == x.shape.rank
