"""Side-by-side cost of tensor reads (``x[key]``) against NumPy's.

    .venv/bin/python benchmarks/getitem.py [--baseline REV] [--repeat N] [--only SUBSTR]

Each case is a read that converted programs in ``benchmarks/heldout_perf`` make, at their
``published`` and ``large`` sizes: a minibatch of rows by an index array (softmax's
``X[batch_indices]``), picked class scores (``probs[np.arange(n), y]``, mlp_spiral's
``probs[range(n), y]``), a cluster's rows by a mask (kmeans' ``X[labels == j]``), an
elementwise mask (nbody's ``r[r > 0]``), rows and elements with a loop counter
(montecarlo's ``S[t - 1]``, burgers1d's ``un[i] ... un[i - 1]``), stencil slices
(cavity's ``u[1:-1, 2:]``) and a column gather. Each runs

- with NumPy (``a[key]`` in a Python loop),
- eagerly (``t[key]`` in a Python loop),
- in a graph loop (``for i in tf.range(n)`` inside ``tf.function``, as the converter's
  compiled loops run; the read is a loop variable, so no iteration's read is pruned;
  indices that depend on the loop counter are tensors there),

and prints microseconds per read and the ratio to NumPy. With ``--baseline REV`` the
getitem that the runtime at git revision REV installs on ``tf.Tensor`` runs too, side by
side in the same process (``before``), so noise on the shared machine hits both alike.
Timings are the best of ``--repeat`` runs.
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

import np2tf.runtime as n2t  # noqa: F401 -- installs the current getitem

Getitem = Callable[[tf.Tensor, Any], tf.Tensor]


def load_baseline(rev: str) -> Getitem:
    """The ``tf.Tensor.__getitem__`` the runtime files at git revision ``rev`` install."""
    git_module(rev, "np2tf/runtime/_indexing_basic.py", "_getitem_baseline_basic")
    git_module(rev, "np2tf/runtime/_indexing.py", "_getitem_baseline_indexing", {
        "from np2tf.runtime._indexing_basic import":
            "from _getitem_baseline_basic import"})
    behavior = git_module(rev, "np2tf/runtime/_behavior.py", "_getitem_baseline_behavior", {
        "from np2tf.runtime import _indexing_basic": "import _getitem_baseline_basic as _indexing_basic",
        "from np2tf.runtime import _indexing ": "import _getitem_baseline_indexing as _indexing ",
        "from np2tf.runtime import _indexing\n": "import _getitem_baseline_indexing as _indexing\n"})
    now = tf.Tensor.__getitem__
    tf.Tensor.__getitem__ = now.numpy_style
    try:
        behavior._install_fast_getitem()
        before = tf.Tensor.__getitem__
    finally:
        tf.Tensor.__getitem__ = now
    return tf.autograph.experimental.do_not_convert(before)


class Case:
    """``steps`` reads: ``np_read(a, i)`` on NumPy arrays, ``tf_read(get, t, i)`` on tensors.

    ``arrays`` are the NumPy operands (``a`` is their tuple); the tensor operands are the
    same values as constants (index arrays included, as converted code holds them).
    """

    def __init__(self, name: str, arrays: tuple[np.ndarray, ...], steps: int,
                 np_read: Callable[[tuple[np.ndarray, ...], int], Any],
                 tf_read: Callable[[Getitem, tuple[tf.Tensor, ...], Any], tf.Tensor],
                 first: int = 0) -> None:
        self.name, self.arrays, self.steps = name, arrays, steps
        self.np_read, self.tf_read, self.first = np_read, tf_read, first
        self.tensors = tuple(tf.constant(a) for a in arrays)

    def numpy(self) -> Any:
        out = None
        for i in range(self.first, self.first + self.steps):
            out = self.np_read(self.arrays, i)
        return out

    def eager(self, get: Getitem) -> Callable[[], Any]:
        def run() -> Any:
            out = None
            for i in range(self.first, self.first + self.steps):
                out = self.tf_read(get, self.tensors, i)
            return out

        return run

    def graph(self, get: Getitem) -> Callable[[], Any]:
        first, stop = self.first, self.first + self.steps
        init = self.tf_read(get, self.tensors, first)

        @tf.function
        def loop(ts: tuple[tf.Tensor, ...], out: tf.Tensor) -> tf.Tensor:
            for i in tf.range(first, stop, dtype=tf.int64):
                # A mask's selection has no static length.
                tf.autograph.experimental.set_loop_options(
                    shape_invariants=[(out, tf.TensorShape([None] * out.shape.rank))])
                out = self.tf_read(get, ts, i)
            return out

        return lambda: loop(self.tensors, init)


def cases(sizes: list[str]) -> list[Case]:
    rng = np.random.default_rng(0)
    out: list[Case] = []
    for size in sizes:
        n, dim, batch = {"published": (1000, 100, 200), "large": (5000, 500, 500)}[size]
        X = rng.random((n, dim))
        idx = rng.integers(0, n, batch)
        out.append(Case(f"rows X[idx]  ({n}x{dim}, {batch} idx)", (X, idx), 20,
                        lambda a, i: a[0][a[1]], lambda g, t, i: g(t[0], t[1])))
        y = rng.integers(0, 10, n)
        out.append(Case(f"labels y[idx]  ({n}, {batch} idx)", (y, idx), 20,
                        lambda a, i: a[0][a[1]], lambda g, t, i: g(t[0], t[1])))
        probs = rng.random((batch, 10))
        yb = rng.integers(0, 10, batch)
        ar = np.arange(batch)
        out.append(Case(f"picks p[arange(n), y]  ({batch}x10)", (probs, ar, yb), 20,
                        lambda a, i: a[0][a[1], a[2]], lambda g, t, i: g(t[0], (t[1], t[2]))))
        k = {"published": 300, "large": 1000}[size]
        p3 = rng.random((k, 3))
        y3 = rng.integers(0, 3, k)
        out.append(Case(f"picks p[range(n), y]  ({k}x3)", (p3, y3), 20,
                        lambda a, i, k=k: a[0][range(k), a[1]],
                        lambda g, t, i, k=k: g(t[0], (range(k), t[1]))))
        out.append(Case(f"columns X[:, idx[:50]]  ({n}x{dim})", (X, idx[:50] % dim), 20,
                        lambda a, i: a[0][:, a[1]], lambda g, t, i: g(t[0], (slice(None), t[1]))))
        m = {"published": 3000, "large": 40000}[size]
        pts = rng.random((m, 8))
        labels = rng.integers(0, 8, m)
        # The same cluster every step: a graph loop variable keeps its shape.
        out.append(Case(f"mask X[labels == j]  ({m}x8)", (pts, labels), 16,
                        lambda a, i: a[0][a[1] == 3], lambda g, t, i: g(t[0], t[1] == 3)))
        N = {"published": 100, "large": 400}[size]
        r = rng.random((N, N)) - 0.3
        out.append(Case(f"mask r[r > 0]  ({N}x{N})", (r, r > 0), 10,
                        lambda a, i: a[0][a[1]], lambda g, t, i: g(t[0], t[1])))
        paths = {"published": 10000, "large": 200000}[size]
        S = rng.random((51, paths))
        out.append(Case(f"row S[t - 1]  (51x{paths})", (S,), 50,
                        lambda a, i: a[0][i - 1], lambda g, t, i: g(t[0], i - 1), first=1))
        nx = {"published": 101, "large": 401}[size]
        u = rng.random(nx)

        def np_elem(a: tuple[np.ndarray, ...], i: int) -> Any:
            return a[0][i] - a[0][i - 1] + a[0][i + 1]

        def tf_elem(g: Getitem, t: tuple[tf.Tensor, ...], i: Any) -> Any:
            return g(t[0], i) - g(t[0], i - 1) + g(t[0], i + 1)

        out.append(Case(f"elements un[i], un[i-1], un[i+1] (x3)  ({nx})", (u,), nx - 2,
                        np_elem, tf_elem, first=1))
        grid = {"published": 101, "large": 601}[size]
        g2 = rng.random((grid, grid))
        out.append(Case(f"stencil u[1:-1, 2:]  ({grid}x{grid})", (g2,), 40,
                        lambda a, i: a[0][1:-1, 2:], lambda g, t, i: g(t[0], (slice(1, -1), slice(2, None)))))
    return out


def main() -> None:
    side_by_side.main(__doc__, "read", tf.autograph.experimental.do_not_convert(tf.Tensor.__getitem__),
                      load_baseline, cases, lambda case: case.steps)


if __name__ == "__main__":
    main()
