"""``+``, ``-``, ``*`` and ``@`` on plain tensors call their op directly, with the same result.

``np2tf.runtime._behavior._install_direct_operators`` replaces those operators of
``tf.Tensor``; each keeps TensorFlow's as ``.original``. Every case here runs both and
compares values bit for bit, dtypes and shapes (or the exception type), eagerly and in a
graph; and checks that the direct path is the one taken (no name-scoped wrapper op).
"""

from __future__ import annotations

import operator
from typing import Any, Callable

import numpy as np
import pytest

pytestmark = pytest.mark.tf

tf = pytest.importorskip("tensorflow")

import np2tf.runtime as n2t  # noqa: E402,F401 -- importing enables numpy behaviour

DTYPES = [np.float32, np.float64, np.complex64, np.complex128, np.int8, np.int32, np.int64, np.uint8, np.uint32, np.bool_]
SCALARS = [2, -3, 0.5, 7.0, 1e300, 2**40, True, "x", None]
OPS = {"add": operator.add, "sub": operator.sub, "mul": operator.mul, "truediv": operator.truediv}


def outcome(fn: Callable[[], Any]) -> Any:
    try:
        out = fn()
    except Exception as e:  # noqa: BLE001 -- an error is an outcome to compare too
        return ("error", type(e).__name__)
    if not isinstance(out, tf.Tensor):
        return ("value", repr(out))
    return (out.dtype.name, tuple(out.shape), np.asarray(out).tobytes())


def original(name: str) -> Callable[[Any, Any], Any]:
    patched = getattr(tf.Tensor, name)
    assert getattr(patched, "original", None) is not None, name
    return patched.original


def array(dtype: Any, shape: tuple[int, ...], seed: int) -> tf.Tensor:
    values = np.asarray(np.random.default_rng(seed).random(shape) * 10)
    if np.dtype(dtype).kind == "c":
        values = values + 1j * (values[..., ::-1] if values.ndim else values)
    return tf.constant(values.astype(dtype))


@pytest.mark.parametrize("name", list(OPS))
@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
def test_binary_operators_give_tensorflows_result(name: str, dtype: Any) -> None:
    forward, reflected = original(f"__{name}__"), original(f"__r{name}__")
    for shape in [(), (3,), (4, 3)]:
        a, b = array(dtype, shape, 0), array(dtype, shape, 1)
        for other in [b, array(np.float64, shape, 2), array(np.int32, shape, 3), *SCALARS]:
            assert outcome(lambda: OPS[name](a, other)) == outcome(lambda: forward(a, other)), (shape, other)
            if not isinstance(other, str):  # "x" * a is str's repetition: Python never asks the tensor
                assert outcome(lambda: OPS[name](other, a)) == outcome(lambda: reflected(a, other)), (shape, other)


MATMUL_SHAPES = [((4, 3), (3,)), ((3,), (3, 2)), ((3,), (3,)), ((4, 3), (3, 2)), ((2, 4, 3), (3, 2)),
                 ((4, 3), (2, 3, 5)), ((4, 3), (4,)), ((3,), (2, 3)), ((), (3,))]


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.complex128, np.int32, np.int64], ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("shapes", MATMUL_SHAPES, ids=str)
def test_matmul_gives_tnp_matmuls_result(dtype: Any, shapes: tuple) -> None:
    a, b = array(dtype, shapes[0], 0), array(dtype, shapes[1], 1)
    assert outcome(lambda: a @ b) == outcome(lambda: original("__matmul__")(a, b))
    assert outcome(lambda: b.__rmatmul__(a)) == outcome(lambda: original("__rmatmul__")(b, a))
    if outcome(lambda: a @ b)[0] == "error":  # NumPy raises too (0-d operand, mismatched sizes)
        with pytest.raises(ValueError):
            np.asarray(a) @ np.asarray(b)
    else:
        np.testing.assert_allclose(np.asarray(a @ b), np.asarray(a) @ np.asarray(b), rtol=1e-5)


def test_mixed_dtypes_and_foreign_operands_keep_tensorflows_operator() -> None:
    a = tf.constant([1.0, 2.0], tf.float32)
    assert outcome(lambda: a @ tf.constant([1.0, 2.0], tf.float64)) == outcome(
        lambda: original("__matmul__")(a, tf.constant([1.0, 2.0], tf.float64)))
    assert (a + np.float64(1.5)).dtype == original("__add__")(a, np.float64(1.5)).dtype
    assert outcome(lambda: a + [1.0, 2.0]) == outcome(lambda: original("__add__")(a, [1.0, 2.0]))
    var = tf.Variable([1.0, 2.0], dtype=tf.float32)
    assert outcome(lambda: a * var) == outcome(lambda: original("__mul__")(a, var))


def test_graphs_get_the_same_values_and_the_direct_ops() -> None:
    a, b = array(np.float64, (3, 3), 0), array(np.float64, (3,), 1)

    def body(x: Any, v: Any, op: Callable[[Any, Any], Any], mm: Callable[[Any, Any], Any]) -> Any:
        return op(mm(x, v), 2.0), op(mm(v, x), v)

    direct = tf.function(lambda x, v: body(x, v, operator.add, operator.matmul))
    wrapped = tf.function(lambda x, v: body(x, v, original("__add__"), original("__matmul__")))
    for got, want in zip(direct(a, b), wrapped(a, b)):
        assert outcome(lambda: got) == outcome(lambda: want)
    graph = direct.get_concrete_function(a, b).graph
    types = [op.type for op in graph.get_operations()]
    assert "Equal" not in types and "Rank" not in types  # no tnp.matmul rank tests
    assert not any(op.name.startswith("add/") for op in graph.get_operations())  # no operator name scope
    assert types.count("MatMul") == 2


def test_gradients_flow_through_the_direct_operators() -> None:
    x = tf.constant([[1.0, 2.0], [3.0, 4.0]], tf.float64)
    v = tf.constant([0.5, -1.0], tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum((x @ v) * 3.0 - x @ v)
    np.testing.assert_array_equal(np.asarray(tape.gradient(y, x)), 2.0 * np.tile(np.asarray(v), (2, 1)))


def test_division_in_graphs_keeps_np2tfs_operator() -> None:
    # eagerly RealDiv directly; in a graph np2tf's own `/` (constants Grappler cannot fold)
    x = tf.constant([1.0, 3.0, 7.0], tf.float64)
    graph = tf.function(lambda t: t / 3.0).get_concrete_function(x).graph
    assert "PlaceholderWithDefault" in [op.type for op in graph.get_operations()]
    np.testing.assert_array_equal(np.asarray(tf.function(lambda t: t / 3.0)(x)), np.asarray(x) / 3.0)
    np.testing.assert_array_equal(np.asarray(x / 3.0), np.asarray(x) / 3.0)
    np.testing.assert_array_equal(np.asarray(3.0 / x), 3.0 / np.asarray(x))
