"""Per-call cost of n2t runtime helpers next to NumPy and the plain TF op, in one run.

Run ``python benchmarks/runtime_ops.py [--baseline REF] [--number N]``. Every row times
NumPy's operation, the n2t helper (eager) and, where one exists, the plain ``tnp``/``tf``
op the helper wraps (for index writes: the single update op with its arguments ready), one right after the other in the same process, so the ratios are
comparable even on a noisy machine. ``--baseline REF`` also loads the runtime modules
this benchmark exercises (``_indexing``, ``ndarray``, ``_ndarray_shape``, ``_dispatch``)
as they were at git revision ``REF`` and times them in the same run: that gives the
before/after columns in ``docs/runtime-performance.md``.

Each figure is the best of five repeats of ``N`` calls, in microseconds per call.
"""

from __future__ import annotations

import argparse
import operator
import os
import subprocess
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import tensorflow.experimental.numpy as tnp  # noqa: E402

import np2tf.runtime as n2t  # noqa: E402

# The baseline modules, in import order (each may import the ones before it).
_BASELINE_MODULES = ["_dispatch", "_ndarray_shape", "ndarray", "_indexing"]


def load_baseline(ref: str) -> dict[str, types.ModuleType]:
    """The runtime modules as of git ``ref``, loaded side by side with today's.

    They are registered under their real names while loading (so their imports of each
    other resolve to the old versions), then the current modules are put back.
    """
    saved = {name: sys.modules[f"np2tf.runtime.{name}"] for name in _BASELINE_MODULES}
    loaded: dict[str, types.ModuleType] = {}
    try:
        for name in _BASELINE_MODULES:
            src = subprocess.run(
                ["git", "show", f"{ref}:np2tf/runtime/{name}.py"], cwd=ROOT, check=True,
                capture_output=True, text=True).stdout
            full = f"np2tf.runtime.{name}"
            mod = types.ModuleType(full)
            mod.__file__ = f"<{ref}>/{name}.py"
            sys.modules[full] = mod
            exec(compile(src, mod.__file__, "exec"), mod.__dict__)  # noqa: S102
            loaded[name] = mod
    finally:
        sys.modules.update({f"np2tf.runtime.{k}": v for k, v in saved.items()})
    return loaded


def best_us(fn: Callable[..., Any], number: int, *args: Any) -> float:
    """Best of five repeats of ``number`` calls of ``fn(*args)``, in µs per call."""
    for _ in range(3):
        fn(*args)  # warm up: first calls build kernels and caches
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(number):
            fn(*args)
        best = min(best, (time.perf_counter() - start) / number)
    return best * 1e6


def _setitem_np(a: np.ndarray, idx: Any, v: Any) -> np.ndarray:
    # What the NumPy program does: an in-place write (no copy).
    a[idx] = v
    return a


def setitem_cases() -> list[tuple[str, np.ndarray, Any, Any]]:
    """(label, array, index, value) for the index kinds converted code writes with."""
    vec = np.linspace(0.0, 1.0, 101)
    mat = np.arange(64 * 64, dtype=np.float64).reshape(64, 64)
    return [
        ("vec[1:-1] = tensor", vec, slice(1, -1), vec[1:-1] * 2),
        ("vec[25:50] = 1.0", vec, slice(25, 50), 1.0),
        ("vec[3] = 2.0", vec, 3, 2.0),
        ("vec[::-2] = 0.0", vec, slice(None, None, -2), 0.0),
        ("mat[3] = row", mat, 3, mat[5]),
        ("mat[:, 0] = 0.0", mat, (slice(None), 0), 0.0),
        ("mat[1:-1, 1:-1] = block", mat, (slice(1, -1), slice(1, -1)), mat[2:, 2:]),
        ("mat[..., None, 0] = col", mat, (Ellipsis, None, 0), mat[:, :1]),
        ("mat[mat > 99] = 0.0", mat, mat > 99, 0.0),
        ("vec[vec > .5] = values", vec, vec > 0.5, np.arange(50.0)),
        ("vec[[1, 5, 7]] = 3.0", vec, [1, 5, 7], 3.0),
    ]


def _tf_value(v: Any) -> Any:
    return tf.constant(v) if isinstance(v, np.ndarray) else v


def _tf_index(idx: Any) -> Any:
    if isinstance(idx, tuple):
        return tuple(_tf_index(i) for i in idx)
    return tf.constant(idx) if isinstance(idx, np.ndarray) else idx


Row = tuple[str, float, float, float | None, float | None]


