"""Operators build no identity casts and, while tracing, share scalar constants.

``np2tf.runtime._behavior._install_cast_free_promotion`` replaces TensorFlow's
``override_binary_operator.maybe_promote_tensors``; ``.original`` is TensorFlow's. Every
result here is compared with what TensorFlow's own function gives (values bit for bit,
dtypes, and the exception type when there is one), in eager mode and in graphs.
"""

from __future__ import annotations

import contextlib
import gc
import math
import operator
import subprocess
import sys
import textwrap
import weakref
from typing import Any, Callable, Iterator

import numpy as np
import pytest

pytestmark = pytest.mark.tf

tf = pytest.importorskip("tensorflow")

import np2tf.runtime as n2t  # noqa: E402,F401 -- importing enables numpy behaviour
from np2tf.runtime import _behavior  # noqa: E402
from tensorflow.python.framework import op_callbacks  # noqa: E402
from tensorflow.python.framework import override_binary_operator as promotion  # noqa: E402
from tensorflow.python.ops.numpy_ops import np_dtypes  # noqa: E402

PATCHED = promotion.maybe_promote_tensors
ORIGINAL = PATCHED.original


# np2tf's direct operators (test_direct_operators.py) skip promotion for operands of one
# dtype; TensorFlow's own operators go through it.
DIRECT = {name: getattr(tf.Tensor, name) for name in
          ("__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__", "__matmul__", "__rmatmul__",
           "__truediv__", "__rtruediv__")}


@contextlib.contextmanager
def unpatched() -> Iterator[None]:
    """TensorFlow's own promotion (identity casts, a constant per use) and operators inside
    the block."""
    promotion.maybe_promote_tensors = ORIGINAL
    for name, op in DIRECT.items():
        setattr(tf.Tensor, name, op.original)
    try:
        yield
    finally:
        promotion.maybe_promote_tensors = PATCHED
        for name, op in DIRECT.items():
            setattr(tf.Tensor, name, op)


def outcome(fn: Callable[[], Any]) -> Any:
    """``fn()`` as comparable data: per tensor (dtype, shape, bytes), or the exception type."""
    try:
        out = fn()
    except Exception as e:  # noqa: BLE001 -- an error is an outcome to compare too
        return ("error", type(e).__name__)
    return tf.nest.map_structure(
        lambda t: (t.dtype.name, tuple(np.shape(t)), np.asarray(t).tobytes())
        if isinstance(t, (tf.Tensor, tf.Variable)) else t, out)


def both(fn: Callable[[], Any]) -> tuple[Any, Any]:
    """``fn``'s outcome with np2tf's promotion and with TensorFlow's.

    ``fn`` must trace afresh on each call (a new ``tf.function``): a traced function keeps
    the graph it built first."""
    got = outcome(fn)
    with unpatched():
        want = outcome(fn)
    return got, want


def ops_of(graph: Any, kind: str) -> list[Any]:
    return [op for op in graph.get_operations() if op.type == kind]


def identity_casts(graph: Any) -> list[Any]:
    return [op for op in ops_of(graph, "Cast") if op.inputs[0].dtype == op.outputs[0].dtype]


# -- (a) operators x operand kinds, eager and traced --------------------------------------------
OPERATORS = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
    "//": operator.floordiv, "%": operator.mod, "**": operator.pow, "<": operator.lt,
    "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq,
    "!=": operator.ne, "&": operator.and_, "|": operator.or_, "^": operator.xor,
}
TENSOR_DTYPES = ["bool", "int8", "uint8", "int32", "int64", "float16", "float32", "float64",
                 "complex64", "complex128"]
SCALARS = {
    "True": True, "3": 3, "-2": -2, "1.5": 1.5, "0.0": 0.0, "-0.0": -0.0, "nan": math.nan,
    "-nan": -math.nan, "2**40": 2**40, "1j": 1j, "np.float32(1.5)": np.float32(1.5),
    "np.float64(-0.0)": np.float64(-0.0), "np.int64(3)": np.int64(3), "np.bool_(True)": np.bool_(True),
    "np.uint8(7)": np.uint8(7),
}


