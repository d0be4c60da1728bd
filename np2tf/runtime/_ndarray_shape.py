"""ndarray shape methods and attributes (part of :mod:`np2tf.runtime.ndarray`).

Split from ``ndarray.py`` to keep files short; import them from there.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import tensorflow as tf
import tensorflow.experimental.numpy as tnp

from np2tf.runtime._dispatch import (
    accumulator,
    as_tensor,
    attribute,
    int_vector,
    method,
    to_dtype,
)


def _shape_args(args: tuple[Any, ...]) -> Any:
    # NumPy accepts both a.reshape(2, 3) and a.reshape((2, 3)).
    if len(args) == 1 and not isinstance(args[0], int):
        args = args[0]
        if not isinstance(args, (tuple, list)):
            return args  # a shape tensor, or an ndarray
    if all(isinstance(a, int) for a in args):
        # Cached constant in eager mode: converting the list costs more than the op.
        return int_vector(tuple(args))
    return list(args)


def _reverse_axes(x: tf.Tensor) -> tf.Tensor:
    if x.shape.rank is None:
        return tf.transpose(x)  # its default permutation reverses the axes
    if x.shape.rank < 2:
        return x  # nothing to reverse (NumPy's a.T of 1-D is a itself)
    return tf.transpose(x, int_vector(tuple(range(x.shape.rank))[::-1]))


@method("reshape")
def reshape(a: Any, *shape: Any, order: str = "C", copy: bool | None = None) -> tf.Tensor:
    """``a.reshape(shape)`` or ``a.reshape(*shape)``; ``order="F"`` via transposes."""
    x = as_tensor(a)
    new = _shape_args(shape)
    if order == "F":
        # Column-major reshape = reverse the axes, reshape to the reversed shape, reverse back.
        rev = tf.reshape(_reverse_axes(x), tf.reverse(tf.reshape(new, [-1]), [0]))
        return _reverse_axes(rev)
    return tf.reshape(x, new)


@method("flatten")
def flatten(a: Any, order: str = "C") -> tf.Tensor:
    """``a.flatten()``: a 1-D tensor (``order="F"`` reads column-major)."""
    x = as_tensor(a)
    return tf.reshape(_reverse_axes(x) if order == "F" else x, int_vector((-1,)))


@method("ravel")
def ravel(a: Any, order: str = "C") -> tf.Tensor:
    """``a.ravel()``, same as :func:`flatten` (tensors never alias)."""
    return flatten(a, order)


@method("transpose")
def transpose(a: Any, *axes: Any) -> tf.Tensor:
    """``a.transpose()``, ``a.transpose(1, 0)`` or ``a.transpose((1, 0))``."""
    x = as_tensor(a)
    if not axes or axes == (None,):
        return _reverse_axes(x)
    return tf.transpose(x, _shape_args(axes))


@attribute("T")
def T(a: Any) -> tf.Tensor:
    """``a.T``: the axes reversed (1-D and 0-D come back unchanged)."""
    return _reverse_axes(as_tensor(a))


@attribute("mT")
def mT(a: Any) -> tf.Tensor:
    """``a.mT``: the last two axes swapped (NumPy 2's matrix transpose)."""
    return tnp.swapaxes(as_tensor(a), -1, -2)


@attribute("dtype")
def dtype(a: Any) -> tf.DType:
    """``a.dtype`` as a ``tf.DType`` (Python scalars give int64/float64/complex128)."""
    return as_tensor(a).dtype


@method("swapaxes")
def swapaxes(a: Any, axis1: int, axis2: int) -> tf.Tensor:
    """``a.swapaxes(axis1, axis2)``."""
    return tnp.swapaxes(as_tensor(a), axis1, axis2)


@method("squeeze")
def squeeze(a: Any, axis: int | Sequence[int] | None = None) -> tf.Tensor:
    """``a.squeeze(axis)``; squeezing a non-1 axis raises, as in NumPy."""
    return tnp.squeeze(as_tensor(a), axis)


@method("repeat")
def repeat(a: Any, repeats: Any, axis: int | None = None) -> tf.Tensor:
    """``a.repeat(repeats, axis)``; ``axis=None`` repeats the flattened array."""
    return tnp.repeat(as_tensor(a), repeats, axis)


@method("diagonal")
def diagonal(a: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> tf.Tensor:
    """``a.diagonal(offset, axis1, axis2)``."""
    return tnp.diagonal(as_tensor(a), offset, axis1, axis2)


@method("trace")
def trace(a: Any, offset: int = 0, axis1: int = 0, axis2: int = 1, dtype: Any = None,
          out: Any = None) -> tf.Tensor:
    """``a.trace(...)``: sums like :func:`np2tf.runtime.ndarray.sum` (int8 -> int64)."""
    if out is not None:
        raise NotImplementedError("out= is not supported: TensorFlow tensors are immutable")
    d = tnp.diagonal(as_tensor(a), offset, axis1, axis2)
    dt = to_dtype(dtype) if dtype is not None else accumulator(d.dtype)
    return tf.reduce_sum(tf.cast(d, dt), axis=-1)


def _static_or_dynamic(x: tf.Tensor) -> tuple[Any, ...]:
    dims = x.shape.as_list()
    if None in dims:
        dyn = tf.shape(x, out_type=tf.int64)
        return tuple(d if d is not None else dyn[i] for i, d in enumerate(dims))
    return tuple(dims)


@attribute("shape")
def shape(a: Any) -> tuple[Any, ...]:
    """``a.shape`` as a tuple of ints; unknown dims (in ``tf.function``) are int64 scalars."""
    return _static_or_dynamic(as_tensor(a))


@attribute("ndim")
def ndim(a: Any) -> int:
    """``a.ndim``: the rank as a Python int."""
    return as_tensor(a).shape.rank


@attribute("size")
def size(a: Any) -> Any:
    """``a.size``: a Python int, or an int64 scalar when the shape is not static."""
    x = as_tensor(a)
    n = x.shape.num_elements()
    return n if n is not None else tf.size(x, out_type=tf.int64)


@attribute("itemsize")
def itemsize(a: Any) -> int:
    """``a.itemsize``: bytes per element (``bool`` is 1, as in NumPy)."""
    return as_tensor(a).dtype.size


@attribute("nbytes")
def nbytes(a: Any) -> Any:
    """``a.nbytes``: ``size * itemsize``."""
    return size(a) * itemsize(a)
