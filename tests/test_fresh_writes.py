"""Index writes into arrays that are certainly new objects convert (no N2T200).

Also chained writes into an array attribute (``self.u[0, :] = self.u[-1, :] = 0.0``),
which were left unconverted without a diagnostic.

Arithmetic results and arrays built from lists are fresh: nothing else refers to them, so
a write can rebind the name. These shapes came from held-out CFD and simulation code
(``benchmarks/heldout_perf``): a class's ``u_next = 2.0 * self.u - ...`` followed by
boundary writes, and ``u = np.asarray([f(x) for x in xs])`` followed by an element loop.
"""

from __future__ import annotations

import pytest
from test_alias_views import _equal, _module, _run

from np2tf.options import Options
from np2tf.pipeline import convert_source

pytestmark = pytest.mark.tf

CASES = {
    "arithmetic_of_attributes": """
        class Wave:
            def __init__(self, n):
                self.u = np.linspace(0.0, 1.0, n) ** 2
                self.u_prev = self.u.copy()

            def step(self):
                u_next = 2.0 * self.u - self.u_prev + 0.1 * np.roll(self.u, 1)
                u_next[0] = 0.0
                u_next[-1] = 0.0
                self.u_prev, self.u = self.u, u_next
        --
        w = Wave(12)
        for _ in range(5):
            w.step()
        return w.u, w.u_prev
    """,
    "asarray_of_a_comprehension": """
        def f(x):
            return x * x + 1.0
        --
        x = np.linspace(0.0, 1.0, 9)
        u = np.asarray([f(x0) for x0 in x])
        for i in range(1, 8):
            u[i] = 0.5 * (u[i - 1] + u[i + 1])
        u[0] = u[-1]
        return u, x
    """,
    "chained_attribute_writes": """
        class Grid:
            def __init__(self, n):
                self.u = np.ones((n, n))
                self.u[0, :] = self.u[-1, :] = 0.0
                self.u[:, 0] = self.u[:, -1] = 0.5
        --
        return Grid(5).u
    """,
    "negated_parameter": """
        def flip(a):
            b = -a
            b[0] = 7.0
            return b
        --
        a = np.arange(4.0)
        return flip(a), a
    """,
}


@pytest.mark.parametrize("mode", ["off", "auto"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_write_into_fresh_array(name: str, mode: str) -> None:
    import np2tf.runtime  # noqa: F401 - NumPy behaviour on

    source = _module(CASES[name])
    expected = _run(source)
    converted = convert_source(source, "case.py", Options(tf_function=mode))
    assert not [d for d in converted.diagnostics if d.code == "N2T200"], converted.diagnostics
    assert _equal(expected, _run(converted.code)), converted.code
