"""Element loops with independent iterations become one vectorized write (np2tf/insert/element_loops.py, N2T409).

Differential tests run ``main()`` under NumPy and converted; a loop vectorized although one
iteration depends on another (Gauss-Seidel), or a row broadcast against the index vector,
would be a silently wrong answer.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from test_autograph_blocks import _convert, _run_both
from test_equivalence import assert_same

BURGERS = """\
import numpy as np


def main():
    nx, nt = 41, 30
    dx = 2 * np.pi / (nx - 1)
    nu = 0.07
    dt = dx * nu
    x = np.linspace(0, 2 * np.pi, nx)
    u = 4.0 - np.sin(x) ** 2
    for n in range(nt):
        un = u.copy()
        for i in range(1, nx - 1):
            u[i] = un[i] - un[i] * dt / dx * (un[i] - un[i - 1]) + nu * dt / dx**2 * (un[i + 1] - 2 * un[i] + un[i - 1])
        u[0] = un[0] - un[0] * dt / dx * (un[0] - un[-2]) + nu * dt / dx**2 * (un[1] - 2 * un[0] + un[-2])
        u[-1] = u[0]
    return u
"""


def test_an_independent_element_loop_becomes_one_vectorized_write(tmp_path: Path) -> None:
    expected, actual, code = _run_both(BURGERS, tmp_path)
    assert_same(expected, actual)
    assert "u = n2t.elementwise_update(u, 1, nx - 1, lambda i, un, dt, dx, nu: un[i] - un[i] * dt / dx" in code, code
    assert "(un,), (dt, dx, nu))" in code, code
    assert "jit_compile" not in code, code  # no element loop left for XLA
    _, notes = _convert(BURGERS)
    assert any(n.startswith("N2T409 element loop becomes one vectorized write per array (`u`)") for n in notes), notes
    assert any(n.startswith("N2T400 `main` runs as a tf.function") or n.startswith("N2T402") for n in notes), notes


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
