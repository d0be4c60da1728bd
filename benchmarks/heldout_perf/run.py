"""Held-out performance benchmark: NumPy programs vs their np2tf conversions.

    .venv/bin/python benchmarks/heldout_perf/run.py [--size published|large|both] [--only NAME]

For every program in this folder (see PROGRAMS) and every size (``N2T_SIZE``):

1. run the NumPy original in a fresh subprocess (default BLAS threads, and once more with
   ``OPENBLAS_NUM_THREADS=1``; the faster of the two is the baseline),
2. convert it with ``np2tf convert -o DIR FILE`` (default options, i.e.
   ``--tf-function auto``) and with ``--tf-function off``, and run each converted file in a
   fresh subprocess.

Only the program body is timed (``_harness.py``): NumPy, TensorFlow and np2tf.runtime are
imported before the clock starts, and that set-up is reported on its own. Variants are
interleaved (numpy, numpy-1T, auto, off, then again) so load from other work on the
machine hits them alike; each cell is the best of ``--reps`` runs. RESULT of every
converted run is compared with NumPy's (same dtype, ``np.allclose(rtol=1e-6, atol=1e-8)``).

By default np2tf is taken from the committed ``HEAD`` (``git archive`` into a temporary
folder, laid out like the wheel), so edits in progress in the working tree do not leak in;
``--np2tf worktree`` uses the working tree instead.

Writes ``benchmarks/heldout_perf/results.json`` and the generated part of
``docs/heldout_perf.md`` (everything from a ``## Triage`` heading on is kept as it is).
"""

from __future__ import annotations

import argparse
import collections
import datetime as _dt
import json
import math
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
HARNESS = HERE / "_harness.py"
DOC = REPO / "docs" / "heldout_perf.md"
RESULTS = HERE / "results.json"

# name -> style (how the original is organised)
PROGRAMS = {
    "burgers1d": "script, element loop",
    "convection2d": "script, slicing",
    "laplace2d": "script, while-tolerance",
    "cavity": "functions (+ module call)",
    "nbody": "functions, main()",
    "ising": "script, prints",
    "kmeans": "functions, main guard",
    "mlp_spiral": "script, prints",
    "softmax": "class, loss history",
    "montecarlo": "script, prints",
    "pagerank": "function, while-tolerance",
    "wave2d": "class with step()",
}
SIZES = ("published", "large")
RTOL, ATOL = 1e-6, 1e-8
SLOW_PUBLISHED = 4.0  # triage threshold at published size (x NumPy)
SLOW_LARGE = 1.0  # triage threshold at large size

DIAG_RE = re.compile(r"^(?P<path>.*?):(?P<line>\d+):(?P<col>\d+): (?P<code>N2T\d+) (?P<msg>.*)$")


# ----------------------------------------------------------------------------- np2tf
class NP2TF:
    """Where np2tf comes from: a snapshot of a commit, or the working tree."""

    def __init__(self, source: str, tmp: Path) -> None:
        self.source = source
        # Converted code keeps compiled XLA kernels for later processes: a fresh store per
        # benchmark run, so each variant's first run compiles them (reported apart).
        self.xla_cache = os.environ.get("NP2TF_XLA_CACHE") or str(tmp / "xla-cache")
        if source == "worktree":
            self.pythonpath = ""
            self.commit = _git("rev-parse", "--short", "HEAD") + "+worktree"
            return
        commit = _git("rev-parse", source)
        snap = tmp / "np2tf_snapshot"
        snap.mkdir()
        archive = subprocess.run(
            ["git", "archive", commit, "np2tf", "rules"], cwd=REPO, check=True,
            capture_output=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(snap)], input=archive, check=True)
        # the wheel ships rules/ as the np2tf.rules package
        (snap / "rules").rename(snap / "np2tf" / "rules")
        self.pythonpath = str(snap)
        self.commit = commit[:10]

    def env(self, **extra: str) -> dict:
        env = dict(os.environ)
        env.pop("N2T_SIZE", None)
        if self.pythonpath:
            env["PYTHONPATH"] = self.pythonpath + (
                os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else ""
            )
        env["TF_CPP_MIN_LOG_LEVEL"] = env.get("TF_CPP_MIN_LOG_LEVEL", "1")
        env["NP2TF_XLA_CACHE"] = self.xla_cache
        env.update(extra)
        return env

    def cli(self, *args: str, cwd: Path) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "np2tf", *args], cwd=cwd, env=self.env(),
            capture_output=True, text=True, timeout=300,
        )


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=REPO, check=True, capture_output=True,
                          text=True).stdout.strip()


