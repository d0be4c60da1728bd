"""Run one program once in this (fresh) process and time only its body.

    python _harness.py numpy|tf PROGRAM.py OUT.json OUT.npz

Imports NumPy (and, for ``tf``, TensorFlow and np2tf.runtime, plus one eager op so the
runtime is initialised) before the clock starts; their cost is reported separately as
``setup_s``. The program's source is compiled before the clock starts too, then executed
as ``__main__``; the clock stops after its module-level ``RESULT`` has been turned into
NumPy arrays (so work a lazy result still owes is counted). Writes the timing, Python
warnings raised while it ran and RESULT (as arrays) to OUT.json / OUT.npz.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
import traceback
import warnings


def main() -> int:
    kind, path, out_json, out_npz = sys.argv[1:5]
    t0 = time.perf_counter()
    import numpy as np

    if kind == "tf":
        # In the order converted code imports them: np2tf.runtime's process settings
        # (oneDNN's graph rewrite off) are read when TensorFlow is imported.
        import np2tf.runtime  # noqa: F401  (what converted code imports)
        import tensorflow as tf

        float(tf.constant(1.0) + 1.0)  # eager context, thread pools
    setup = time.perf_counter() - t0

    path = os.path.abspath(path)
    with open(path, encoding="utf-8") as f:
        code = compile(f.read(), path, "exec")
    sys.argv = [path]
    sys.path.insert(0, os.path.dirname(path))
    g = {"__name__": "__main__", "__file__": path, "__builtins__": __builtins__}

    record: dict = {"kind": kind, "setup_s": setup}
    arrays: list = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        try:
            start = time.perf_counter()
            exec(code, g)
            res = g["RESULT"]
            is_tuple = isinstance(res, (tuple, list))
            items = list(res) if is_tuple else [res]
            arrays = [np.asarray(x) for x in items]
            elapsed = time.perf_counter() - start
            record.update(ok=True, time_s=elapsed, tuple=is_tuple)
        except BaseException:  # noqa: BLE001 -- report whatever the program raised
            record.update(ok=False, error=traceback.format_exc(limit=6)[-3000:])
    seen: dict = {}
    for w in caught:
        key = f"{w.category.__name__}: {str(w.message).splitlines()[0][:200]}"
        seen[key] = seen.get(key, 0) + 1
    record["warnings"] = seen
    if arrays:
        np.savez(out_npz, *arrays)
    with open(out_json, "w", encoding="utf-8") as f:
        json.dump(record, f)
    with contextlib.suppress(Exception):
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
