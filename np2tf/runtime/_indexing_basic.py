"""Basic NumPy indices (ints, slices, ``...``, ``None``) as one strided-slice op.

Part of :mod:`np2tf.runtime._indexing` (split to keep files short). :func:`basic_plan`
works out, in Python, the begin/end/strides and masks TensorFlow's strided-slice ops
take, the way TensorFlow's own ``array_ops._slice_helper`` does, plus the selection's
shape and NumPy's IndexErrors. :func:`setitem` writes through it and
:func:`basic_getitem` reads through it (installed on ``tf.Tensor`` by
:mod:`np2tf.runtime._behavior`).
"""

from __future__ import annotations

import operator
import weakref
from typing import Any, NamedTuple

import numpy as np
import tensorflow as tf
from tensorflow.python.framework import ops as _tf_ops

from np2tf.runtime._dispatch import int_vector

try:  # TensorFlow's own test for "this graph is being compiled by XLA" (jit_compile=True)
    from tensorflow.python.ops.control_flow_util import (
        GraphOrParentsInXlaContext as _graph_in_xla,
    )
except ImportError:  # pragma: no cover -- moved in some future TF: assume XLA, stay safe
    def _graph_in_xla(graph: Any) -> bool:
        return True


def static_int(i: Any) -> int | None:
    """``i`` as a Python int when it is an integer index known in Python, else None."""
    if isinstance(i, (bool, np.bool_)):
        return None  # a[True] is a 0-d mask in NumPy, not a[1]
    if isinstance(i, (int, np.integer)) or (isinstance(i, np.ndarray) and i.ndim == 0
                                            and i.dtype.kind in "iu"):
        return operator.index(i)
    if (isinstance(i, (tf.Tensor, tf.Variable)) and i.dtype.is_integer and i.shape.rank == 0
            and tf.executing_eagerly()):
        # An eager scalar already has its value: reading it is cheaper than building
        # bounds from tensors (and avoids TF's int32/int64 mixing errors).
        return int(i)
    return None


def bound(b: Any) -> Any:
    """A slice bound as a Python int when known, else the (graph) int tensor, or None."""
    v = static_int(b)
    return b if v is None and is_int_tensor(b) else v


def is_int_tensor(i: Any) -> bool:
    """Whether ``i`` is a scalar integer tensor (a loop counter in a graph)."""
    return (isinstance(i, (tf.Tensor, tf.Variable)) and i.dtype.is_integer
            and i.shape.rank == 0)


def in_xla() -> bool:
    """Whether ops built now will be compiled by XLA (never true in eager mode)."""
    return not tf.executing_eagerly() and _graph_in_xla(_tf_ops.get_default_graph())


class Plan(NamedTuple):
    """Arguments of one strided-slice op that selects what a basic index selects."""

    begin: list[Any]
    end: list[Any]
    strides: list[Any]
    masks: dict[str, int]
    shape: list[int | None]  # the selection's shape, None where unknown in Python
    dynamic: bool  # some bound is a tensor
    # (start, stop) on each axis of the array when the selection is one static block
    # (every step 1, nothing reversed): the block ``_indexing`` can also write by concat.
    box: tuple[tuple[int, int], ...] | None = None


# Eager plans of indices made of Python ints, slices of them, None and ...: an eager loop
# writes the same few indices into arrays of the same shape over and over, and working
# a plan out costs about as much as the op itself on small arrays.
_PLANS: dict[tuple[Any, ...], Plan | None] = {}
_PLANS_MAX = 4096


def _plan_key(dims: list[int | None], items: tuple[Any, ...]) -> tuple[Any, ...] | None:
    parts: list[Any] = []
    for it in items:
        kind = type(it)
        if kind is int or it is None or it is Ellipsis:
            parts.append(it)  # (a bool is not an int here: a[True] is a mask)
        elif kind is slice:
            bounds3 = (it.start, it.stop, it.step)
            if not all(b is None or type(b) is int for b in bounds3):
                return None
            parts.append(bounds3)
        else:
            return None
    return (*dims, "|", *parts)


