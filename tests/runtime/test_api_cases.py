"""Per-row differential tests: NumPy vs each converting row's target, on named cases.

Cases live in ``api_cases.py`` (one list per NumPy name). Each case is run through NumPy
and through the row's target with the same arguments (keywords renamed as the converter
renames them) and the two results must agree in values, shapes and dtypes. Reductions
are also swept over the small dtypes (int8/uint8/int16/uint16/bool/float16...), where
NumPy widens (sum of int8 -> int64, mean of ints -> float64) and TF usually does not.

``coverage()`` says where each converting row is tested by name; run
``python tests/runtime/test_api_cases.py`` for the report. A new converting row with no
named case anywhere fails ``test_every_converting_row_has_a_named_case``.
"""

from __future__ import annotations

import copy
import dataclasses
import sys
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest

if __name__ == "__main__":  # the coverage report, outside pytest
    sys.path[:0] = [str(Path(__file__).resolve().parents[2]), str(Path(__file__).resolve().parents[1])]

pytestmark = pytest.mark.tf
tf = pytest.importorskip("tensorflow")
import np2tf.runtime  # noqa: E402,F401

from tests.runtime._diff import RULES, assert_same, numpy_of, target_of, to_numpy  # noqa: E402
from tests.runtime._numpy_bugs import reduce_reference  # noqa: E402
from tests.runtime.api_cases import (  # noqa: E402
    AXIS_FORMS_XFAIL, CASES, DTYPE_SWEEP, DTYPE_SWEEP_XFAIL, METHOD_CASES, NAN_A, NAN_B, NAN_SWEEP, REDUCTION_DTYPES, REDUCTION_FORMS, REDUCTION_XFAIL, REDUCTIONS,
    SWEEP_DTYPES, Case,
)

HERE = Path(__file__).resolve().parent

# Converting rows with no named case, each with the reason. Keep it short and honest:
# anything listed here is only checked by the generic dtype audit, if at all.
ALLOW_UNCOVERED: dict[str, str] = {
    # The row's unsupported_args name NumPy's positional-only parameters, so every call is
    # left unchanged (N2T102); the target is never reached from converted code.
    # (none at present: numpy.linalg.outer / numpy.linalg.tensordot have cases anyway)
}


# ---------------------------------------------------------------------------------------
# Coverage: which converting rows have a named case, and where.
# ---------------------------------------------------------------------------------------


def _mentions(path: Path, word: str) -> bool:
    import re

    return re.search(rf"\b{re.escape(word)}\b", path.read_text()) is not None


def _is_ufunc_method(name: str) -> bool:
    """``numpy.add.reduce`` and friends: a method of a NumPy ufunc."""
    parts = name.split(".")
    return len(parts) == 3 and isinstance(getattr(np, parts[1], None), np.ufunc)


def converting_rows() -> list[Any]:
    """Function rows (not random: its own suite) and ndarray method/attribute rows that
    convert exactly or through a shim."""
    functions = [
        r for r in RULES.functions.values()
        if r.converts and r.kind == "function" and r.fidelity in ("exact", "shim")
        and not r.numpy.startswith("numpy.random")
    ]
    return functions + [r for r in RULES.methods.values() if r.converts and r.fidelity in ("exact", "shim")]