def severities(np2tf: NP2TF, tmp: Path) -> dict:
    out = np2tf.cli("rules", "--output-format", "json", cwd=tmp)
    try:
        return {r["code"]: r["severity"] for r in json.loads(out.stdout)}
    except (ValueError, KeyError):
        return {}


def parse_diags(stderr: str, sev: dict) -> list:
    diags = []
    for line in stderr.splitlines():
        m = DIAG_RE.match(line)
        if m:
            diags.append({"line": int(m["line"]), "code": m["code"], "msg": m["msg"],
                          "severity": sev.get(m["code"], "?")})
    return diags


def convert(np2tf: NP2TF, name: str, mode: str, tmp: Path, sev: dict) -> dict:
    out = tmp / f"conv_{mode}"
    out.mkdir(exist_ok=True)
    src = HERE / f"{name}.py"
    report = tmp / f"report_{mode}_{name}.txt"
    # not -q: `convert -q` prints only the summary line, not the diagnostics
    args = ["convert", "--no-cache", "--report", str(report), "-o", str(out), str(src)]
    if mode != "auto":
        args[1:1] = ["--tf-function", mode]
    t = time.perf_counter()
    p = np2tf.cli(*args, cwd=tmp)
    text = report.read_text() if report.exists() else p.stderr
    rec = {
        "mode": mode, "rc": p.returncode, "convert_s": time.perf_counter() - t,
        "diags": parse_diags(text, sev), "path": str(out / f"{name}.py"),
    }
    if p.returncode not in (0,) or not (out / f"{name}.py").exists():
        rec["error"] = (p.stderr or p.stdout)[-2000:]
        rec["path"] = None
    return rec


def explain(np2tf: NP2TF, name: str, tmp: Path, sev: dict) -> list:
    p = np2tf.cli("convert", "--no-cache", "--explain", "--diff", str(HERE / f"{name}.py"),
                  cwd=tmp)
    return parse_diags(p.stderr, sev)


# ----------------------------------------------------------------------------- running
def run_once(np2tf: NP2TF, kind: str, path: str, size: str, tmp: Path, tag: str,
             timeout: float, extra_env: dict | None = None) -> dict:
    js, npz = tmp / f"{tag}.json", tmp / f"{tag}.npz"
    for f in (js, npz):
        f.unlink(missing_ok=True)
    env = np2tf.env(N2T_SIZE=size, **(extra_env or {}))
    wall = time.perf_counter()
    try:
        p = subprocess.run([sys.executable, str(HARNESS), kind, path, str(js), str(npz)],
                           cwd=tmp, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"ok": False, "error": f"timeout (> {timeout:.0f} s)", "timeout": True}
    if not js.exists():
        return {"ok": False, "error": f"harness died (rc {p.returncode}): {p.stderr[-1500:]}"}
    rec = json.loads(js.read_text())
    rec["wall_s"] = time.perf_counter() - wall
    rec["retracing_msgs"] = p.stderr.count("triggered tf.function retracing")
    rec["stdout_lines"] = len(p.stdout.splitlines())
    if npz.exists():
        rec["npz"] = str(npz)
    return rec


def load_result(rec: dict) -> list | None:
    import numpy as np

    if not rec.get("npz"):
        return None
    with np.load(rec["npz"], allow_pickle=False) as z:
        return [z[f"arr_{i}"] for i in range(len(z.files))]


