"""Element loops with independent iterations become one vectorized write (np2tf/insert/element_loops.py, N2T409).

Differential tests run ``main()`` under NumPy and converted; a loop vectorized although one
iteration depends on another (Gauss-Seidel), or a row broadcast against the index vector,
would be a silently wrong answer.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_autograph_blocks import _convert, _run_both
from test_equivalence import assert_same

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "programs" / "element_loops.in.py"
BURGERS = FIXTURE.read_text(encoding="utf-8")  # burgers(): independent element updates; smooth_in_place(): Gauss-Seidel


def test_an_independent_element_loop_becomes_one_vectorized_write(tmp_path: Path) -> None:
    expected, actual, code = _run_both(BURGERS, tmp_path)
    assert_same(expected, actual)
    assert "u = n2t.elementwise_update(u, 1, nx - 1, lambda i, un, dt, dx, nu: un[i] - un[i] * dt / dx" in code, code
    assert "(un,), (dt, dx, nu))" in code, code
    assert code.count("elementwise_update") == 1, code  # not the Gauss-Seidel sweep
    assert "jit_compile" not in code, code  # no element loop left for XLA
    _, notes = _convert(BURGERS)
    assert any(n.startswith("N2T409 element loop becomes one vectorized write per array (`u`)") for n in notes), notes


@pytest.mark.parametrize(
    ("loop", "vectorized"),
    [
        # i = 0 reads un[-1], NumPy's wrap
        ("for i in range(n):\n        u[i] = 0.5 * un[i - 1] + 0.25 * un[i]\n", True),
        # several targets: one reads another at its own element, after or before it is written
        ("for i in range(1, n - 1):\n        u[i] = un[i + 1] * 2.0\n        w[i] = u[i] + w[i] * un[i - 1]\n", True),
        # the loop variable in the expression, an elementwise call, a constant element
        ("for i in range(n):\n        u[i] = np.exp(-i * 0.1) + np.maximum(un[i], 0.5) + un[0]\n", True),
        # an empty range
        ("for i in range(5, 2):\n        u[i] = 9.0\n", True),
        # Gauss-Seidel: each iteration reads the one before
        ("for i in range(1, n - 1):\n        u[i] = 0.5 * (u[i - 1] + u[i + 1])\n", False),
        # the target read whole
        ("for i in range(n):\n        u[i] = np.sum(u) * 0.1\n", False),
        # the loop variable read after the loop
        ("for i in range(n):\n        u[i] = un[i] * 2.0\n    u = u * i\n", False),
        # a statement that is not an element write
        ("for i in range(n):\n        u[i] = un[i] * 2.0\n        w = w + 1.0\n", False),
    ],
)
def test_element_loops_vectorize_only_when_iterations_are_independent(tmp_path: Path, loop: str, vectorized: bool) -> None:
    source = f"""\
import numpy as np


def main():
    n = 12
    un = np.linspace(-1.0, 2.0, n) ** 2
    u = np.zeros(n)
    w = np.ones(n)
    {loop}    return u, w
"""
    expected, actual, code = _run_both(source, tmp_path)
    assert_same(expected, actual)
    assert ("elementwise_update" in code) == vectorized, code


def test_rows_of_two_dimensional_arrays_run_element_by_element(tmp_path: Path) -> None:
    # A[i] = B[i] * s[i]: a row times a number. Evaluated with the index vector, B[idx] * s[idx]
    # would broadcast (k, k) * (k,) across the wrong axis; the helper sees 2-D arrays and loops.
    source = """\
import numpy as np


def main():
    k = 4
    B = np.arange(16.0).reshape(k, k)
    s = np.array([1.0, 10.0, 100.0, 1000.0])
    A = np.zeros((k, k))
    for i in range(k):
        A[i] = B[i] * s[i]
    return A
"""
    expected, actual, code = _run_both(source, tmp_path)
    assert_same(expected, actual)
    assert "elementwise_update" in code, code


def test_the_vectorized_write_computes_what_the_element_loop_computes_bit_for_bit() -> None:
    tf = pytest.importorskip("tensorflow")
    import np2tf.runtime as n2t

    un = tf.constant(np.random.default_rng(0).normal(size=200))
    dt, dx, nu = 0.01, 0.03, 0.07

    def value(i, un, dt, dx, nu):
        return un[i] - un[i] * dt / dx * (un[i] - un[i - 1]) + nu * dt / dx**2 * (un[i + 1] - 2 * un[i] + un[i - 1])

    vectorized = n2t.elementwise_update(tf.zeros(200, tf.float64), 1, 199, value, (un,), (dt, dx, nu))
    looped = tf.zeros(200, tf.float64)
    for i in range(1, 199):
        looped = n2t.setitem(looped, i, value(i, un, dt, dx, nu))
    np.testing.assert_array_equal(vectorized.numpy(), looped.numpy())
    numpy_un = un.numpy()
    expected = np.zeros(200)
    for i in range(1, 199):
        expected[i] = value(i, numpy_un, dt, dx, nu)
    np.testing.assert_array_equal(vectorized.numpy(), expected)


def test_the_vectorized_write_reads_slices_when_its_bounds_are_python_ints() -> None:
    tf = pytest.importorskip("tensorflow")
    import np2tf.runtime as n2t

    un = tf.constant(np.random.default_rng(1).normal(size=50))

    def value(i, un, c):
        return un[i] + c * (un[i + 1] - 2 * un[i] + un[i - 1])

    @tf.function(autograph=False)
    def step(u, un):
        return n2t.elementwise_update(u, 1, 49, value, (un,), (0.3,))

    graph = step.get_concrete_function(un, un).graph
    types = [op.type for op in graph.get_operations()]
    assert "GatherV2" not in types and "TensorScatterUpdate" not in types, types
    expected = un.numpy().copy()
    numpy_un = un.numpy()
    for i in range(1, 49):
        expected[i] = value(i, numpy_un, 0.3)
    np.testing.assert_array_equal(step(un, un).numpy(), expected)
    # bounds given as tensors (eagerly): a tensor index and gathers, the same values
    tensor_bounds = n2t.elementwise_update(un, tf.constant(1), tf.constant(49), value, (un,), (0.3,))
    np.testing.assert_array_equal(tensor_bounds.numpy(), expected)


MAPPED = """\
import numpy as np


