"""Turn on TensorFlow's NumPy behaviour once per process.

The setting is the one that matched NumPy 2's promotion rules (NEP 50) best in
``docs/promotion.md``: ``dtype_conversion_mode="legacy"`` with ``prefer_float32=False``
matched 227 of 245 measured cases; ``"all"`` matched 180 and ``"safe"`` 152, mostly
because they make ``tnp.array([1, 2])`` int32 and Python floats float32.
"""

from __future__ import annotations

import gc
import math
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
    _install_cast_free_promotion()
    _install_direct_operators()
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


def _install_cast_free_promotion() -> None:
    """Operators on tensors skip identity casts and, while tracing, share scalar constants.

    With NumPy behaviour on, every ``x + y`` on a tensor goes through
    ``override_binary_operator.maybe_promote_tensors``, which casts *each* tensor operand
    to the result dtype with the raw ``Cast`` op, even when it already has that dtype, and
    converts each Python number to a new constant. Of the 264 ops traced for held-out
    ``convection2d``, 49 were such identity casts, and 13 constants held 4 distinct
    numbers; without them tracing takes ~0.77x the CPU time (docs/runtime-performance.md).
    Eagerly, each identity cast is one more op to run.

    The replacement computes the result dtype with the same functions and:

    * casts only tensor operands whose dtype differs (a cast to the same dtype is the
      identity: same values, same gradient);
    * converts a plain Python ``bool``/``int``/``float`` operand (not NaN) in a graph
      through :func:`_shared_constant`: one ``Const`` per graph, value and dtype, instead
      of one per use. The constant never reaches user code (only the operator's op reads
      it), so a ``tf.constant`` the user holds, watches on a tape or feeds is never shared.

    Anything else (tensors of other dtypes, NumPy scalars, lists, eager mode) converts as
    before, and outside NumPy-style promotion (auto dtype conversion, or no NumPy
    behaviour) TensorFlow's own function runs. ``maybe_promote_tensors.original`` is
    TensorFlow's function, for tests that compare the two.
    """
    from tensorflow.python.framework import override_binary_operator as promotion  # no public API
    from tensorflow.python.framework import ops
    from tensorflow.python.ops import gen_math_ops
    from tensorflow.python.ops.numpy_ops import np_dtypes

    original = promotion.maybe_promote_tensors
    if getattr(original, "_np2tf", False):
        return
    tensor_type = tf.Tensor
    dtype_of = promotion._maybe_get_dtype
    result_type = np_dtypes._result_type
    flatten = tf.nest.flatten
    auto_conversion = ops.is_auto_dtype_conversion_enabled
    numpy_style = ops.is_numpy_style_type_promotion
    cast = gen_math_ops.cast

    def maybe_promote_tensors(*tensors: Any, force_same_dtype: bool = False) -> Any:
        if not tensors or auto_conversion() or not numpy_style():
            return original(*tensors, force_same_dtype=force_same_dtype)
        if len(tensors) == 2:
            x, y = tensors
            if (isinstance(x, tensor_type) and isinstance(y, tensor_type) and x.dtype == y.dtype
                    and np_dtypes.is_allow_float64()):
                # _result_type(d, d) is d unless float64 is canonicalized away.
                return [x, y]
        result = result_type(*[dtype_of(t) for t in flatten(tensors)])
        return [
            (t if t.dtype == result else cast(t, result))
            if isinstance(t, tensor_type)
            else _shared_constant(t, result)
            for t in tensors
        ]

    maybe_promote_tensors._np2tf = True  # type: ignore[attr-defined]
    maybe_promote_tensors.original = original  # type: ignore[attr-defined]
    promotion.maybe_promote_tensors = maybe_promote_tensors


