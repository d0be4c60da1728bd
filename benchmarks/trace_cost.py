"""What tracing the held-out programs costs: graph ops built and CPU seconds, runtime at a git revision vs now.

    .venv/bin/python benchmarks/trace_cost.py --baseline 34ca1f1 [--reps 5] [--size published]
        [--only convection2d,laplace2d]

Each program in ``benchmarks/heldout_perf`` is converted once with the working tree's
converter; then every run is a fresh process that imports ``np2tf.runtime`` either from the
working tree ("now") or from ``git archive BASELINE np2tf`` ("before"), alternating which goes
first, ``--reps`` times. A run reports:

* the ops of every graph traced (each ``FuncGraph``'s own ops: the function, loop conditions
  and bodies), how many are ``Cast`` with the same dtype in and out, and how many ``Const``;
* ``trace``: CPU seconds spent in ``func_graph_from_py_func`` (outermost calls);
* ``run``: CPU seconds for the whole program after imports (trace, first calls, the rest).

CPU time (``time.process_time``, all threads) is less sensitive than wall time to other work
on a shared machine; the table shows medians, and the before/now ratio of medians.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
PROGRAMS = ["convection2d", "laplace2d", "cavity", "nbody", "ising", "wave2d"]

CHILD = r'''
import collections, json, os, runpy, sys, time
import numpy as np
import tensorflow as tf
import np2tf.runtime
from tensorflow.python.framework import func_graph

graphs, trace = [], [0.0]
depth = [0]
original = func_graph.func_graph_from_py_func

def traced(*args, **kwargs):
    depth[0] += 1
    t0 = time.process_time()
    try:
        graph = original(*args, **kwargs)
        graphs.append(graph)
        return graph
    finally:
        depth[0] -= 1
        if depth[0] == 0:
            trace[0] += time.process_time() - t0

func_graph.func_graph_from_py_func = traced
float(tf.constant(1.0) + 1.0)  # TensorFlow's first eager op outside the clock
path = sys.argv[1]
os.chdir(os.path.dirname(path))
t0 = time.process_time()
g = runpy.run_path(path, run_name="__main__")
result = g["RESULT"]
[np.asarray(r) for r in (result if isinstance(result, (tuple, list)) else [result])]
run = time.process_time() - t0
kinds = collections.Counter(op.type for graph in graphs for op in graph.get_operations())
identity = sum(1 for graph in graphs for op in graph.get_operations()
               if op.type == "Cast" and op.inputs[0].dtype == op.outputs[0].dtype)
print(json.dumps({"runtime": np2tf.runtime.__file__, "ops": sum(kinds.values()),
                  "const": kinds["Const"], "identity_casts": identity, "trace": trace[0], "run": run}))
'''


def convert(programs: list[str], out: str) -> None:
    for name in programs:
        src = os.path.join(ROOT, "benchmarks", "heldout_perf", f"{name}.py")
        subprocess.run([sys.executable, "-m", "np2tf", "convert", "-q", "-o", out, src], cwd=ROOT,
                       check=True, capture_output=True)


def baseline_tree(rev: str, out: str) -> None:
    archive = subprocess.run(["git", "archive", rev, "np2tf", "rules"], cwd=ROOT, check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", out], input=archive, check=True)


def run_one(program: str, pythonpath: str, size: str) -> dict:
    env = dict(os.environ, N2T_SIZE=size, PYTHONPATH=pythonpath, TF_CPP_MIN_LOG_LEVEL="3")
    # cwd: ``python -c`` puts the current directory first on sys.path, before PYTHONPATH
    proc = subprocess.run([sys.executable, "-c", CHILD, program], env=env, check=True,
                          capture_output=True, text=True, cwd=os.path.dirname(program))
    row = json.loads(proc.stdout.strip().splitlines()[-1])
    assert row["runtime"].startswith(pythonpath), (row["runtime"], pythonpath)
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline", required=True, help="git revision of the runtime to compare with")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--size", default="published", help="N2T_SIZE: published or large")
    ap.add_argument("--only", default=",".join(PROGRAMS))
    args = ap.parse_args()
    programs = args.only.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        converted, before = os.path.join(tmp, "converted"), os.path.join(tmp, "before")
        os.makedirs(converted)
        os.makedirs(before)
        convert(programs, converted)
        baseline_tree(args.baseline, before)
        trees = {"before": before, "now": ROOT}
        rows: dict[tuple[str, str], list[dict]] = {}
        for rep in range(args.reps):
            for name in programs:
                order = ("before", "now") if rep % 2 == 0 else ("now", "before")
                for which in order:
                    row = run_one(os.path.join(converted, f"{name}.py"), trees[which], args.size)
                    rows.setdefault((name, which), []).append(row)
    print(f"N2T_SIZE={args.size}, baseline {args.baseline}, median of {args.reps} runs each (CPU s)")
    print("program | ops before -> now | identity Casts | Const | trace s before / now (ratio)"
          " | run s before / now (ratio)")
    for name in programs:
        b, n = rows[(name, "before")], rows[(name, "now")]

        def med(rs: list[dict], key: str) -> float:
            return statistics.median(r[key] for r in rs)

        print(f"{name} | {b[0]['ops']} -> {n[0]['ops']} | {b[0]['identity_casts']} -> {n[0]['identity_casts']}"
              f" | {b[0]['const']} -> {n[0]['const']}"
              f" | {med(b, 'trace'):.3f} / {med(n, 'trace'):.3f} ({med(n, 'trace') / med(b, 'trace'):.2f})"
              f" | {med(b, 'run'):.3f} / {med(n, 'run'):.3f} ({med(n, 'run') / med(b, 'run'):.2f})", flush=True)


if __name__ == "__main__":
    main()