def ufunc(t, x, nu):
    \"\"\"An analytical solution, written for one point.\"\"\"
    e1 = np.exp(-(x - 4 * t) ** 2 / (4 * nu * (t + 1)))
    e2 = np.exp(-(x - 4 * t - 2 * np.pi) ** 2 / (4 * nu * (t + 1)))
    return -2 * nu * ((-(x - 4 * t) / (2 * nu * (t + 1)) * e1) / (e1 + e2)) + 4


def scaled(x, w):
    return x * w


def main():
    x = np.linspace(0, 2 * np.pi, 33)
    rows = np.arange(12.0).reshape(3, 4)
    u0 = np.asarray([ufunc(0.0, x0, 0.07) for x0 in x])
    u1 = np.array([ufunc(0.5, x0, 0.07) for x0 in x[::2]])
    by_row = np.asarray([scaled(r, 2.0) for r in rows])        # rows of a 2-D array: element by element
    weighted = np.asarray([scaled(x0, rows[0]) for x0 in x[:3]])  # an array argument: element by element
    return u0, u1, by_row, weighted
"""


def test_a_comprehension_of_an_elementwise_function_becomes_one_call_on_the_array(tmp_path: Path) -> None:
    expected, actual, code = _run_both(MAPPED, tmp_path)
    assert_same(expected, actual)
    assert "u0 = tnp.asarray(n2t.elementwise_map(ufunc, (0.0, None, 0.07), 1, x))" in code, code
    _, notes = _convert(MAPPED)
    assert any(n.startswith("N2T409 `[ufunc(...) for x0 in ...]` of the elementwise `ufunc` becomes one call") for n in notes), notes


@pytest.mark.parametrize(
    ("func", "call"),
    [
        ("def f(x, w):\n    return x * W0\n", "f(x0, 2.0)"),  # a global array would broadcast against the whole array
        ("def f(x, w):\n    return x * w[1]\n", "f(x0, W0)"),  # indexes an argument
        ("def f(x, w):\n    y = 0.0\n    for k in range(3):\n        y = y + x * w\n    return y\n", "f(x0, 2.0)"),  # a loop
        ("def f(x, w):\n    return float(x) * w\n", "f(x0, 2.0)"),  # a host conversion
    ],
)
def test_functions_that_are_not_elementwise_keep_the_comprehension(tmp_path: Path, func: str, call: str) -> None:
    source = f"import numpy as np\n\nW0 = np.array([1.0, 2.0, 3.0])\n\n\n{func}\n\ndef main():\n    x = np.linspace(0, 1, 3)\n    return np.asarray([{call} for x0 in x])\n"
    expected, actual, code = _run_both(source, tmp_path)
    assert_same(expected, actual)
    assert "elementwise_map" not in code, code


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    n=st.integers(1, 9),
    start=st.integers(0, 3),
    trim=st.integers(-1, 3),
    terms=st.lists(st.tuples(st.sampled_from(["un", "w"]), st.integers(-3, 3), st.sampled_from([0.5, -1.25, 2.0])), min_size=1, max_size=3),
    own=st.booleans(),
    ndim=st.sampled_from([1, 1, 2]),
)
def test_vectorized_element_loops_match_numpy_on_random_loops(tmp_path: Path, n: int, start: int, trim: int, terms: list, own: bool, ndim: int) -> None:
    # Random offsets (reads past either end: NumPy's negative wrap or IndexError), empty and
    # full ranges, 2-D arrays (element-by-element fallback), the target read at its own element.
    expr = " + ".join(f"{c} * {a}[i + {o}]" if o >= 0 else f"{c} * {a}[i - {-o}]" for a, o, c in terms)
    if own:
        expr += " + u[i] * 0.25"
    shape = f"({n},)" if ndim == 1 else f"({n}, 2)"
    source = f"""\
