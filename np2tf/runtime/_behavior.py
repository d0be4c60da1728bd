"""Turn on TensorFlow's NumPy behaviour once per process.

The setting is the one that matched NumPy 2's promotion rules (NEP 50) best in
``docs/promotion.md``: ``dtype_conversion_mode="legacy"`` with ``prefer_float32=False``
matched 227 of 245 measured cases; ``"all"`` matched 180 and ``"safe"`` 152, mostly
because they make ``tnp.array([1, 2])`` int32 and Python floats float32.
"""

from __future__ import annotations

import gc
import os
from typing import Any

import tensorflow as tf

# Measured in docs/promotion.md (regenerate with tests/runtime/promotion_cases.py).
DTYPE_CONVERSION_MODE = "legacy"
PREFER_FLOAT32 = False
# ``tensor[key]`` through np2tf's fast paths (one StridedSlice for basic indices, a gather
# for integer arrays and masks; see _indexing.getitem and docs/runtime-performance.md);
# other keys keep TensorFlow's NumPy-style getitem.
FAST_GETITEM = True

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
    if FAST_GETITEM:
        _install_fast_getitem()
    _install_complex_ordering()
    _install_numpy_operators()
    _keep_autograph_out()
    _freeze_import_heap()
    _enabled = True


def _freeze_import_heap() -> None:
    """Keep Python's cyclic garbage collector off the ~1M objects importing TensorFlow made.

    Tracing a graph allocates many Python objects, which triggers full (generation 2)
    collections; each one walks every object TensorFlow's import left behind and took
    0.11-0.13 s here, once or twice per traced program: a third of converted
    ``pagerank``'s and ``convection2d``'s whole run in ``benchmarks/heldout_perf``.
    ``gc.freeze()`` moves the objects alive now to a permanent generation the collector
    skips (CPython's documented remedy for large long-lived heaps); objects made later are
    collected as usual. ``NP2TF_GC_FREEZE=0`` turns it off.
    """
    if os.environ.get("NP2TF_GC_FREEZE", "1") != "0":
        gc.freeze()


def _keep_autograph_out() -> None:
    """Tell AutoGraph not to rewrite np2tf's runtime when converted code is traced.

    The helpers are written for tracing as they stand (Python branches on static
    dtypes and shapes); AutoGraph turning ``if rcond is None`` into a graph conditional
    breaks them.
    """
    from tensorflow.python.autograph.core import config, config_lib  # no public API for this

    rule = config_lib.DoNotConvert("np2tf.runtime")
    if not any(getattr(r, "module_prefix", None) == "np2tf.runtime" for r in config.CONVERSION_RULES):
        config.CONVERSION_RULES = (rule, *config.CONVERSION_RULES)


def _install_complex_ordering() -> None:
    """``<``, ``<=``, ``>``, ``>=`` on complex tensors order like NumPy (real part, then imaginary).

    TensorFlow's comparison kernels reject complex dtypes, so ``z * np.conj(z) > 4`` (a
    Mandelbrot test) would fail; other dtypes keep TensorFlow's operators unchanged.
    """
    for name, strict, less in (("__lt__", True, True), ("__le__", False, True), ("__gt__", True, False), ("__ge__", False, False)):
        original = getattr(tf.Tensor, name)

        def compare(self: tf.Tensor, other: Any, _original: Any = original, _strict: bool = strict, _less: bool = less) -> Any:
            if self.dtype.is_complex or (isinstance(other, tf.Tensor) and other.dtype.is_complex) or isinstance(other, complex):
                a = tf.cast(self, tf.complex128) if not self.dtype.is_complex else self
                b = tf.cast(tf.convert_to_tensor(other), a.dtype) if not (isinstance(other, tf.Tensor) and other.dtype == a.dtype) else other
                ar, ai, br, bi = tf.math.real(a), tf.math.imag(a), tf.math.real(b), tf.math.imag(b)
                first = ar < br if _less else ar > br
                second = (ai < bi if _less else ai > bi) if _strict else (ai <= bi if _less else ai >= bi)
                return first | ((ar == br) & second)
            return _original(self, other)

        compare.__name__ = name
        setattr(tf.Tensor, name, compare)


