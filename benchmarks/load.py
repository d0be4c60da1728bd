"""Load benchmark: convert a generated tree of many NumPy modules, report lines/s and peak RSS.

    python benchmarks/load.py                      # ~300k lines, -j per core
    python benchmarks/load.py --lines 50000 -j 1   # smaller, single process

The tree mixes modules that use NumPy (parsed and rewritten) with modules that do not
(skipped by the import pre-filter), about 1 in 4, which is what a real repository looks
like. The run is ``np2tf convert -o OUT --no-cache`` in a subprocess, so the numbers are
the command line's. Peak RSS is ``ru_maxrss`` of the largest process (the parent or
one worker), from ``resource.getrusage(RUSAGE_CHILDREN)``; workers are forked, so this
bounds each process, not the sum.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_NUMPY_MODULE = '''"""Generated module {i}."""
import numpy as np


def step_{i}(x, w):
    y = np.dot(x, w) + np.ones(w.shape[1])
    y = np.maximum(y, 0.0)
    return y / np.sum(y, axis=1, keepdims=True)


def stats_{i}(a):
    m = np.mean(a, axis=0)
    s = np.std(a, axis=0)
    z = (a - m) / (s + 1e-8)
    return np.clip(z, -3, 3), np.argmax(z, axis=1)


class Model{i}:
    def __init__(self, n):
        self.w = np.zeros((n, n), dtype=np.float32)
        self.b = np.full(n, 0.5)

    def __call__(self, x):
        return np.tanh(x @ self.w + self.b)
'''

_PLAIN_MODULE = '''"""Generated module {i} without NumPy."""


def helper_{i}(values):
    total = 0
    for v in values:
        total += v * {i}
    return total


class Config{i}:
    name = "config-{i}"
    size = {i}
'''


def make_tree(root: Path, lines: int, seed: int = 0) -> tuple[int, int]:
    """Write modules under ``root`` until about ``lines`` lines; returns (files, lines)."""
    rng = random.Random(seed)
    written = files = 0
    while written < lines:
        template = _PLAIN_MODULE if rng.random() < 0.25 else _NUMPY_MODULE
        text = template.format(i=files)
        path = root / f"pkg{files % 50}" / f"mod_{files}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        written += text.count("\n")
        files += 1
    return files, written


def main(argv: list[str] | None = None) -> int:
    """Build the tree, convert it, print the numbers."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=300_000, help="approximate size of the tree in lines")
    parser.add_argument("-j", "--jobs", type=int, default=0, help="np2tf -j (0: one per core)")
    parser.add_argument("--keep", action="store_true", help="keep the generated tree and output")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="np2tf-load-"))
    try:
        files, lines = make_tree(work / "src", args.lines)
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        command = [sys.executable, "-m", "np2tf", "convert", "-q", "--no-cache", "-j", str(args.jobs), str(work / "src"), "-o", str(work / "out")]
        start = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
        print(f"files:        {files}")
        print(f"lines:        {lines}")
        print(f"jobs:         {args.jobs or os.cpu_count()} (cores: {os.cpu_count()})")
        print(f"exit code:    {done.returncode}")
        print(f"wall time:    {elapsed:.1f} s")
        print(f"throughput:   {lines / elapsed:.0f} lines/s, {files / elapsed:.1f} files/s")
        print(f"peak RSS:     {peak_kib / 1024:.0f} MiB (largest single process)")
        print(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "")
        return 0 if done.returncode == 0 else 1
    finally:
        if args.keep:
            print(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
