"""`make demo`: convert the bundled example project and run both versions side by side.

1. ``np2tf convert examples/simulation -o build/demo/simulation`` (the source stays as is)
2. run ``main()`` of the original under NumPy and of the conversion under TensorFlow,
   each in its own process
3. print one row per result: shape, dtype, and the largest difference
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "examples" / "simulation"
OUTPUT = ROOT / "build" / "demo" / "simulation"

RUNNER = textwrap.dedent(
    """
    import importlib, json, sys, time
    import numpy as np
    sys.path.insert(0, sys.argv[1])
    start = time.perf_counter()
    main = importlib.import_module(sys.argv[2]).main
    results = main()
    elapsed = time.perf_counter() - start
    out = {k: {"value": np.asarray(v).tolist(), "dtype": str(np.asarray(v).dtype), "shape": list(np.shape(np.asarray(v)))} for k, v in results.items()}
    print(json.dumps({"seconds": elapsed, "results": out}))
    """
)


def run(path: Path, module: str) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", RUNNER, str(path), module],
        capture_output=True,
        text=True,
        env={"TF_CPP_MIN_LOG_LEVEL": "3", **__import__("os").environ},
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"running {module} from {path} failed")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    import numpy as np

    print(f"$ np2tf convert {SOURCE.relative_to(ROOT)} -o {OUTPUT.relative_to(ROOT)}", flush=True)
    convert = subprocess.run([sys.executable, "-m", "np2tf", "convert", str(SOURCE.relative_to(ROOT)), "-o", str(OUTPUT.relative_to(ROOT))], cwd=ROOT)
    if convert.returncode not in (0,):
        return convert.returncode
    print(f"\nConverted files are in {OUTPUT.relative_to(ROOT)}/; diff them against {SOURCE.relative_to(ROOT)}/.\n")
    original = run(ROOT, "examples.simulation.main")
    converted = run(OUTPUT.parent, "simulation.main")
    header = f"{'result':<20} {'shape':<9} {'NumPy dtype':<12} {'TF dtype':<12} {'max |diff|':>11}  same?"
    print(header)
    print("-" * len(header))
    all_same = True
    for key, want in original["results"].items():
        got = converted["results"][key]
        a, b = np.asarray(want["value"], dtype=float), np.asarray(got["value"], dtype=float)
        diff = float(np.max(np.abs(a - b))) if a.size and a.shape == b.shape else float("nan")
        same = want["dtype"] == got["dtype"] and a.shape == b.shape and np.allclose(a, b, rtol=1e-6, atol=1e-9)
        all_same &= same
        print(f"{key:<20} {str(tuple(want['shape'])):<9} {want['dtype']:<12} {got['dtype']:<12} {diff:>11.2e}  {'yes' if same else 'NO'}")
    print(f"\nNumPy: {original['seconds']:.2f} s   TensorFlow (converted, default options): {converted['seconds']:.2f} s (includes tracing and TF start-up)")
    print("All results match NumPy." if all_same else "Some results differ: see the rows marked NO.")
    return 0 if all_same else 1


if __name__ == "__main__":
    sys.exit(main())