def compare(ref: list | None, got: list | None) -> str:
    import numpy as np

    if ref is None or got is None:
        return "no result"
    if len(ref) != len(got):
        return f"differs: {len(got)} items, NumPy {len(ref)}"
    for i, (a, b) in enumerate(zip(ref, got)):
        where = f"item {i}" if len(ref) > 1 else "RESULT"
        if a.dtype != b.dtype:
            return f"differs: {where} dtype {b.dtype}, NumPy {a.dtype}"
        if a.shape != b.shape:
            return f"differs: {where} shape {b.shape}, NumPy {a.shape}"
        if a.dtype.kind in "fc":
            if not np.allclose(b, a, rtol=RTOL, atol=ATOL, equal_nan=True):
                err = np.nanmax(np.abs(b.astype(np.complex128) - a)) if a.size else 0.0
                return f"differs: {where} max |diff| {err:.3g}"
        elif not np.array_equal(a, b):
            return f"differs: {where} ({int(np.sum(a != b))} of {a.size} values)"
    return "same"


def best(runs: list) -> float | None:
    times = [r["time_s"] for r in runs if r.get("ok")]
    return min(times) if times else None


def bench(np2tf: NP2TF, names: list, sizes: list, reps: int, large_auto_reps: int,
          large_off_reps: int,
          timeout: float, slow_rep_s: float, tmp: Path, sev: dict,
          no_off: bool = False) -> dict:
    out: dict = {"programs": {}}
    for name in names:
        conv = {m: convert(np2tf, name, m, tmp, sev) for m in ("auto", "off")}
        out["programs"][name] = {"style": PROGRAMS[name], "convert": conv,
                                 "explain": explain(np2tf, name, tmp, sev), "sizes": {}}
        for size in sizes:
            runs: dict = collections.defaultdict(list)
            skip: dict = {}
            variants = [("numpy", "numpy", str(HERE / f"{name}.py"), None),
                        ("numpy_1t", "numpy", str(HERE / f"{name}.py"),
                         {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
                          "MKL_NUM_THREADS": "1"}),
                        ("auto", "tf", conv["auto"]["path"], None),
                        ("off", "tf", conv["off"]["path"], None)]
            for rep in range(reps):
                for key, kind, path, extra in variants:
                    if path is None or (key == "off" and no_off):
                        continue
                    if key == "off" and size == "large" and rep >= large_off_reps:
                        continue
                    if key == "auto" and size == "large" and rep >= large_auto_reps:
                        continue
                    if key in skip:
                        continue
                    if size != "published" and key in ("auto", "off") and not runs[key]:
                        guess = predict(out["programs"][name]["sizes"].get("published"), key,
                                        best(runs["numpy"] + runs["numpy_1t"]))
                        pub_s = best(out["programs"][name]["sizes"].get("published", {})
                                     .get("_runs", {}).get(key, []))
                        # only when the published run did real work (not just tracing)
                        if guess and guess > 5 * timeout and (pub_s or 0) > 3.0:
                            skip[key] = guess
                            print(f"  {name:13s} {size:9s} {key:8s} not run (predicted "
                                  f"~{guess:.0f} s)", flush=True)
                            continue
                    if runs[key] and not runs[key][-1].get("ok"):
                        continue  # failed or timed out once: do not retry
                    first = runs[key][0].get("time_s", 0) if runs[key] else 0
                    if kind == "tf" and first > slow_rep_s:
                        continue  # a slow variant: one run says enough (time budget)
                    tag = f"{name}_{size}_{key}_{rep}"
                    r = run_once(np2tf, kind, path, size, tmp, tag, timeout, extra)
                    runs[key].append(r)
                    t = f"{r['time_s']:.3f}s" if r.get("ok") else r.get("error", "?")[:60]
                    print(f"  {name:13s} {size:9s} {key:8s} rep {rep}: {t}", flush=True)
            ref = load_result(runs["numpy"][0]) if runs["numpy"] else None
            cell: dict = {}
            for key in ("numpy", "numpy_1t", "auto", "off"):
                rs = runs.get(key, [])
                c = {"best_s": best(rs), "times": [r.get("time_s") for r in rs],
                     "n": len(rs)}
                if key in skip:
                    c["skipped_s"] = skip[key]
                if rs:
                    c["setup_s"] = min((r.get("setup_s", math.inf) for r in rs), default=None)
                    bad = [r for r in rs if not r.get("ok")]
                    if bad:
                        c["error"] = bad[0].get("error", "")[-800:]
                        c["timeout"] = bool(bad[0].get("timeout"))
                    good = [r for r in rs if r.get("ok")]
                    if good:
                        c["warnings"] = good[0].get("warnings", {})
                        c["retracing_msgs"] = good[0].get("retracing_msgs", 0)
                        if key != "numpy":  # numpy_1t: the reference's own noise floor
                            c["match"] = compare(ref, load_result(good[0]))
                elif key in ("auto", "off") and key not in skip and not (
                        key == "off" and no_off):
                    c["error"] = "conversion failed: " + (conv[key].get("error") or "")[-600:]
                cell[key] = c
            cell["_runs"] = {k: [{"ok": r.get("ok"), "time_s": r.get("time_s")} for r in rs]
                             for k, rs in runs.items()}
            out["programs"][name]["sizes"][size] = cell
            for r in (r for rs in runs.values() for r in rs):
                if r.get("npz"):
                    Path(r["npz"]).unlink(missing_ok=True)
    return out


