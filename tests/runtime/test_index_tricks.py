"""``n2t.c_``, ``n2t.r_``, ``n2t.mgrid``, ``n2t.ogrid`` against NumPy's, values and dtypes."""

from __future__ import annotations

import numpy as np
import pytest

pytestmark = pytest.mark.tf

n2t = pytest.importorskip("np2tf.runtime")


def _same(expected: object, actual: object) -> None:
    e, a = np.asarray(expected), np.asarray(actual)
    assert a.shape == e.shape and a.dtype == e.dtype, (a.shape, a.dtype, e.shape, e.dtype)
    np.testing.assert_allclose(a, e)


A = np.array([1, 2, 3])
B = np.array([4.0, 5.0, 6.0])
M = np.arange(6).reshape(2, 3)


@pytest.mark.parametrize(
    "build",
    [
        lambda m: m.r_[A, B],
        lambda m: m.r_[0:5],
        lambda m: m.r_[0:1:5j],
        lambda m: m.r_[1, 2, A],
        lambda m: m.r_[-1:1:0.5, 3],
        lambda m: m.c_[A, B],
        lambda m: m.c_[M, M],
        lambda m: m.c_[A, A, A],
        lambda m: m.mgrid[0:3, 0:4],
        lambda m: m.mgrid[0:1:3j, 0:2:5j],
        lambda m: m.mgrid[0:5],
    ],
    ids=["r_arrays", "r_slice", "r_complex_step", "r_scalars", "r_float_slice", "c_vectors", "c_matrices", "c_three", "mgrid_int", "mgrid_complex", "mgrid_1d"],
)
def test_matches_numpy(build: object) -> None:
    _same(build(np), build(n2t))  # type: ignore[operator]


def test_ogrid_is_sparse_and_broadcasts() -> None:
    expected = np.ogrid[0:3, 0:4]
    actual = n2t.ogrid[0:3, 0:4]
    assert len(actual) == len(expected)
    for e, a in zip(expected, actual):
        _same(e, a)
    _same(expected[0] + expected[1], actual[0] + actual[1])


def test_string_directives_are_refused() -> None:
    with pytest.raises(NotImplementedError, match="string directives"):
        n2t.r_["0,2", A, A]
