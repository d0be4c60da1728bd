"""Fidelity evaluation: ``python benchmarks/fidelity/run.py`` (one command, < 3 minutes).

For every program in ``benchmarks/fidelity/programs/`` (NumPy code with a ``main()`` that
returns a dict of results) this runs the original under NumPy, converts it with np2tf in
several modes, runs the converted code under TensorFlow and classifies the outcome:

``same``
    same keys, shapes, dtypes and values (float64/complex128: relative 1e-6; float32 and
    narrower: 1e-4; with an absolute floor of 1e-12 (1e-6 narrow) for round-off-sized values; the absolute part of the tolerance is the same factor times the largest
    magnitude in the reference array, so cancellation noise near zero does not count;
    integers, booleans and strings: exact).
``dtype-only``
    values match but at least one dtype differs.
``reported``
    values differ, keys/shapes differ, the converted code raises, or the converter itself
    raises, and the conversion emitted at least one warning- or error-level diagnostic
    (N2T0xx-N2T3xx, N2T9xx). Info-level codes (N2T104 host fallback, N2T4xx performance
    notes) do not count. This is generous: *any* warning counts as covering the
    difference; the triage in the report checks whether it plausibly does.
``silent``
    differs or raises, and the conversion said nothing at warning level: the worst case.

Modes (``--modes``):

``default``      ``Options()``: ``--tf-function auto`` and TF random ops (NumPy's MT19937 stream
                 for np.random.seed/RandomState; default_rng draws other numbers, N2T105)
``numpy``        ``Options(random="numpy")`` (NumPy's generators on the host, bit-identical)
``off``          ``Options(tf_function="off")``: the literal, eager conversion
``off-numpy``    ``Options(tf_function="off", random="numpy")``

Converted code is written to a temporary file and imported from there, so AutoGraph can
read its source. Each mode runs in its own worker process (``--jobs`` at a time), programs
one after another with a per-program timeout. Results go to ``docs/fidelity.md`` (pass
``--no-doc`` to skip) and, with ``--json PATH``, to a JSON file.

``--dir benchmarks/fidelity/repros`` runs the minimal repros instead.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent
if os.environ.get("NP2TF_FIDELITY_SRC"):
    sys.path.insert(0, os.environ["NP2TF_FIDELITY_SRC"])
HERE = Path(__file__).resolve().parent
PROGRAMS = HERE / "programs"
DOC = ROOT / "docs" / "fidelity.md"
MODES = {
    "default": {},  # --tf-function auto, --random tf
    "numpy": {"random": "numpy"},
    "off": {"tf_function": "off"},
    "off-numpy": {"tf_function": "off", "random": "numpy"},
}
STATUSES = ["same", "dtype-only", "reported", "silent"]
TIMEOUT = 15  # seconds per converted run
_counter = 0


@dataclass
class Result:
    program: str
    mode: str
    status: str = ""
    detail: str = ""  # first difference, or the exception
    codes: list[str] = field(default_factory=list)  # warning/error codes emitted
    info_codes: list[str] = field(default_factory=list)
    diagnostics: list[str] = field(default_factory=list)  # formatted warning/error diagnostics
    crash: str = ""  # "convert" (np2tf raised) or "run" (converted code raised) or "timeout"
    seconds: float = 0.0


# --------------------------------------------------------------------------- comparing


def _plain(value: Any) -> Any:
    """Tensors (and things holding them) as NumPy values."""
    import numpy as np

    if hasattr(value, "numpy") and callable(value.numpy) and not isinstance(value, np.ndarray):
        return value.numpy()
    if isinstance(value, (list, tuple)):
        return type(value)(_plain(v) for v in value)
    return value


def _is_seq(value: Any) -> bool:
    return isinstance(value, (list, tuple))


def compare(ref: Any, got: Any, where: str = "") -> tuple[str | None, str | None]:
    """``(value_difference, dtype_difference)``; each ``None`` when there is none."""
    import numpy as np

    got = _plain(got)
    if isinstance(ref, dict):
        if not isinstance(got, dict):
            return f"{where}: expected a dict, got {type(got).__name__}", None
        if set(ref) != set(got):
            return f"{where}: keys differ: missing {sorted(set(ref) - set(got))}, extra {sorted(set(got) - set(ref))}", None
        dtype_diff = None
        for key in ref:
            vd, dd = compare(ref[key], got[key], f"{where}[{key!r}]" if where else repr(key))
            if vd:
                return vd, None
            dtype_diff = dtype_diff or dd
        return None, dtype_diff
    if isinstance(ref, str) or isinstance(got, str):
        return (None if ref == got else f"{where}: {got!r} != {ref!r}"), None
    if _is_seq(ref) and _is_seq(got) and len(ref) == len(got) and any(isinstance(r, (str, dict)) for r in ref):
        dtype_diff = None
        for i, (r, g) in enumerate(zip(ref, got)):
            vd, dd = compare(r, g, f"{where}[{i}]")
            if vd:
                return vd, None
            dtype_diff = dtype_diff or dd
        return None, dtype_diff
    try:
        r = np.asarray(ref)
        g = np.asarray(got)
    except Exception as exc:  # ragged or odd objects
        return f"{where}: cannot compare ({exc})", None
    if r.shape != g.shape:
        return f"{where}: shape {g.shape} != {r.shape}", None
    dtype_diff = None if r.dtype == g.dtype else f"{where}: dtype {g.dtype} != {r.dtype}"
    if r.dtype.kind in "fc" or g.dtype.kind in "fc":
        narrow = any(d.kind in "fc" and d.itemsize < (8 if d.kind == "f" else 16) for d in (r.dtype, g.dtype))
        rtol = 1e-4 if narrow else 1e-6
        try:
            rr = r.astype(np.complex128)
            gg = g.astype(np.complex128)
        except (TypeError, ValueError):
            return f"{where}: {g.dtype} values not numeric", None
        finite = np.isfinite(rr)
        scale = float(np.max(np.abs(rr[finite]))) if finite.any() else 1.0
        # An absolute floor: a residual of 1e-15 against 1e-16 is round-off in both, not a difference.
        ok = np.allclose(gg, rr, rtol=rtol, atol=max(rtol * scale, 1e-12 if not narrow else 1e-6), equal_nan=True)
        if not ok:
            err = np.abs(gg - rr)
            worst = np.unravel_index(int(np.nanargmax(np.where(np.isnan(err), np.inf, err))), r.shape) if r.shape else ()
            return f"{where}: got {_short(g[worst] if r.shape else g)} expected {_short(r[worst] if r.shape else r)}" + (f" at {tuple(int(i) for i in worst)}" if r.shape else ""), None
        return None, dtype_diff
    if r.dtype.kind in "biu" and g.dtype.kind in "biu":
        if not np.array_equal(r, g):
            bad = np.argwhere(r != g)
            at = tuple(int(i) for i in bad[0]) if r.shape else ()
            return f"{where}: got {_short(g[at] if r.shape else g)} expected {_short(r[at] if r.shape else r)}" + (f" at {at}" if r.shape else ""), None
        return None, dtype_diff
    try:
        equal = bool(np.array_equal(r, g))
    except Exception:
        equal = False
    return (None if equal else f"{where}: {_short(g)} != {_short(r)}"), dtype_diff


def _short(value: Any) -> str:
    text = repr(value.item() if hasattr(value, "item") and getattr(value, "shape", None) == () else value)
    return text if len(text) < 60 else text[:57] + "..."


# --------------------------------------------------------------------------- running


class _Timeout(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise _Timeout(f"timed out after {TIMEOUT} s")


def _load(path: Path) -> Any:
    global _counter
    _counter += 1
    name = f"_fidelity_{path.stem}_{_counter}"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules[name] = module  # AutoGraph and inspect look modules up by name
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def _call_main(path: Path) -> dict:
    if hasattr(signal, "SIGALRM"):
        old = signal.signal(signal.SIGALRM, _alarm)
        signal.alarm(TIMEOUT)
    try:
        return _load(path).main()
    finally:
        if hasattr(signal, "SIGALRM"):
            signal.alarm(0)
            signal.signal(signal.SIGALRM, old)


_reference_cache: dict[str, Any] = {}


def reference(path: Path) -> Any:
    """The original program's results under NumPy (cached per process)."""
    key = str(path)
    if key not in _reference_cache:
        _reference_cache[key] = _call_main(path)
    return _reference_cache[key]


