"""``np.apply_along_axis`` and ``np.vectorize`` on TF: the Python function runs once,
vectorised over the slices or elements with ``tf.vectorized_map`` (TF's pfor), not once
per slice in Python.

When pfor cannot convert the function (Python ``if`` on a value, a host call), the
helpers fall back to ``tf.map_fn``, one slice at a time: in eager mode that runs the
function on concrete values as NumPy does; in a graph it needs the function to trace.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
import tensorflow as tf
import tensorflow.experimental.numpy as tnp

__all__ = ["apply_along_axis", "vectorize"]


def _map(fn: Callable[[Any], Any], elems: Any, first: Any) -> Any:
    """``fn`` over the leading axis of ``elems``: vectorized_map, else map_fn.

    ``first`` is one row (``elems[0]``-like) to learn the output's structure from when
    map_fn needs it."""
    def wrapped(e: Any) -> Any:
        return tf.nest.map_structure(tnp.asarray, fn(e))

    failures = (TypeError, ValueError, NotImplementedError, AttributeError, tf.errors.OperatorNotAllowedInGraphError)
    try:
        return tf.vectorized_map(wrapped, elems, fallback_to_while_loop=True)
    except failures:
        if not tf.executing_eagerly():
            # In a graph, Python ``if``/``while`` on values can only run converted to
            # tf.cond/tf.while_loop: let AutoGraph convert the function, then vectorise.
            try:
                converted = tf.autograph.to_graph(fn)
            except Exception:  # noqa: BLE001 -- AutoGraph cannot read it: keep the first error
                raise
            return tf.vectorized_map(lambda e: tf.nest.map_structure(tnp.asarray, converted(e)), elems,
                                     fallback_to_while_loop=True)
        # Eagerly, one element at a time on concrete values, as NumPy runs it.
        spec = tf.nest.map_structure(lambda t: tf.TensorSpec(t.shape, t.dtype), wrapped(first))
        return tf.map_fn(wrapped, elems, fn_output_signature=spec)


def apply_along_axis(func1d: Callable[..., Any], axis: int, arr: Any, *args: Any, **kwargs: Any) -> tf.Tensor:
    """``func1d`` applied to each 1-D slice of ``arr`` along ``axis``; the result's
    dimensions replace ``axis`` (a scalar result removes it), in the result's dtype.

    The slices are gathered into rows (the axis moved last, the others flattened) and
    ``func1d`` runs on all rows at once through ``tf.vectorized_map``.
    """
    a = tnp.asarray(arr)
    nd = a.shape.rank
    if nd is None or nd == 0:
        raise ValueError("apply_along_axis needs an array of known rank >= 1")
    axis = int(axis)
    if not -nd <= axis < nd:
        raise np.exceptions.AxisError(axis, nd)
    axis %= nd
    moved = tnp.moveaxis(a, axis, -1)
    outer = tf.shape(moved)[:-1]
    rows = tf.reshape(moved, tf.concat([[-1], tf.shape(moved)[-1:]], 0))
    if a.shape.is_fully_defined() and 0 in a.shape.as_list()[:axis] + a.shape.as_list()[axis + 1:]:
        raise ValueError("Cannot apply_along_axis when any iteration dimensions are 0")
    out = _map(lambda r: func1d(r, *args, **kwargs), rows, rows[0])
    res_rank = out.shape.rank - 1
    out = tf.reshape(out, tf.concat([outer, tf.shape(out)[1:]], 0))
    # NumPy puts the result's dimensions where ``axis`` was.
    perm = list(range(axis)) + list(range(nd - 1, nd - 1 + res_rank)) + list(range(axis, nd - 1))
    return tf.transpose(out, perm) if perm != list(range(len(perm))) else out


class vectorize:  # noqa: N801 -- NumPy's name
    """``np.vectorize(pyfunc)``: calls broadcast their array arguments and map ``pyfunc``
    over the elements with ``tf.vectorized_map`` (each call sees 0-d tensors).

    ``otypes`` casts the outputs; ``excluded`` arguments pass through unchanged; a
    ``pyfunc`` returning a tuple gives a tuple of arrays. ``signature=`` (generalised
    ufuncs) is not supported.
    """

    def __init__(self, pyfunc: Any = None, otypes: Any = None, doc: Any = None, excluded: Any = None,
                 cache: bool = False, signature: Any = None) -> None:
        if signature is not None:
            raise NotImplementedError("np2tf: vectorize(signature=) is not supported")
        self.pyfunc = pyfunc
        self.otypes = otypes
        self.excluded = set(excluded or ())
        self.__doc__ = doc if doc is not None else getattr(pyfunc, "__doc__", None)
        self.__name__ = getattr(pyfunc, "__name__", "vectorized")

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self.pyfunc is None:  # @np.vectorize(otypes=...) used as a decorator factory
            return vectorize(args[0], self.otypes, excluded=self.excluded)
        pos = [i for i in range(len(args)) if i not in self.excluded]
        keys = [k for k in kwargs if k not in self.excluded]
        tensors = [tnp.asarray(args[i]) for i in pos] + [tnp.asarray(kwargs[k]) for k in keys]
        if not tensors:
            return self.pyfunc(*args, **kwargs)
        shape = tf.shape(tensors[0])
        for t in tensors[1:]:
            shape = tf.broadcast_dynamic_shape(shape, tf.shape(t))
        flat = [tf.reshape(tf.broadcast_to(t, shape), [-1]) for t in tensors]

        def one(elems: list[tf.Tensor]) -> Any:
            call_args, call_kwargs = list(args), dict(kwargs)
            for i, e in zip(pos, elems):
                call_args[i] = e
            for k, e in zip(keys, elems[len(pos):]):
                call_kwargs[k] = e
            return self.pyfunc(*call_args, **call_kwargs)

        out = _map(one, flat, [f[0] for f in flat]) if flat[0].shape[0] != 0 else None
        if out is None:  # NumPy cannot vectorise an empty input without otypes either
            if not self.otypes:
                raise ValueError("cannot call `vectorize` on size 0 inputs unless `otypes` is set")
            return self._cast(tuple(tf.zeros(shape, np.dtype(o)) for o in self._otypes()))
        outs = out if isinstance(out, (tuple, list)) else (out,)
        outs = tuple(tf.reshape(o, tf.concat([shape, tf.shape(o)[1:]], 0)) for o in outs)
        return self._cast(outs) if isinstance(out, (tuple, list)) else self._cast(outs)[0]

    def _otypes(self) -> list[Any]:
        o = self.otypes
        return list(o) if isinstance(o, (list, tuple)) else [np.dtype(c) for c in o] if isinstance(o, str) else [o]

    def _cast(self, outs: tuple[tf.Tensor, ...]) -> tuple[tf.Tensor, ...]:
        if not self.otypes:
            return outs
        return tuple(tf.cast(o, tf.as_dtype(np.dtype(t))) for o, t in zip(outs, self._otypes()))