def coverage() -> dict[str, str]:
    """Converting row -> where it has named differential cases ("" when nowhere)."""
    from tests.runtime import test_functions

    # Rows with an empty list there are covered by a dedicated test (_DEDICATED).
    functions_cases = {"numpy." + k for k, v in test_functions.CASES.items() if v or "numpy." + k in _DEDICATED}
    out = {}
    for r in converting_rows():
        name, short = r.numpy, r.numpy.rsplit(".", 1)[1]
        f = numpy_of(r) if name.startswith("numpy.") else None
        if name in CASES or name in METHOD_CASES:
            where = "test_api_cases.py"
        elif name in functions_cases:
            where = "test_functions.py"
        elif isinstance(f, np.ufunc) and f.nout == 1:
            where = "test_ufuncs.py (every dtype, 0-d/empty, broadcasting, scalars)"
        elif name.startswith("numpy.linalg.") and _mentions(HERE / "test_linalg.py", short):
            where = "test_linalg.py"
        elif name.startswith("numpy.fft.") and _mentions(HERE / "test_fft.py", short):
            where = "test_fft.py"
        elif _is_ufunc_method(name) and (HERE / "test_ufunc_methods.py").exists() and _mentions(HERE / "test_ufunc_methods.py", short):
            where = "test_ufunc_methods.py (ufunc.reduce/accumulate/outer/at/reduceat rows)"
        else:
            where = ""
        out[name] = where
    return out


# Empty lists in test_functions.CASES that a dedicated test there covers.
_DEDICATED = {"numpy.empty": "uninitialised values", "numpy.partition": "test_partition_is_a_valid_partition",
              "numpy.argpartition": "test_partition_is_a_valid_partition", "numpy.iinfo": "returns NumPy's iinfo"}


def test_every_converting_row_has_a_named_case() -> None:
    missing = sorted(n for n, where in coverage().items() if not where and n not in ALLOW_UNCOVERED)
    assert not missing, f"converting rows without a named differential case (add one to api_cases.py): {missing}"


def test_allow_list_is_current() -> None:
    cov = coverage()
    stale = sorted(n for n in ALLOW_UNCOVERED if cov.get(n))
    assert not stale, f"rows in ALLOW_UNCOVERED now have cases (remove them): {stale}"


def test_no_case_key_is_written_twice() -> None:
    # A repeated key in a dict literal silently drops the first list of cases.
    import ast

    for node in ast.walk(ast.parse((HERE / "api_cases.py").read_text())):
        if isinstance(node, ast.Dict):
            keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
            assert len(keys) == len(set(keys)), sorted({k for k in keys if keys.count(k) > 1})


def test_cases_name_converting_rows() -> None:
    for name in CASES:
        rule = RULES.functions.get(name)
        assert rule is not None and rule.converts, name
    for name in METHOD_CASES:
        rule = RULES.methods.get(name.split(".", 1)[1])
        assert rule is not None and rule.converts, name


# ---------------------------------------------------------------------------------------
# The differential cases.
# ---------------------------------------------------------------------------------------


def _params() -> list[Any]:
    out = []
    for name, cases in CASES.items():
        for i, case in enumerate(cases):
            marks = [pytest.mark.xfail(reason=case.xfail_reason, strict=True)] if case.xfail_reason else []
            out.append(pytest.param(name, case, id=f"{name[6:]}-{i}-{case.describe()}"[:90], marks=marks))
    return out


def _bound_names(rule: Any, case: Case) -> set[str]:
    """The NumPy parameters a call binds, as the converter binds them (a ``*name``
    parameter takes every remaining positional argument)."""
    names = set(case.kwargs)
    params = list(rule.args or ())
    for i in range(len(case.args)):
        if i < len(params):
            names.add(params[i])
            if params[i].startswith("*"):
                break
    return names


def _call_target(rule: Any, case: Case) -> Any:
    kwargs = {rule.rename_args.get(k, k): v for k, v in case.kwargs.items()}
    return target_of(rule)(*copy.deepcopy(case.args), **kwargs)


def _is_dtype_like(x: Any) -> bool:
    return isinstance(x, np.dtype) or (isinstance(x, type) and issubclass(x, np.generic))