def _install_direct_operators() -> None:
    """``+``, ``-``, ``*``, ``@`` (and eagerly ``/``) on plain tensors call their op directly.

    With NumPy behaviour on, ``x - y`` on tensors passes TensorFlow's operator wrapper
    (name scope, promotion), the public ``tf.math.subtract`` (its dispatch and weak-tensor
    wrappers) and the generated op function: ~25 us eagerly where the op itself costs ~5
    us, and ``M @ v`` goes through ``tnp.matmul``, which evaluates the operands' ranks
    as tensors and builds ``tensordot``'s reshapes (~170 us eagerly, ~2 ms on first use).
    Converted code runs such operators eagerly (module-level code, tiered first calls,
    short loops) and traces them.

    When both operands are plain tensors (eager or graph, not subclasses) after the same
    promotion the operator does (:func:`_install_cast_free_promotion`), of one numeric
    dtype, the operator calls the op the wrapper would have reached: ``AddV2``, ``Sub``,
    ``Mul``, and for ``@`` with operands of rank 1 or 2 the ``MatMul`` that ``tnp.matmul``
    and ``tensordot`` run, with the same reshapes to and from 2-D (same op, same inputs:
    the same bits). Anything else (other types, strings and bools, other ranks, a
    promotion that raises) goes through TensorFlow's operator as before.
    """
    from tensorflow.python.framework import ops
    from tensorflow.python.framework import override_binary_operator as promotion
    from tensorflow.python.ops import gen_array_ops, gen_math_ops
    from tensorflow.python.ops.numpy_ops import np_dtypes

    from np2tf.runtime._dispatch import int_vector

    plain = tuple(t for t in (getattr(ops, "EagerTensor", None), getattr(ops, "SymbolicTensor", None)) if t is not None)
    if len(plain) != 2 or getattr(tf.Tensor.__add__, "_np2tf", False):
        return
    numeric = frozenset((tf.float16, tf.bfloat16, tf.float32, tf.float64, tf.complex64, tf.complex128,
                         tf.int8, tf.int16, tf.int32, tf.int64, tf.uint8, tf.uint16, tf.uint32, tf.uint64))
    matmul_types = frozenset((tf.float32, tf.float64, tf.complex64, tf.complex128))
    auto_conversion = ops.is_auto_dtype_conversion_enabled
    numpy_style = ops.is_numpy_style_type_promotion
    # prefer_float32=False keeps float64: then two operands of one dtype give that dtype
    allow_float64 = np_dtypes.is_allow_float64

    def operands(self: Any, other: Any) -> tuple[Any, Any] | None:
        """``self`` and ``other`` promoted as the operator promotes them, or None."""
        if type(self) not in plain or auto_conversion() or not numpy_style():
            return None
        if type(other) in plain and other.dtype == self.dtype:
            if self.dtype not in numeric or not allow_float64():
                return None
            return self, other
        if type(other) not in (int, float):
            return None
        try:
            x, y = promotion.maybe_promote_tensors(self, other)
        except (TypeError, ValueError):
            return None  # the operator raises it (or hands over to ``other``)
        if type(x) not in plain or type(y) not in plain or x.dtype != y.dtype or x.dtype not in numeric:
            return None
        return x, y

    eagerly = tf.executing_eagerly

    def binary(name: str, op: Any, types: frozenset | None = None, eager_only: bool = False) -> None:
        """``__name__``/``__rname__`` calling ``op`` on the promoted operands (of ``types``
        only, eagerly only if asked), TensorFlow's operator otherwise."""
        forward, reflected = getattr(tf.Tensor, f"__{name}__"), getattr(tf.Tensor, f"__r{name}__")

        def pair_of(self: Any, other: Any) -> tuple[Any, Any] | None:
            pair = None if eager_only and not eagerly() else operands(self, other)
            return None if pair is None or (types is not None and pair[0].dtype not in types) else pair

        def operator(self: Any, other: Any) -> Any:
            pair = pair_of(self, other)
            return forward(self, other) if pair is None else op(pair[0], pair[1])

        def r_operator(self: Any, other: Any) -> Any:
            pair = pair_of(self, other)
            return reflected(self, other) if pair is None else op(pair[1], pair[0])

        operator.__name__, r_operator.__name__ = f"__{name}__", f"__r{name}__"
        operator.__doc__, r_operator.__doc__ = forward.__doc__, reflected.__doc__
        operator._np2tf = r_operator._np2tf = True  # type: ignore[attr-defined]
        operator.original, r_operator.original = forward, reflected  # type: ignore[attr-defined]
        setattr(tf.Tensor, f"__{name}__", operator)
        setattr(tf.Tensor, f"__r{name}__", r_operator)

    binary("add", gen_math_ops.add_v2)
    binary("sub", gen_math_ops.sub)
    binary("mul", gen_math_ops.mul)

    def matmul(a: Any, b: Any) -> Any | None:
        """``a @ b`` as ``tnp.matmul`` runs it, for plain tensors of rank 1 or 2; else None."""
        if (type(a) not in plain or type(b) not in plain or a.dtype != b.dtype or a.dtype not in matmul_types
                or auto_conversion() or not numpy_style() or not allow_float64()):
            return None
        ra, rb = a.shape.rank, b.shape.rank
        if ra not in (1, 2) or rb not in (1, 2):
            return None
        if ra == 2 and rb == 2:
            if a.shape[1] is not None and b.shape[0] is not None and a.shape[1] != b.shape[0]:
                return None  # tnp.matmul's error (a ValueError, as NumPy's)
            return gen_math_ops.mat_mul(a, b)
        # tensordot: the vector as a 1 x n row or n x 1 column, one MatMul, the result reshaped
        inner = a.shape[-1], b.shape[0]
        if inner[0] is not None and inner[1] is not None and inner[0] != inner[1]:
            return None  # tnp.matmul's error (a ValueError, as NumPy's)
        # (shapes as cached int32 constants: a Python list made the eager fast path fall back)
        left = gen_array_ops.reshape(a, int_vector([1, -1])) if ra == 1 else a
        right = gen_array_ops.reshape(b, int_vector([-1, 1])) if rb == 1 else b
        product = gen_math_ops.mat_mul(left, right)
        if ra == 2:
            return gen_array_ops.reshape(product, int_vector([-1]))  # m x n @ n: m
        return gen_array_ops.reshape(product, int_vector([-1] if rb == 2 else []))  # n @ n x k: k; n @ n: scalar

    forward_matmul, reflected_matmul = tf.Tensor.__matmul__, tf.Tensor.__rmatmul__

    def __matmul__(self: Any, other: Any) -> Any:
        out = matmul(self, other)
        return forward_matmul(self, other) if out is None else out

    def __rmatmul__(self: Any, other: Any) -> Any:
        out = matmul(other, self)
        return reflected_matmul(self, other) if out is None else out

    __matmul__.__doc__, __rmatmul__.__doc__ = forward_matmul.__doc__, reflected_matmul.__doc__
    __matmul__.original, __rmatmul__.original = forward_matmul, reflected_matmul  # type: ignore[attr-defined]
    tf.Tensor.__matmul__, tf.Tensor.__rmatmul__ = __matmul__, __rmatmul__

    # ``/`` eagerly: TensorFlow's true division of floating (or complex) operands of one
    # dtype is RealDiv (integers are cast first: those keep the operator). In graphs the
    # operator stays np2tf's (it keeps Grappler from folding divisions by constants).
    div_types = frozenset((tf.float16, tf.bfloat16, tf.float32, tf.float64, tf.complex64, tf.complex128))
    binary("truediv", gen_math_ops.real_div, div_types, eager_only=True)