def basic_plan(shape: tf.TensorShape, idx: Any, read: bool = False) -> Plan | None:
    """The strided slice for a basic index, or None when ``idx`` needs the general path.

    Like TensorFlow's ``_slice_helper``, but also works out the selection's shape in
    Python (``slice.indices`` gives NumPy's clamping of out-of-range bounds and negative
    steps), so the value can be broadcast without another op, and checks integer indices
    against static dims (NumPy raises IndexError; the graph op would not say which axis).
    Eager plans of Python-int indices are cached (errors are not: they raise each time).
    ``read=True`` (a read, not a write) also plans tensor integer indices under XLA:
    XLA compiles a ``StridedSlice`` whose begin is a tensor on shrunk axes (the kernel
    wraps negative values), though not ``TensorStridedSliceUpdate``.
    """
    items = idx if isinstance(idx, tuple) else (idx,)
    dims = shape.as_list() if shape.rank is not None else None
    if dims is None:
        return None
    key = _plan_key(dims, items) if tf.executing_eagerly() else None
    if key is None:
        return _basic_plan(dims, items, read)
    plan = _PLANS.get(key, False)
    if plan is False:
        plan = _basic_plan(dims, items, read)
        if len(_PLANS) >= _PLANS_MAX:
            _PLANS.clear()
        _PLANS[key] = plan
    return plan  # type: ignore[return-value]


def _basic_plan(dims: list[int | None], items: tuple[Any, ...], read: bool = False) -> Plan | None:
    consumed, ellipses = 0, 0
    for it in items:
        if it is Ellipsis:
            ellipses += 1
        elif isinstance(it, slice):
            if not all(b is None or static_int(b) is not None or is_int_tensor(b)
                       for b in (it.start, it.stop, it.step)):
                return None
            consumed += 1
        elif static_int(it) is not None or is_int_tensor(it):
            consumed += 1
        elif it is not None:
            return None
    if ellipses > 1:
        raise IndexError("an index can only have a single ellipsis ('...')")
    if consumed > len(dims):
        raise IndexError(f"too many indices for array: array is {len(dims)}-dimensional, "
                         f"but {consumed} were indexed")
    begin: list[Any] = []
    end: list[Any] = []
    strides: list[Any] = []
    masks = dict.fromkeys(("begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask",
                           "shrink_axis_mask"), 0)
    out: list[int | None] = []
    dynamic = False
    box: list[tuple[int, int]] | None = [] if None not in dims else None
    d = 0
    for k, it in enumerate(items):
        bit = 1 << k
        if it is Ellipsis or it is None:
            begin.append(0), end.append(0), strides.append(1)
            if it is None:
                masks["new_axis_mask"] |= bit
                out.append(1)
            else:
                masks["ellipsis_mask"] |= bit
                span = len(dims) - consumed
                out.extend(dims[d:d + span])
                if box is not None:
                    box.extend((0, n) for n in dims[d:d + span])
                d += span
            continue
        n = dims[d]
        d += 1
        if isinstance(it, slice):
            parts = [bound(b) for b in (it.start, it.stop, it.step)]
            start, stop, step = parts
            # A tensor step (`a[n * n::n]` in a graph loop) is never compared in Python:
            # bool() of a graph tensor raises. A zero step then fails in the op itself.
            if isinstance(step, int) and step == 0:
                raise ValueError("slice step cannot be zero")
            if not (step is None or (isinstance(step, int) and step in (1, -1))) and in_xla():
                return None  # XLA's TensorStridedSliceUpdate takes steps of +-1 only
            if any(isinstance(p, (tf.Tensor, tf.Variable)) for p in parts):
                if in_xla():
                    return None  # XLA wants compile-time constant bounds for this op
                dynamic = True
            if start is None:
                masks["begin_mask"] |= bit
            if stop is None:
                masks["end_mask"] |= bit
            begin.append(0 if start is None else start)
            end.append(0 if stop is None else stop)
            strides.append(1 if step is None else step)
            static = not any(isinstance(p, (tf.Tensor, tf.Variable)) for p in parts)
            if static and n is not None:
                lo, hi, st = slice(start, stop, step).indices(n)
                out.append(len(range(lo, hi, st)))
                if box is not None and st == 1:
                    box.append((lo, max(lo, hi)))
                else:
                    box = None
            else:
                out.append(None)
                box = None
            continue
        i = static_int(it)
        if i is None:
            if not read and in_xla():
                return None
            dynamic = True
            i = it
        elif n is not None and not -n <= i < n:
            raise IndexError(f"index {i} is out of bounds for axis {d - 1} with size {n}")
        if isinstance(i, int):
            end.append(i + 1)
            if box is not None:
                box.append((i % n, i % n + 1))
        else:
            # The kernel (and its shape function) sets end = begin + 1 itself on a shrunk
            # axis, after wrapping a negative begin: a constant end saves an add op and
            # lets the end vector stay a constant.
            end.append(0)
            box = None
        begin.append(i), strides.append(1)
        masks["shrink_axis_mask"] |= bit
    if not ellipses:
        out.extend(dims[d:])  # like NumPy and TF, missing trailing axes are taken whole
        if box is not None:
            box.extend((0, n) for n in dims[d:])
    return Plan(begin, end, strides, masks, out, dynamic,
                tuple(box) if box is not None and not dynamic else None)


