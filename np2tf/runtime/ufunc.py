"""NumPy's ufunc methods on TF ops: ``np.add.reduce``, ``.accumulate``, ``.outer``, ``.at``,
``.reduceat``.

``np.add.at(counts, idx, 1)`` becomes ``counts = n2t.ufunc.add.at(counts, idx, 1)``;
``np.maximum.accumulate(x)`` becomes ``n2t.ufunc.maximum.accumulate(x)``. Each method keeps
NumPy's semantics:

* ``reduce``: the ufunc folded along ``axis`` (default 0; ``None`` or a tuple only for
  reorderable ufuncs), with ``keepdims``, ``initial`` and ``dtype``. ``add``/``multiply``
  promote small integers and bools to int64/uint64 as ``np.sum`` does; non-associative
  ufuncs (``subtract``, ``divide``, ``power``, ...) fold left to right from ``initial``.
* ``accumulate``: running results, with the same promotion as ``reduce``.
* ``outer``: ``op(a[..., None, ...], b)``, shape ``a.shape + b.shape``.
* ``at``: unbuffered in-place application: repeated indices apply repeatedly
  (``np.add.at`` accumulates duplicates, ``a[idx] += 1`` does not). Any NumPy index works:
  it selects positions from an index grid, then a scatter (add/subtract/maximum/minimum),
  a segment product (multiply) or a sequential loop (others) applies the ufunc.
* ``reduceat``: NumPy's segment rule (``indices[i] >= indices[i + 1]`` gives
  ``a[indices[i]]``) for add, multiply, maximum, minimum, logical_and, logical_or.

Float sums and products may differ from NumPy's in the last bits (another summation order).
"""

from __future__ import annotations

import importlib
from typing import Any, Callable

import tensorflow as tf
import tensorflow.experimental.numpy as tnp

from np2tf.runtime._dispatch import as_tensor, to_dtype

_NO_VALUE = object()

# Ufuncs whose result does not depend on the order of operands and grouping (NumPy allows
# axis=None and tuples only for these).
_REORDERABLE = {"add", "multiply", "maximum", "minimum", "fmax", "fmin", "logical_and", "logical_or",
                "logical_xor", "bitwise_and", "bitwise_or", "bitwise_xor", "gcd", "lcm", "hypot",
                "logaddexp", "logaddexp2"}
_IDENTITY: dict[str, Any] = {"add": 0, "multiply": 1, "logical_and": True, "logical_or": False,
                             "logical_xor": False, "bitwise_or": 0, "bitwise_xor": 0, "bitwise_and": -1,
                             "gcd": 0, "lcm": 1, "hypot": 0, "logaddexp": float("-inf"),
                             "logaddexp2": float("-inf")}
# Reorderable in NumPy's sense, but inexact: NumPy folds them left to right, each step
# rounded, so the fold (not a pairwise tree) gives its bits.
_SEQUENTIAL = {"hypot", "logaddexp", "logaddexp2"}
_REDUCEAT = {"add", "multiply", "maximum", "minimum", "logical_and", "logical_or"}
_LOGICAL = {"logical_and", "logical_or", "logical_xor"}


# NumPy's alias names -> the name the runtime (or tnp) spells the function with.
_ALIASES = {"pow": "power", "atan2": "arctan2", "abs": "absolute", "bitwise_invert": "invert",
            "acos": "arccos", "asin": "arcsin", "atan": "arctan", "acosh": "arccosh",
            "asinh": "arcsinh", "atanh": "arctanh"}
_SCATTERS = {"add": tf.tensor_scatter_nd_add, "subtract": tf.tensor_scatter_nd_sub,
             "maximum": tf.tensor_scatter_nd_max, "minimum": tf.tensor_scatter_nd_min}


def _op(name: str) -> Callable[..., tf.Tensor]:
    runtime = importlib.import_module("np2tf.runtime")
    target = _ALIASES.get(name, name)
    func = getattr(runtime, target, None)
    if func is None or not callable(func):
        func = getattr(tnp, "bitwise_not" if target == "invert" else target)
    return func