def tensor(dtype: str) -> Any:
    if dtype == "bool":
        return tf.constant([True, False, True])
    values = [1, 2, 3] if dtype[0] in "iu" else [-2.5, 1, 3]  # int x // 0, x ** -2 fail when run
    return tf.constant(np.array(values, dtype))


def _pairs() -> list[tuple[str, str]]:
    pairs = [(a, b) for a in TENSOR_DTYPES for b in TENSOR_DTYPES]
    pairs += [(a, s) for a in TENSOR_DTYPES for s in SCALARS]
    pairs += [(s, a) for a in TENSOR_DTYPES for s in SCALARS]  # reflected: 2 - x
    return pairs


PAIRS = _pairs()


def _operand(name: str) -> Any:
    return SCALARS[name] if name in SCALARS else tensor(name)


ITEMS = [(lhs, sym, rhs) for lhs, rhs in PAIRS for sym in OPERATORS]


def _eager_outcomes() -> list[Any]:
    return [outcome(lambda lhs=lhs, sym=sym, rhs=rhs: OPERATORS[sym](_operand(lhs), _operand(rhs)))
            for lhs, sym, rhs in ITEMS]


def _fails_when_run(lhs: str, sym: str, rhs: str) -> bool:
    """Items whose kernel fails when the graph runs (so they would fail a whole batch).

    No complex FloorDiv/FloorMod kernels; integer division by the bool tensor's False or
    by 2**40 (it wraps to 0 in a narrower integer); integers to a negative power; and
    ``2**40 - uint8``: 2**40 wraps to a uint8 0 and grappler turns ``0 - x`` into a
    ``Neg``, which has no unsigned kernel. These are compared eagerly only (TensorFlow's
    promotion gives the same either way).
    """
    if (lhs, sym, rhs) == ("2**40", "-", "uint8"):
        return True
    if sym in ("//", "%"):
        return "complex" in lhs + rhs or "1j" in (lhs, rhs) or rhs in ("bool", "2**40")
    return sym == "**" and rhs == "-2" and not lhs.startswith(("float", "complex"))


def _traced_outcomes() -> list[Any]:
    """Every item in one traced function whose arguments are the tensor operands.

    One graph holds them all, so each Python scalar is used many times, with many dtypes.
    """
    tensors = [tensor(d) for d in TENSOR_DTYPES]
    trace_errors: dict[int, Any] = {}

    def build(*args: Any) -> dict[str, Any]:
        env = dict(zip(TENSOR_DTYPES, args))
        out = {}
        for k, (lhs, sym, rhs) in enumerate(ITEMS):
            if _fails_when_run(lhs, sym, rhs):
                continue
            a = env[lhs] if lhs in env else SCALARS[lhs]
            b = env[rhs] if rhs in env else SCALARS[rhs]
            try:
                out[str(k)] = OPERATORS[sym](a, b)
            except Exception as e:  # noqa: BLE001 -- an error is an outcome to compare too
                trace_errors[k] = ("error", type(e).__name__)
        return out

    results = outcome(lambda: tf.function(build, autograph=False)(*tensors))
    assert isinstance(results, dict), results  # nothing failed when run
    return [trace_errors.get(k, results.get(str(k))) for k in range(len(ITEMS))]


def _signed_zero_item(item: tuple[str, str, str]) -> bool:
    """Eagerly TensorFlow hands out its cached +0.0 for the Python float -0.0 (once 0.0 was
    converted to that dtype); np2tf keeps the sign (test_behavior's signed-zero test)."""
    return "-0.0" in (item[0], item[2])


