"""np2tf: convert NumPy code to TensorFlow code.

The converter (everything in this package except :mod:`np2tf.runtime`) never imports
TensorFlow, so ``np2tf check`` starts fast enough for a pre-commit hook.
"""

__version__ = "0.1.0"