def _plain_update_us(x: tf.Tensor, idx: Any, v: Any, number: int) -> float | None:
    """The floor for a basic-index write: the one update op, bounds and value prepared."""
    from np2tf.runtime import _indexing, _indexing_basic

    plan = _indexing_basic.basic_plan(x.shape, idx)
    if plan is None:
        return None
    begin, end, strides = _indexing_basic.bounds(plan)
    val = _indexing._fit(_indexing._value(v, x.dtype), plan.shape, None)
    return best_us(lambda: tf.raw_ops.TensorStridedSliceUpdate(
        input=x, begin=begin, end=end, strides=strides, value=val, **plan.masks), number)


def bench_setitem(number: int, base: dict[str, types.ModuleType]) -> list[Row]:
    """NumPy's in-place write vs ``n2t.setitem`` (and the baseline's) for each kind."""
    rows: list[Row] = []
    for label, arr, idx, v in setitem_cases():
        a_np = arr.copy()
        a_tf, i_tf, v_tf = tf.constant(arr), _tf_index(idx), _tf_value(v)
        np.testing.assert_array_equal(n2t.setitem(a_tf, i_tf, v_tf), _setitem_np(a_np, idx, v))
        t_np = best_us(_setitem_np, number * 20, a_np, idx, v)
        t_new = best_us(n2t.setitem, number, a_tf, i_tf, v_tf)
        t_old = None
        if "_indexing" in base:
            old = base["_indexing"].setitem
            t_old = best_us(old, number, a_tf, i_tf, v_tf)
        rows.append((label, t_np, t_new, _plain_update_us(a_tf, i_tf, v_tf, number), t_old))
    return rows


def ndarray_cases() -> list[tuple[str, Callable[..., Any], Callable[..., Any] | None, str,
                                  tuple[Any, ...]]]:
    """(label, NumPy call, plain tnp/tf call, helper name, extra args) per helper."""
    return [
        ("sum()", lambda a: a.sum(), tnp.sum, "sum", ()),
        ("sum(axis=0)", lambda a: a.sum(axis=0), lambda a: tnp.sum(a, axis=0), "sum", (0,)),
        ("mean()", lambda a: a.mean(), tnp.mean, "mean", ()),
        ("max()", lambda a: a.max(), tnp.max, "max", ()),
        ("std()", lambda a: a.std(), tnp.std, "std", ()),
        ("any()", lambda a: a.any(), tnp.any, "any", ()),
        ("astype(float32)", lambda a: a.astype(np.float32),
         lambda a: tf.cast(a, tf.float32), "astype", (np.float32,)),
        ("copy()", lambda a: a.copy(), tf.identity, "copy", ()),
        ("reshape(-1)", lambda a: a.reshape(-1), lambda a: tf.reshape(a, [-1]), "reshape", (-1,)),
        ("T", lambda a: a.T, tnp.transpose, "T", ()),
        ("shape", lambda a: a.shape, lambda a: a.shape, "shape", ()),
        ("argmax()", lambda a: a.argmax(), tnp.argmax, "argmax", ()),
        ("item() of 0-d", None, None, "item", ()),
        ("tolist()", lambda a: a.tolist(), lambda a: a.numpy().tolist(), "tolist", ()),
    ]


def bench_getitem(number: int) -> list[Row]:
    """``x[basic index]``: NumPy vs the runtime's fast path vs TF's NumPy-style getitem."""
    numpy_style = getattr(tf.Tensor.__getitem__, "numpy_style", tf.Tensor.__getitem__)
    mat = np.arange(64 * 64, dtype=np.float64).reshape(64, 64)
    vec = np.linspace(0.0, 1.0, 101)
    rows: list[Row] = []
    for label, arr, key in [("vec[1:-1]", vec, slice(1, -1)), ("vec[2:]", vec, slice(2, None)),
                                                ("mat[3]", mat, 3),
                            ("mat[:, ::-2]", mat, (slice(None), slice(None, None, -2))),
                            ("mat[1:-1, 0]", mat, (slice(1, -1), 0))]:
        t = tf.constant(arr)
        t_np = best_us(operator.getitem, number * 20, arr, key)
        t_new = best_us(operator.getitem, number, t, key)
        t_tf = best_us(numpy_style, number, t, key)
        rows.append((label, t_np, t_new, t_tf, None))
    return rows


