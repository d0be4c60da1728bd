"""Values leaving TF-land: Python builtins, NumPy, json and control flow on tensors.

Converted code hands tensors to code that expected NumPy arrays and scalars. What works
(eager, and inside ``tf.function`` where the feature makes sense) is asserted below.
What cannot work, by design of tensors (each case is also asserted, so a TF change
that fixes or breaks it shows up here):

- ``hash(x)`` / ``{x: ...}``: tensors are unhashable, while NumPy scalars (``a.sum()``)
  are hashable. Use ``n2t.ndarray.item(x)`` for a key.
- ``str(x)`` / ``print(x)`` / ``repr(x)`` of eager tensors show NumPy's text (the runtime
  formats the host copy), so converted scripts print what the originals printed. ``f"{x}"``
  and format specs (``f"{x:.3f}"``, ``f"{n:5d}"``) on 0-d tensors give NumPy's text.
- Format specs on arrays with more than one element raise TypeError, as in NumPy.
- Inside ``tf.function`` no Python value exists: ``f"{x:.3f}"`` raises TypeError;
  AutoGraph turns ``float(x)``/``int(x)`` into casts that return tensors (float32 and
  int32, not float64/int64); ``n2t.ndarray.item`` and ``n2t.ndarray.tolist`` return the
  tensor itself. ``if``/``while``/``for`` on tensors work because AutoGraph turns them
  into ``tf.cond``/``tf.while_loop``.
- ``np.asarray(tensor)`` is a zero-copy, read-only view of an eager CPU tensor; writing
  into it raises ValueError (a NumPy ``np.asarray(a)`` would alias ``a`` and allow
  writes). Converted code never writes into one; ``np.array(tensor)`` copies.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest

pytestmark = pytest.mark.tf

tf = pytest.importorskip("tensorflow")

import np2tf.runtime as n2t  # noqa: E402

nd = n2t.ndarray
A = np.array([[1.0, -2.0], [3.0, 4.0]])


def test_python_scalars() -> None:
    x = tf.constant(2.75, tf.float64)
    assert float(x) == 2.75 and isinstance(float(x), float)
    assert int(tf.constant(3, tf.int64)) == 3
    assert int(x) == int(np.float64(2.75)) == 2  # truncates like NumPy scalars
    assert nd.item(x) == 2.75 and type(nd.item(x)) is float
    assert type(nd.item(tf.constant(3, tf.int32))) is int
    assert nd.item(tf.constant(A), 3) == A.item(3)
    assert nd.item(tf.constant(A), (1, 0)) == A.item((1, 0))
    with pytest.raises(ValueError):
        nd.item(tf.constant(A))  # same error as NumPy for more than one element


@pytest.mark.parametrize("spec", ["", ".3f", ">8", "e", ".1%"])
def test_format_specs_on_0d(spec: str) -> None:
    assert format(tf.constant(2.75, tf.float64), spec) == format(np.float64(2.75), spec)
    assert f"{tf.constant(7, tf.int64):5d}" == f"{np.int64(7):5d}"


def test_format_spec_on_array_raises_like_numpy() -> None:
    with pytest.raises(TypeError):
        f"{A:.2f}"  # noqa: B018 -- NumPy's own behaviour
    with pytest.raises(TypeError):
        f"{tf.constant(A):.2f}"  # noqa: B018


def test_str_and_print_show_the_values(capsys: pytest.CaptureFixture[str]) -> None:
    t = tf.constant(A)
    print(t)
    out = capsys.readouterr().out
    assert out == str(A) + "\n"  # NumPy's text, not tf.Tensor(..., shape=..., dtype=...)
    assert str(nd.tolist(t)) == str(A.tolist())


def test_tolist_and_json() -> None:
    t = tf.constant(A)
    assert nd.tolist(t) == A.tolist()
    assert json.dumps(nd.tolist(t)) == json.dumps(A.tolist())
    assert json.dumps({"n": nd.item(tf.reduce_sum(t))}) == json.dumps({"n": A.sum().item()})
    assert nd.tolist(tf.constant(2.5)) == 2.5
    with pytest.raises(TypeError):
        json.dumps(t)  # as for a NumPy array: convert first


def test_len_shape_and_iteration() -> None:
    t = tf.constant(A)
    assert len(t) == len(A) and t.shape[0] == A.shape[0]
    assert nd.shape(t) == A.shape and nd.size(t) == A.size
    rows = [r for r in t]
    assert len(rows) == 2
    for got, want in zip(rows, A):
        np.testing.assert_array_equal(got, want)
    assert [float(v) for v in t[0]] == list(A[0])
    with pytest.raises(TypeError):
        len(tf.constant(1.0))  # len() of a 0-d array raises in NumPy too


def test_np_asarray_is_a_read_only_zero_copy_view() -> None:
    t = tf.constant(A)
    view = np.asarray(t)
    np.testing.assert_array_equal(view, A)
    assert np.shares_memory(view, np.asarray(t))  # no copy per call
    assert not view.flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        view[0, 0] = 5.0
    copy = np.array(t)
    copy[0, 0] = 5.0  # np.array copies, so this is allowed and leaves t alone
    assert float(t[0, 0]) == 1.0


def test_numpy_and_plotting_style_consumers() -> None:
    """Libraries that call np.asarray (matplotlib, pandas, scipy) see the values."""
    t = tf.constant(A)
    np.testing.assert_array_equal(np.asarray(t, dtype=np.float32), A.astype(np.float32))
    xs, ys = np.asarray(t[:, 0]), np.asarray(t[:, 1])  # what plt.plot(x, y) does
    np.testing.assert_array_equal(np.stack([xs, ys], 1), A)
    assert np.array([tf.constant(1.5), tf.constant(2.5)]).tolist() == [1.5, 2.5]


def test_unhashable_unlike_numpy_scalars() -> None:
    hash(A.sum())  # NumPy scalars hash
    with pytest.raises(TypeError):
        hash(tf.reduce_sum(tf.constant(A)))
    assert {nd.item(tf.reduce_sum(tf.constant(A))): 1} == {A.sum().item(): 1}


def newton_sqrt(v: Any, tol: float = 1e-10) -> Any:
    """``while err > tol`` on array values, as NumPy code writes it."""
    x = v
    err = v
    while err > tol:
        new = 0.5 * (x + v / x)
        err = abs(new - x)
        x = new
    return x


def clip_if_negative(a: Any) -> Any:
    """``if (a < 0).any():`` with the converter's helper."""
    if nd.any(a < 0):
        a = n2t.setitem(a, a < 0, 0.0)
    return a


