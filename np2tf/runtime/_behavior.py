"""Turn on TensorFlow's NumPy behaviour once per process."""

from __future__ import annotations

import tensorflow as tf

_enabled = False


def enable_numpy_behavior() -> None:
    """Enable ``tnp`` NumPy behaviour (indexing, methods, promotion) exactly once."""
    global _enabled
    if _enabled:
        return
    tf.experimental.numpy.experimental_enable_numpy_behavior(prefer_float32=False)
    _enabled = True