def predict(pub: dict | None, key: str, numpy_s: float | None) -> float | None:
    """Seconds `key` would take at this size, from its ratio at the published size."""
    if not pub or not numpy_s:
        return None
    r = ratio(pub, key)
    return r * numpy_s if r else None


# ----------------------------------------------------------------------------- report
def ratio(cell: dict, key: str, t: float | None = None) -> float | None:
    """``t`` (default: the variant's best time) over NumPy's best."""
    base = [v for v in (cell["numpy"]["best_s"], cell["numpy_1t"]["best_s"]) if v]
    t = cell.get(key, {}).get("best_s") if t is None else t
    if not base or t is None:
        return None
    return t / min(base)


def first_ratio(cell: dict, key: str) -> float | None:
    """The first run's time over NumPy's best: compiled XLA kernels not yet cached."""
    first = (cell.get(key, {}).get("times") or [None])[0]
    return None if first is None else ratio(cell, key, first)


def fmt_s(v: float | None) -> str:
    if v is None:
        return "-"
    return f"{v * 1000:.1f} ms" if v < 1 else f"{v:.2f} s"


def fmt_cell(cell: dict, key: str) -> str:
    c = cell.get(key, {})
    r = ratio(cell, key)
    if r is None:
        if c.get("skipped_s"):
            return f"not run (~{c['skipped_s']:.0f} s)"
        if c.get("timeout"):
            return "timeout"
        return "fails" if c.get("error") else "-"
    return f"{r:.2f}x"


def short_match(cell: dict, key: str) -> str:
    c = cell.get(key, {})
    if "match" in c:
        ctl = cell.get("numpy_1t", {}).get("match", "same")
        if c["match"] != "same" and ctl != "same":
            return f"{c['match']} (NumPy 1T vs NumPy also {ctl})"
        return c["match"]
    if c.get("timeout"):
        return "timeout"
    if c.get("skipped_s"):
        return "not run"
    if c.get("error"):
        last = [ln for ln in c["error"].strip().splitlines() if ln.strip()]
        return "fails: " + (last[-1][:90] if last else "?")
    return "-"


def diag_summary(diags: list, keep=lambda d: True) -> str:
    cnt = collections.Counter(d["code"] for d in diags if keep(d))
    return ", ".join(f"{c} x{n}" for c, n in sorted(cnt.items())) or "none"


def is_warning(d: dict) -> bool:
    return d["severity"] in ("warning", "error")


def runtime_notes(cell: dict, key: str) -> str:
    c = cell.get(key, {})
    notes = []
    for w, n in (c.get("warnings") or {}).items():
        if "NP2TF" in w or "Fallback" in w:
            notes.append(f"{w.split(':')[0]} x{n}")
    if c.get("retracing_msgs"):
        notes.append(f"retracing warnings x{c['retracing_msgs']}")
    return "; ".join(notes)


def geomean(xs: list) -> float | None:
    xs = [x for x in xs if x]
    return math.exp(sum(map(math.log, xs)) / len(xs)) if xs else None