_SHARED_SCALARS = (bool, int, float)


def _shared_constant(value: Any, dtype: Any) -> Any:
    """``ops.convert_to_tensor(value, dtype)``, one ``Const`` per graph for a Python number.

    Only for constants no user code gets hold of (operands converted by operator
    promotion). Keyed by type, value (a float's ``repr``: ``-0.0`` and ``0.0`` stay apart,
    as do ``1``, ``True`` and ``1.0`` by type; NaN, whose ``repr`` hides its sign, is not
    shared) and dtype.
    Eager mode, and graphs in a state that would give the constant more than its value
    (see :func:`_graph_constants`), convert as TensorFlow does.
    """
    from tensorflow.python.framework import ops

    kind = type(value)
    if kind not in _SHARED_SCALARS or value != value or tf.executing_eagerly():
        zero = signed_zero(value, dtype)
        return ops.convert_to_tensor(value, dtype) if zero is None else zero
    cache = _graph_constants(ops.get_default_graph())
    if cache is None:
        return ops.convert_to_tensor(value, dtype)
    key = (kind, repr(value) if kind is float else value, dtype)
    tensor = cache.get(key)
    if tensor is None:
        tensor = cache[key] = ops.convert_to_tensor(value, dtype)
    return tensor


def signed_zero(value: Any, dtype: Any) -> Any:
    """Eagerly, the float ``-0.0`` as a tensor of floating (or complex) ``dtype``; else None.

    TensorFlow caches eager scalar constants by Python value, and ``-0.0 == 0.0``: once
    ``0.0`` was converted to a dtype, ``tf.constant(-0.0, dtype)`` returned the cached
    ``+0.0`` (NumPy keeps the sign: ``1 / (x * -0.0)`` is ``-inf`` there). A NumPy scalar
    does not go through that cache."""
    if (type(value) is float and value == 0.0 and math.copysign(1.0, value) < 0 and tf.executing_eagerly()
            and dtype is not None and (tf.as_dtype(dtype).is_floating or tf.as_dtype(dtype).is_complex)):
        import numpy as np

        return tf.constant(np.array(value, tf.as_dtype(dtype).as_numpy_dtype))
    return None


