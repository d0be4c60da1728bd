"""N2T106: argsort sites whose ties NumPy's default sort may order differently."""

from __future__ import annotations

from np2tf.options import Options
from np2tf.pipeline import convert_source

SOURCE = '''\
import numpy as np

v = np.array([0.5, 0.5, 0.1])
a = np.argsort(-v)
b = np.argsort(v, kind="stable")
c = (-v).argsort()
d = v.argsort(kind="mergesort")
e = np.argsort(v, stable=True)
f = np.sort(v)
'''


def test_default_kind_argsort_is_reported_and_stable_kinds_are_not() -> None:
    converted = convert_source(SOURCE, "ties.py", Options())
    lines = sorted(d.line for d in converted.diagnostics if d.code == "N2T106")
    assert lines == [4, 6]
    assert all(d.severity == "warning" for d in converted.diagnostics if d.code == "N2T106")
