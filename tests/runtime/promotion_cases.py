"""The dtype-promotion case matrix shared by ``test_behavior.py`` and ``docs/promotion.md``.

Each case is a function of an array module (``numpy`` or ``tensorflow.experimental.numpy``)
that builds arrays and combines them, so the same expression runs under NumPy and under
TensorFlow with NumPy behaviour on. Running this file measures every
``dtype_conversion_mode`` x ``prefer_float32`` setting, one fresh process each (the switch is
process-global and cannot be undone), and rewrites ``docs/promotion.md``::

    python tests/runtime/promotion_cases.py
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

DTYPES = [
    "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
    "float16", "float32", "float64", "complex64", "complex128",
]
MODES = [(mode, f32) for mode in ("legacy", "safe", "all", "off") for f32 in (False, True)]

Case = Callable[[Any], Any]


def _arr(m: Any, dtype: str, values: tuple = (1, 2)) -> Any:
    if dtype == "bool":
        values = (True, False)
    return m.array(list(values), dtype=getattr(m, dtype if dtype != "bool" else "bool_"))


def _cases() -> dict[str, tuple[str, Case]]:
    """``{case id: (group, case)}``, in the order docs/promotion.md lists them."""
    cases: dict[str, tuple[str, Case]] = {}
    for a, b in itertools.combinations_with_replacement(DTYPES, 2):
        cases[f"{a} + {b}"] = ("array-array", lambda m, a=a, b=b: _arr(m, a) + _arr(m, b))
    scalars = {"int 3": 3, "float 1.5": 1.5, "bool True": True, "complex 1j": 1j}
    for dt in DTYPES:
        for label, s in scalars.items():
            cases[f"{dt} + {label}"] = ("array-scalar", lambda m, dt=dt, s=s: _arr(m, dt) + s)
    for dt in ("bool", "int8", "int16", "int32", "int64", "uint8", "float16", "float32"):
        cases[f"{dt} / {dt}"] = ("true-division", lambda m, dt=dt: _arr(m, dt) / _arr(m, dt, (2, 4)))
        cases[f"{dt} / int 2"] = ("true-division", lambda m, dt=dt: _arr(m, dt) / 2)
    cases["int64 // int 2"] = ("true-division", lambda m: _arr(m, "int64", (7, -7)) // 2)
    cases["int64 ** int 2"] = ("true-division", lambda m: _arr(m, "int64") ** 2)
    for dt in ("bool", "int8", "int32", "int64", "uint8", "float16", "float32", "float64"):
        cases[f"sum({dt})"] = ("reduction", lambda m, dt=dt: m.sum(_arr(m, dt)))
        cases[f"prod({dt})"] = ("reduction", lambda m, dt=dt: m.prod(_arr(m, dt)))
        cases[f"cumsum({dt})"] = ("reduction", lambda m, dt=dt: m.cumsum(_arr(m, dt)))
        cases[f"mean({dt})"] = ("reduction", lambda m, dt=dt: m.mean(_arr(m, dt)))
        cases[f"max({dt})"] = ("reduction", lambda m, dt=dt: m.max(_arr(m, dt)))
    cases["var(int32)"] = ("reduction", lambda m: m.var(_arr(m, "int32")))
    cases["std(float32)"] = ("reduction", lambda m: m.std(_arr(m, "float32")))
    cases["sqrt(int8)"] = ("unary", lambda m: m.sqrt(_arr(m, "int8")))
    cases["sqrt(int32)"] = ("unary", lambda m: m.sqrt(_arr(m, "int32")))
    cases["exp(int64)"] = ("unary", lambda m: m.exp(_arr(m, "int64")))
    cases["sin(float16)"] = ("unary", lambda m: m.sin(_arr(m, "float16")))
    cases["abs(int8)"] = ("unary", lambda m: m.abs(_arr(m, "int8")))
    cases["array([1, 2])"] = ("default dtype", lambda m: m.array([1, 2]))
    cases["array([1.0, 2])"] = ("default dtype", lambda m: m.array([1.0, 2]))
    cases["array([True])"] = ("default dtype", lambda m: m.array([True]))
    cases["array([1j])"] = ("default dtype", lambda m: m.array([1j]))
    cases["array(3)"] = ("default dtype", lambda m: m.array(3))
    cases["asarray(2.5)"] = ("default dtype", lambda m: m.asarray(2.5))
    cases["ones(3)"] = ("default dtype", lambda m: m.ones(3))
    cases["zeros((2, 2))"] = ("default dtype", lambda m: m.zeros((2, 2)))
    cases["full(3, 7)"] = ("default dtype", lambda m: m.full(3, 7))
    cases["full(3, 0.5)"] = ("default dtype", lambda m: m.full(3, 0.5))
    cases["eye(2)"] = ("default dtype", lambda m: m.eye(2))
    cases["arange(3)"] = ("default dtype", lambda m: m.arange(3))
    cases["arange(3.0)"] = ("default dtype", lambda m: m.arange(3.0))
    cases["arange(0, 1, 0.25)"] = ("default dtype", lambda m: m.arange(0, 1, 0.25))
    cases["linspace(0, 1, 5)"] = ("default dtype", lambda m: m.linspace(0, 1, 5))
    cases["zeros_like(int8) + 1"] = ("default dtype", lambda m: m.zeros_like(_arr(m, "int8")) + 1)
    cases["float32 + float64 scalar"] = (
        "numpy scalar", lambda m: _arr(m, "float32") + m.float64(1.5))
    cases["int8 + int64 scalar"] = ("numpy scalar", lambda m: _arr(m, "int8") + m.int64(3))
    cases["float32 * array(2.0)"] = ("numpy scalar", lambda m: _arr(m, "float32") * m.array(2.0))
    return cases


CASES = _cases()


def _helper_cases() -> dict[str, Case]:
    """Reduction cases as np2tf emits them for methods: ``x.sum()`` -> ``n2t.ndarray.sum(x)``.

    ``m`` is the array module; the helper comes from ``np2tf.runtime.ndarray`` under
    TensorFlow and is the ndarray method under NumPy, so both sides run the same call.
    """
    def method(op: str, dt: str) -> Case:
        def case(m: Any) -> Any:
            x = _arr(m, dt)
            if m.__name__ == "numpy":
                return getattr(x, op)()
            from np2tf.runtime import ndarray

            return getattr(ndarray, op)(x)

        return case

    out: dict[str, Case] = {}
    for name, (group, _) in CASES.items():
        if group == "reduction":
            op, dt = name.rstrip(")").split("(")
            out[name] = method(op, dt)
    return out


HELPER_CASES = _helper_cases()


def normalize(result: Any) -> dict[str, Any]:
    """A result as ``{"dtype": name, "values": [...]}`` (complex as ``[re, im]`` pairs)."""
    import numpy as np

    value = np.asarray(result.numpy() if hasattr(result, "numpy") else result)
    flat = value.ravel().tolist()
    if value.dtype.kind == "c":
        flat = [[c.real, c.imag] for c in flat]
    return {"dtype": value.dtype.name, "values": flat}


def run(module: Any, cases: dict[str, Case] | None = None) -> dict[str, dict[str, Any]]:
    """Run every case on ``module``; an exception becomes ``{"error": TypeName}``.

    ``cases`` defaults to :data:`CASES`; pass :data:`HELPER_CASES` for the helper forms.
    """
    import warnings

    out: dict[str, dict[str, Any]] = {}
    todo = cases if cases is not None else {k: c for k, (_, c) in CASES.items()}
    for name, case in todo.items():
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                out[name] = normalize(case(module))
        except Exception as e:  # noqa: BLE001 -- an error is a measured outcome too
            out[name] = {"error": type(e).__name__}
    return out


def same(expected: dict[str, Any], got: dict[str, Any]) -> bool:
    """Whether ``got`` matches NumPy's ``expected``: same dtype (or error) and close values."""
    import numpy as np

    if "error" in expected or "error" in got:
        return expected.get("error") == got.get("error")
    if expected["dtype"] != got["dtype"]:
        return False
    return bool(np.allclose(np.asarray(expected["values"], float),
                            np.asarray(got["values"], float), rtol=1e-3, equal_nan=True))