import numpy as np


def main():
    n = {n}
    un = np.arange(float(np.prod({shape}))).reshape({shape}) ** 1.5 + 0.5
    w = np.cos(un)
    u = np.ones({shape})
    for i in range({start}, n - {trim}):
        u[i] = {expr}
    return u
"""
    try:
        expected: Any = main_of(source)
    except IndexError:
        expected = IndexError
    import np2tf.runtime  # noqa: F401

    code, _ = _convert(source)
    assert "elementwise_update" in code, code
    if expected is IndexError:
        path = tmp_path / f"n2t_elements_{abs(hash(source)) % 10**8}.py"
        path.write_text(code, encoding="utf-8")  # AutoGraph reads source
        spec = importlib.util.spec_from_file_location(path.stem, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        with pytest.raises(Exception):  # noqa: B017 - IndexError eagerly, InvalidArgumentError in a graph
            np.asarray(module.main())
        return
    _, actual, _ = _run_both(source, tmp_path)
    assert_same(expected, actual)


def main_of(source: str) -> Any:
    namespace: dict[str, Any] = {}
    exec(compile(source, "numpy_case", "exec"), namespace)
    return namespace["main"]()


MASKED = """\
import numpy as np


def main():
    rng = np.random.RandomState(3)
    x = rng.standard_normal((6, 5))
    y = rng.standard_normal((6, 5))
    k = np.arange(30).reshape(6, 5)
    s = 2.5
    {body}
    return x, y, k
"""


@pytest.mark.parametrize(
    ("body", "select"),
    [
        # a mask read through twice, a power; `x > 0` evaluated before the write
        ("x[x > 0] = x[x > 0] ** (-1.5)", True),
        # an augmented write through a mask name; a scalar name; another array's mask read
        ("m = (x > 0) & (y < 0.5)\n    x[m] *= -s\n    y[m] = np.exp(y[m]) + x[m]", True),
        # an integer array: the float value is cast (truncated) as NumPy's assignment does
        ("k[k % 3 == 0] = k[k % 3 == 0] * 0.75", True),
        # a predicate call as the mask, a negated mask name
        ("bad = ~np.isclose(x, y, atol=0.5)\n    x[bad] = x[bad] - 1.0", True),
        # floor division could raise on an unselected zero divisor: left as a stitch
        ("k[k > 5] = k[k > 5] // 2", False),
        # an integer index array, not a mask: left as is
        ("idx = np.nonzero(x > 0)[0]\n    x[idx] = x[idx] * 2.0", False),
        # the value reads an array whole
        ("x[x > 0] = x[x > 0] + np.sum(y)", False),
    ],
)
def test_masked_writes_become_one_select_when_the_value_is_elementwise(tmp_path: Path, body: str, select: bool) -> None:
    expected, actual, code = _run_both(MASKED.format(body=body), tmp_path)
    assert_same(expected, actual)
    assert ("n2t.mask_update(" in code) == select, code


@pytest.mark.parametrize(
    "case",
    [
        # rows of a 2-D array selected by a 1-D mask: the select would broadcast, so a stitch
        "rows",
        # a 'scalar' that is an array of the selection's length: applied to the selection
        "per-element",
        # a mask that is an int array after all ((x > 0) & 3)
        "int-mask",
    ],
)
def test_mask_update_falls_back_to_the_write_as_written(case: str) -> None:
    tf = pytest.importorskip("tensorflow")
    import np2tf.runtime as n2t

    x = np.arange(12.0).reshape(3, 4) - 5.0
    if case == "rows":
        mask = np.array([True, False, True])
        expected = x.copy()
        expected[mask] = expected[mask] * 2.0
        got = n2t.mask_update(tf.constant(x), tf.constant(mask), lambda a: a * 2.0, (tf.constant(x),), ())
    elif case == "per-element":
        mask = x > 0
        vals = np.arange(float(mask.sum()))
        expected = x.copy()
        expected[mask] = expected[mask] + vals
        got = n2t.mask_update(tf.constant(x), tf.constant(mask), lambda a, v: a + v, (tf.constant(x),), (tf.constant(vals),))
    else:
        index = (x > 0).astype(np.int64) & 3
        expected = x.copy()
        expected[index] = expected[index] * 2.0
        got = n2t.mask_update(tf.constant(x), tf.constant(index), lambda a: a * 2.0, (tf.constant(x),), ())
    np.testing.assert_array_equal(np.asarray(got), expected)


def test_a_masked_write_compiles_under_xla() -> None:
    """The select has static shapes (a stitch of the selection does not)."""
    tf = pytest.importorskip("tensorflow")
    import np2tf.runtime as n2t

    x = np.linspace(-2.0, 2.0, 20)

    @tf.function(jit_compile=True)
    def f(a):
        return n2t.mask_update(a, a > 0, lambda a: a ** (-1.5), (a,), ())

    expected = x.copy()
    expected[expected > 0] = expected[expected > 0] ** (-1.5)
    np.testing.assert_array_equal(np.asarray(f(tf.constant(x))), expected)