def compare(expected: Any, actual: Any, *, rtol: float = 1e-6, atol: float = 1e-9) -> None:
    """NumPy's result vs the target's: arrays by value/shape/dtype, dtypes by identity,
    Python scalars by value and kind (a bool stays a bool, an int an int)."""
    if _is_dtype_like(expected):
        got = actual.as_numpy_dtype if isinstance(actual, tf.DType) else actual
        assert np.dtype(got) == np.dtype(expected), f"dtype {got} != NumPy's {expected}"
        return
    if isinstance(expected, (bool, int, float, complex)) and not isinstance(expected, np.generic):
        got = to_numpy(actual)
        got_kind = np.asarray(got).dtype.kind
        want_kind = {bool: "b", int: "iu", float: "f", complex: "c"}[type(expected)]
        assert got_kind in want_kind, f"{type(got).__name__} ({got_kind}) where NumPy gives {type(expected).__name__}"
        assert np.asarray(got).shape == (), f"shape {np.asarray(got).shape} where NumPy gives a scalar"
        assert got == expected or (expected != expected and got != got), f"{got} != NumPy's {expected}"
        return
    if isinstance(expected, tuple) and not isinstance(actual, (tuple, list)) and hasattr(actual, "__len__"):
        actual = tuple(actual)  # a TensorShape or a shape tensor
    if isinstance(expected, (tuple, list)) and expected and all(isinstance(e, int) for e in expected):
        got = tuple(int(v) for v in to_numpy(actual))
        assert got == tuple(expected), f"{got} != NumPy's {tuple(expected)}"
        return
    assert_same(expected, actual, rtol=rtol, atol=atol)


@pytest.mark.parametrize("name,case", _params())
def test_case(name: str, case: Case) -> None:
    rule = RULES.functions[name]
    assert not _bound_names(rule, case) & set(rule.unsupported_args), "the case passes an unsupported argument"
    np_args = copy.deepcopy(case.args)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = numpy_of(rule)(*np_args, **case.kwargs)
        if case.mutates:
            assert expected is None
            expected = np_args[0]
        actual = _call_target(rule, case)
    if case.only_shape:
        e, a = np.asarray(expected), np.asarray(to_numpy(actual))
        assert (a.shape, a.dtype) == (e.shape, e.dtype)
        return
    compare(expected, actual, rtol=case.rtol, atol=case.atol)


@pytest.mark.parametrize("name,case", [p for p in _params() if not p.marks and not p.values[1].only_shape])
def test_case_under_tf_function(name: str, case: Case) -> None:
    """The same call traced in a graph, array arguments fed as tensors."""
    rule = RULES.functions[name]
    if name in _EAGER_ONLY:
        pytest.skip("returns a Python value or dtype: nothing to trace")
    arrays = [i for i, a in enumerate(case.args) if isinstance(a, np.ndarray) and a.dtype.kind in "biufc"]
    if not arrays:
        pytest.skip("no array argument")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        np_args = copy.deepcopy(case.args)
        expected = numpy_of(rule)(*np_args, **case.kwargs)
        if case.mutates:
            expected = np_args[0]
    kwargs = {rule.rename_args.get(k, k): v for k, v in case.kwargs.items()}
    fn = target_of(rule)

    @tf.function(autograph=False)
    def traced(*tensors: Any) -> Any:
        args = list(case.args)
        for i, t in zip(arrays, tensors):
            args[i] = t
        return fn(*args, **kwargs)

    compare(expected, traced(*[tf.constant(case.args[i]) for i in arrays]), rtol=case.rtol, atol=case.atol)


def _method_params() -> list[Any]:
    out = []
    for name, cases in METHOD_CASES.items():
        for i, case in enumerate(cases):
            marks = [pytest.mark.xfail(reason=case.xfail_reason, strict=True)] if case.xfail_reason else []
            out.append(pytest.param(name, case, id=f"{name[8:]}-{i}-{case.describe()}"[:90], marks=marks))
    return out


