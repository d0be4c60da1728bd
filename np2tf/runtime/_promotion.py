"""NumPy 2's dtype promotion (NEP 50) and ufunc loop selection, as tables of TF dtypes.

Everything here is static Python run while a call is traced: it reads the dtypes of
the operands (known at trace time) and decides which dtype NumPy would compute in, so
the wrappers in :mod:`np2tf.runtime._ufuncs` can cast to it before calling the TF op.
No NumPy function is called and no op is added unless a cast is needed.

The tables reproduce ``numpy.can_cast(a, b, "safe")`` and ``numpy.result_type`` for the
14 dtypes TF and NumPy share. Python ``bool``/``int``/``float``/``complex`` operands are
*weak* (NEP 50): they take the kind of the array they meet instead of widening it.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import tensorflow as tf
import tensorflow.experimental.numpy as tnp

__all__: list[str] = []

# NumPy's one-letter type codes, as used in ``ufunc.types``.
CODES: dict[str, tf.DType] = {
    "?": tf.bool, "b": tf.int8, "B": tf.uint8, "h": tf.int16, "H": tf.uint16,
    "i": tf.int32, "I": tf.uint32, "l": tf.int64, "L": tf.uint64,
    "e": tf.float16, "f": tf.float32, "d": tf.float64, "F": tf.complex64, "D": tf.complex128,
}
# (kind, bits): b=bool, u=unsigned, i=signed, f=float, c=complex (bits of the whole value).
_INFO: dict[tf.DType, tuple[str, int]] = {
    tf.bool: ("b", 8), tf.uint8: ("u", 8), tf.int8: ("i", 8), tf.uint16: ("u", 16),
    tf.int16: ("i", 16), tf.uint32: ("u", 32), tf.int32: ("i", 32), tf.uint64: ("u", 64),
    tf.int64: ("i", 64), tf.float16: ("f", 16), tf.float32: ("f", 32), tf.float64: ("f", 64),
    tf.complex64: ("c", 64), tf.complex128: ("c", 128),
}
# Smallest-first, so the first dtype both operands cast to safely is their result type.
_ORDER = list(_INFO)
# The narrowest float that holds every value of an integer of this many bits.
_FLOAT_BITS_FOR_INT = {8: 16, 16: 32, 32: 64, 64: 64}


def _safe(a: tf.DType, b: tf.DType) -> bool:
    """``numpy.can_cast(a, b, "safe")``."""
    (ka, ba), (kb, bb) = _INFO[a], _INFO[b]
    if a == b or ka == "b":
        return True
    if kb == "b":
        return False
    if ka == "u":
        if kb == "u":
            return bb >= ba
        if kb == "i":
            return bb > ba
    if ka == "i" and kb in "ui":
        return kb == "i" and bb >= ba
    if ka in "ui":
        return _FLOAT_BITS_FOR_INT[ba] <= (bb if kb == "f" else bb // 2)
    if ka == "f":
        return bb >= ba if kb == "f" else kb == "c" and bb // 2 >= ba
    return kb == "c" and bb >= ba


SAFE: dict[tuple[tf.DType, tf.DType], bool] = {(a, b): _safe(a, b) for a in _ORDER for b in _ORDER}
PROMOTE: dict[tuple[tf.DType, tf.DType], tf.DType] = {
    (a, b): next(c for c in _ORDER if SAFE[(a, c)] and SAFE[(b, c)]) for a in _ORDER for b in _ORDER
}
_DEFAULT = {"b": tf.bool, "i": tf.int64, "f": tf.float64, "c": tf.complex128}
_KIND_RANK = "bifc"


def kind(dtype: tf.DType) -> str:
    """NumPy's kind letter of a supported dtype (``b``, ``u``, ``i``, ``f`` or ``c``)."""
    return _INFO[dtype][0]


def is_weak(x: Any) -> bool:
    """Whether ``x`` is a Python scalar, which NEP 50 treats as weakly typed."""
    return isinstance(x, (bool, int, float, complex)) and not isinstance(x, np.generic)


def _weak_kind(x: Any) -> str:
    if isinstance(x, bool):
        return "b"
    if isinstance(x, int):
        return "i"
    return "f" if isinstance(x, float) else "c"


def _with_weak(dtype: tf.DType, weak: str) -> tf.DType:
    """The result of combining an array of ``dtype`` with a Python scalar of kind ``weak``."""
    k, bits = _INFO[dtype]
    if weak == "b":
        return dtype
    if weak == "i":
        return tf.int64 if k == "b" else dtype
    if weak == "f":
        return dtype if k in "fc" else tf.float64
    if k == "c":
        return dtype
    return tf.complex64 if k == "f" and bits <= 32 else tf.complex128


def as_tensor(x: Any) -> Any:
    """``x`` unchanged if it is a tensor or a Python scalar, else as a tensor."""
    if isinstance(x, (tf.Tensor, tf.Variable)) or is_weak(x):
        return x
    return tnp.asarray(x)


def result_type(operands: Sequence[Any]) -> tf.DType | None:
    """NumPy's ``result_type`` of tensors and Python scalars; None for dtypes NumPy lacks."""
    strong: tf.DType | None = None
    weak = ""
    for x in operands:
        if is_weak(x):
            k = _weak_kind(x)
            weak = k if not weak or _KIND_RANK.index(k) > _KIND_RANK.index(weak) else weak
            continue
        if x.dtype not in _INFO:
            return None
        strong = x.dtype if strong is None else PROMOTE[(strong, x.dtype)]
    if strong is None:
        return _DEFAULT[weak]
    return _with_weak(strong, weak) if weak else strong


def select_loop(dtypes: tuple[tf.DType, ...], loops: str) -> tf.DType:
    """The first of a ufunc's loop dtypes (NumPy type codes) every operand casts to safely.

    This is NumPy's legacy linear search, which checks each operand on its own: for
    ``arctan2(int8, uint8)`` it picks float16, not the float32 of their common int16.

    Raises:
        TypeError: if there is none (NumPy raises ``UFuncTypeError``, a ``TypeError``).
    """
    for code in loops:
        if all(SAFE[(d, CODES[code])] for d in dtypes):
            return CODES[code]
    raise TypeError(f"ufunc has no loop for {[d.name for d in dtypes]} (loops {loops!r})")


def operand_dtypes(operands: Sequence[Any]) -> tuple[tf.DType, ...] | None:
    """The dtypes NumPy's loop search sees, or None for dtypes NumPy lacks.

    Without Python scalars each operand counts on its own. With one, NumPy 2 promotes
    first (NEP 50: ``arctan2(bool_array, 2)`` is float64, ``arctan2(int8_array, 2)``
    float16) and every operand counts as the promoted dtype.
    """
    if any(is_weak(x) for x in operands):
        common = result_type(operands)
        return None if common is None else (common,)
    dtypes = tuple(x.dtype for x in operands)
    return dtypes if all(d in _INFO for d in dtypes) else None


def cast_all(operands: Sequence[Any], dtype: tf.DType) -> list[tf.Tensor]:
    """Every operand as a tensor of ``dtype``; tensors already of it pass through unchanged."""
    out = []
    for x in operands:
        if is_weak(x):
            # tf.constant will not turn True into an integer or float directly.
            out.append(tf.constant(int(x) if isinstance(x, bool) and dtype != tf.bool else x, dtype))
        elif x.dtype == dtype:
            out.append(x)
        else:
            out.append(tf.cast(x, dtype))
    return out