def _install_numpy_operators() -> None:
    """Operators NumPy has on arrays and TF lacks or rejects, and dtypes that print like NumPy's.

    * ``<<`` and ``>>``: tensors have no shift operators (``(left << 2) | right`` in a
      cellular automaton raised TypeError); they route to the dtype-exact ``left_shift`` /
      ``right_shift`` shims.
    * ``-x``, ``abs(x)`` and ``x ** y`` on unsigned integers: TF's Neg/Abs/Pow kernels have
      no unsigned types; NumPy wraps (``-uint8(1) == 255``). Other dtypes keep TF's operators.
    * ``str(x.dtype)`` / ``f"{x.dtype}"`` give ``'float32'`` as NumPy does, not
      ``"<dtype: 'float32'>"``; ``repr`` stays ``tf.float32``.
    * eager tensors print like NumPy arrays (:func:`_install_numpy_printing`).
    """
    from np2tf.runtime import _ufuncs  # here: it imports the runtime's helpers

    def forward(func: Any) -> Any:
        return lambda self, other: func(self, other)

    def backward(func: Any) -> Any:
        return lambda self, other: func(other, self)

    tf.Tensor.__lshift__ = forward(_ufuncs.left_shift)
    tf.Tensor.__rlshift__ = backward(_ufuncs.left_shift)
    tf.Tensor.__rshift__ = forward(_ufuncs.right_shift)
    tf.Tensor.__rrshift__ = backward(_ufuncs.right_shift)

    def unsigned_first(name: str, shim: Any, reflected: bool = False) -> None:
        original = getattr(tf.Tensor, name)

        def operator(self: tf.Tensor, *other: Any, _original: Any = original) -> Any:
            if self.dtype.is_unsigned:
                return shim(*other, self) if reflected else shim(self, *other)
            return _original(self, *other)

        operator.__name__ = name
        setattr(tf.Tensor, name, operator)

    # ~x + 1, not 0 - x: grappler turns Sub(0, x) into Neg, which has no unsigned kernel.
    unsigned_first("__neg__", lambda x: tf.bitwise.invert(x) + tf.ones_like(x))
    unsigned_first("__abs__", _ufuncs.absolute)
    unsigned_first("__pow__", _ufuncs.power)
    unsigned_first("__rpow__", _ufuncs.power, reflected=True)
    tf.dtypes.DType.__str__ = lambda self: self.name
    _install_numpy_printing()
    _install_text_arrays()


def _is_text(value: Any) -> bool:
    """Text for ``tnp.array``: what the runtime hands to NumPy, or a bare string."""
    from np2tf.runtime._text import is_text

    return isinstance(value, (str, bytes)) or is_text(value)


def _install_text_arrays() -> None:
    """``tnp.array``/``tnp.asarray`` of text give NumPy's string arrays.

    TF has no NumPy-style string arrays: ``tnp.array(list("FDCBA"))`` raised "data type
    'C' not understood" and ``tnp.array(["a", "b"])`` gave a ``tf.string`` tensor of bytes.
    Labels and lookup tables (``np.array(list("FDCBA"))[np.digitize(...)]``) are host data
    in every sense, so they stay NumPy ``<U`` arrays, as ``np.array`` made them; numeric
    data is unaffected.
    """
    import numpy as np

    tnp = tf.experimental.numpy
    array, asarray = tnp.array, tnp.asarray

    def text_array(val: Any, dtype: Any = None, copy: bool = True, ndmin: int = 0) -> Any:
        if _is_text(val):
            return np.array(val, dtype=dtype, copy=copy, ndmin=ndmin)
        return array(val, dtype=dtype, copy=copy, ndmin=ndmin)

    def text_asarray(a: Any, dtype: Any = None) -> Any:
        if _is_text(a):
            return np.asarray(a, dtype=dtype)
        return asarray(a, dtype=dtype)

    text_array.__doc__, text_asarray.__doc__ = array.__doc__, asarray.__doc__
    tnp.array, tnp.asarray = text_array, text_asarray


def _install_numpy_printing() -> None:
    """Eager tensors print as NumPy prints the array: ``print(x)`` shows ``[1.5 2. ]``, not
    ``tf.Tensor([1.5 2. ], shape=(2,), dtype=float32)``, and ``print([a, b])`` shows
    ``[array([...]), ...]``, so converted scripts write the text the originals wrote.

    Printing is where values leave TF-land anyway: this formats the host copy
    (``.numpy()``), as ``format(x, ".3f")`` already did. Symbolic (graph) tensors keep
    TensorFlow's text.
    """
    from tensorflow.python.framework import ops  # the eager tensor base class has no public name

    base = ops._EagerTensorBase
    base.__str__ = lambda self: str(self.numpy())
    base.__repr__ = lambda self: repr(self.numpy())


def _install_fast_getitem() -> None:
    """Route tensor reads (``x[key]``) through :func:`_indexing.getitem`, eager and in graphs.

    It has fast paths for basic indices, integer arrays and boolean masks (see there)
    and returns None for the keys it leaves to TensorFlow's NumPy-style getitem. In
    graphs the fast paths matter too: the ops a read builds run on every iteration of a
    graph loop (``un[i]`` with a loop counter is one reshape and a slice, not tnp's pack,
    add and two packs).
    """
    from np2tf.runtime import _indexing  # here: it imports the runtime's helpers

    numpy_style = tf.Tensor.__getitem__
    fast = _indexing.getitem

    def __getitem__(self: tf.Tensor, key: Any) -> tf.Tensor:
        out = fast(self, key)
        if out is not None:
            return out
        return numpy_style(self, key)

    __getitem__.__doc__ = numpy_style.__doc__
    __getitem__.numpy_style = numpy_style  # type: ignore[attr-defined]
    tf.Tensor.__getitem__ = __getitem__


def is_enabled() -> bool:
    """Whether :func:`enable_numpy_behavior` has run in this process."""
    return _enabled