def evaluate(path: Path, mode: str, workdir: Path | None = None) -> Result:
    """Convert ``path`` in ``mode``, run it and classify it against the NumPy run."""
    import np2tf.runtime  # noqa: F401 - NumPy behaviour on before converted code runs
    from np2tf.diagnostics import CATALOGUE
    from np2tf.options import Options
    from np2tf.pipeline import convert_source

    path = Path(path)
    result = Result(program=path.stem, mode=mode)
    start = time.perf_counter()
    ref = reference(path)
    try:
        converted = convert_source(path.read_text(), str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path), Options(**MODES[mode]))
    except Exception as exc:
        result.status = "reported"  # the converter failing loudly is not a silent wrong answer
        result.crash = "convert"
        result.detail = f"np2tf raised {type(exc).__name__}: {exc}".splitlines()[0][:300]
        result.seconds = time.perf_counter() - start
        return result
    for d in converted.diagnostics:
        if CATALOGUE[d.code].severity in ("warning", "error"):
            if d.code not in result.codes:
                result.codes.append(d.code)
            result.diagnostics.append(f"{d.line}:{d.col} {d.code} {d.message}")
        elif d.code not in result.info_codes:
            result.info_codes.append(d.code)
    tmp = Path(workdir or tempfile.mkdtemp(prefix="np2tf_fidelity_"))
    out = tmp / f"{path.stem}_{mode.replace('-', '_')}.py"
    out.write_text(converted.code)
    value_diff = dtype_diff = None
    try:
        got = _call_main(out)
        value_diff, dtype_diff = compare(ref, got)
    except _Timeout as exc:
        result.crash = "timeout"
        value_diff = str(exc)
    except Exception as exc:
        result.crash = "run"
        tb = traceback.extract_tb(exc.__traceback__)
        frame = next((f for f in reversed(tb) if f.filename == str(out)), tb[-1] if tb else None)
        where = f" (converted line {frame.lineno}: {frame.line})" if frame else ""
        value_diff = f"raised {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"[:240] + where
    if value_diff:
        result.status = "reported" if result.codes else "silent"
        result.detail = value_diff
    elif dtype_diff:
        result.status = "dtype-only"
        result.detail = dtype_diff
    else:
        result.status = "same"
    result.seconds = time.perf_counter() - start
    return result