def test_operators_match_tensorflows_promotion_eager_and_traced() -> None:
    got = _eager_outcomes()
    with unpatched():
        want = _eager_outcomes()
    assert [(item, g, w) for item, g, w in zip(ITEMS, got, want) if g != w and not _signed_zero_item(item)] == []
    assert 0.6 * len(ITEMS) < sum(g[0] != "error" for g in got) < len(ITEMS)  # mostly results

    got = _traced_outcomes()
    with unpatched():
        want = _traced_outcomes()
    assert [(item, g, w) for item, g, w in zip(ITEMS, got, want) if g != w] == []
    skipped = [item for item in ITEMS if _fails_when_run(*item)]
    assert got.count(None) == len(skipped) < len(ITEMS) // 20
    assert 0.6 * len(ITEMS) < sum(g is not None and g[0] != "error" for g in got)


def test_numpy_promotion_cases_still_match_numpy_where_documented() -> None:
    """The promotion matrix of docs/promotion.md, traced (test_behavior.py runs it eagerly)."""
    from promotion_cases import CASES, run, same

    from test_behavior import EXPECTED_DIFFERENCES

    chosen = {name: case for name, (group, case) in CASES.items()
              if group in ("array-array", "array-scalar", "true-division", "numpy scalar")}
    traced = {name: (lambda m, c=case: tf.function(lambda: c(m), autograph=False)())
              for name, case in chosen.items()}
    with unpatched():
        want = run(tf.experimental.numpy, traced)
    got = run(tf.experimental.numpy, traced)
    assert {n for n in traced if not same(want[n], got[n])} == set()
    expected = run(np, chosen)
    # traced, TensorFlow's own promotion agrees with NumPy on some cases it misses eagerly
    assert {n for n in chosen if not same(expected[n], got[n])} <= EXPECTED_DIFFERENCES


def test_float64_off_and_prefer_float32_keep_tensorflows_dtypes() -> None:
    """Both switches are process-global in TensorFlow: restore them whatever happens."""
    allow, prefer = np_dtypes.is_allow_float64(), np_dtypes.is_prefer_float32()
    x64, x32 = tensor("float64"), tensor("float32")
    cases = [lambda: x64 + x64, lambda: x64 * 2.0, lambda: 2.0 - x64, lambda: x32 + 1.5,
             lambda: x64 < x64, lambda: tensor("complex128") * tensor("complex128"),
             lambda: tensor("int32") / tensor("int32"),
             lambda: tf.function(lambda a, b: (a + b, a * 0.5, b ** 2), autograph=False)(x64, x64)]
    try:
        for allow_f64, prefer_f32 in [(False, False), (False, True), (True, True)]:
            np_dtypes.set_allow_float64(allow_f64)
            np_dtypes.set_prefer_float32(prefer_f32)
            for case in cases:
                got, want = both(case)
                assert got == want, (allow_f64, prefer_f32, got, want)
            assert outcome(lambda: x64 + x64)[0] == ("float64" if allow_f64 else "float32")
    finally:
        np_dtypes.set_allow_float64(allow)
        np_dtypes.set_prefer_float32(prefer)
    assert (x64 + x64).dtype == tf.float64


def test_variables_and_lists_as_operands() -> None:
    v32, v64 = tf.Variable([1.0, -2.0]), tf.Variable([0.5, 4.0], dtype=tf.float64)
    x = tensor("float32")[:2]
    cases = [lambda: v32 * 2.0, lambda: 2.0 - v32, lambda: x + v32, lambda: x + v64,
             lambda: v64 / x, lambda: x + [1, 2.5], lambda: x * (2, 3), lambda: v32 == x,
             lambda: tf.function(lambda: (v32 * 2.0 + 2.0 * v64, v32 - x), autograph=False)()]
    for case in cases:
        got, want = both(case)
        assert got == want


