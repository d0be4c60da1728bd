"""Differential-test helpers: run a NumPy call and its rule target, compare both."""

from __future__ import annotations

from typing import Any

import numpy as np

from targets import target_of  # noqa: F401 - re-exported for the runtime tests
from np2tf.ruleset import Rule, load_rules

RULES = load_rules()


def numpy_of(rule: Rule) -> Any:
    obj: Any = np
    for p in rule.numpy.split(".")[1:]:
        obj = getattr(obj, p)
    return obj


def to_numpy(x: Any) -> Any:
    if isinstance(x, (tuple, list)):
        return type(x)(to_numpy(v) for v in x) if not hasattr(x, "_fields") else tuple(to_numpy(v) for v in x)
    if hasattr(x, "numpy"):
        return x.numpy()
    return x


def assert_same(expected: Any, actual: Any, *, rtol: float = 1e-6, atol: float = 1e-9, check_dtype: bool = True) -> None:
    """Values (NaN-aware) and, for arrays, dtypes must match NumPy's."""
    actual = to_numpy(actual)
    if isinstance(expected, (tuple, list)):
        assert isinstance(actual, (tuple, list)), f"expected a sequence, got {type(actual)}"
        assert len(expected) == len(actual)
        for e, a in zip(expected, actual):
            assert_same(e, a, rtol=rtol, atol=atol, check_dtype=check_dtype)
        return
    e, a = np.asarray(expected), np.asarray(actual)
    assert e.shape == a.shape, f"shape {a.shape} != NumPy's {e.shape}"
    if check_dtype:
        assert e.dtype == a.dtype, f"dtype {a.dtype} != NumPy's {e.dtype}"
    if e.dtype.kind in "fc" or a.dtype.kind in "fc":
        np.testing.assert_allclose(a, e, rtol=rtol, atol=atol, equal_nan=True)
    else:
        np.testing.assert_array_equal(a, e)
