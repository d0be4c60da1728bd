"""Python float arguments keep float64 precision (no float32 detour through ``tf.cast``)."""

from __future__ import annotations

import math

import numpy as np
import pytest

pytestmark = pytest.mark.tf

n2t = pytest.importorskip("np2tf.runtime")
tnp = pytest.importorskip("tensorflow.experimental.numpy")


def _target(name: str):  # noqa: ANN202 - the callable converted code calls
    from targets import target_of

    from np2tf.ruleset import load_rules

    return target_of(load_rules().lookup(f"numpy.{name}"))


# Bounds that float32 cannot represent exactly, so a float32 detour shows up at ~1e-7.
CASES = [
    ("linspace", (0.0, 2.0 * math.pi, 40)),
    ("linspace", (0.1, 0.7, 5)),
    ("logspace", (0.1, 2.3, 7)),
    ("geomspace", (0.1, 7.3, 9)),
    ("arange", (0.1, 2.0, 0.3)),
    ("full", ((3,), 0.1)),
    ("clip", (np.linspace(0, 1, 5), 0.1, 0.7)),
    ("maximum", (np.linspace(0, 1, 5), 0.1)),
    ("exp", (0.1,)),
    ("interp", (0.123, np.array([0.0, 1.0]), np.array([0.1, 0.7]))),
]


@pytest.mark.parametrize(("name", "args"), CASES, ids=[f"{n}{i}" for i, (n, _) in enumerate(CASES)])
def test_python_floats_stay_float64(name: str, args: tuple) -> None:
    expected = getattr(np, name)(*args)
    actual = np.asarray(_target(name)(*args))
    assert actual.dtype == np.asarray(expected).dtype
    np.testing.assert_allclose(actual, expected, rtol=1e-14, atol=1e-15)
