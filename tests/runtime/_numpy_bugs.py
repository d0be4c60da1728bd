"""NumPy answers that are wrong on some CPUs, and the references tests use instead.

NumPy 2.4.6 dispatches some loops to CPU-specific SIMD code. On CPUs it dispatches to
AVX512_SPR (found on a Sapphire Rapids machine; the project's other machines agree with the
definitions below):

- ``power.reduce`` and ``arctan2.reduce`` along a contiguous axis are not the left fold
  NumPy defines them as: for the row [1.947, 0.882, 0.219, 0.148] ``power.reduce`` gives
  1.1036, while ((a0**a1)**a2)**a3, ``power.accumulate`` and the same reduce along a
  strided axis all give 1.0192 (``arctan2``: 1.4950 against 1.4642).
- float32 ``log10`` is an ulp off at exact powers of ten (``log10(100)`` is 2.0000002).

Each helper returns NumPy's own answer wherever it agrees with the definition, so on
other machines the tests compare against NumPy exactly as before.
"""

from __future__ import annotations

from typing import Any

import numpy as np


# The ufuncs whose reduce NumPy got wrong (above); others are NumPy's answer as it is.
WRONG_REDUCE = frozenset({"power", "arctan2"})


def reduce_reference(ufunc: np.ufunc, a: Any, **kw: Any) -> Any:
    """``ufunc.reduce(a, **kw)``; for ``power`` and ``arctan2``, the left fold from
    ``ufunc.accumulate`` (its last item) where NumPy's reduce disagrees with it. Raises
    what NumPy's reduce raises."""
    expected = ufunc.reduce(a, **kw)
    if ufunc.__name__ not in WRONG_REDUCE:
        return expected
    dtype = np.asarray(expected).dtype
    a = np.asarray(a)
    axis = kw.get("axis", 0)
    if axis is None:
        a, axis = a.reshape(-1), 0
    if not isinstance(axis, (int, np.integer)) or a.ndim == 0 or a.shape[axis] == 0:
        return expected
    with np.errstate(all="ignore"):
        a = a.astype(dtype)
        if "initial" in kw:  # the fold starts from it
            a = np.concatenate([np.full_like(np.take(a, [0], axis=axis), kw["initial"]), a], axis=axis)
        folded = np.take(ufunc.accumulate(a, axis=axis, dtype=dtype), -1, axis=axis)
        folded = folded.reshape(np.shape(expected))
        same = np.allclose(expected, folded, rtol=1e-6, atol=1e-6, equal_nan=True)
    return expected if same else folded
