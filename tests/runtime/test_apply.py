"""``np.vectorize`` and ``np.apply_along_axis`` (``n2t.vectorize``, ``n2t.apply_along_axis``):
NumPy's values, shapes and dtypes, eagerly and traced; the function runs through
tf.vectorized_map, with the map_fn (eager) / AutoGraph (graph) fallback for Python
control flow on values. apply_along_axis's plain cases are in api_cases.py."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

pytestmark = pytest.mark.tf
tf = pytest.importorskip("tensorflow")
import np2tf.runtime as n2t  # noqa: E402

from tests.runtime._diff import assert_same  # noqa: E402

R = np.random.default_rng(5)
M = R.standard_normal((3, 4))
I8 = R.integers(-4, 5, (3, 4)).astype(np.int8)


def _mul_add(x, y):  # noqa: ANN001,ANN202
    return x * y + 1


def _abs_if(x):  # noqa: ANN001,ANN202
    if x > 0:
        return x
    return -x


def _pair(x):  # noqa: ANN001,ANN202
    return x, x * 2


def _power(x, p):  # noqa: ANN001,ANN202
    return x ** p


CASES = [
    ("broadcast", lambda v: v(_mul_add), (M, M[0]), {}),
    ("int-scalar", lambda v: v(_mul_add), (I8, 2), {}),
    ("python-if", lambda v: v(_abs_if), (M,), {}),
    ("otypes", lambda v: v(_abs_if, otypes=[np.float32]), (I8,), {}),
    ("otypes-str", lambda v: v(_abs_if, otypes="f"), (M,), {}),
    ("tuple", lambda v: v(_pair), (M,), {}),
    ("excluded", lambda v: v(_power, excluded={1}), (M, 2), {}),
    ("keyword", lambda v: v(_mul_add), (M,), {"y": I8}),
    ("0-d", lambda v: v(_mul_add), (np.float64(3.0), 2.0), {}),
    ("empty-otypes", lambda v: v(_abs_if, otypes=[float]), (np.zeros((0, 2)),), {}),
]


def _check(want, got) -> None:  # noqa: ANN001
    for w, g in zip(want if isinstance(want, tuple) else (want,), got if isinstance(got, tuple) else (got,)):
        assert_same(np.asarray(w), g)


@pytest.mark.parametrize("name,make,args,kwargs", CASES, ids=[c[0] for c in CASES])
def test_vectorize(name: str, make, args, kwargs) -> None:  # noqa: ANN001
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = make(np.vectorize)(*args, **kwargs)
    vec = make(n2t.vectorize)
    _check(want, vec(*args, **kwargs))
    arrays = [i for i, a in enumerate(args) if isinstance(a, np.ndarray)]

    @tf.function(autograph=False)
    def traced(*tensors):  # noqa: ANN002,ANN202
        call = list(args)
        for i, t in zip(arrays, tensors):
            call[i] = t
        return vec(*call, **kwargs)

    _check(want, traced(*[tf.constant(args[i]) for i in arrays]))


def test_vectorize_as_decorator_and_host_function_eagerly() -> None:
    @n2t.vectorize
    def step(x):  # noqa: ANN001,ANN202
        return x + 1 if x < 0 else x * 2

    assert_same(np.vectorize(lambda x: x + 1 if x < 0 else x * 2)(M), step(M))
    # A function of host values (math.sin wants a Python float) runs eagerly, per element.
    assert_same(np.vectorize(math.sin)(M), n2t.vectorize(math.sin)(M))


def test_vectorize_signature_is_refused() -> None:
    with pytest.raises(NotImplementedError):
        n2t.vectorize(_abs_if, signature="(n)->()")


def test_apply_along_axis_runs_once_vectorised() -> None:
    """The function is traced once for all rows (vectorized_map), not called per row."""
    calls = []

    def f(r):  # noqa: ANN001,ANN202
        calls.append(1)
        return r @ r

    x = R.standard_normal((50, 8))
    assert_same(np.apply_along_axis(lambda r: r @ r, 1, x), n2t.apply_along_axis(f, 1, x))
    assert len(calls) <= 2, len(calls)


def test_apply_along_axis_rejects_empty_iteration() -> None:
    with pytest.raises(ValueError):
        np.apply_along_axis(lambda r: r @ r, 1, np.zeros((0, 3)))
    with pytest.raises(ValueError):
        n2t.apply_along_axis(lambda r: r @ r, 1, np.zeros((0, 3)))