@pytest.mark.parametrize("name,case", _method_params())
def test_method_case(name: str, case: Case) -> None:
    attr = name.split(".", 1)[1]
    rule = RULES.methods[attr]
    assert not _bound_names(rule, dataclasses.replace(case, args=case.args[1:])) & set(rule.unsupported_args)
    receiver, args = np.array(case.args[0]), case.args[1:]
    kwargs = {rule.rename_args.get(k, k): v for k, v in case.kwargs.items()}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = getattr(receiver, attr)
        if rule.kind == "function":
            expected = expected(*args, **case.kwargs)
        if case.mutates:
            assert expected is None
            expected = receiver
        tensor = tf.constant(case.args[0])
        if rule.native:
            actual = getattr(tensor, attr)
            if rule.kind == "function":
                actual = actual(*args, **case.kwargs)
        else:
            actual = target_of(rule)(tensor, *args, **kwargs) if rule.kind == "function" else target_of(rule)(tensor)
    if attr == "dtype":
        compare(expected.type, actual)
        return
    compare(expected, actual)


# Rows whose results are Python values computed from static shapes, or which are exercised
# only eagerly (dynamic output shapes are fine in graphs, Python results are not).
_EAGER_ONLY = {
    "numpy.shape", "numpy.ndim", "numpy.isscalar", "numpy.iscomplexobj", "numpy.isrealobj",
    "numpy.result_type", "numpy.promote_types",
}


# ---------------------------------------------------------------------------------------
# Reductions over small dtypes.
# ---------------------------------------------------------------------------------------


