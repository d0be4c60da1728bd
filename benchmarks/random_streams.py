"""Cost of drawing NumPy's own stream in TF ops, next to NumPy and TF's Philox, in one run.

Run ``python benchmarks/random_streams.py [--sizes 1000,1000000]``. For each size it
times, one right after the other in the same process (ratios stay comparable on a noisy
machine):

* NumPy's legacy ``np.random.rand`` / ``randn`` / ``permutation`` (the original);
* ``n2t.random`` (NumPy's MT19937 stream reproduced in TF ops: what converted code runs);
* ``tf.random.Generator`` (Philox: the fastest TF stream, other numbers than NumPy's),

eagerly and inside one ``tf.function``, and checks before timing that ``n2t.random``
gives NumPy's numbers. Each figure is the best of five repeats, in milliseconds per call.

Then repeated small eager draws (``choice(5000, 500)``, ``randint``, ``rand``, ``randn``
of 500 values, as in a minibatch loop) once past their first EAGER_CALLS eager calls (a
traced concrete function per method and size bucket), best of five runs of 200 calls.

``--fresh`` instead times first calls, each case in a new process (TF imported and one
eager op run first, as in a converted program): the one-time trace / compile costs that a
short program pays on every run, next to NumPy's time for the same draws.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any, Callable

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def best_ms(call: Callable[[], Any], repeat: int = 5) -> float:
    call()
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        out = call()
        if hasattr(out, "numpy"):
            out.numpy()
        best = min(best, time.perf_counter() - start)
    return best * 1e3


FRESH = {
    # kmeans.py's draws (published / large sizes)
    "kmeans(300)": "r = R.RandomState(42); r.uniform(-10, 10, size=(3, 2)); r.randint(0, 3, size=300); "
                   "r.randn(300, 2); R.RandomState(3).permutation(300)",
    "kmeans(40000)": "r = R.RandomState(42); r.uniform(-10, 10, size=(8, 8)); r.randint(0, 8, size=40000); "
                     "r.randn(40000, 8); R.RandomState(3).permutation(40000)",
    # pagerank.py at its large size
    "rand(3000, 3000)": "R.RandomState(0).rand(3000, 3000)",
    # softmax.py at its large size: its data, then 300 minibatch draws
    "randn(5000, 499)": "r = R.RandomState(0); r.randn(10, 499); r.randn(5000, 499)",
    "300x choice(5000, 500)": "R.seed(231); [R.choice(5000, 500) for _ in range(300)]",
}


def fresh(repeat: int = 3) -> None:
    import subprocess

    code = ("import os, sys, time; os.environ['TF_CPP_MIN_LOG_LEVEL'] = '3'; sys.path.insert(0, {root!r}); "
            "import tensorflow as tf; float(tf.constant(1.) + 1.); import numpy as np; "
            "from np2tf.runtime import random as R; R = R if {tf} else np.random; t = time.perf_counter(); "
            "{body}; print(time.perf_counter() - t)")
    root = str(Path(__file__).resolve().parent.parent)
    print(f"{'first calls (fresh process)':<30}{'numpy ms':>10}{'n2t ms':>10}{'n2t/numpy':>11}")
    for name, body in FRESH.items():
        times = {}
        for use_tf in (False, True):
            runs = [float(subprocess.run([sys.executable, "-c", code.format(root=root, tf=use_tf, body=body)],
                                         capture_output=True, text=True, check=True).stdout.split()[-1])
                    for _ in range(repeat)]
            times[use_tf] = min(runs) * 1e3
        print(f"{name:<30}{times[False]:>10.1f}{times[True]:>10.1f}{times[True] / times[False]:>11.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,100000,1000000")
    parser.add_argument("--fresh", action="store_true", help="first-call costs, a process per case")
    parser.add_argument("--repeated", action="store_true", help="only the repeated small draws")
    args = parser.parse_args(argv)
    if args.fresh:
        fresh()
        return 0
    import numpy as np
    import tensorflow as tf

    from np2tf.runtime import random as R

    if args.repeated:
        repeated(np, R)
        return 0

    philox = tf.random.Generator.from_seed(0)
    np.random.seed(0)
    R.seed(0)
    for want, got in ((np.random.rand(1000), R.rand(1000)), (np.random.randn(999), R.randn(999)),
                      (np.random.permutation(5000), R.permutation(5000))):
        np.testing.assert_allclose(got.numpy(), want, rtol=1e-12)
    print("n2t.random matches NumPy's stream: yes\n")
    print(f"{'draw':<22}{'numpy ms':>10}{'n2t ms':>10}{'n2t graph':>11}{'philox ms':>11}"
          f"{'n2t/numpy':>11}{'n2t/philox':>12}")
    for n in (int(s) for s in args.sizes.split(",")):
        rows = [
            (f"rand({n})", lambda: np.random.rand(n), lambda: R.rand(n),
             lambda: philox.uniform([n], dtype=tf.float64)),
            (f"randn({n})", lambda: np.random.randn(n), lambda: R.randn(n),
             lambda: philox.normal([n], dtype=tf.float64)),
            (f"permutation({n})", lambda: np.random.permutation(n), lambda: R.permutation(n),
             lambda: tf.argsort(philox.uniform([n]))),
        ]
        for name, numpy_call, n2t_call, philox_call in rows:
            graph = tf.function(n2t_call, autograph=False)
            t_np, t_n2t, t_graph, t_ph = (best_ms(numpy_call), best_ms(n2t_call), best_ms(graph),
                                          best_ms(philox_call))
            print(f"{name:<22}{t_np:>10.3f}{t_n2t:>10.3f}{t_graph:>11.3f}{t_ph:>11.3f}"
                  f"{t_n2t / t_np:>11.1f}{t_n2t / t_ph:>12.2f}")
    repeated(np, R)
    return 0


def repeated(np: Any, R: Any) -> None:
    """Small eager draws in a loop, in their traced tier."""
    from np2tf.runtime import _mt19937

    rows = [
        ("choice(5000, 500)", lambda m: m.choice(5000, 500)),
        ("randint(5000, size=500)", lambda m: m.randint(5000, size=500)),
        ("rand(500)", lambda m: m.rand(500)),
        ("randn(500)", lambda m: m.randn(500)),
    ]
    print(f"\n{'repeated eager draw':<26}{'numpy ms':>10}{'n2t ms':>10}{'n2t/numpy':>11}")
    for name, draw in rows:
        np.random.seed(1)
        R.seed(1)
        for _ in range(_mt19937.EAGER_CALLS + 5):  # through the eager tier to the traced one
            np.testing.assert_allclose(draw(R).numpy(), draw(np.random), rtol=1e-13)
        t_np = best_ms(lambda: [draw(np.random) for _ in range(200)]) / 200
        t_n2t = best_ms(lambda: [draw(R) for _ in range(200)][-1]) / 200
        print(f"{name:<26}{t_np:>10.3f}{t_n2t:>10.3f}{t_n2t / t_np:>11.1f}")


if __name__ == "__main__":
    raise SystemExit(main())