def render(data: dict) -> str:
    meta = data["meta"]
    progs = data["programs"]
    L = []
    L.append("# Held-out performance benchmark")
    L.append("")
    L.append("Generated by `python benchmarks/heldout_perf/run.py`; do not edit the tables by "
             "hand (the *Triage* section at the end is written by people and kept).")
    L.append("")
    L.append(f"Machine: {meta['machine']}; Python {meta['python']}, TensorFlow {meta['tf']}, "
             f"NumPy {meta['numpy']}; np2tf {meta['np2tf']}; run {meta['date']} "
             f"({meta['wall_min']:.1f} min; load average {meta['load_start']} at the start, "
             f"{meta['load_end']} at the end; other engineers share the 2 cores).")
    L.append("")
    L.append(
        "Twelve NumPy programs written blind (without reading np2tf's source, rules, fixtures "
        "or tests), the way public code writes them: CFD-lesson scripts, course notebooks "
        "exported to scripts, function- and class-based code "
        "(`benchmarks/heldout_perf/*.py`). Each reads its size from `N2T_SIZE`: "
        "`published` is the size the public original uses (mlp_spiral: 2,000 of the "
        "case study's 10,000 iterations, to fit the time budget), `large` one where NumPy "
        "takes ~0.3-0.8 s.")
    L.append("")
    L.append(
        "Each program runs in a fresh process; only its body is timed (NumPy, np2tf.runtime and "
        "TensorFlow, in the order converted code imports them, are imported first, plus one "
        "eager op: "
        f"{meta.get('tf_setup_s', 0):.2f} s for the TF processes, "
        f"{meta.get('np_setup_s', 0):.2f} s for NumPy, not counted). Converted code is "
        "`np2tf convert -o DIR FILE` with default options (`auto`: `--tf-function auto`) and "
        "with `--tf-function off` (`off`"
        + ("; not run this time, `--no-off`" if meta.get("no_off") else "")
        + "); the time includes tracing, as a user running the "
        "script pays it. Converted code keeps the XLA kernels it compiles for later runs "
        "(`NP2TF_XLA_CACHE`, here a fresh directory per benchmark run): a variant's first "
        "run compiles them (at `large` size, a kernel the `published` run compiled under the "
        "same name is loaded), later runs load them; the *first runs alone* line reports the "
        "former. The baseline is the faster of NumPy with its default BLAS threads "
        "and with `OPENBLAS_NUM_THREADS=1` (on this shared 2-core machine, 2 BLAS threads "
        f"were up to {blas_penalty(data):.0f}x slower, on matrix products of a few hundred "
        "rows). Best of "
        f"{meta['reps']} interleaved runs (`off` at large size: {meta['large_off_reps']}; "
        f"`auto` at large size: {meta.get('large_auto_reps', meta['reps'])}; "
        f"timeout {meta['timeout']:.0f} s; a variant whose first run took over "
        f"{meta.get('slow_rep_s', 12):.0f} s runs once). *result*: converted RESULT "
        "against NumPy's, same dtype and `np.allclose(rtol=1e-6, atol=1e-8)`. "
        "*diagnostics*: codes np2tf printed "
        "for the default conversion (warnings and errors; notes in brackets).")
    L.append("")
    for size in data["sizes"]:
        L.append(f"## `{size}` size")
        L.append("")
        L.append("| program | style | NumPy | NumPy 1T | auto | **auto / NumPy** | off / NumPy "
                 "| result auto | result off | diagnostics (auto) | runtime notes (auto) |")
        L.append("|---|---|---:|---:|---:|---:|---:|---|---|---|---|")
        for name, p in progs.items():
            cell = p["sizes"].get(size)
            if not cell:
                continue
            diags = p["convert"]["auto"]["diags"]
            warn = diag_summary(diags, is_warning)
            notes = diag_summary(diags, lambda d: not is_warning(d))
            dcol = warn + (f" ({notes})" if notes != "none" else "")
            L.append(
                f"| {name} | {p['style']} | {fmt_s(cell['numpy']['best_s'])} | "
                f"{fmt_s(cell['numpy_1t']['best_s'])} | {fmt_s(cell['auto']['best_s'])} | "
                f"**{fmt_cell(cell, 'auto')}** | {fmt_cell(cell, 'off')} | "
                f"{short_match(cell, 'auto')} | {short_match(cell, 'off')} | {dcol} | "
                f"{runtime_notes(cell, 'auto') or '-'} |")
        L.append("")
        ra = [ratio(p["sizes"][size], "auto") for p in progs.values() if size in p["sizes"]]
        ro = [ratio(p["sizes"][size], "off") for p in progs.values() if size in p["sizes"]]
        same = [ratio(p["sizes"][size], "auto") for p in progs.values()
                if size in p["sizes"] and p["sizes"][size]["auto"].get("match") == "same"]
        ga, go, gs = geomean(ra), geomean(ro), geomean(same)
        ran = sum(1 for r in ra if r)
        L.append(f"- geometric mean of auto / NumPy: **{ga:.2f}x** ({ran}/{len(ra)} ran)"
                 if ga else "- geometric mean of auto / NumPy: -")
        if gs and len(same) != ran:
            L.append(f"  - over the {len(same)} whose results match: {gs:.2f}x")
        gf = geomean([first_ratio(p["sizes"][size], "auto") for p in progs.values()
                      if size in p["sizes"]])
        if gf:
            L.append(f"  - auto's first runs alone (XLA kernels compiled, not yet cached): "
                     f"{gf:.2f}x")
        if go:
            L.append(f"- geometric mean of off / NumPy: {go:.2f}x "
                     f"({sum(1 for r in ro if r)}/{len(ro)} ran)")
        fast = [n for n, p in progs.items() if size in p["sizes"]
                and (ratio(p["sizes"][size], "auto") or math.inf) <= 1.0]
        L.append(f"- auto at least as fast as NumPy (ratio <= 1.00): **{len(fast)}/{len(ra)}**"
                 + (f" ({', '.join(fast)})" if fast else ""))
        nsame = sum(1 for p in progs.values() if size in p["sizes"]
                    and p["sizes"][size]["auto"].get("match") == "same")
        L.append(f"- auto results equal to NumPy's: {nsame}/{len(ra)}")
        L.append("")
    # generated appendix: what --explain says for the slow ones
    slow = slow_programs(data)
    if slow:
        L.append("## `--explain` notes of the slow programs (generated)")
        L.append("")
        L.append(f"Programs slower than {SLOW_PUBLISHED:g}x NumPy at `published` size or "
                 "slower than NumPy at `large` size; the N2T4xx decisions "
                 "`np2tf convert --explain --diff` printed (N2T400/N2T402: compiled, "
                 "N2T401/N2T403: left eager), with their line numbers.")
        L.append("")
        for name, why in slow.items():
            L.append(f"**{name}** ({why})")
            L.append("")
            for d in progs[name]["explain"]:
                if d["code"].startswith("N2T4"):
                    L.append(f"- line {d['line']}: `{d['code']}` {d['msg']}")
            others = [d for d in progs[name]["explain"] if not d["code"].startswith("N2T4")]
            for d in others:
                L.append(f"- line {d['line']}: `{d['code']}` {d['msg']}")
            L.append("")
    return "\n".join(L).rstrip() + "\n"