def test_auto_dtype_conversion_mode_runs_tensorflows_function() -> None:
    """Under WeakTensor (``dtype_conversion_mode="all"``) promotion is TensorFlow's untouched.

    The mode is process-global and cannot be switched back, hence a fresh process.
    """
    script = textwrap.dedent("""
        import numpy as np, tensorflow as tf
        tf.experimental.numpy.experimental_enable_numpy_behavior(dtype_conversion_mode="all")
        import importlib.util  # _behavior alone: np2tf.runtime's __init__ sets "legacy"
        spec = importlib.util.spec_from_file_location("_behavior", BEHAVIOR)
        _behavior = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(_behavior)
        from tensorflow.python.framework import override_binary_operator as promotion
        original = promotion.maybe_promote_tensors
        _behavior._install_cast_free_promotion()
        patched = promotion.maybe_promote_tensors
        assert patched.original is original
        def show(fn):
            try:
                r = fn()
            except Exception as e:
                return type(e).__name__
            return (type(r).__name__, r.dtype.name, np.asarray(r).tolist())
        x = tf.constant([1.0, 2.0], tf.float32)
        i = tf.constant([1, 2], tf.int8)
        cases = [lambda: x + 1.5, lambda: 2 - x, lambda: i * 3, lambda: i + x, lambda: x + x,
                 lambda: tf.function(lambda a: a * 2.0 + 1)(x), lambda: i // 2]
        out = []
        for case in cases:
            got = show(case)
            promotion.maybe_promote_tensors = original
            want = show(case)
            promotion.maybe_promote_tensors = patched
            out.append((got, want))
        assert all(g == w for g, w in out), out
        print("ok", out)
    """).replace("BEHAVIOR", repr(_behavior.__file__))
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.strip().startswith("ok")


# -- (b) shared constants: what must stay apart, and where nothing is shared ---------------------
def test_signed_zeros_true_one_and_nans_stay_apart() -> None:
    neg_nan = -math.nan
    assert math.copysign(1.0, neg_nan) == -1.0

    def body(x: Any, i: Any) -> Any:
        return (x * 0.0, x * -0.0, x + 1, x + True, x + 1.0, x + math.nan, x + neg_nan,
                i + 1, i + True, i * 1.0, i > 0, i > -0.0, 1 / (x * 0.0), 1 / (x * -0.0))

    x, i = tf.constant([2.0, 3.0], tf.float64), tf.constant([0, 4], tf.int32)
    f = tf.function(body, autograph=False)
    got, want = both(lambda: tf.function(body, autograph=False)(x, i))
    assert got == want
    out = f(x, i)
    assert np.signbit(out[1]).all() and not np.signbit(out[0]).any()
    assert (out[-2].numpy() == np.inf).all() and (out[-1].numpy() == -np.inf).all()
    # one float64 constant each for 0.0, -0.0, 1, True, 1.0 (x + 1 and x + 1.0 are both
    # float64 1.0, but a different key: never merged), NaNs never shared
    graph = f.get_concrete_function(x, i).graph
    values = sorted(repr(float(tf.get_static_value(op.outputs[0]))) for op in ops_of(graph, "Const")
                    if op.outputs[0].dtype == tf.float64)
    assert values.count("0.0") == 1 and values.count("-0.0") == 1 and values.count("1.0") == 3
    nans = [np.signbit(tf.get_static_value(op.outputs[0])) for op in ops_of(graph, "Const")
            if op.outputs[0].dtype == tf.float64 and np.isnan(tf.get_static_value(op.outputs[0]))]
    assert sorted(nans) == [False, True]


def test_no_control_dependency_is_shared() -> None:
    """A constant built under tf.control_dependencies carries the control input: never reused."""
    def body(x: Any) -> Any:
        a = tf.identity(x, name="a")
        with tf.control_dependencies([a]):
            y = x + 7.0
        z = x * 7.0
        with tf.control_dependencies([a]):
            w = x - 7.0
        return y, z, w

    f = tf.function(body, autograph=False)
    x = tf.constant([1.0, 2.0])
    got, want = both(lambda: tf.function(body, autograph=False)(x))
    assert got == want
    graph = f.get_concrete_function(x).graph
    mul = ops_of(graph, "Mul")[0]
    assert [c.name for c in mul.inputs[1].op.control_inputs] == []
    sub = ops_of(graph, "Sub")[0]
    assert sub.inputs[1].op is not ops_of(graph, "AddV2")[0].inputs[1].op