def bounds(plan: Plan) -> tuple[Any, Any, Any]:
    """begin/end/strides as three int vectors of one dtype (cached for static bounds)."""
    if plan.dynamic:
        # Tensor bounds (loop counters inside tf.function): one dtype for all three, the
        # tensors' own when they agree (no casts), and as few ops as possible: a vector
        # without tensors is a constant, one with a single element a reshape.
        tensors = [v for v in (*plan.begin, *plan.end, *plan.strides)
                   if isinstance(v, (tf.Tensor, tf.Variable))]
        kinds = {t.dtype for t in tensors}
        dt = kinds.pop() if len(kinds) == 1 and kinds <= {tf.int32, tf.int64} else tf.int64
        if dt == tf.int32 and any(abs(v) >= 2**31 - 1 for v in (*plan.begin, *plan.end)
                                  if isinstance(v, int)):
            dt = tf.int64

        def vec(vals: list[Any]) -> Any:
            if not any(isinstance(v, (tf.Tensor, tf.Variable)) for v in vals):
                return tf.constant(vals, dt, shape=[len(vals)])
            parts = [tf.cast(v, dt) if isinstance(v, (tf.Tensor, tf.Variable))
                     else tf.constant(v, dt) for v in vals]
            return tf.reshape(parts[0], [1]) if len(parts) == 1 else tf.stack(parts)

        return vec(plan.begin), vec(plan.end), vec(plan.strides)
    big = any(abs(v) >= 2**31 - 1 for v in (*plan.begin, *plan.end))
    dt = tf.int64 if big else tf.int32
    return (int_vector(plan.begin, dt), int_vector(plan.end, dt),
            int_vector(plan.strides, dt))


def basic_getitem(x: tf.Tensor, key: Any) -> tf.Tensor | None:
    """``x[key]`` as one ``StridedSlice`` op when ``key`` is a basic index.

    Returns None for anything else (masks, integer arrays; tensor slice bounds under
    XLA), which :func:`np2tf.runtime._indexing.getitem` or TensorFlow's own NumPy-style
    getitem handles. It builds its begin/end/strides
    from tensors with several ops per call; for the common ``u[1:-1]`` in an eager loop
    that costs several times the slice itself, and in a graph loop ``un[i]`` (a loop
    counter) takes its pack, add, pack and pack where this takes one reshape.

    Raises:
        IndexError: an integer index is out of range, or there are too many indices.
    """
    plan = basic_plan(x.shape, key, read=True)
    if plan is None:
        return None
    memo, memo_key = _graph_read_memo(x, plan)
    if memo is not None and memo_key in memo:
        return memo[memo_key]
    begin, end, strides = bounds(plan)
    out = tf.raw_ops.StridedSlice(input=x, begin=begin, end=end, strides=strides, **plan.masks)
    if memo is not None:
        memo[memo_key] = out
    return out


# Reads already built in each graph being traced: (tensor, static plan) -> slice. A tensor
# never changes, so `un[1:-1, 1:-1]`, written six times in a stencil, is one StridedSlice:
# building an op costs ~0.5 ms here (the held-out cavity's loop had 50 reads, ~25 distinct),
# and Grappler would merge the copies only after all were built. Eagerly nothing is kept.
_GRAPH_READS: weakref.WeakKeyDictionary[Any, dict[Any, tf.Tensor]] = weakref.WeakKeyDictionary()


def _graph_read_memo(x: Any, plan: Plan) -> tuple[dict[Any, tf.Tensor] | None, Any]:
    """The memo of reads of the graph ``x`` is built in, and the key of this read; None
    eagerly, for eager tensors a graph captures (they belong to no graph), for variables
    (their value changes), for bounds that are tensors, and under control dependencies or a
    device scope the earlier read may not have had."""
    if not tf.is_symbolic_tensor(x):  # eager, captured eager, a variable, not a tensor
        return None, None
    graph = x.graph
    if graph is not tf.compat.v1.get_default_graph() or graph._control_dependencies_stack or tuple(graph._device_function_stack.peek_objs()):  # noqa: SLF001
        return None, None
    if not all(type(v) is int for v in (*plan.begin, *plan.end, *plan.strides)):
        return None, None
    key = (x.ref(), tuple(plan.begin), tuple(plan.end), tuple(plan.strides), tuple(sorted(plan.masks.items())))
    return _GRAPH_READS.setdefault(graph, {}), key
