"""Turn on TensorFlow's NumPy behaviour once per process.

The setting is the one that matched NumPy 2's promotion rules (NEP 50) best in
``docs/promotion.md``: ``dtype_conversion_mode="legacy"`` with ``prefer_float32=False``
matched 227 of 245 measured cases; ``"all"`` matched 180 and ``"safe"`` 152, mostly
because they make ``tnp.array([1, 2])`` int32 and Python floats float32.
"""

from __future__ import annotations

import tensorflow as tf

# Measured in docs/promotion.md (regenerate with tests/runtime/promotion_cases.py).
DTYPE_CONVERSION_MODE = "legacy"
PREFER_FLOAT32 = False

_enabled = False


def enable_numpy_behavior() -> None:
    """Enable ``tnp`` NumPy behaviour (indexing, methods, promotion) exactly once.

    The switch is process-global and TensorFlow cannot turn it off again, so later calls
    do nothing.
    """
    global _enabled
    if _enabled:
        return
    tf.experimental.numpy.experimental_enable_numpy_behavior(
        prefer_float32=PREFER_FLOAT32, dtype_conversion_mode=DTYPE_CONVERSION_MODE
    )
    _enabled = True


def is_enabled() -> bool:
    """Whether :func:`enable_numpy_behavior` has run in this process."""
    return _enabled