def test_device_scopes_get_their_own_constants() -> None:
    def body(x: Any) -> Any:
        with tf.device("/CPU:0"):
            y = x * 3.0
        return y, x * 3.0, x + 3.0

    f = tf.function(body, autograph=False)
    x = tf.constant([1.0, 2.0])
    got, want = both(lambda: tf.function(body, autograph=False)(x))
    assert got == want
    graph = f.get_concrete_function(x).graph
    consts = ops_of(graph, "Const")
    assert len(consts) == 2  # the one under tf.device, and one shared by the other two
    assert sorted(bool(op.device) for op in consts) == [False, True]


def test_cond_and_while_branches_build_their_own_constants() -> None:
    def body(x: Any, p: Any) -> Any:
        y = tf.cond(p, lambda: x * 2.0 + 2.0, lambda: x * 3.0 - 2.0)

        def step(i: Any, acc: Any) -> Any:
            return i + 1, acc * 0.5 + x * 0.5

        _, z = tf.while_loop(lambda i, acc: i < 3, step, (tf.constant(0), x * 0.5))
        return y, z, x * 0.5

    f = tf.function(body, autograph=False)
    x = tf.constant([1.0, -4.0], tf.float64)
    for p in (True, False):
        got, want = both(lambda: tf.function(body, autograph=False)(x, tf.constant(p)))
        assert got == want
    np.testing.assert_array_equal(f(x, tf.constant(True))[0], [4.0, -6.0])
    graph = f.get_concrete_function(x, tf.constant(True)).graph
    halves = [op for op in ops_of(graph, "Const") if tf.get_static_value(op.outputs[0]).tolist() == 0.5]
    assert len(halves) == 1  # x * 0.5 twice in the function's own graph
    # each branch and loop function is its own graph with its own constants (no captures of
    # the outer graph's): 2.0 once in the true branch; 3.0 and 2.0 in the false one; the
    # loop body's 0.5 once and one int32 1 for i + 1 and the loop counter.
    consts = {name.rsplit("_", 1)[0]: len(ops_of(fn.graph, "Const"))
              for name, fn in graph._functions.items()}  # noqa: SLF001
    assert consts == {"cond_true": 1, "cond_false": 2, "while_cond": 1, "while_body": 2}
    for fn in graph._functions.values():  # noqa: SLF001
        assert identity_casts(fn.graph) == []


def test_gradients_through_and_with_respect_to_constants() -> None:
    def body(x: Any) -> Any:
        with tf.GradientTape(persistent=True) as tape:
            tape.watch(x)
            c = tf.constant(3.0, tf.float64)  # the user's constant: never the shared one
            tape.watch(c)
            y = c * x + 3.0 * x + x * 3.0
            _, z = tf.while_loop(lambda i, v: i < 2, lambda i, v: (i + 1, v * 3.0), (0, x))
        return tape.gradient(y, c), tape.gradient(y, x), tape.gradient(z, x), tf.gradients(y, c)[0]

    x = tf.constant([2.0, 5.0], tf.float64)
    # d sum(y) / dc is sum(x) = 7: sharing c with the two 3.0s would make it 21
    for got, expect in zip(tf.function(body, autograph=False)(x), (7.0, [9.0, 9.0], [9.0, 9.0], 7.0)):
        np.testing.assert_array_equal(got, expect)
    got, want = both(lambda: tf.function(body, autograph=False)(x))
    assert got == want

    def eager(x: Any) -> Any:  # no identity Cast between x and the ops: same gradients
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = x * 3.0 + x * x - 2 * x / x
        return tape.gradient(y, x)

    for dtype in ("float16", "float32", "float64", "complex64", "int32"):
        got, want = both(lambda: eager(tensor(dtype)))
        assert got == want
    np.testing.assert_allclose(eager(tensor("float64")), 3.0 + 2 * tensor("float64"), rtol=1e-15)