def _sample(dtype: str, shape: tuple[int, ...], seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    if dtype == "bool":
        return rng.random(shape) > 0.4
    if dtype.startswith("float"):
        return rng.uniform(-3, 3, shape).round(2).astype(dtype)
    lo = 0 if dtype.startswith("u") else -4
    return rng.integers(lo, 5, shape).astype(dtype)


def _reduction_params() -> list[Any]:
    out = []
    for name in REDUCTIONS:
        rows = [RULES.functions.get("numpy." + name), RULES.methods.get(name)]
        for rule in rows:
            if rule is None or not rule.converts or rule.native or rule.fidelity not in ("exact", "shim"):
                continue
            for dtype in REDUCTION_DTYPES:
                out.append(pytest.param(rule, dtype, id=f"{rule.numpy}-{dtype}"))
    return out


def _numpy_reduction(rule: Any) -> Any:
    if rule.numpy.startswith("ndarray."):
        name = rule.numpy.split(".", 1)[1]
        return lambda x, *a, **k: getattr(np.asarray(x), name)(*a, **k)
    return numpy_of(rule)


def _tolerance(dtype: Any) -> float:
    return {"float16": 2e-3, "float32": 2e-6}.get(str(np.dtype(dtype)), 1e-12)


def _expected_failure(name: str, dtype: str, label: str) -> str:
    for key in ((name, dtype, label), (name, dtype, "*"), (name, "*", label), (name, "*", "*")):
        if key in REDUCTION_XFAIL:
            return REDUCTION_XFAIL[key]
    return ""


@pytest.mark.parametrize("rule,dtype", _reduction_params())
def test_reduction_dtypes(rule: Any, dtype: str) -> None:
    """Plain, negative-axis, keepdims and tuple-axis forms on 2-d, 0-d, empty and (floats)
    NaN-holding input.

    Inputs listed in ``REDUCTION_XFAIL`` must fail (the test then xfails with the reason)
    and every other input must match NumPy; an expected failure that passes is an error,
    so the list cannot go stale.
    """
    np_fn, tf_fn = _numpy_reduction(rule), target_of(rule)
    inputs = {"2d": _sample(dtype, (3, 5)), "0d": _sample(dtype, ()), "empty": _sample(dtype, (0, 3))}
    if dtype.startswith("float"):
        nan = _sample(dtype, (3, 5))
        nan[0, 1] = nan[2, 0] = nan[2, 3] = np.nan
        nan[1] = np.nan  # an all-NaN row
        inputs["nan"] = nan
    checked, xfailed, unexpected_pass = 0, [], []
    for label, x in inputs.items():
        reason = _expected_failure(rule.numpy, dtype, label)
        failed = False
        for kw in REDUCTION_FORMS:
            if "axis" in kw and x.ndim < 2:
                continue
            kw = {k: v for k, v in kw.items() if k not in rule.unsupported_args}
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    expected = np_fn(x, **kw)
                except (TypeError, ValueError, ArithmeticError, np.exceptions.AxisError):
                    continue  # NumPy rejects the form (tuple axis for cumsum, empty max...)
                tol = _tolerance(np.asarray(expected).dtype)
                if rule.numpy.endswith(("mean", "average", "var", "std")) and dtype == "float16":
                    tol = 1e-2  # NumPy's pairwise float32 summation vs TF's
                try:
                    assert_same(expected, tf_fn(tf.constant(x), **kw), rtol=tol, atol=tol)
                except Exception as e:  # noqa: BLE001 -- TF errors count as mismatches
                    if not reason:
                        raise AssertionError(f"{rule.numpy}(x{list(x.shape)}, **{kw}): {type(e).__name__}: {e}") from None
                    failed = True
            checked += 1
        if reason:
            (xfailed if failed else unexpected_pass).append(f"{label}: {reason}")
    assert not unexpected_pass, f"expected failures now pass (drop them from REDUCTION_XFAIL): {unexpected_pass}"
    if not checked:
        pytest.skip("NumPy rejects every form for this dtype")
    if xfailed:
        pytest.xfail("; ".join(xfailed))


@pytest.mark.parametrize("name", ["sum", "prod", "cumsum", "cumprod", "mean", "nansum", "var", "std"])
@pytest.mark.parametrize("dtype", ["bool", "int8", "uint8", "float16"])
def test_reduction_dtype_keyword(name: str, dtype: str) -> None:
    rule = RULES.functions["numpy." + name]
    x = _sample(dtype, (3, 5))
    for out_dtype in (np.int16, np.uint8, np.float32, np.float64):
        if name in ("mean", "var", "std") and out_dtype in (np.int16, np.uint8):
            continue  # NumPy computes int means in the int dtype: overflow-prone, untested
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = numpy_of(rule)(x, axis=-1, dtype=out_dtype)
            actual = target_of(rule)(tf.constant(x), axis=-1, dtype=out_dtype)
        tol = 1e-2 if np.asarray(expected).dtype == np.float16 else 2e-6
        assert_same(expected, actual, rtol=tol, atol=tol)


# ---------------------------------------------------------------------------------------
# Non-reduction rows over the dtypes TF kernels most often lack.
# ---------------------------------------------------------------------------------------


def _sweep_params() -> list[Any]:
    out = []
    for name in DTYPE_SWEEP:
        for dtype in SWEEP_DTYPES:
            reason = DTYPE_SWEEP_XFAIL.get((name, dtype))
            marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
            out.append(pytest.param(name, dtype, id=f"{name[6:]}-{dtype}", marks=marks))
    return out


@pytest.mark.parametrize("name,dtype", _sweep_params())
def test_dtype_sweep(name: str, dtype: str) -> None:
    rule = RULES.functions[name]
    rng = np.random.default_rng(3)
    a, b = (rng.integers(0, 3, (3, 3)).astype(dtype) for _ in range(2))
    if dtype == "complex64":
        a = a + 1j * rng.integers(0, 3, (3, 3)).astype(np.float32)
    args = DTYPE_SWEEP[name](a, b)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            expected = numpy_of(rule)(*args)
        except (TypeError, ValueError, np.exceptions.DTypePromotionError):
            pytest.skip("NumPy rejects this dtype")
        actual = target_of(rule)(*args)
    compare(expected, actual, rtol=1e-2, atol=1e-2)
    compare(expected, tf.function(lambda: target_of(rule)(*args), autograph=False)(), rtol=1e-2, atol=1e-2)


@pytest.mark.parametrize("name", sorted({*DTYPE_SWEEP, *NAN_SWEEP}))
def test_nan_inf_sweep(name: str) -> None:
    """NaN, +-inf and signed zeros: NumPy sorts NaN last, propagates it, and its float
    floor division and isclose have their own rules at infinity."""
    rule = RULES.functions[name]
    args = (NAN_SWEEP.get(name) or DTYPE_SWEEP[name])(NAN_A.copy(), NAN_B.copy())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            expected = numpy_of(rule)(*args)
        except (TypeError, ValueError):
            pytest.skip("NumPy rejects NaN/inf here")
        actual = target_of(rule)(*args)
    compare(expected, actual)


def _empty_params(kind: str = "empty") -> list[Any]:
    out = []
    for name in sorted({*DTYPE_SWEEP, *NAN_SWEEP}):
        reason = DTYPE_SWEEP_XFAIL.get((name, kind))
        marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
        out.append(pytest.param(name, marks=marks, id=name[6:]))
    return out


@pytest.mark.parametrize("name", _empty_params())
def test_empty_sweep(name: str) -> None:
    """Empty operands (shape (3, 0), so row slices are (0,)), eagerly and traced."""
    rule = RULES.functions[name]
    a, b = np.zeros((3, 0)), np.ones((3, 0))
    try:
        args = (NAN_SWEEP.get(name) or DTYPE_SWEEP[name])(a, b)
    except IndexError:
        pytest.skip("the row's arguments need elements")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            expected = numpy_of(rule)(*args)
        except (TypeError, ValueError, IndexError):
            pytest.skip("NumPy rejects empty input here")
        actual = target_of(rule)(*args)
    compare(expected, actual)


@pytest.mark.parametrize("name", _empty_params("0d"))
@pytest.mark.parametrize("dtype", ["int64", "float64"])
def test_zero_d_sweep(name: str, dtype: str) -> None:
    """0-d operands, where the row's arguments allow them."""
    rule = RULES.functions[name]
    a, b = np.array(3, dtype), np.array(2, dtype)
    try:
        args = (NAN_SWEEP.get(name) or DTYPE_SWEEP[name])(a, b)
    except IndexError:
        pytest.skip("the row's arguments index the operands")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            expected = numpy_of(rule)(*args)
        except (TypeError, ValueError, IndexError, np.exceptions.AxisError):
            pytest.skip("NumPy rejects 0-d input here")
        actual = target_of(rule)(*args)
    compare(expected, actual)


def _axis_rows() -> list[Any]:
    import inspect

    from tests.runtime import test_dtype_audit as audit

    out = []
    for p in audit._rows():
        rule = p.values[0]
        try:
            params = inspect.signature(numpy_of(rule)).parameters
        except (TypeError, ValueError):
            continue
        if "axis" in params and "axis" not in rule.unsupported_args:
            reason = AXIS_FORMS_XFAIL.get(rule.numpy)
            marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
            keepdims = "keepdims" in params and "keepdims" not in rule.unsupported_args
            out.append(pytest.param(rule, keepdims, id=rule.numpy, marks=marks))
    return out


def _left_fold(rule: Any, args: tuple[Any, ...], kw: dict[str, Any], expected: Any) -> Any:
    """For ``numpy.<ufunc>.reduce``: NumPy's own left fold where its reduce is wrong on
    this CPU (``tests/runtime/_numpy_bugs.py``); else ``expected``."""
    parts = rule.numpy.split(".")
    if len(parts) != 3 or parts[2] != "reduce" or not isinstance(getattr(np, parts[1], None), np.ufunc):
        return expected
    return reduce_reference(getattr(np, parts[1]), args[0], **kw)


@pytest.mark.parametrize("rule,keepdims", _axis_rows())
@pytest.mark.parametrize("dtype", ["float64", "int8"])
def test_axis_forms(rule: Any, keepdims: bool, dtype: str) -> None:
    """Every row with an ``axis`` parameter, on the dtype audit's inputs: negative, positive
    and None axes by keyword, with keepdims where the row takes it."""
    from tests.runtime import test_dtype_audit as audit

    args = audit._args(rule, dtype)
    if args is None:
        pytest.skip("no array arguments")
    forms: list[dict[str, Any]] = [{"axis": -1}, {"axis": 0}, {"axis": -2}, {"axis": None}]
    if keepdims:
        forms += [{"axis": -1, "keepdims": True}, {"axis": None, "keepdims": True}]
    checked = 0
    for kw in forms:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                expected = numpy_of(rule)(*args, **kw)
            except Exception:  # noqa: BLE001 -- NumPy rejects this form for these inputs
                continue
            actual = target_of(rule)(*args, **{rule.rename_args.get(k, k): v for k, v in kw.items()})
            expected = _left_fold(rule, args, kw, expected)
        leaves = expected if isinstance(expected, tuple) else (expected,)
        tol = 4e-3 if any(np.asarray(e).dtype == np.float16 for e in leaves) else 1e-6
        try:
            compare(expected, actual, rtol=tol, atol=tol)
        except AssertionError as e:
            raise AssertionError(f"{rule.numpy}(**{kw}): {e}") from None
        checked += 1
    if not checked:
        pytest.skip("NumPy rejects every axis form for these inputs")


# ---------------------------------------------------------------------------------------
# Multi-output ufuncs (frexp, modf, divmod) over every real dtype.
# ---------------------------------------------------------------------------------------

UFUNC2_DTYPES = ["bool", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64", "float16", "float32", "float64"]


@pytest.mark.parametrize("dtype", UFUNC2_DTYPES)
@pytest.mark.parametrize("name", ["numpy.frexp", "numpy.modf", "numpy.divmod"])
def test_multi_output_ufunc_dtypes(name: str, dtype: str) -> None:
    rule = RULES.functions[name]
    rng = np.random.default_rng(1)
    x = (rng.uniform(-8, 8, (2, 3)) if dtype != "bool" else rng.random((2, 3)) > 0.5).astype(dtype)
    y = rng.integers(1, 4, (3,)).astype(dtype)
    args_list = [(x, y), (x, 3), (7, y), (x, 2.5)] if name == "numpy.divmod" else [(x,), (x[0, 0],), (x[:0],)]
    for args in args_list:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                expected = numpy_of(rule)(*args)
            except (TypeError, np.exceptions.DTypePromotionError):
                continue
            actual = target_of(rule)(*args)
        tol = 1e-3 if any(np.asarray(e).dtype == np.float16 for e in expected) else 1e-7
        assert_same(expected, actual, rtol=tol, atol=tol)


def test_frexp_modf_edge_values() -> None:
    import np2tf.runtime as n2t

    for dtype in ("float16", "float32", "float64"):
        x = np.array([0.0, -0.0, 1.0, 0.5, -2.0, 3.0, np.inf, -np.inf, np.nan, 1e-3, 1024.0], dtype)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert_same(np.modf(x), n2t.modf(x), rtol=0, atol=0)
            m, e = np.frexp(x)
            am, ae = n2t.frexp(x)
            finite = np.isfinite(x)
            assert_same(m[finite], am.numpy()[finite], rtol=0, atol=0)
            assert_same(e[finite], ae.numpy()[finite])
            assert ae.dtype == tf.int32


def report() -> str:
    cov = coverage()
    lines = [f"{len(cov)} converting function and ndarray rows; {sum(1 for w in cov.values() if w)} with named cases"]
    by: dict[str, list[str]] = {}
    for name, where in sorted(cov.items()):
        by.setdefault(where or "NONE", []).append(name)
    for where, names in sorted(by.items()):
        lines.append(f"{where}: {len(names)}")
        if where in ("NONE", "test_api_cases.py"):
            lines.extend("    " + n for n in names)
    return "\n".join(lines)


if __name__ == "__main__":
    print(report())