def row_sums(a: Any) -> Any:
    """``for row in a:`` plus ``a.shape[0]`` and ``len(a)``."""
    total = nd.sum(a[0]) * 0
    for row in a:
        total = total + nd.sum(row)
    return total / a.shape[0] + len(a)


@pytest.mark.parametrize("compiled", [False, True], ids=["eager", "tf.function"])
def test_control_flow_on_array_values(compiled: bool) -> None:
    wrap = tf.function if compiled else (lambda f: f)
    got = wrap(newton_sqrt)(tf.constant(2.0, tf.float64))
    assert abs(float(got) - np.sqrt(2.0)) < 1e-9
    np.testing.assert_array_equal(wrap(clip_if_negative)(tf.constant(A)), np.maximum(A, 0))
    np.testing.assert_array_equal(wrap(clip_if_negative)(tf.constant(-A)), np.maximum(-A, 0))
    assert float(wrap(row_sums)(tf.constant(A))) == row_sums(A)


def test_eager_truth_value_rules_match_numpy() -> None:
    assert bool(nd.any(tf.constant(A) > 3)) is bool((A > 3).any())
    assert bool(tf.constant(A)[0, 0] > 0)
    with pytest.raises(ValueError):
        bool(A > 0)
    with pytest.raises(ValueError):
        bool(tf.constant(A) > 0)  # ambiguous for more than one element, as in NumPy


def test_host_values_inside_tf_function() -> None:
    """No Python value exists while tracing: item/tolist hand back the tensor."""
    seen: dict[str, Any] = {}

    @tf.function
    def f(x: tf.Tensor) -> tf.Tensor:
        seen["item"] = nd.item(x)
        seen["tolist"] = nd.tolist(x)
        seen["float"] = float(x)  # AutoGraph turns float()/int() into a cast
        seen["int"] = int(x)
        with pytest.raises(TypeError):
            f"{x:.3f}"  # noqa: B018
        return x

    f(tf.constant(1.5))
    assert all(isinstance(v, tf.Tensor) for v in seen.values())
    assert seen["float"].dtype == tf.float32 and seen["int"].dtype == tf.int32