def _reduce_dtype(name: str, dt: tf.DType) -> tf.DType:
    """NumPy's default dtype for add/multiply reductions: small ints -> int64/uint64."""
    if name in ("add", "multiply"):
        if dt == tf.bool or (dt.is_integer and not dt.is_unsigned and dt.size < 8):
            return tf.int64
        if dt.is_unsigned and dt.size < 8:
            return tf.uint64
    return dt


def _axes(axis: Any, rank: int, name: str) -> list[int]:
    if axis is None:
        axes = list(range(rank))
    elif isinstance(axis, (tuple, list)):
        axes = [int(a) % rank for a in axis]
    else:
        axes = [int(axis) % rank] if rank else []
    if (axis is None or isinstance(axis, (tuple, list))) and len(axes) > 1 and name not in _REORDERABLE:
        raise ValueError(f"reduction operation '{name}' is not reorderable, so at most one axis may be specified.")
    return axes


def _move_front(t: tf.Tensor, axis: int) -> tf.Tensor:
    perm = [axis] + [i for i in range(t.shape.rank) if i != axis]
    return tf.transpose(t, perm)


def _move_back(t: tf.Tensor, axis: int) -> tf.Tensor:
    rank = t.shape.rank
    perm = list(range(1, axis + 1)) + [0] + list(range(axis + 1, rank))
    return tf.transpose(t, perm)