def bench_ndarray(number: int, base: dict[str, types.ModuleType]) -> list[Row]:
    """NumPy's method vs ``n2t.ndarray.<name>`` vs the plain op (and the baseline's)."""
    mat = np.arange(64 * 64, dtype=np.float64).reshape(64, 64) / 7.0
    a_tf = tf.constant(mat)
    rows: list[Row] = []
    for label, np_call, tf_call, name, args in ndarray_cases():
        x_np, x_tf = mat, a_tf
        if name == "item":
            x_np, x_tf = np.float64(2.5), tf.constant(2.5, tf.float64)
            np_call, tf_call = (lambda a: a.item()), (lambda a: a.numpy().item())
        helper = getattr(n2t.ndarray, name)
        t_np = best_us(np_call, number * 20, x_np)
        t_new = best_us(helper, number, x_tf, *args)
        t_plain = best_us(tf_call, number, x_tf) if tf_call is not None else None
        t_old = None
        if "ndarray" in base:
            old = getattr(base["ndarray"], name)
            t_old = best_us(old, number, x_tf, *args)
        rows.append((label, t_np, t_new, t_plain, t_old))
    return rows


def heat_numpy(nx: int = 101, nt: int = 200, alpha: float = 0.25) -> np.ndarray:
    """``examples/simulation/physics.py``'s heat equation, as written for NumPy."""
    u = np.zeros(nx)
    u[nx // 4: nx // 2] = 1.0
    for _ in range(nt):
        un = u.copy()
        u[1:-1] = un[1:-1] + alpha * (un[2:] - 2.0 * un[1:-1] + un[:-2])
    return u


def heat_n2t(setitem: Callable[..., Any], nx: int = 101, nt: int = 200,
             alpha: float = 0.25) -> tf.Tensor:
    """The same, as np2tf converts it (``u[...] = v`` -> ``u = n2t.setitem(u, ...)``)."""
    u = tnp.zeros(nx)
    u = setitem(u, n2t.s_[nx // 4: nx // 2], 1.0)
    for _ in range(nt):
        un = n2t.ndarray.copy(u)
        u = setitem(u, n2t.s_[1:-1], un[1:-1] + alpha * (un[2:] - 2.0 * un[1:-1] + un[:-2]))
    return u


def bench_heat(base: dict[str, types.ModuleType]) -> list[Row]:
    """The demo's heat equation (200 steps), eager, whole-program time in microseconds."""
    np.testing.assert_allclose(heat_n2t(n2t.setitem), heat_numpy())
    t_np = best_us(heat_numpy, 3)
    t_new = best_us(heat_n2t, 1, n2t.setitem)
    t_old = None
    if "_indexing" in base:
        # The baseline also read slices through TF's own getitem (before FAST_GETITEM).
        fast = tf.Tensor.__getitem__
        tf.Tensor.__getitem__ = getattr(fast, "numpy_style", fast)
        try:
            t_old = best_us(heat_n2t, 1, base["_indexing"].setitem)
        finally:
            tf.Tensor.__getitem__ = fast
    return [("heat equation, 200 steps", t_np, t_new, None, t_old)]


def _fmt(t: float | None) -> str:
    return "" if t is None else f"{t:,.1f}"


def _ratio(t: float | None, ref: float) -> str:
    if t is None:
        return ""
    r = t / ref
    return f"{r:,.1f}x" if r < 10 else f"{r:,.0f}x"


def table(title: str, rows: list[Row], baseline: bool) -> str:
    """A Markdown table: times in microseconds and each TF time as a multiple of NumPy's."""
    head = ["operation", "NumPy µs", "n2t µs", "n2t / NumPy", "plain TF µs", "n2t / plain"]
    if baseline:
        head += ["baseline µs", "baseline / NumPy", "speed-up"]
    lines = [f"### {title}", "", "| " + " | ".join(head) + " |",
             "|" + " --- |" * len(head)]
    for label, t_np, t_new, t_plain, t_old in rows:
        cells = [f"`{label}`", _fmt(t_np), _fmt(t_new), _ratio(t_new, t_np), _fmt(t_plain),
                 "" if t_plain is None else f"{t_new / t_plain:.2f}"]
        if baseline:
            cells += [_fmt(t_old), _ratio(t_old, t_np),
                      "" if t_old is None else f"{t_old / t_new:.1f}x"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run every benchmark and print Markdown tables to stdout."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", help="git revision to time side by side")
    parser.add_argument("--number", type=int, default=50, help="calls per repeat")
    args = parser.parse_args(argv)
    base = load_baseline(args.baseline) if args.baseline else {}
    print(f"NumPy {np.__version__}, TensorFlow {tf.__version__}, eager, "
          f"{os.cpu_count()} CPUs; best of 5 x {args.number} calls"
          + (f"; baseline {args.baseline}" if args.baseline else "") + "\n")
    print(table("n2t.setitem by index kind", bench_setitem(args.number, base), bool(base)))
    print(table("n2t.ndarray helpers on a 64x64 float64 array",
                bench_ndarray(args.number, base), bool(base)))
    print(table("Tensor reads x[basic index] (plain TF: TensorFlow's NumPy-style getitem)",
                bench_getitem(args.number), False))
    print(table("Whole program", bench_heat(base), bool(base)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