def blas_penalty(data: dict) -> float:
    worst = 1.0
    for p in data["programs"].values():
        for cell in p["sizes"].values():
            a, b = cell["numpy"].get("best_s"), cell["numpy_1t"].get("best_s")
            if a and b:
                worst = max(worst, a / b)
    return worst


def slow_programs(data: dict) -> dict:
    slow = {}
    for name, p in data["programs"].items():
        why = []
        for size, thr in (("published", SLOW_PUBLISHED), ("large", SLOW_LARGE)):
            cell = p["sizes"].get(size)
            if not cell:
                continue
            r = ratio(cell, "auto")
            if r is None:
                why.append(f"{size}: auto {fmt_cell(cell, 'auto')}")
            elif r > thr:
                why.append(f"{size}: {r:.2f}x")
        if why:
            slow[name] = ", ".join(why)
    return slow


def write_doc(text: str) -> None:
    tail = ""
    if DOC.exists():
        old = DOC.read_text(encoding="utf-8")
        i = old.find("\n## Triage")
        if i >= 0:
            tail = old[i:]
    DOC.write_text(text + tail, encoding="utf-8")


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.node()} ({os.cpu_count()}-core {cpu}, {platform.machine()})"


def versions() -> dict:
    code = ("import json, numpy, tensorflow as tf; "
            "print(json.dumps([numpy.__version__, tf.__version__]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
    try:
        np_v, tf_v = json.loads(out.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        np_v, tf_v = "?", "?"
    return {"numpy": np_v, "tf": tf_v}


def merge(old: dict, new: dict) -> dict:
    """Keep programs/sizes of an earlier results.json that this run did not redo."""
    if not old:
        return new
    for name, p in new["programs"].items():
        if name in old.get("programs", {}):
            sizes = dict(old["programs"][name].get("sizes", {}))
            sizes.update(p["sizes"])
            p["sizes"] = sizes
        old.setdefault("programs", {})[name] = p
    old["programs"] = {n: old["programs"][n] for n in PROGRAMS if n in old["programs"]}
    old["meta"] = new["meta"]
    old["sizes"] = [s for s in SIZES if any(s in p["sizes"] for p in old["programs"].values())]
    return old


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", choices=("published", "large", "both"), default="both")
    ap.add_argument("--only", action="append", default=[],
                    help="program name (repeatable, or comma-separated)")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--large-auto-reps", type=int, default=2,
                    help="runs of `auto` at large size (default 2, time budget)")
    ap.add_argument("--large-off-reps", type=int, default=1,
                    help="runs of the slow `off` variant at large size (default 1)")
    ap.add_argument("--timeout", type=float, default=60.0, help="per run, seconds")
    ap.add_argument("--slow-rep-s", type=float, default=10.0,
                    help="run a variant only once when its first run took longer (s)")
    ap.add_argument("--np2tf", default="HEAD",
                    help="commit to take np2tf from (default HEAD), or 'worktree'")
    ap.add_argument("--no-off", action="store_true",
                    help="skip the --tf-function off variant (the slowest; saves most of the time)")
    ap.add_argument("--no-doc", action="store_true", help="do not write docs/heldout_perf.md")
    ap.add_argument("--render-only", action="store_true",
                    help="re-render docs/heldout_perf.md from results.json")
    args = ap.parse_args()

    if args.render_only:
        write_doc(render(json.loads(RESULTS.read_text())))
        print(f"wrote {DOC}")
        return 0

    names = [n for o in args.only for n in o.split(",") if n] or list(PROGRAMS)
    unknown = [n for n in names if n not in PROGRAMS]
    if unknown:
        ap.error(f"unknown program(s): {', '.join(unknown)}; known: {', '.join(PROGRAMS)}")
    sizes = list(SIZES) if args.size == "both" else [args.size]

    t_start = time.perf_counter()
    load_start = " ".join(f"{x:.1f}" for x in os.getloadavg())
    with tempfile.TemporaryDirectory(prefix="heldout_perf_") as td:
        tmp = Path(td)
        np2tf = NP2TF(args.np2tf, tmp)
        print(f"np2tf from {np2tf.commit}; programs: {', '.join(names)}; sizes: {sizes}",
              flush=True)
        sev = severities(np2tf, tmp)
        data = bench(np2tf, names, sizes, args.reps, args.large_auto_reps,
                     args.large_off_reps, args.timeout,
                     args.slow_rep_s, tmp, sev, args.no_off)
        for p in data["programs"].values():  # paths into the temporary folder are moot
            for c in p["convert"].values():
                c.pop("path", None)
    setups = [(c.get("setup_s"), k) for p in data["programs"].values()
              for cell in p["sizes"].values() for k, c in cell.items() if c.get("setup_s")]
    data["meta"] = {
        "machine": machine(), "python": platform.python_version(), **versions(),
        "np2tf": np2tf.commit + ("" if args.np2tf == "worktree" else f" ({args.np2tf})"),
        "date": _dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "wall_min": (time.perf_counter() - t_start) / 60, "reps": args.reps,
        "large_off_reps": args.large_off_reps, "timeout": args.timeout,
        "large_auto_reps": args.large_auto_reps,
        "slow_rep_s": args.slow_rep_s, "no_off": args.no_off,
        "load_start": load_start,
        "load_end": " ".join(f"{x:.1f}" for x in os.getloadavg()),
        "tf_setup_s": min((s for s, k in setups if k in ("auto", "off")), default=0.0),
        "np_setup_s": min((s for s, k in setups if k.startswith("numpy")), default=0.0),
    }
    data["sizes"] = sizes
    old = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    data = merge(old, data)
    RESULTS.write_text(json.dumps(data, indent=1, default=str) + "\n")
    text = render(data)
    if not args.no_doc:
        write_doc(text)
        print(f"wrote {DOC}")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