class Ufunc:
    """One NumPy ufunc: callable like it, with its methods."""

    def __init__(self, name: str, nin: int) -> None:
        self.__name__ = name
        self.nin = nin
        self.nout = 1
        self.identity = _IDENTITY.get(name)

    def __repr__(self) -> str:
        return f"<np2tf ufunc '{self.__name__}'>"

    def __call__(self, *args: Any, **kwargs: Any) -> tf.Tensor:
        return _op(self.__name__)(*args, **kwargs)

    def _apply(self, x: Any, y: Any = None) -> tf.Tensor:
        return _op(self.__name__)(x) if self.nin == 1 else _op(self.__name__)(x, y)

    def _binary(self, method: str) -> None:
        if self.nin != 2:
            raise ValueError(f"{method} only supported for binary functions")

    # -- reduce ---------------------------------------------------------------------------
    def reduce(self, array: Any, axis: Any = 0, dtype: Any = None, out: Any = None,
               keepdims: bool = False, initial: Any = _NO_VALUE, where: Any = True) -> tf.Tensor:
        """Fold the ufunc along ``axis``."""
        self._binary("reduce")
        if out is not None or where is not True:
            raise NotImplementedError("np2tf: ufunc.reduce(out=, where=) is not supported")
        name = self.__name__
        a = as_tensor(array)
        if dtype is not None:
            a = tf.cast(a, to_dtype(dtype))
        else:
            a = tf.cast(a, _reduce_dtype(name, a.dtype))
        if a.shape.rank == 0:
            if axis not in (None, 0, ()) and not isinstance(axis, (tuple, list)):
                raise ValueError(f"axis {axis} is out of bounds for array of dimension 0")
            return a if initial is _NO_VALUE else self._apply(tf.cast(initial, a.dtype), a)
        axes = _axes(axis, a.shape.rank, name)
        result = a
        if name in _SEQUENTIAL and len(axes) > 1:
            # NumPy walks the reduced axes of a C-ordered array as one flat run.
            kept = [i for i in range(a.shape.rank) if i not in axes]
            moved = tf.transpose(a, kept + sorted(axes))
            result = tf.reshape(moved, tf.concat([tf.shape(moved)[: len(kept)], [-1]], 0))
            result = self._reduce_axis(result, len(kept), initial)
            if keepdims:
                for ax in sorted(axes):
                    result = tf.expand_dims(result, ax)
            return result
        for ax in sorted(axes, reverse=True):
            result = self._reduce_axis(result, ax, initial)
            initial = _NO_VALUE  # applied once
        if keepdims:
            for ax in sorted(axes):
                result = tf.expand_dims(result, ax)
        return result

    def _reduce_axis(self, a: tf.Tensor, axis: int, initial: Any) -> tf.Tensor:
        name = self.__name__
        length = a.shape[axis]
        if initial is _NO_VALUE and name in _SEQUENTIAL:
            initial = self.identity  # NumPy starts from it: hypot.reduce([-5.]) is 5.0
        if initial is _NO_VALUE and length == 0:
            if self.identity is None:
                raise ValueError(f"zero-size array to reduction operation {name} which has no identity")
            initial = self.identity
        if name == "add":
            r = tf.reduce_sum(a, axis=axis) if a.dtype != tf.bool else tf.reduce_any(a, axis=axis)
        elif name == "multiply":
            r = tf.reduce_prod(a, axis=axis) if a.dtype != tf.bool else tf.reduce_all(a, axis=axis)
        elif name in ("maximum", "minimum") and a.dtype != tf.bool:
            r = tf.reduce_max(a, axis=axis) if name == "maximum" else tf.reduce_min(a, axis=axis)
            if a.dtype.is_floating:  # NumPy propagates NaN
                r = tf.where(tf.reduce_any(tf.math.is_nan(a), axis=axis), tf.constant(float("nan"), a.dtype), r)
        elif name in _LOGICAL:
            b = tf.cast(a, tf.bool)
            r = {"logical_and": tf.reduce_all, "logical_or": tf.reduce_any}.get(name, _xor_reduce)(b, axis=axis)
        elif name in _REORDERABLE and name not in _SEQUENTIAL:
            r = self._pairwise(a, axis)
        else:
            r = self._fold(a, axis, initial)
            initial = _NO_VALUE  # the fold started from it
        if initial is not _NO_VALUE:
            r = self._apply(tf.cast(initial, r.dtype), r)
            if name in _LOGICAL:
                r = tf.cast(r, tf.bool)
        return r

    def _fold(self, a: tf.Tensor, axis: int, initial: Any = _NO_VALUE) -> tf.Tensor:
        """Left to right from ``initial`` (else the first item), as NumPy folds
        non-associative ufuncs."""
        front = _move_front(a, axis)
        out_dtype = self._apply(front[:1], front[:1]).dtype  # the ufunc's result dtype
        if initial is not _NO_VALUE:
            acc, rest = tf.fill(tf.shape(front)[1:], tf.cast(initial, out_dtype)), front
        elif front.shape[0] == 0:
            raise ValueError(f"zero-size array to reduction operation {self.__name__} which has no identity")
        else:
            acc, rest = tf.cast(front[0], out_dtype), front[1:]
        return tf.foldl(lambda x, y: tf.cast(self._apply(x, y), out_dtype), rest, initializer=acc)

    def _pairwise(self, a: tf.Tensor, axis: int) -> tf.Tensor:
        """Exact reorderable ufuncs (bitwise, gcd, fmax, ...): halve the axis repeatedly."""
        t = _move_front(a, axis)
        if t.shape[0] == 0:
            raise ValueError(f"zero-size array to reduction operation {self.__name__} which has no identity")
        while t.shape[0] > 1:
            n = t.shape[0]
            half = n // 2
            head = self._apply(t[:half], t[half:2 * half])
            t = tf.concat([head, tf.cast(t[2 * half:], head.dtype)], axis=0) if n % 2 else head
        return t[0]

    # -- accumulate -------------------------------------------------------------------------
    def accumulate(self, array: Any, axis: int = 0, dtype: Any = None, out: Any = None) -> tf.Tensor:
        """Running results along ``axis``, in the input's dtype (or ``dtype``)."""
        self._binary("accumulate")
        if out is not None:
            raise NotImplementedError("np2tf: ufunc.accumulate(out=) is not supported")
        a = as_tensor(array)
        a = tf.cast(a, to_dtype(dtype) if dtype is not None else _reduce_dtype(self.__name__, a.dtype))
        if a.shape.rank == 0:
            raise ValueError("cannot accumulate on a scalar")
        axis = int(axis) % a.shape.rank
        name = self.__name__
        if a.shape[axis] == 0:  # nothing to run over: an empty result in the ufunc's dtype
            empty = a if name in ("add", "multiply") and a.dtype != tf.bool else self._apply(a, a)
            return tf.cast(empty, tf.bool) if name in _LOGICAL or (a.dtype == tf.bool and name in ("add", "multiply")) else empty
        if name == "add" and a.dtype != tf.bool:
            return tf.cumsum(a, axis=axis)
        if name == "multiply" and a.dtype != tf.bool:
            return tf.math.cumprod(a, axis=axis)
        front = _move_front(a, axis)
        out_dtype = self._apply(front[:1], front[:1]).dtype if name not in _LOGICAL else tf.bool
        if name in ("add", "multiply"):
            out_dtype = tf.bool
        step = {"add": tf.logical_or, "multiply": tf.logical_and}.get(name) if a.dtype == tf.bool else None

        def fn(x: tf.Tensor, y: tf.Tensor) -> tf.Tensor:
            return tf.cast(step(x, y) if step else self._apply(x, y), out_dtype)

        scanned = tf.scan(fn, front[1:], initializer=tf.cast(front[0], out_dtype))
        return _move_back(tf.concat([tf.cast(front[:1], out_dtype), scanned], axis=0), axis)

    # -- outer ------------------------------------------------------------------------------
    def outer(self, A: Any, B: Any, **kwargs: Any) -> tf.Tensor:
        """``op(a_i, b_j)`` for every pair: shape ``A.shape + B.shape``."""
        self._binary("outer")
        a, b = as_tensor(A), as_tensor(B)
        a = tf.reshape(a, tf.concat([tf.shape(a), tf.ones([b.shape.rank], tf.int32)], axis=0))
        return _op(self.__name__)(a, b, **kwargs)

    # -- at ---------------------------------------------------------------------------------
    def at(self, a: Any, indices: Any, b: Any = None) -> tf.Tensor:
        """``a`` with the ufunc applied at ``indices`` without buffering, returned."""
        t = as_tensor(a)
        if (b is None) != (self.nin == 1):
            raise ValueError(f"second operand needed for ufunc {self.__name__}" if b is None else
                             f"unary ufunc {self.__name__} takes no second operand")
        grid = tf.reshape(tf.range(tf.size(t), dtype=tf.int64), tf.shape(t))
        key = tuple(as_tensor(i) if isinstance(i, list) else i for i in indices) if isinstance(indices, tuple) else (
            as_tensor(indices) if isinstance(indices, list) else indices)
        selected = grid[key]  # the flat positions NumPy's index picks, duplicates included
        pos = tf.reshape(selected, [-1])
        flat = tf.reshape(t, [-1])
        vals = None
        if b is not None:
            vals = tf.reshape(tf.broadcast_to(as_tensor(b), tf.shape(selected)), [-1])
            vals = tf.cast(vals, self._apply(flat[:1], vals[:1]).dtype)
        scatter = _SCATTERS.get(self.__name__)
        # A scatter accumulates duplicates exactly where casting to ``a``'s dtype loses
        # nothing and NaN needs no care (float max/min); the loop handles the rest.
        if (scatter is not None and vals is not None and t.dtype != tf.bool
                and not (t.dtype.is_integer and vals.dtype.is_floating)
                and not (self.__name__ in ("maximum", "minimum") and t.dtype.is_floating)):
            return tf.reshape(scatter(flat, pos[:, None], tf.cast(vals, t.dtype)), tf.shape(t))
        return tf.reshape(self._loop(flat, pos, vals), tf.shape(t))

    def _loop(self, flat: tf.Tensor, pos: tf.Tensor, vals: tf.Tensor | None) -> tf.Tensor:
        """Apply the ufunc at each position in turn (duplicates see earlier results)."""
        n = tf.size(pos)

        def body(i: tf.Tensor, acc: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
            p = pos[i]
            cur = acc[p]
            new = self._apply(cur) if vals is None else self._apply(cur, vals[i])
            if flat.dtype.is_integer and new.dtype.is_floating:
                raise TypeError(f"Cannot cast ufunc '{self.__name__}' output from {new.dtype.name} "
                                f"to {flat.dtype.name} with casting rule 'same_kind'")
            return i + 1, tf.tensor_scatter_nd_update(acc, [[p]], tf.cast(new, flat.dtype)[None])

        _, out = tf.while_loop(lambda i, acc: i < n, body, (tf.constant(0), flat))
        return out

    # -- reduceat ---------------------------------------------------------------------------
    def reduceat(self, array: Any, indices: Any, axis: int = 0, dtype: Any = None, out: Any = None) -> tf.Tensor:
        """Reductions over ``array[indices[i]:indices[i + 1]]`` (NumPy's segment rule)."""
        self._binary("reduceat")
        name = self.__name__
        if name not in _REDUCEAT:
            raise NotImplementedError(f"np2tf: {name}.reduceat is not supported")
        if out is not None:
            raise NotImplementedError("np2tf: ufunc.reduceat(out=) is not supported")
        a = as_tensor(array)
        if dtype is not None:
            a = tf.cast(a, to_dtype(dtype))
        elif name in ("add", "multiply") and a.dtype == tf.bool:
            a = tf.cast(a, tf.int64)
        axis = int(axis) % a.shape.rank
        front = _move_front(a, axis)
        n = tf.shape(front, out_type=tf.int64)[0]
        starts = tf.cast(tf.reshape(as_tensor(indices), [-1]), tf.int64)
        nxt = tf.concat([starts[1:], [n]], axis=0)
        ends = tf.where(starts < nxt, nxt, starts + 1)
        rows = tf.RaggedTensor.from_row_lengths(tf.gather(front, tf.ragged.range(starts, ends).flat_values),
                                                ends - starts)
        if name in _LOGICAL:
            rows = tf.cast(rows, tf.bool)
        reducer = {"add": tf.reduce_sum, "multiply": tf.reduce_prod, "maximum": tf.reduce_max,
                   "minimum": tf.reduce_min, "logical_and": tf.reduce_all, "logical_or": tf.reduce_any}[name]
        return _move_back(reducer(rows, axis=1), axis)


def masked(result: Any, where: Any, out: Any) -> tf.Tensor:
    """``ufunc(..., out=out, where=where)`` with a fresh ``out``: ``result`` where ``where``
    holds, ``out`` elsewhere, in ``out``'s dtype and shape (NumPy casts into ``out``)."""
    o = as_tensor(out)
    r = tf.cast(as_tensor(result), o.dtype)
    w = tf.cast(as_tensor(where), tf.bool)
    return tf.where(tf.broadcast_to(w, tf.shape(o)), tf.broadcast_to(r, tf.shape(o)), o)


def _xor_reduce(b: tf.Tensor, axis: int) -> tf.Tensor:
    return tf.equal(tf.math.floormod(tf.reduce_sum(tf.cast(b, tf.int64), axis=axis), 2), 1)


_BINARY = ("add subtract multiply divide true_divide floor_divide power pow float_power mod remainder "
           "fmod maximum minimum fmax fmin logical_and logical_or logical_xor bitwise_and bitwise_or "
           "bitwise_xor left_shift right_shift bitwise_left_shift bitwise_right_shift gcd lcm hypot "
           "arctan2 atan2 copysign heaviside ldexp logaddexp logaddexp2 nextafter equal not_equal less "
           "less_equal greater greater_equal").split()
_UNARY = ("negative positive absolute abs sign sqrt square reciprocal exp exp2 expm1 log log2 log10 "
          "log1p sin cos tan arcsin arccos arctan sinh cosh tanh arcsinh arccosh arctanh floor ceil "
          "trunc rint invert bitwise_not logical_not conjugate conj fabs cbrt deg2rad rad2deg degrees "
          "radians").split()

for _name in _BINARY:
    globals()[_name] = Ufunc(_name, 2)
for _name in _UNARY:
    globals()[_name] = Ufunc(_name, 1)

__all__ = ["Ufunc", "masked", *_BINARY, *_UNARY]