def _graph_constants(graph: Any) -> dict | None:
    """The graph's shared-constant table, or None when a constant made now must not be shared.

    A ``Const`` built now would carry more than its value under ``tf.control_dependencies``
    (control inputs: a later user would wait for them), ``tf.device`` or
    ``colocate_with`` (placement), a TF1 cond/while or TPU context (its frame; the plain
    XLA context ``jit_compile=True`` traces in adds nothing to ops), an attribute,
    kernel-label or gradient-override scope, or with op callbacks registered (they see,
    and may replace, every op). The table lives on the graph, so it goes when the graph
    goes (a table keyed by graph would keep every graph alive: its tensors reference it).
    Private attributes TensorFlow no longer has mean no sharing, not an error.
    """
    from tensorflow.python.framework import op_callbacks
    from tensorflow.python.ops.control_flow_ops import XLAControlFlowContext

    try:
        flow = graph._get_control_flow_context()
        if (graph.finalized or graph._control_dependencies_stack or len(graph._device_function_stack)
                or len(graph._colocation_stack) or (flow is not None and type(flow) is not XLAControlFlowContext)
                or graph._attr_scope_map or "Const" in graph._op_to_kernel_label_map
                or "Const" in graph._gradient_override_map
                or op_callbacks.should_invoke_op_callbacks()):
            return None
        table = getattr(graph, "_np2tf_constants", None)
        if table is None:
            table = graph._np2tf_constants = {}
        return table
    except AttributeError:
        return None


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
    * ``x ** 2``, ``x ** 0.5``, ``x ** -1``: NumPy's square, sqrt and reciprocal, not TF's
      slow and inexact Pow (:func:`np2tf.runtime._ufuncs.scalar_power`).
    * ``x / c`` with a Python number ``c`` in a graph: a division, as NumPy's, where
      Grappler's constant folding made it ``x * (1 / c)``, an ulp off in about half the
      elements (the held-out stencil programs differed from NumPy in their last bits);
      float32 ``1 / x`` likewise (Grappler made it an inexact ``Reciprocal``), and
      ``x / sqrt(y)`` (Grappler made it ``x * rsqrt(y)``).
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
    unsigned_pow = tf.Tensor.__pow__

    def __pow__(self: tf.Tensor, other: Any) -> Any:
        # x ** 2, x ** 0.5, x ** -1: NumPy's own square/sqrt/reciprocal (see scalar_power)
        fast = _ufuncs.scalar_power(self, other)
        return unsigned_pow(self, other) if fast is None else fast

    tf.Tensor.__pow__ = __pow__
    truediv = tf.Tensor.__truediv__

    def __truediv__(self: tf.Tensor, other: Any) -> Any:
        # u / (2 * dx) in a graph: Grappler would fold the Python number into a
        # multiplication by its reciprocal, an ulp off NumPy's division
        if self.dtype in (tf.float32, tf.float64) and not tf.executing_eagerly():
            if type(other) in (int, float):
                other = _ufuncs.unfolded_constant(other, self.dtype)
            else:
                other = _ufuncs.unrewritten(other)  # x / sqrt(y), x / tf.constant(c)
        return truediv(self, other)

    tf.Tensor.__truediv__ = __truediv__
    rtruediv = tf.Tensor.__rtruediv__

    def __rtruediv__(self: tf.Tensor, other: Any) -> Any:
        # 1 / x on float32 in a graph: Grappler would make it Reciprocal, an ulp off NumPy's
        # division for a third of the values (float64's Reciprocal is exact)
        if self.dtype in (tf.float32, tf.float64) and not tf.executing_eagerly():
            if type(other) in (int, float) and other == 1 and self.dtype == tf.float32:
                return _ufuncs.one_over(self)
            self = _ufuncs.unrewritten(self)  # c / sqrt(y)
        return rtruediv(self, other)

    tf.Tensor.__rtruediv__ = __rtruediv__
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
    data is unaffected. Literal numbers (``np.array([[0, 0.5], [1, 0]])``) become one
    constant (:func:`_numeric_literal`).
    """
    import numpy as np

    tnp = tf.experimental.numpy
    array, asarray = tnp.array, tnp.asarray

    def text_array(val: Any, dtype: Any = None, copy: bool = True, ndmin: int = 0) -> Any:
        if dtype is None and ndmin == 0:
            literal = _numeric_literal(val)
            if literal is not None:
                return tf.constant(literal)
        if _is_text(val):
            return np.array(val, dtype=dtype, copy=copy, ndmin=ndmin)
        return array(val, dtype=dtype, copy=copy, ndmin=ndmin)

    def text_asarray(a: Any, dtype: Any = None) -> Any:
        if dtype is None:
            literal = _numeric_literal(a)
            if literal is not None:
                return tf.constant(literal)
        if _is_text(a):
            return np.asarray(a, dtype=dtype)
        return asarray(a, dtype=dtype)

    text_array.__doc__, text_asarray.__doc__ = array.__doc__, asarray.__doc__
    text_array.original, text_asarray.original = array, asarray  # type: ignore[attr-defined]
    tnp.array, tnp.asarray = text_array, text_asarray


def _numeric_literal(value: Any) -> Any:
    """A non-empty nested list or tuple of Python ints and floats (no bools) as NumPy makes
    it, when that is int64 or float64: the array ``tnp.array`` makes of it too (same dtype
    under this promotion mode, same values: Python ints and floats convert exactly), in
    one constant instead of tnp's dtype inference, conversion and copy (~0.25 ms eagerly,
    ~0.6-1 ms on first use, against ~0.03 ms). Anything else: None."""
    import numpy as np

    if type(value) not in (list, tuple) or not value:
        return None
    pending = [value]
    while pending:
        for item in pending.pop():
            kind = type(item)
            if kind is list or kind is tuple:
                if not item:
                    return None
                pending.append(item)
            elif kind is not float and kind is not int:
                return None
    try:
        literal = np.asarray(value)
    except (ValueError, OverflowError):  # ragged, or an int past int64
        return None
    return literal if literal.dtype in (np.float64, np.int64) else None


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
