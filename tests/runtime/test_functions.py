"""Shim and tnp rows for top-level functions against NumPy: each case runs the NumPy
call and the row's target with the same arguments and compares values and dtypes."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest

pytestmark = pytest.mark.tf
tf = pytest.importorskip("tensorflow")
import np2tf.runtime  # noqa: E402,F401

from tests.runtime._diff import RULES, assert_same, numpy_of, target_of  # noqa: E402

R = np.random.default_rng(0)
M = R.standard_normal((3, 4))
MN = M.copy()
MN[0, 1] = MN[2, 2] = np.nan
I = R.integers(0, 5, 10)
V = np.array([3.0, 1.0, 2.0, 1.0, 3.0, np.nan])

# name -> list of (args, kwargs). Each case is compared with NumPy.
CASES: dict[str, list[tuple[tuple[Any, ...], dict[str, Any]]]] = {
    "zeros": [((3,), {}), (((2, 0),), {"dtype": np.int32})],
    "ones": [(((2, 3),), {})], "empty": [], "full": [(((2,), 3), {}), (((2,), 1.5), {"dtype": np.float32})],
    "arange": [((5,), {}), ((0, 1, 0.25), {}), ((2, 9, 3), {"dtype": np.int32})],
    "eye": [((3,), {}), ((2, 3, 1), {})], "identity": [((3,), {})],
    "array": [(([1, 2],), {}), (([1.0, 2],), {}), (([[1, 2]],), {"ndmin": 3})],
    "asarray": [(([1, 2],), {"dtype": np.float32})],
    "zeros_like": [((M,), {})], "ones_like": [((I,), {})], "full_like": [((M, 2), {})],
    "diag": [((M,), {}), ((I[:3],), {"k": 1})], "meshgrid": [((I[:2], I[:3]), {"indexing": "ij"})],
    "tri": [((3,), {})], "tril": [((M,), {})], "triu": [((M, 1), {})],
    "indices": [(((2, 3),), {})], "tril_indices": [((3,), {}), ((3, 1, 4), {})], "triu_indices": [((3,), {})],
    "tril_indices_from": [((M,), {})], "triu_indices_from": [((M, 1), {})], "diag_indices_from": [((np.eye(3),), {})],
    "sum": [((M,), {}), ((M,), {"axis": -1, "keepdims": True}), ((I > 2,), {})],
    "mean": [((I,), {}), ((M,), {"axis": 0})], "prod": [((I[:4],), {})],
    "max": [((M,), {"axis": 1})], "min": [((M,), {})], "argmax": [((M,), {}), ((M,), {"axis": -1})],
    "argmin": [((M,), {"axis": 0})], "cumsum": [((I,), {})], "all": [((M > 0,), {"axis": 0})],
    "var": [((M,), {}), ((M,), {"ddof": 1, "axis": 0}), ((I,), {"keepdims": True}), ((M.astype(np.float32),), {"axis": -1})],
    "std": [((M,), {"ddof": 1}), ((I,), {"axis": 0})],
    "nanvar": [((MN,), {"axis": 1})], "nanstd": [((MN,), {"ddof": 1})],
    "nanmin": [((MN,), {"axis": 0})], "nanmax": [((MN,), {})], "nanargmin": [((MN,), {"axis": 1})], "nanargmax": [((MN,), {})],
    "nansum": [((MN,), {})], "nanmean": [((MN,), {"axis": 0})], "nancumsum": [((MN,), {"axis": 1})], "nancumprod": [((MN,), {})],
    "median": [((M,), {}), ((M,), {"axis": 0}), ((I,), {}), ((M,), {"axis": 1, "keepdims": True}), ((M.astype(np.float32),), {})],
    "nanmedian": [((MN,), {"axis": 1})],
    "percentile": [((M, 30), {}), ((M, [10, 90]), {"axis": 1}), ((I, 50), {"method": "lower"}), ((I, 40), {"method": "nearest"}), ((M, 25), {"method": "midpoint", "keepdims": True})],
    "quantile": [((M, 0.3), {"axis": -1}), ((M, [0.1, 0.5]), {"method": "higher"})],
    "nanpercentile": [((MN, 30), {"axis": 0})], "nanquantile": [((MN, [0.2, 0.7]), {})],
    "cumulative_sum": [((I,), {"include_initial": True})], "cumulative_prod": [((M,), {"axis": 0})],
    "bincount": [((I,), {}), ((I,), {"minlength": 9}), ((I,), {"weights": np.linspace(0, 1, 10)})],
    "histogram": [((M,), {}), ((M, 4), {"range": (-1, 1)}), ((I, [0, 1, 3, 5]), {}), ((M, 3), {"density": True})],
    "histogram_bin_edges": [((M, 5), {})],
    "digitize": [((M, [-1, 0, 1]), {}), ((M, [1, 0, -1]), {"right": True})],
    "cov": [((M,), {}), ((M,), {"rowvar": False, "ddof": 0}), ((M[0], M[1]), {})], "corrcoef": [((M,), {})],
    "average": [((M,), {"axis": 0, "weights": [1, 2, 3]})],
    "unique": [((V,), {}), ((I,), {"return_index": True, "return_inverse": True, "return_counts": True}), ((I.reshape(2, 5),), {"return_inverse": True})],
    "unique_counts": [((I,), {})], "unique_inverse": [((I.reshape(2, 5),), {})], "unique_all": [((I,), {})],
    "isin": [((I, [1, 3]), {}), ((M, M[0]), {"invert": True})],
    "intersect1d": [((I, [1, 3, 7]), {})], "union1d": [((I, [7, 1.5]), {})], "setdiff1d": [((I, [1, 3]), {})], "setxor1d": [((I, [1, 7]), {})],
    "searchsorted": [((np.sort(I), [2, 3]), {}), ((np.sort(I), M), {"side": "right"})],
    "lexsort": [(([I, I % 2],), {})], "sort_complex": [((np.array([1 + 2j, 1 - 1j, 0.5]),), {}), ((I,), {})],
    "where": [((M > 0,), {}), ((M > 0, M, 0), {})], "argwhere": [((M > 0,), {})], "flatnonzero": [((I,), {})],
    "nonzero": [((M > 0,), {})],
    "unravel_index": [((I, (2, 5)), {}), ((7, (3, 4)), {"order": "F"})],
    "ravel_multi_index": [(((np.array([0, 1]), np.array([2, 3])), (2, 4)), {}), (((np.array([5]), np.array([2])), (2, 4)), {"mode": "clip"})],
    "extract": [((M > 0, M), {})],
    "clip": [((M, None, 0.5), {}), ((M, -0.5, None), {}), ((I,), {"min": 1, "max": 3})],
    "round": [((M, 2), {}), ((np.array([1234.5, 1250.0]), -2), {}), ((np.array([0.5, 1.5, 2.5]),), {}), ((I, -1), {})],
    "around": [((M, 1), {})],
    "nan_to_num": [((np.array([np.nan, np.inf, -np.inf, 1.0]),), {}), ((np.array([np.nan, np.inf]),), {"nan": -1.0, "posinf": 9.0})],
    "concatenate": [(([M, M],), {}), (([M, M],), {"axis": None}), (([I, M[0]],), {})], "concat": [(([M, M],), {"axis": 1})],
    "array_split": [((I, 3), {}), ((M, [1, 3]), {"axis": 1})], "column_stack": [(((I[:3], M[:, 0]),), {})],
    "insert": [((I, 2, 99), {}), ((I, [1, 1, 4], [7, 8, 9]), {}), ((M, 1, [7, 8, 9]), {"axis": 1}), ((M, 0, 5.0), {"axis": 0}), ((M, [1], [[1], [2], [3]]), {"axis": 1})],
    "delete": [((I, [0, -1]), {}), ((M, 1, 1), {}), ((M, slice(0, 2), 0), {})],
    "pad": [((M, 1), {}), ((M, ((1, 2), (0, 1))), {"mode": "edge"}), ((M, 2), {"mode": "reflect"}), ((M, 1), {"mode": "symmetric"}), ((I, 3), {"mode": "wrap"}), ((M, 1), {"mode": "mean"}), ((I, 2), {"mode": "maximum"}), ((M, 1), {"constant_values": 7})],
    "block": [(([[np.eye(2), np.zeros((2, 1))], [np.ones((1, 2)), np.ones((1, 1))]],), {})],
    "resize": [((I[:3], (2, 4)), {})], "trim_zeros": [((np.array([0, 0, 1, 0, 2, 0]),), {}), ((np.array([0, 1, 0]), "f"), {})],
    "rollaxis": [((np.ones((2, 3, 4)), 2), {}), ((np.ones((2, 3, 4)), 0, 2), {})], "unstack": [((M,), {"axis": 1})],
    "astype": [((M, np.int32), {})], "choose": [((np.array([0, 1, 2, 1]), [I[:4], I[4:8], I[:4] * 10]), {})],
    "broadcast_shapes": [(((2, 1), (3,)), {})],
    "diff": [((M,), {}), ((I, 2), {}), ((M,), {"axis": 0, "prepend": 0}), ((I,), {"append": [1, 2]})],
    "ediff1d": [((I,), {"to_begin": 0, "to_end": [7, 8]})],
    "gradient": [((M[0],), {}), ((M, 2.0), {})], "interp": [((M, [-1, 0, 1], [0, 10, 5]), {}), ((M, [-1, 0, 1], [0, 10, 5]), {"left": -1, "right": 99}), ((np.array([370, -10]), [0, 90, 180, 270], [0, 1, 2, 3]), {"period": 360})],
    "convolve": [((I, [1, 2, 3]), {}), ((M[0], M[1, :3]), {"mode": "same"}), (([1, 2], I), {"mode": "valid"})],
    "correlate": [((I, [1, 2, 3]), {}), ((M[0], M[1, :3]), {"mode": "full"}), (([1, 2], I), {"mode": "same"})],
    "trapezoid": [((M,), {}), ((M, [0, 1, 3, 4]), {}), ((M,), {"dx": 0.5, "axis": 0})],
    "unwrap": [((np.array([0, 3, 6.5, 9.5, 1]),), {})],
    "vecdot": [((M, M), {}), ((M, M), {"axis": 0})], "matvec": [((M, M[0]), {})], "vecmat": [((M[0], M.T), {})],
    "array_equiv": [((M, M), {}), ((I[:2], [[I[0], I[1]], [I[0], I[1]]]), {}), ((I[:2], I[:3]), {})],
    "polyfit": [((np.arange(6.0), np.arange(6.0) ** 2 - 1, 2), {})], "polyval": [(([1, 2, 3], M), {})],
    "polyadd": [(([1, 2], [1, 2, 3]), {})], "polysub": [(([1, 2], [1, 2, 3]), {})], "polymul": [(([1, 2], [1, 2, 3]), {})],
    "polyder": [(([1, 2, 3, 4],), {}), (([1, 2, 3, 4], 2), {})], "polyint": [(([3, 2, 1],), {}), (([3, 2, 1], 2), {})],
    "poly": [(([1, 2, 3],), {})],
    "fmax": [((MN, M), {})], "fmin": [((M, MN), {})], "fmod": [((np.array([-3, 3]), 2), {}), ((M, 0.7), {})],
    "copysign": [((M, -1.0), {}), ((I, M[0, 0]), {})], "trunc": [((M,), {})], "rint": [((M * 3,), {})],
    "degrees": [((M,), {})], "radians": [((M,), {})], "ldexp": [((M, 3), {})], "frexp": [((M * 10,), {})], "modf": [((M * 3,), {})],
    "spacing": [((M,), {})], "left_shift": [((I, 2), {})], "right_shift": [((I * 8, 1), {})],
    "bitwise_count": [((I,), {})], "i0": [((M,), {})],
    "hamming": [((5,), {})], "hanning": [((6,), {})], "bartlett": [((5,), {})], "blackman": [((7,), {})], "kaiser": [((6, 3.0), {})],
    "iterable": [((I,), {}), ((3,), {})], "can_cast": [((np.int32, np.float64), {})],
    "issubdtype": [((np.float32, np.floating), {})], "isdtype": [((np.float32, "real floating"), {})],
    "common_type": [((M, I), {})], "dtype": [(("float32",), {})], "iinfo": [],
    "einsum": [(("ij,kj->ik", M, M), {"optimize": True})], "dot": [((M, M.T), {})], "outer": [((I[:3], M[0]), {})],
    "allclose": [((M, M + 1e-12), {})], "isclose": [((M, M), {})],
    "tile": [((I[:2], 2), {}), ((M, (2, 1)), {})], "reshape": [((M, (4, 3)), {})], "transpose": [((M,), {})],
    "stack": [(([M, M],), {"axis": -1})], "vstack": [(([M, M],), {})], "hstack": [(([I, I],), {})],
    "split": [((I, 2), {})], "sort": [((M,), {"axis": 0})], "argsort": [((I,), {"kind": "stable"})],
    "partition": [], "argpartition": [],
    # Manipulation rows: a negative axis, keyword forms, 0-d and empty inputs.
    "flip": [((M,), {}), ((M,), {"axis": -1}), ((M,), {"axis": (0, 1)}), ((np.zeros((0, 2)),), {"axis": 0})],
    "fliplr": [((M,), {})], "flipud": [((I,), {})],
    "roll": [((I, 2), {}), ((M, -1), {"axis": -1}), ((M, (1, 2)), {"axis": (0, 1)}), ((np.zeros(0), 1), {})],
    "take": [((M, [0, -1]), {}), ((M, [2, 0]), {"axis": -1}), ((I, [12, -13]), {"mode": "wrap"}), ((I, [99]), {"mode": "clip"}), ((M, 1), {"axis": 0})],
    "atleast_1d": [((3.0,), {}), ((I,), {}), ((1, [2, 3]), {})],
    "atleast_2d": [((3,), {}), ((I,), {}), ((np.zeros(0),), {})],
    "atleast_3d": [((3,), {}), ((I,), {}), ((M,), {})],
    "kron": [((I[:2], M[:2, :2]), {}), ((np.eye(2), np.ones((2, 3), np.float32)), {})],
    "inner": [((M, M), {}), ((I[:3], I[3:6]), {}), ((2.0, M), {})],
    "trace": [((M,), {}), ((np.arange(9, dtype=np.int8).reshape(3, 3),), {"offset": -1}), ((np.ones((2, 3, 3)),), {"axis1": 1, "axis2": -1})],
    "angle": [((np.array([1 + 1j, -1]),), {}), ((I,), {"deg": True}), ((np.float32(-2),), {})],
    "fix": [((M * 3,), {}), ((I,), {})],
    "isposinf": [((np.array([np.inf, -np.inf, 1.0]),), {}), ((I,), {})],
    "isneginf": [((np.array([np.inf, -np.inf, np.nan], np.float32),), {})],
    "linspace": [((0, 1, 5), {}), ((0, 1, 5), {"endpoint": False}), ((0, 1, 5), {"dtype": np.float32}), ((-5, 5, 4), {"dtype": np.int32}), ((np.zeros(2), np.ones(2), 3), {"axis": -1}), ((0.0, 1.0, 0), {})],
    "logspace": [((0, 2, 3), {"dtype": np.float32}), ((0, 3, 4), {"base": 2.0})],
    "geomspace": [((1, 1000, 4), {"dtype": np.int64}), ((-1, -16, 5), {}), ((1, 256, 4), {"endpoint": False})],
}


def _rows() -> list[Any]:
    out = []
    for name, cases in CASES.items():
        rule = RULES.functions["numpy." + name]
        for i, case in enumerate(cases):
            out.append(pytest.param(rule, case, id=f"{name}-{i}"))
    return out


@pytest.mark.parametrize("rule,case", _rows())
def test_matches_numpy(rule, case) -> None:  # type: ignore[no-untyped-def]
    args, kwargs = case
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = numpy_of(rule)(*args, **kwargs)
    actual = target_of(rule)(*args, **kwargs)
    if rule.numpy in ("numpy.unique_values",):
        expected = np.sort(expected)
    assert_same(expected, actual, rtol=1e-6, atol=1e-9)


def test_partition_is_a_valid_partition() -> None:
    from np2tf.runtime import argpartition, partition

    p = partition(M, 2, axis=1).numpy()
    assert_same(np.sort(M, axis=1), p)
    idx = argpartition(I, 3).numpy()
    assert_same(np.sort(I), I[idx])


def test_shims_trace_under_tf_function() -> None:
    import np2tf.runtime as n2t

    f = tf.function(lambda x: (n2t.median(x), n2t.percentile(x, 25), n2t.var(x, ddof=1), n2t.unique(x), n2t.pad(x, 1, mode="edge")))
    res = f(tf.constant(M))
    assert_same(np.median(M), res[0])
    assert_same(np.unique(M), res[3])


def test_inplace_helpers_match_numpy_writes() -> None:
    import np2tf.runtime as n2t

    for shape, args in (((3, 3), (5,)), ((5, 3), (7, True)), ((5, 3), (7,)), ((2, 2, 2), (1,)), ((3, 3), ([1, 2],))):
        want = np.zeros(shape)
        np.fill_diagonal(want, *args)
        assert_same(want, n2t.fill_diagonal(np.zeros(shape), *args))
    a = np.arange(6).reshape(2, 3)
    want = a.copy()
    np.place(want, a > 2, [44, 55])
    assert_same(want, n2t.place(a, a > 2, [44, 55]))


def test_every_case_names_a_row() -> None:
    assert all("numpy." + n in RULES.functions for n in CASES)


def test_no_key_is_written_twice() -> None:
    # A repeated key in the CASES literal silently drops the first list of cases.
    import ast
    from pathlib import Path

    for node in ast.walk(ast.parse(Path(__file__).read_text())):
        if isinstance(node, ast.Dict):
            keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
            assert len(keys) == len(set(keys)), sorted({k for k in keys if keys.count(k) > 1})


@pytest.mark.parametrize("name", ["triu", "tril"])
@pytest.mark.parametrize("k", [-1, 0, 1, 2])
@pytest.mark.parametrize("dtype", [np.float64, np.int32, np.bool_])
def test_triangles_in_graphs_with_unknown_matrix_shapes(name: str, k: int, dtype: type) -> None:
    """A graph traced with relaxed shapes (reduce_retracing) has no static matrix size;
    tnp's triangles refused to trace there, so n2t.function fell back to eager."""
    import np2tf.runtime as n2t

    data = (np.arange(24).reshape(2, 3, 4) % 5).astype(dtype)
    traced = tf.function(lambda m: getattr(n2t, name)(m, k), input_signature=[tf.TensorSpec(None, tf.as_dtype(dtype))])
    for array in (data, data[0], data[0, :, :2]):
        got = traced(tf.constant(array)).numpy()
        want = getattr(np, name)(array, k)
        assert got.dtype == want.dtype and np.array_equal(got, want), (array.shape, got, want)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_argsort_by_top_k_of_a_static_axis_is_tf_argsorts_order(dtype: Any) -> None:
    from np2tf.runtime import _sets

    rng = np.random.default_rng(3)
    for shape in [(7,), (3, 5), (4, 1), (1,), (2, 3, 4)]:
        values = rng.integers(-3, 3, size=shape).astype(dtype)  # many ties
        values[..., 0] = np.inf
        values.flat[-1] = -0.0
        key = tf.constant(values)
        for axis in {-1, len(shape) - 1, 0}:
            got = _sets._ascending_order(key, axis)
            assert np.array_equal(np.asarray(got), np.asarray(tf.argsort(key, axis=axis, stable=True)))
        with_nan = values.copy()
        with_nan.flat[0] = np.nan
        assert np.array_equal(np.asarray(np2tf.runtime.argsort(tf.constant(with_nan))),
                              np.argsort(with_nan, kind="stable"))
