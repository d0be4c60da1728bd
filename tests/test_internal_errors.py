"""Code that once crashed the converter (N2T900, file left untouched) converts or is
reported with a real diagnostic. Each case was found by converting NumPy's own sources
(``np2tf check .../site-packages/numpy``: 751 files)."""

from __future__ import annotations

import libcst as cst
import pytest

from np2tf.options import Options
from np2tf.pipeline import convert_source

CASES = {
    # numpy/_core/tests/test_umath.py: `out` by position with `where=` by keyword
    # (StopIteration in ufunc_where.is_masked_ufunc_call)
    "ufunc_out_by_position": (
        "import numpy as np\n\ndef f(a, b):\n    o = np.zeros(3)\n    np.add(a, b, o, where=a > 0)\n"
        "    return np.add(a, b, np.zeros(3), where=a > 0)\n",
        {"N2T102"},
    ),
    # numpy/lib/_format_impl.py: a parameter rebound by a call in a function with `global`
    # (TypeError in parameters._self_returning)
    "rebound_parameter_next_to_global": (
        "import numpy as np\n\ncount = 0\n\ndef prep(a):\n    return a * 1.0\n\n"
        "def f(x):\n    global count\n    x = prep(x)\n    x[0] = 1.0\n    count += 1\n    return x\n\nprint(f(np.zeros(3)))\n",
        set(),
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_former_internal_errors_convert(name: str) -> None:
    source, codes = CASES[name]
    converted = convert_source(source, f"{name}.py", Options())
    found = {d.code for d in converted.diagnostics}
    assert "N2T900" not in found, converted.diagnostics
    assert codes <= found, found
    cst.parse_module(converted.code)  # output always parses
    assert converted.code != source  # converted, not left untouched
