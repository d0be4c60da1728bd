"""Block writes under XLA: by dynamic-update-slice or by concat, side by side.

    .venv/bin/python benchmarks/setitem_xla.py [--repeat N]

A 5-point stencil in an XLA while loop (``jit_compile``), the shape of the held-out CFD
loops (laplace2d, cavity): each iteration writes the interior of an n x n float64 array
(``u[1:-1, 1:-1] = ...``) and one border row. The interior write goes into the loop state
itself (``state``) or into a fresh ``zeros_like`` (``zeros``, wave2d's laplacian). Each
size runs with ``n2t.setitem`` choosing as the runtime does under XLA (``rule``: concat up
to ``XLA_CONCAT_MAX`` elements, and from ``XLA_CONCAT_LARGE`` on unless the target is a
constant), always by dynamic-update-slice (``update``) and always by concat (``concat``),
interleaved in one process; microseconds per iteration, best of ``--repeat``. The rule's
thresholds in ``np2tf/runtime/_indexing.py`` come from it.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import np2tf.runtime as n2t  # noqa: E402 - before TensorFlow, as converted code
import tensorflow as tf  # noqa: E402
import tensorflow.experimental.numpy as tnp  # noqa: E402
from np2tf.runtime import _indexing  # noqa: E402

SIZES = (48, 81, 112, 128, 160, 200, 256, 400, 801)
RULE = (_indexing.XLA_CONCAT_MAX, _indexing.XLA_CONCAT_LARGE)
MODES = {"rule": RULE, "update": (0, 10**12), "concat": (10**12, 0)}


def _loop(kind: str, iterations: int):  # type: ignore[no-untyped-def]
    @tf.function(jit_compile=True, autograph=False)
    def run(u):  # type: ignore[no-untyped-def]
        def body(i, u):  # type: ignore[no-untyped-def]
            new = 0.25 * (u[1:-1, 2:] + u[1:-1, :-2] + u[2:, 1:-1] + u[:-2, 1:-1])
            if kind == "state":
                u = n2t.setitem(u, n2t.s_[1:-1, 1:-1], new)
            else:
                u = n2t.setitem(tnp.zeros_like(u), n2t.s_[1:-1, 1:-1], new) + 0.5 * u
            return i + 1, n2t.setitem(u, n2t.s_[0, :], 1.0)
        return tf.while_loop(lambda i, u: i < iterations, body, (tf.constant(0), u))[1]
    return run


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    print("us per iteration (best of %d); rule: concat up to %d elements, and from %d on unless the target is a constant"
          % (args.repeat, *RULE))
    print(f"{'target':7s} {'n':>5s} " + " ".join(f"{m:>8s}" for m in MODES))
    for kind in ("state", "zeros"):
        for n in SIZES:
            iterations = max(20, int(1e7 / (n * n)))
            u = tnp.zeros((n, n)) + 0.5
            runs = {}
            for mode, limit in MODES.items():
                _indexing.XLA_CONCAT_MAX, _indexing.XLA_CONCAT_LARGE = limit  # read while tracing
                runs[mode] = _loop(kind, iterations)
                runs[mode](u).numpy()  # trace and compile
            best = dict.fromkeys(MODES, float("inf"))
            for _ in range(args.repeat):
                for mode, run in runs.items():  # interleaved: noise hits all alike
                    start = time.perf_counter()
                    run(u).numpy()
                    best[mode] = min(best[mode], (time.perf_counter() - start) / iterations * 1e6)
            print(f"{kind:7s} {n:5d} " + " ".join(f"{best[m]:8.1f}" for m in MODES))
    _indexing.XLA_CONCAT_MAX, _indexing.XLA_CONCAT_LARGE = RULE
    return 0


if __name__ == "__main__":
    sys.exit(main())