def test_xla_compiled_functions() -> None:
    def body(x: Any, i: Any) -> Any:
        return x * 0.25 + 0.25, x[1:] - x[:-1] * -0.0, i // 2 + i % 2, 2 ** i

    f = tf.function(body, jit_compile=True, autograph=False)
    x, i = tf.constant([1.0, 2.0, 4.0]), tf.constant([3, 4, 5])
    got, want = both(lambda: tf.function(body, jit_compile=True, autograph=False)(x, i))
    assert got == want
    graph = f.get_concrete_function(x, i).graph
    assert identity_casts(graph) == []
    consts = [tf.get_static_value(op.outputs[0]) for op in ops_of(graph, "Const") if op.outputs[0].shape.rank == 0]
    assert sum(1 for v in consts if v == 0.25) == 1


def test_op_callbacks_see_every_constant() -> None:
    seen: list[str] = []

    def callback(op_type: str, inputs: Any, attrs: Any, outputs: Any, op_name: Any = None, graph: Any = None) -> Any:
        seen.append(op_type)
        return None

    op_callbacks.add_op_callback(callback)
    try:
        f = tf.function(lambda x: x * 2.5 + x * 2.5, autograph=False)
        graph = f.get_concrete_function(tf.TensorSpec([2], tf.float32)).graph
    finally:
        op_callbacks.remove_op_callback(callback)
    assert seen.count("Const") == 2 and len(ops_of(graph, "Const")) == 2
    graph = tf.function(lambda x: x * 2.5 + x * 2.5, autograph=False).get_concrete_function(
        tf.TensorSpec([2], tf.float32)).graph
    assert len(ops_of(graph, "Const")) == 1


def test_nested_functions_and_tf1_graphs() -> None:
    def functions() -> tuple[Any, Any]:
        inner = tf.function(lambda x: x * 1.5 - 1.5, autograph=False)
        return inner, tf.function(lambda x: inner(x * 1.5) * 1.5, autograph=False)

    x = tf.constant([2.0, 4.0])
    got, want = both(lambda: functions()[1](x))
    assert got == want
    inner, outer = functions()
    np.testing.assert_array_equal(outer(x), [(2.0 * 1.5 * 1.5 - 1.5) * 1.5, (4.0 * 1.5 * 1.5 - 1.5) * 1.5])
    assert len(ops_of(inner.get_concrete_function(x).graph, "Const")) == 1

    graph = tf.Graph()
    with graph.as_default():
        p = tf.compat.v1.placeholder(tf.float32, [2])
        c = tf.constant(3.0)  # feeding the user's constant changes only what reads it
        y = p * 3.0 + p * 3.0
        z = p * c
        with tf.compat.v1.Session(graph=graph) as sess:
            ys, zs = sess.run([y, z], {p: [1.0, 2.0], c: 10.0})
    np.testing.assert_array_equal(ys, [6.0, 12.0])
    np.testing.assert_array_equal(zs, [10.0, 20.0])


def test_no_graph_is_kept_alive() -> None:
    refs = []
    for _ in range(3):
        f = tf.function(lambda u: u * 2.5 + 2.5, autograph=False)
        graph = f.get_concrete_function(tf.TensorSpec([2], tf.float32)).graph
        assert len(ops_of(graph, "Const")) == 1
        refs.append(weakref.ref(graph))
        plain = tf.Graph()
        with plain.as_default():
            tf.constant([1.0]) * 2.5 + 2.5
        refs.append(weakref.ref(plain))
        del f, graph, plain
    gc.collect()
    assert [r() for r in refs] == [None] * len(refs)


