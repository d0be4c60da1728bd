"""One command for the performance benchmarks: ``python benchmarks/run.py [--quick]``.

Each program in ``benchmarks/programs/`` is NumPy code with ``SIZES``, ``make(*size)``
(deterministic NumPy data, built before timing) and ``run(*args)``. For every program and
size this times, in one process: the original NumPy; the naive swap
(``import tensorflow.experimental.numpy as np``); np2tf's output with the performance
transforms off; with ``tf_function="auto"``; and with ``auto`` plus ``jit``. Outputs are
checked against NumPy before anything is timed. Results go to ``docs/benchmarks.md``.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import np2tf.runtime  # noqa: E402,F401 - NumPy behaviour on before any converted code runs
import tensorflow as tf  # noqa: E402

from np2tf.options import Options  # noqa: E402
from np2tf.pipeline import convert_source  # noqa: E402

PROGRAMS = ROOT / "benchmarks" / "programs"
VARIANTS = ["numpy", "naive", "off", "auto", "jit"]


def _import(path: Path) -> Any:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules[path.stem] = module
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def _leaves(value: Any) -> list[np.ndarray]:
    if isinstance(value, (tuple, list)):
        return [leaf for v in value for leaf in _leaves(v)]
    return [np.asarray(value)]


def _same(expected: Any, actual: Any) -> bool:
    want, got = _leaves(expected), _leaves(actual)
    return len(want) == len(got) and all(w.shape == g.shape and np.allclose(w, g, rtol=1e-6, atol=1e-8) for w, g in zip(want, got))


def _time(fn: Callable[[], Any], budget: float) -> tuple[float, float]:
    """(first call, best of the following calls) in seconds."""
    start = time.perf_counter()
    fn()
    first = time.perf_counter() - start
    best, spent, reps = float("inf"), 0.0, 0
    while (spent < budget and reps < 20) or reps < 1:
        start = time.perf_counter()
        out = fn()
        _leaves(out)  # results must be materialized, as NumPy's are
        elapsed = time.perf_counter() - start
        best, spent, reps = min(best, elapsed), spent + elapsed, reps + 1
    return first, best


def _modules(path: Path, workdir: Path) -> dict[str, Any]:
    source = path.read_text(encoding="utf-8")
    sources = {
        "numpy": source,
        "naive": source.replace("import numpy as np", "import tensorflow.experimental.numpy as np"),
        "off": convert_source(source, path.name, Options()).code,
        "auto": convert_source(source, path.name, Options(tf_function="auto")).code,
        "jit": convert_source(source, path.name, Options(tf_function="auto", jit=True)).code,
    }
    modules = {}
    for variant, text in sources.items():
        target = workdir / f"bench_{variant}_{path.stem}.py"
        target.write_text(text, encoding="utf-8")
        modules[variant] = _import(target)
    return modules


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes only, short timing (under a minute)")
    parser.add_argument("--only", help="run only programs whose name contains this")
    parser.add_argument("--output", default=str(ROOT / "docs" / "benchmarks.md"))
    args = parser.parse_args()
    sizes = ["small"] if args.quick else ["small", "large"]
    budget = 0.05 if args.quick else 0.5
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in sorted(PROGRAMS.glob("*.py")):
            if args.only and args.only not in path.stem:
                continue
            modules = _modules(path, Path(tmp))
            for size in sizes:
                data = modules["numpy"].make(*modules["numpy"].SIZES[size])
                tensors = tuple(tf.constant(a) if isinstance(a, np.ndarray) else a for a in data)
                expected = modules["numpy"].run(*data)
                row = {"program": path.stem, "size": size}
                for variant in VARIANTS:
                    call_args = data if variant in ("numpy", "naive") else tensors
                    fn = (lambda m=modules[variant], a=call_args: m.run(*a))
                    try:
                        if variant != "numpy" and not _same(expected, fn()):
                            row[variant] = "differs"
                            continue
                        row[variant] = _time(fn, budget)
                    except Exception as exc:  # noqa: BLE001 - a variant that cannot run is a result
                        row[variant] = f"fails ({type(exc).__name__})"
                rows.append(row)
                print(_format_row(row), file=sys.stderr, flush=True)
    Path(args.output).write_text(_report(rows, args.quick), encoding="utf-8")
    print(f"wrote {args.output}", file=sys.stderr)


def _cell(row: dict[str, Any], variant: str, first: bool = False) -> str:
    value, base = row[variant], row["numpy"]
    if isinstance(value, str):
        return value
    return f"{value[0 if first else 1] / base[1]:.2f}x"


def _format_row(row: dict[str, Any]) -> str:
    return f"{row['program']:<20} {row['size']:<6} numpy {row['numpy'][1] * 1e3:9.2f} ms  " + "  ".join(f"{v} {_cell(row, v)}" for v in VARIANTS[1:])


def _geomean(rows: list[dict[str, Any]], variant: str) -> str:
    ratios = [row[variant][1] / row["numpy"][1] for row in rows if not isinstance(row[variant], str)]
    return f"{np.exp(np.mean(np.log(ratios))):.2f}x ({len(ratios)}/{len(rows)} ran)" if ratios else "-"


def _report(rows: list[dict[str, Any]], quick: bool) -> str:
    machine = f"{os.cpu_count()}-core CPU ({platform.machine()}, {platform.processor() or 'unknown'}), Python {platform.python_version()}, TensorFlow {tf.__version__}, NumPy {np.__version__}"
    lines = [
        "# Benchmarks",
        "",
        "Generated by `python benchmarks/run.py" + (" --quick" if quick else "") + "`; do not edit by hand.",
        "",
        f"Machine: {machine}.",
        "",
        "Each cell is the time of one call relative to NumPy (lower is better; below 1.00x is faster",
        "than NumPy), best of repeated calls after a first call. *auto first* is the first call with",
        "transforms on, which includes tracing. *naive* swaps `import numpy as np` for",
        "`import tensorflow.experimental.numpy as np`; *off* is np2tf's output with the performance",
        "transforms off, *auto* with `tf_function=\"auto\"`, *jit* with `auto` plus `--jit` (XLA).",
        "Outputs are checked against NumPy before timing (`differs` / `fails` otherwise).",
        "",
        "| program | size | NumPy | naive | off | auto | auto first | jit |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(f"| {row['program']} | {row['size']} | {row['numpy'][1] * 1e3:.2f} ms | {_cell(row, 'naive')} | {_cell(row, 'off')} | {_cell(row, 'auto')} | {_cell(row, 'auto', True)} | {_cell(row, 'jit')} |")
    lines += ["", "Geometric means (ratio to NumPy, over the cases that ran and matched):", ""]
    for size in ("small", "large"):
        subset = [r for r in rows if r["size"] == size]
        if subset:
            lines.append(f"- {size}: naive {_geomean(subset, 'naive')}, off {_geomean(subset, 'off')}, auto {_geomean(subset, 'auto')}, jit {_geomean(subset, 'jit')}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
