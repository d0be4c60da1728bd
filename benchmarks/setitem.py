"""Side-by-side cost of ``n2t.setitem`` against NumPy's in-place writes.

    .venv/bin/python benchmarks/setitem.py [--baseline REV] [--repeat N] [--only SUBSTR]

Each case is a write that converted programs in ``benchmarks/heldout_perf`` make, at
their ``published`` and ``large`` sizes: CFD stencil blocks and borders (convection2d,
laplace2d, cavity, wave2d), a loop-carried row (montecarlo), an element loop (burgers1d),
boolean-mask writes (ising, nbody) and a fancy write (mlp_spiral). Each runs

- with NumPy (``a[idx] = v`` in a Python loop),
- eagerly (``a = n2t.setitem(a, idx, v)`` in a Python loop),
- in a graph loop (``for i in tf.range(n)`` inside ``tf.function``, as the converter's
  compiled loops run; indices that depend on the loop counter are tensors there),

and prints microseconds per write and the ratio to NumPy. With ``--baseline REV`` the
runtime's ``_indexing.py`` / ``_indexing_basic.py`` at git revision REV run too, side by
side in the same process (``before``), so noise on the shared machine hits both alike.
Timings are the best of ``--repeat`` runs. The loop bodies compute the value outside
the timed write where they can (a precomputed tensor), so the numbers are the write's.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import _side_by_side as side_by_side
import tensorflow as tf
from _side_by_side import git_module

import np2tf.runtime as n2t
from np2tf.runtime import _indexing

K = 300  # rows of mlp_spiral's dscores


def load_baseline(rev: str) -> Callable[..., Any]:
    """``setitem`` from the runtime files at git revision ``rev``, as a separate module."""
    basic = git_module(rev, "np2tf/runtime/_indexing_basic.py", "_setitem_baseline_basic")
    mod = git_module(rev, "np2tf/runtime/_indexing.py", "_setitem_baseline", {
        "from np2tf.runtime._indexing_basic import": f"from {basic.__name__} import"})
    return tf.autograph.experimental.do_not_convert(mod.setitem)


class Case:
    """One write: ``np_step(a, i)`` mutates ``a``; ``tf_step(setitem, a, i)`` returns it."""

    def __init__(self, name: str, a: np.ndarray, steps: int,
                 np_step: Callable[[np.ndarray, int], None],
                 tf_step: Callable[[Callable[..., Any], Any, Any], Any],
                 writes_per_step: int = 1, first: int = 0) -> None:
        self.name, self.a, self.steps = name, a, steps
        self.np_step, self.tf_step = np_step, tf_step
        self.writes = writes_per_step * steps
        self.first = first

    def numpy(self) -> np.ndarray:
        a = self.a.copy()
        for i in range(self.first, self.first + self.steps):
            self.np_step(a, i)
        return a

    def eager(self, setitem: Callable[..., Any]) -> Callable[[], Any]:
        a0 = tf.constant(self.a)

        def run() -> Any:
            a = a0
            for i in range(self.first, self.first + self.steps):
                a = self.tf_step(setitem, a, i)
            return a

        return run

    def graph(self, setitem: Callable[..., Any]) -> Callable[[], Any]:
        a0 = tf.constant(self.a)
        first, stop = self.first, self.first + self.steps

        @tf.function
        def loop(a: tf.Tensor) -> tf.Tensor:
            for i in tf.range(first, stop, dtype=tf.int64):
                a = self.tf_step(setitem, a, i)
            return a

        return lambda: loop(a0)


def cases(sizes: list[str]) -> list[Case]:
    rng = np.random.default_rng(0)
    out: list[Case] = []
    for size in sizes:
        grid = {"published": 101, "large": 601}[size]
        small = {"published": 41, "large": 81}[size]
        for n in (grid,):
            val = rng.random((n - 1, n - 1))
            tval = tf.constant(val)

            def np_block(a: np.ndarray, i: int, val: np.ndarray = val) -> None:
                a[1:, 1:] = val

            out.append(Case(f"block u[1:, 1:] = v  ({n}x{n})", np.ones((n, n)), 40, np_block,
                            lambda s, a, i, tval=tval: s(a, n2t.s_[1:, 1:], tval)))

        for n in (small, grid):
            inner = rng.random((n - 2, n - 2))
            tinner = tf.constant(inner)

            def np_inner(a: np.ndarray, i: int, inner: np.ndarray = inner) -> None:
                a[1:-1, 1:-1] = inner

            out.append(Case(f"block p[1:-1, 1:-1] = v  ({n}x{n})", np.ones((n, n)), 40,
                            np_inner, lambda s, a, i, t=tinner: s(a, n2t.s_[1:-1, 1:-1], t)))

        def np_border(a: np.ndarray, i: int) -> None:
            a[0, :] = 1
            a[-1, :] = 1
            a[:, 0] = 1
            a[:, -1] = 1

        def tf_border(s: Any, a: Any, i: Any) -> Any:
            a = s(a, n2t.s_[0, :], 1)
            a = s(a, n2t.s_[-1, :], 1)
            a = s(a, n2t.s_[:, 0], 1)
            return s(a, n2t.s_[:, -1], 1)

        out.append(Case(f"border u[0, :] = 1 (x4)  ({grid}x{grid})", np.zeros((grid, grid)),
                        40, np_border, tf_border, writes_per_step=4))

        def np_copyrow(a: np.ndarray, i: int) -> None:
            a[0, :] = a[1, :]
            a[:, -1] = a[:, -2]

        def tf_copyrow(s: Any, a: Any, i: Any) -> Any:
            a = s(a, n2t.s_[0, :], a[1, :])
            return s(a, n2t.s_[:, -1], a[:, -2])

        out.append(Case(f"edge p[0, :] = p[1, :] (x2)  ({grid}x{grid})",
                        rng.random((grid, grid)), 40, np_copyrow, tf_copyrow,
                        writes_per_step=2))

        m, paths = {"published": (50, 10000), "large": (50, 200000)}[size]
        z = rng.random(paths) + 0.5
        tz = tf.constant(z)

        def np_row(a: np.ndarray, i: int, z: np.ndarray = z) -> None:
            a[i] = a[i - 1] * z

        out.append(Case(f"row S[t] = S[t-1] * z  ({m + 1}x{paths})", np.ones((m + 1, paths)),
                        m, np_row, lambda s, a, i, tz=tz: s(a, n2t.s_[i], a[i - 1] * tz),
                        first=1))

        nx = {"published": 101, "large": 401}[size]

        def np_elem(a: np.ndarray, i: int) -> None:
            a[i] = a[i - 1] * 0.5

        out.append(Case(f"element u[i] = u[i-1] * 0.5  ({nx})", rng.random(nx), nx - 1,
                        np_elem, lambda s, a, i: s(a, n2t.s_[i], a[i - 1] * 0.5), first=1))

        L = {"published": 64, "large": 256}[size]
        flips = rng.random((8, L, L)) < 0.3
        tflips = tf.constant(flips)

        def np_flip(a: np.ndarray, i: int, flips: np.ndarray = flips) -> None:
            f = flips[i % 8]
            a[f] *= -1

        def tf_flip(s: Any, a: Any, i: Any, tflips: Any = tflips) -> Any:
            f = tflips[i % 8]
            return s(a, n2t.s_[f], a[f] * -1)

        out.append(Case(f"mask spins[flip] *= -1  ({L}x{L} int64)",
                        rng.choice([-1, 1], (L, L)), 40, np_flip, tf_flip))

        N = {"published": 100, "large": 400}[size]

        def np_pow(a: np.ndarray, i: int) -> None:
            a[a > 0] = a[a > 0] ** (-1.5)

        out.append(Case(f"mask r[r > 0] = r[r > 0]**-1.5  ({N}x{N})", rng.random((N, N)) + 0.5,
                        10, np_pow, lambda s, a, i: s(a, n2t.s_[a > 0], a[a > 0] ** (-1.5))))

        y = rng.integers(0, 3, K)
        ty = tf.constant(y)

        def np_fancy(a: np.ndarray, i: int, y: np.ndarray = y) -> None:
            a[range(K), y] -= 1

        out.append(Case(f"fancy d[range(N), y] -= 1  ({K}x3)", rng.random((K, 3)), 20,
                        np_fancy,
                        lambda s, a, i, ty=ty: s(a, n2t.s_[range(K), ty], a[range(K), ty] - 1)))
    return out


def main() -> None:
    side_by_side.main(__doc__, "write", _indexing.setitem, load_baseline, cases, lambda case: case.writes)


if __name__ == "__main__":
    main()
