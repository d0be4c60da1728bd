"""Differential tests: each program fixture runs under NumPy, its conversion under TensorFlow.

Programs live in ``fixtures/programs/`` and define ``main()``. The original runs with
NumPy; the converted module runs with TensorFlow (through ``np2tf.runtime``). Results
must agree in structure, shape, dtype and value. JAX's ``lax_numpy`` tests check against
NumPy the same way.
"""

from __future__ import annotations

import types
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from fixture_catalogue import FIXTURES
from np2tf.pipeline import convert_source

pytestmark = pytest.mark.tf

PROGRAMS = sorted((FIXTURES / "programs").glob("*.in.py"))


def _run(source: str, name: str) -> Any:
    module = types.ModuleType(name)
    module.__file__ = name
    exec(compile(source, name, "exec"), module.__dict__)
    return module.main()


def _leaves(value: Any, path: str = "result") -> list[tuple[str, Any]]:
    if isinstance(value, dict):
        return [leaf for key in sorted(value) for leaf in _leaves(value[key], f"{path}[{key!r}]")]
    if isinstance(value, (tuple, list)) and not (value and all(isinstance(v, (int, float, bool)) for v in value)):
        return [leaf for i, v in enumerate(value) for leaf in _leaves(v, f"{path}[{i}]")]
    return [(path, value)]


def assert_same(expected: Any, actual: Any) -> None:
    """Same structure, shapes, dtypes and (to float tolerance) values."""
    want, got = _leaves(expected), _leaves(actual)
    assert [p for p, _ in want] == [p for p, _ in got], "result structure differs"
    for (path, e), (_, a) in zip(want, got):
        e_arr, a_arr = np.asarray(e), np.asarray(a)
        assert a_arr.shape == e_arr.shape, f"{path}: shape {a_arr.shape} != NumPy's {e_arr.shape}"
        assert a_arr.dtype == e_arr.dtype, f"{path}: dtype {a_arr.dtype} != NumPy's {e_arr.dtype}"
        if e_arr.dtype.kind in "fc":
            tol = 1e-5 if e_arr.dtype.itemsize <= 4 else 1e-9
            np.testing.assert_allclose(a_arr, e_arr, rtol=tol, atol=tol, err_msg=path)
        else:
            np.testing.assert_array_equal(a_arr, e_arr, err_msg=path)


@pytest.mark.parametrize("program", PROGRAMS, ids=[p.name.removesuffix(".in.py") for p in PROGRAMS])
def test_program_matches_numpy(program: Path) -> None:
    import np2tf.runtime  # noqa: F401 - NumPy behaviour on before anything converted runs

    source = program.read_text(encoding="utf-8")
    expected = _run(source, program.name)
    converted = convert_source(source, program.name)
    assert converted.code != source, "the program should convert"
    actual = _run(converted.code, program.name.replace(".in.", ".out."))
    assert_same(expected, actual)


def test_assert_same_catches_dtype_differences() -> None:
    with pytest.raises(AssertionError, match="dtype"):
        assert_same(np.zeros(2), np.zeros(2, dtype=np.float32))
    with pytest.raises(AssertionError):
        assert_same(np.zeros(2), np.ones(2))
