"""One command for the performance benchmarks: ``python benchmarks/run.py [--quick]``.

Each program in ``benchmarks/programs/`` is NumPy code with ``SIZES``, ``make(*size)``
(deterministic NumPy data, built before timing), ``run(*args)`` and optionally
``SLOW_LARGE`` (variants too slow to run at the large size). For every program and
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
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# *auto first* / *jit first* are a first run's first calls, compiles included: no XLA
# kernels from an earlier run (np2tf.runtime._xla_cache; docs/runtime-performance.md).
os.environ.setdefault("NP2TF_XLA_CACHE", "off")

# Imported before TensorFlow, as converted code imports it (its process settings, such as
# oneDNN's graph rewrite off, are read when TensorFlow is imported); every variant shares them.
import np2tf.runtime  # noqa: F401 - NumPy behaviour on before any converted code runs
import tensorflow as tf
from np2tf.options import Options
from np2tf.pipeline import convert_source

PROGRAMS = ROOT / "benchmarks" / "programs"
VARIANTS = ["numpy", "naive", "off", "auto", "jit"]
# Variants a program lists in ``SLOW_LARGE`` (eager per-example loops, thousands of times
# NumPy's time) are not run at the large size when the small size predicts more than this.
# The prediction (small ratio x NumPy's large time) only holds when the op count grows with
# the size, hence the opt-in.
LIMIT_SECONDS = 20.0


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


def _time(fn: Callable[[], Any], budget: float, min_reps: int, expected: Any = None) -> tuple[float, float] | str:
    """(first call, best of the following calls) in seconds, or why there is no timing.

    The first call (tracing included) is also the one whose output is checked against
    NumPy's (``expected``; ``None`` for NumPy itself), so nothing runs an extra time.
    """
    start = time.perf_counter()
    out = fn()
    _leaves(out)
    first = time.perf_counter() - start
    if expected is not None and not _same(expected, out):
        return "differs"
    best, spent, reps = float("inf"), 0.0, 0
    while (spent < budget and reps < 20) or reps < min_reps:
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
        "off": convert_source(source, path.name, Options(tf_function="off")).code,
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
    budget = 0.05 if args.quick else 1.0
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in sorted(PROGRAMS.glob("*.py")):
            if args.only and args.only not in path.stem:
                continue
            modules = _modules(path, Path(tmp))
            for size in sizes:
                data = modules["numpy"].make(*modules["numpy"].SIZES[size])
                # Every TF variant gets tensors, the naive swap included: its make() would
                # build them with tnp (given NumPy arrays, `u0.copy()` and slice writes
                # would silently run in NumPy).
                tensors = tuple(tf.constant(a) if isinstance(a, np.ndarray) else a for a in data)
                expected = modules["numpy"].run(*data)
                row: dict[str, Any] = {"program": path.stem, "size": size}
                smaller = next((r for r in rows if r["program"] == path.stem and r["size"] == "small"), None)
                for variant in VARIANTS:
                    call_args = data if variant == "numpy" else tensors
                    fn = (lambda m=modules[variant], a=call_args: m.run(*a))
                    slow = variant in getattr(modules["numpy"], "SLOW_LARGE", ()) and size != "small"
                    estimate = _estimate(smaller, variant, row.get("numpy")) if slow else 0.0
                    if estimate > LIMIT_SECONDS:
                        row[variant] = f"not run (~{estimate:.0f} s/call)"
                        continue
                    try:
                        row[variant] = _time(fn, budget, 1 if args.quick else 2, None if variant == "numpy" else expected)
                    except Exception as exc:  # noqa: BLE001 - a variant that cannot run is a result
                        row[variant] = f"fails ({type(exc).__name__})"
                rows.append(row)
                print(_format_row(row), file=sys.stderr, flush=True)
    Path(args.output).write_text(_report(rows, args.quick), encoding="utf-8")
    print(f"wrote {args.output}", file=sys.stderr)


def _estimate(small: dict[str, Any] | None, variant: str, numpy_time: Any) -> float:
    """Seconds per call of ``variant`` at this size, predicted from its ratio at the small size."""
    if small is None or isinstance(small.get(variant), str) or not isinstance(numpy_time, tuple):
        return 0.0
    return small[variant][1] / small["numpy"][1] * numpy_time[1]


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
    machine = f"{os.cpu_count()}-core CPU ({platform.machine()}, {platform.processor() or 'unknown'}), Python {platform.python_version()}, TensorFlow {tf.__version__}, NumPy {np.__version__}; 1-minute load average {os.getloadavg()[0]:.1f} at the end of the run (other work on the machine slows multi-threaded NumPy/BLAS most)"
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
        "Outputs are checked against NumPy on the first call (`differs` / `fails` otherwise). Every",
        "TF variant, the naive swap included, is called with tensors. Eager per-example loops",
        f"predicted (from the small size) to take more than {LIMIT_SECONDS:.0f} s per call at the large size are `not run`.",
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
            for variant in ("auto", "jit"):
                fast = [r["program"] for r in subset if not isinstance(r[variant], str) and r[variant][1] <= r["numpy"][1]]
                lines.append(f"  - {variant} at least as fast as NumPy: {len(fast)}/{len(subset)} ({', '.join(fast) or 'none'})")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
