"""Library functions: no call in their own module tells np2tf what their parameters hold.

Their callers are elsewhere (converted separately, so they pass tensors). A subscript write
into a value np2tf cannot tell is an array is left as written, which raises on a tensor;
evidence in the function itself (an index only arrays take: ``x[1:, 0]``, ``x[np.isnan(x)]``,
``x[x > b]``) makes it an array. Each case runs under NumPy with arrays and converted with
tensors, and must give NumPy's values and dtypes, or be reported.
"""

from __future__ import annotations

import numpy as np
import pytest

from np2tf.options import Options
from np2tf.pipeline import convert_source

pytestmark = pytest.mark.tf

SOURCE = """\
import numpy as np


def clean(x, bound):
    x = x.copy()
    x[np.isnan(x)] = 0.0
    x[x < -bound] = -bound
    return x


def fill(a, b):
    c = b.copy()
    inf_a = np.isinf(a)
    c[inf_a] = b[inf_a] - 1.0
    return c


def edges(u0):
    u = u0.copy()
    u[0, :] = 1.0
    u[1:, 0] = u[1:, 1] * 2.0
    return u
"""

ARGS = {
    "clean": lambda: (np.array([1.0, np.nan, -7.0, 3.0]), 5.0),
    "fill": lambda: (np.array([1.0, np.inf, -np.inf, 0.0]), np.array([4.0, 5.0, 6.0, 7.0])),
    "edges": lambda: (np.arange(12.0).reshape(3, 4),),
}


@pytest.mark.parametrize("name", sorted(ARGS))
def test_library_function_writes_convert_and_match_numpy(name: str) -> None:
    tf = pytest.importorskip("tensorflow")
    import np2tf.runtime  # noqa: F401 - NumPy behaviour on

    converted = convert_source(SOURCE, "lib.py", Options())
    assert not [d for d in converted.diagnostics if d.code.startswith("N2T2")], converted.diagnostics
    original: dict = {}
    exec(compile(SOURCE, "lib_numpy", "exec"), original)
    ours: dict = {}
    exec(compile(converted.code, "lib_tf", "exec"), ours)
    args = ARGS[name]()
    expected = original[name](*(a.copy() if isinstance(a, np.ndarray) else a for a in args))
    actual = np.asarray(ours[name](*(tf.constant(a) if isinstance(a, np.ndarray) else a for a in args)))
    assert actual.dtype == expected.dtype
    np.testing.assert_array_equal(actual, expected)


def test_every_write_left_unconverted_is_reported() -> None:
    """A name's writes convert together or not at all: when one cannot (a write into the
    caller's array), the others are left too, and each says so (the second was silent)."""
    source = "import numpy as np\n\ndef f(x):\n    x[0:2, 1] = 1.0\n    x = x.copy()\n    x[0:2, 0] = 2.0\n    return x\n"
    converted = convert_source(source, "lib.py", Options())
    lines = sorted(d.line for d in converted.diagnostics if d.code == "N2T200")
    assert lines == [4, 6], converted.diagnostics
    assert "x[0:2, 0] = 2.0" in converted.code