def programs_in(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*.py") if not p.name.startswith("_"))


# --------------------------------------------------------------------------- workers and report


def _worker(args: argparse.Namespace) -> None:
    import numpy as np

    import np2tf

    print(f"np2tf from {Path(np2tf.__file__).parent}", file=sys.stderr)

    np.seterr(all="ignore")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    results = []
    with tempfile.TemporaryDirectory(prefix="np2tf_fidelity_") as tmp:
        for task in args.paths:
            path, mode = task.rsplit("::", 1)
            results.append(asdict(evaluate(Path(path), mode, Path(tmp))))
            Path(args.out).write_text(json.dumps(results))


def _summary(results: list[dict], mode: str) -> dict[str, int]:
    counts = {s: 0 for s in STATUSES}
    for r in results:
        if r["mode"] == mode:
            counts[r["status"]] += 1
    return counts


def _pct(n: int, total: int) -> str:
    return f"{100 * n / total:.0f}% ({n})" if total else "-"


def render(results: list[dict], modes: list[str], directory: Path, seconds: float) -> str:
    programs = sorted({r["program"] for r in results})
    by = {(r["program"], r["mode"]): r for r in results}
    lines = [
        "# Fidelity evaluation",
        "",
        f"`python benchmarks/fidelity/run.py` - {len(programs)} NumPy programs in `{directory.relative_to(ROOT) if directory.is_relative_to(ROOT) else directory}`"
        f" written in the style of public NumPy code (CFD lessons, course ML assignments, Rosetta and book"
        f" examples, views and argument mutation, class state, dtype-sensitive code). Each program's `main()`"
        f" runs under NumPy, then converted under TensorFlow; the results are compared key by key."
        f" Run took {seconds:.0f} s.",
        "",
        "Statuses: **same** (keys, shapes, dtypes, values: float64 rel. 1e-6, float32 rel. 1e-4, ints exact);"
        " **dtype-only** (values match, a dtype differs); **reported** (differs or raises, and the conversion"
        " emitted at least one warning/error diagnostic - generous: any warning counts); **silent** (differs or"
        " raises with no warning-level diagnostic).",
        "",
        "Modes: `default` = `Options()` (`--tf-function auto`, random numbers from TF ops: NumPy's MT19937"
        " stream for `np.random.seed`/`RandomState`); `numpy` = `--random numpy` (NumPy's generators on the"
        " host); `off` = `--tf-function off` (the literal eager conversion); `off-numpy` = both.",
        "",
        "## Headline",
        "",
        "| mode | same | dtype-only | reported | silent |",
        "|---|---|---|---|---|",
    ]
    for mode in modes:
        c = _summary(results, mode)
        total = sum(c.values())
        lines.append(f"| {mode} | " + " | ".join(_pct(c[s], total) for s in STATUSES) + " |")
    lines += ["", "## Per program", "", "| program | " + " | ".join(modes) + " |", "|---|" + "---|" * len(modes)]
    for p in programs:
        cells = []
        for m in modes:
            r = by.get((p, m))
            if r is None:
                cells.append("-")
                continue
            cell = f"**{r['status']}**" if r["status"] in ("silent", "dtype-only") else r["status"]
            if r["codes"]:
                cell += " " + ",".join(r["codes"])
            if r["crash"]:
                cell += f" [{r['crash']}]"
            cells.append(cell)
        lines.append(f"| {p} | " + " | ".join(cells) + " |")
    lines += ["", "## Differences", ""]
    for p in programs:
        for m in modes:
            r = by.get((p, m))
            if r and r["status"] != "same":
                detail = r["detail"].replace("|", "\\|").replace("\n", " ")
                lines.append(f"- `{p}` [{m}] {r['status']}: {detail}")
    triage = HERE / "TRIAGE.md"
    if triage.exists():  # hand-written root causes, kept across regenerations
        lines += ["", triage.read_text().rstrip()]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=PROGRAMS, help="directory of programs")
    parser.add_argument("--only", nargs="*", help="program stems to run")
    parser.add_argument("--modes", default=",".join(MODES), help="comma-separated modes")
    parser.add_argument("--jobs", type=int, default=max(1, min(4, os.cpu_count() or 1)))
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    parser.add_argument("--no-doc", action="store_true", help="do not write docs/fidelity.md")
    parser.add_argument("--src", type=Path, default=ROOT, help="import np2tf from this tree (e.g. a `git archive HEAD` export, to evaluate committed code only)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("paths", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        _worker(args)
        return 0

    start = time.perf_counter()
    modes = [m for m in args.modes.split(",") if m]
    paths = [p for p in programs_in(args.dir.resolve()) if not args.only or p.stem in args.only]
    # Split the (program, mode) pairs into `jobs` shards, each a worker process that
    # imports TensorFlow once; program-major order keeps one program's modes together.
    tasks = [f"{p}::{m}" for p in paths for m in modes]
    tmp = Path(tempfile.mkdtemp(prefix="np2tf_fidelity_run_"))
    env = dict(os.environ, NP2TF_FIDELITY_SRC=str(args.src.resolve()), TF_CPP_MIN_LOG_LEVEL="2", PYTHONPATH=str(args.src.resolve()) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    running = []
    for i in range(args.jobs):
        shard = tasks[i :: args.jobs]
        if shard:
            out = tmp / f"shard{i}.json"
            script = [sys.executable, str(Path(__file__).resolve()), "--worker", "1", "--out", str(out), *shard]
            running.append((subprocess.Popen(script, env=env, cwd=ROOT, stderr=subprocess.PIPE, text=True), out))
    results: list[dict] = []
    for proc, out in running:
        _, err = proc.communicate()
        if out.exists():
            results += json.loads(out.read_text())
        if proc.returncode:
            print(f"worker failed ({proc.returncode}):\n{err[-2000:]}", file=sys.stderr)
    seconds = time.perf_counter() - start

    by = {(r["program"], r["mode"]): r for r in results}
    width = max([len(p.stem) for p in paths] + [7])
    print(f"{'program':{width}}  " + "  ".join(f"{m:14}" for m in modes))
    for p in paths:
        print(f"{p.stem:{width}}  " + "  ".join(f"{by.get((p.stem, m), {}).get('status', '-'):14}" for m in modes))
    print()
    for m in modes:
        c = _summary(results, m)
        total = sum(c.values())
        print(f"{m:12} " + "  ".join(f"{s} {_pct(c[s], total)}" for s in STATUSES))
    print(f"\n{seconds:.0f} s")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    if not args.no_doc:
        DOC.write_text(render(results, modes, args.dir.resolve(), seconds))
        print(f"wrote {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