def _measure_mode(mode: str, prefer_float32: bool) -> dict[str, dict[str, Any]]:
    import tensorflow.experimental.numpy as tnp

    tnp.experimental_enable_numpy_behavior(prefer_float32=prefer_float32,
                                           dtype_conversion_mode=mode)
    return run(tnp)


def _measure_helpers() -> dict[str, dict[str, Any]]:
    import tensorflow.experimental.numpy as tnp

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script
    import np2tf.runtime  # noqa: F401 -- turns on the setting the runtime chose

    return run(tnp, HELPER_CASES)


def _write_doc(path: Path) -> None:
    import numpy as np

    expected = run(np)
    measured: dict[tuple[str, bool], dict[str, dict[str, Any]]] = {}
    for mode, f32 in MODES:
        proc = subprocess.run([sys.executable, __file__, "--mode", mode, str(f32)],
                              capture_output=True, text=True, check=True)
        measured[(mode, f32)] = json.loads(proc.stdout.splitlines()[-1])
    proc = subprocess.run([sys.executable, __file__, "--helpers"], capture_output=True,
                          text=True, check=True)
    helpers = json.loads(proc.stdout.splitlines()[-1])
    expected_helpers = run(np, HELPER_CASES)
    repaired = {name for name in helpers if same(expected_helpers[name], helpers[name])}
    from collections import Counter
    groups = list(dict.fromkeys(g for g, _ in CASES.values()))
    totals = {k: Counter() for k in measured}
    for name, (group, _) in CASES.items():
        for k, res in measured.items():
            totals[k][group] += same(expected[name], res[name])
    lines = [
        "# Dtype promotion: NumPy 2 (NEP 50) vs TensorFlow's NumPy behaviour",
        "",
        "<!-- Generated by tests/runtime/promotion_cases.py; do not edit by hand. -->",
        "",
        f"Measured with NumPy {np.__version__} and TensorFlow "
        f"{__import__('tensorflow').__version__}, one fresh process per setting of",
        "`tnp.experimental_enable_numpy_behavior(prefer_float32=..., dtype_conversion_mode=...)`.",
        "A case matches when the dtype is the same and the values agree (or both raise the",
        "same exception type). Binary cases use the `+`/`/` operators on tensors; reductions",
        "and creation use the `tnp` function of the same name.",
        "",
        "## Matches per group",
        "",
        "| group | cases | " + " | ".join(f"{m}{' f32' if f else ''}" for m, f in MODES) + " |",
        "| --- | --- | " + " | ".join("---" for _ in MODES) + " |",
    ]
    for g in groups + ["total"]:
        n = sum(1 for gg, _ in CASES.values() if g in (gg, "total"))
        cells = [str(sum(totals[k].values()) if g == "total" else totals[k][g]) for k in MODES]
        lines.append(f"| {g} | {n} | " + " | ".join(cells) + " |")
    def show(r: dict[str, Any]) -> str:
        return r.get("dtype") or f"raises {r['error']}"

    best = max(MODES, key=lambda k: sum(totals[k].values()))
    lines += [
        "",
        f"Best: `dtype_conversion_mode={best[0]!r}, prefer_float32={best[1]}` "
        "(np2tf.runtime._behavior uses it).",
        "",
        "## What remains with the chosen setting",
        "",
        "With it, these cases still differ from NumPy; `tests/runtime/test_behavior.py` lists",
        "them as expected differences, so the test fails if TensorFlow changes any of them.",
        "Operators on tensors cannot be repaired by a helper. Reductions written as methods",
        "(`x.cumsum()`) convert to `n2t.ndarray.<name>(x)`, measured in the next section.",
        "",
        *[f"- `{name}`: NumPy {show(expected[name])}, TF {show(measured[best][name])}"
          + (f"; **repaired** by `n2t.ndarray.{name.split('(')[0]}`" if name in repaired
             else "")
          for name in CASES if not same(expected[name], measured[best][name])],
        "",
        "## Reductions through the n2t.ndarray helpers",
        "",
        f"With the chosen setting, {len(repaired)} of {len(HELPER_CASES)} reduction cases "
        "match NumPy when written as methods, which np2tf converts to "
        "`n2t.ndarray.<name>(x)`. Function calls (`np.cumsum(x)`) follow the rule table "
        "(`rules/math.toml`), which currently targets `tnp`.",
        "",
        *[f"- `{name}`: NumPy {show(expected_helpers[name])}, helper {show(helpers[name])}"
          for name in HELPER_CASES if name not in repaired],
        "",
        "## Every case",
        "",
        "Each cell: `ok`, or the dtype TF gives where it differs from NumPy's.",
        "",
        "| case | NumPy | " + " | ".join(f"{m}{' f32' if f else ''}" for m, f in MODES) + " |",
        "| --- | --- | " + " | ".join("---" for _ in MODES) + " |",
    ]

    for name in CASES:
        exp = expected[name]
        cells = []
        for k in MODES:
            got = measured[k][name]
            if same(exp, got):
                cells.append("ok")
            elif "error" not in got and "error" not in exp and got["dtype"] == exp["dtype"]:
                cells.append("**values**")
            else:
                cells.append(f"**{show(got)}**")
        lines.append(f"| `{name}` | {show(exp)} | " + " | ".join(cells) + " |")
    path.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--mode"]:
        print(json.dumps(_measure_mode(sys.argv[2], sys.argv[3] == "True")))
    elif sys.argv[1:2] == ["--helpers"]:
        print(json.dumps(_measure_helpers()))
    else:
        _write_doc(Path(__file__).resolve().parents[2] / "docs" / "promotion.md")
