"""What ``benchmarks/getitem.py`` and ``benchmarks/setitem.py`` share: the runtime at another
git revision as a module, best-of-N timing, and the NumPy / eager / graph table."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import types
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import tensorflow as tf

ROOT = os.path.join(os.path.dirname(__file__), "..")


def git_module(rev: str, path: str, name: str, replace: dict[str, str] | None = None) -> types.ModuleType:
    """The file ``path`` at git revision ``rev`` as module ``name`` (in ``sys.modules``),
    with the ``replace`` edits to its text (imports of its sibling files, loaded the same way)."""
    text = subprocess.run(["git", "show", f"{rev}:{path}"], cwd=ROOT, check=True, capture_output=True, text=True).stdout
    for old, new in (replace or {}).items():
        text = text.replace(old, new)
    module = types.ModuleType(name)
    sys.modules[name] = module
    # The runtime's own files at another revision, read from git: nothing untrusted.
    exec(compile(text, name, "exec"), module.__dict__)  # noqa: S102
    return module


def best(fn: Callable[[], Any], repeat: int) -> float:
    fn()  # warm up (and trace)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        if isinstance(out, tf.Tensor):
            out.numpy()
        times.append(time.perf_counter() - t0)
    return min(times)


def main(doc: str, what: str, now: Callable[..., Any], load_baseline: Callable[[str], Callable[..., Any]],
         cases: Callable[[list[str]], Iterable[Any]], count: Callable[[Any], int]) -> None:
    """Parse the command line and print one row per case: NumPy, then each implementation
    (``now``, and the one at ``--baseline REV``) eagerly and in a graph, checked against NumPy.

    Each case has ``name``, ``numpy()`` and ``eager(impl)``/``graph(impl)`` returning a
    callable; ``count(case)`` is how many ``what``s (reads, writes) one call makes.
    """
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("--baseline", help=f"git revision whose {what} path runs side by side")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--only", default="", help="run cases whose name contains this")
    ap.add_argument("--sizes", default="published,large")
    args = ap.parse_args()
    impls: dict[str, Callable[..., Any]] = {}
    if args.baseline:
        impls["before"] = load_baseline(args.baseline)
    impls["now"] = now
    print(f"us per {what} (best of {args.repeat}); x = ratio to NumPy")
    head = ["case", "NumPy"]
    for mode in ("eager", "graph"):
        head += [f"{mode} {k}" for k in impls]
    print(" | ".join(head))
    for case in cases(args.sizes.split(",")):
        if args.only not in case.name:
            continue
        want = case.numpy()
        t_np = best(case.numpy, args.repeat) / count(case) * 1e6
        row = [case.name, f"{t_np:.1f}"]
        for mode in ("eager", "graph"):
            for impl in impls.values():
                fn = getattr(case, mode)(impl)
                got = fn()
                np.testing.assert_allclose(np.asarray(got), want, rtol=1e-12)
                t = best(fn, args.repeat) / count(case) * 1e6
                row.append(f"{t:.1f} ({t / t_np:.1f}x)")
        print(" | ".join(row), flush=True)