# -- (c) what a traced function builds -----------------------------------------------------------
def test_traced_update_builds_no_identity_cast_and_one_constant_per_number() -> None:
    dt, dx = 0.001, 0.02

    def update(u: Any) -> Any:
        return u * 2.0 * dt / dx + u * dt

    spec = tf.TensorSpec([16], tf.float64)
    graph = tf.function(update, autograph=False).get_concrete_function(spec).graph
    with unpatched():
        before = tf.function(update, autograph=False).get_concrete_function(spec).graph
    assert identity_casts(graph) == [] and ops_of(graph, "Cast") == []
    consts = sorted(float(tf.get_static_value(op.outputs[0])) for op in ops_of(graph, "Const"))
    assert consts == sorted([2.0, dt, dx])
    # `/ dx` divides by a placeholder holding dx (Grappler would fold x / dx into x * (1 / dx)):
    # one op more than the 10 before that, and one more identity cast in TF's promotion
    assert len(identity_casts(before)) == 7 and len(ops_of(before, "Const")) == 4
    assert len(ops_of(graph, "PlaceholderWithDefault")) == 1
    assert len(graph.get_operations()) == 11 and len(before.get_operations()) == 19
    u = tf.constant(np.linspace(0.0, 1.0, 16))
    f = tf.function(update, autograph=False)
    got, want = both(lambda: tf.function(update, autograph=False)(u))
    assert got == want
    a = np.linspace(0.0, 1.0, 16)
    np.testing.assert_allclose(f(u), a * 2.0 * dt / dx + a * dt, rtol=1e-15)


def test_eager_operators_run_no_identity_cast() -> None:
    """Eagerly, the operators run one op, not a Cast per operand first."""
    ran: list[str] = []

    def callback(op_type: str, *args: Any, **kwargs: Any) -> Any:
        ran.append(op_type)
        return None

    x, y = tensor("float32"), tensor("float32")

    def operators() -> list[str]:
        ran.clear()
        op_callbacks.add_op_callback(callback)
        try:
            _ = (x + y, x * 2.0, 2.0 - x, x < y)
        finally:
            op_callbacks.remove_op_callback(callback)
        return list(ran)

    assert operators() == ["AddV2", "Mul", "Sub", "Less"]
    with unpatched():
        assert operators().count("Cast") == 6


def test_slice_bounds_are_one_constant_per_graph_and_value() -> None:
    # n2t's getitem/setitem build begin/end/stride vectors (_dispatch.int_vector): the same
    # bounds repeat across a stencil, and each used to be its own Const.
    import np2tf.runtime as n2t

    def stencil(u: Any) -> Any:
        lap = u[2:, 1:-1] + u[:-2, 1:-1] + u[1:-1, 2:] + u[1:-1, :-2] - 4.0 * u[1:-1, 1:-1]
        u = n2t.setitem(u, n2t.s_[1:-1, 1:-1], u[1:-1, 1:-1] + 0.1 * lap)
        return n2t.setitem(n2t.setitem(u, n2t.s_[0, :], 0.0), n2t.s_[-1, :], 0.0)

    spec = tf.TensorSpec([12, 12], tf.float64)
    graph = tf.function(stencil, autograph=False).get_concrete_function(spec).graph
    vectors = [tuple(tf.get_static_value(op.outputs[0]).tolist()) for op in ops_of(graph, "Const")
               if op.outputs[0].dtype in (tf.int32, tf.int64) and op.outputs[0].shape.rank == 1]
    assert vectors and len(vectors) == len(set(vectors)), vectors
    u = np.arange(144.0).reshape(12, 12)
    want = u.copy()
    lap = u[2:, 1:-1] + u[:-2, 1:-1] + u[1:-1, 2:] + u[1:-1, :-2] - 4.0 * u[1:-1, 1:-1]
    want[1:-1, 1:-1] = u[1:-1, 1:-1] + 0.1 * lap
    want[0, :] = 0.0
    want[-1, :] = 0.0
    np.testing.assert_array_equal(tf.function(stencil, autograph=False)(tf.constant(u)).numpy(), want)
