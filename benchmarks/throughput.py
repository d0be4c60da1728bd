"""Throughput of ``np2tf convert`` against a bare libcst round trip on the same files.

    python benchmarks/throughput.py                  # ~50,000 lines of installed SciPy
    python benchmarks/throughput.py --corpus DIR     # any tree
    python benchmarks/throughput.py --profile        # also print where np2tf spends time
    python benchmarks/throughput.py --stages         # CPU seconds per pipeline stage, serial
    python benchmarks/throughput.py --repeat 3       # fastest of 3 runs (a shared machine)

One run measures, on the same files:

* libcst parse + print, in one process and with ``--jobs`` processes: the floor np2tf
  cannot beat, since it parses and prints every file that mentions NumPy;
* ``np2tf convert --no-cache -o OUT`` (cold) in a fresh process, with ``--jobs``;
* ``np2tf check`` twice with a fresh cache: cold, then warm (every file from the cache);
* ``np2tf check`` on one small file: start-up as a pre-commit hook sees it.

and prints lines per second and the ratio np2tf / libcst, with the CPU seconds each
took (the reference machine is shared: CPU time varies less than wall time under
load). ``docs/performance.md`` records the numbers measured on the reference machine.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build_corpus(target: Path, lines: int) -> Path:
    """Copy non-test modules of installed SciPy (else NumPy) that import NumPy, up to ``lines``."""
    import importlib.util

    for package in ("scipy", "numpy"):
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            continue
        source = Path(next(iter(spec.submodule_search_locations)))
        total = 0
        for path in sorted(source.rglob("*.py")):
            if "tests" in path.parts or total >= lines:
                continue
            text = path.read_bytes()
            if b"import numpy" not in text:
                continue
            destination = target / package / path.relative_to(source)
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(text)
            total += text.count(b"\n")
        if total:
            return target
    raise SystemExit("neither scipy nor numpy is installed: pass --corpus DIR")


def _files(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.rglob("*.py") if ".np2tf_cache" not in p.parts)


def _round_trip(path: str) -> int:
    import libcst

    text = Path(path).read_text(encoding="utf-8")
    assert libcst.parse_module(text).code == text
    return text.count("\n")


def bare_libcst(files: list[Path], jobs: int) -> tuple[float, float]:
    """Seconds (wall, CPU) for libcst parse + print of every file (``jobs`` processes)."""
    import libcst  # noqa: F401 - imported before timing, as np2tf's workers have it loaded

    cpu = time.process_time() + _children_cpu()
    start = time.perf_counter()
    if jobs == 1:
        for path in files:
            _round_trip(str(path))
    else:
        with ProcessPoolExecutor(jobs) as pool:
            list(pool.map(_round_trip, [str(p) for p in files], chunksize=4))
    return time.perf_counter() - start, time.process_time() + _children_cpu() - cpu


CPU: dict[str, float] = {}  # row name -> CPU seconds (user + system) of the processes


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def np2tf(*args: str, cache_dir: Path) -> tuple[float, int]:
    """Seconds (wall clock, process start included) and exit code of ``np2tf ARGS``."""
    env = {**os.environ, "NP2TF_CACHE_DIR": str(cache_dir), "PYTHONPATH": str(ROOT)}
    cpu = _children_cpu()
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "np2tf", *args], capture_output=True, env=env, check=False)
    elapsed = time.perf_counter() - start
    CPU[" ".join(args[:1])] = _children_cpu() - cpu
    if result.returncode not in (0, 1):
        sys.stderr.write(result.stderr.decode(errors="replace")[-2000:])
    return elapsed, result.returncode


def profile(files: list[Path], top: int) -> None:
    """cProfile np2tf's conversion of every file in this process, by cumulative time."""
    sys.path.insert(0, str(ROOT))
    from np2tf.options import Options
    from np2tf.pipeline import convert_file
    from np2tf.ruleset import load_rules

    rules = load_rules()
    profiler = cProfile.Profile()
    profiler.enable()
    for path in files:
        convert_file(path, path.as_posix(), Options(), rules)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(top)


def stages(files: list[Path]) -> None:
    """CPU seconds of each pipeline stage, converting every file serially in this process.

    Stages are timed by wrapping the functions that implement them; nested ones
    (positions are asked for while planning) are also counted in their caller.
    """
    sys.path.insert(0, str(ROOT))
    from np2tf import emit, imports, insert, parse, pipeline, resolve, rewrite

    try:
        from np2tf import scope
    except ImportError:  # before np2tf/scope.py
        scope = None  # type: ignore[assignment]
    from np2tf.options import Options
    from np2tf.ruleset import load_rules

    labels = [
        "parse (libcst, CPython compile check)",
        "resolve (index, scopes, array facts)",
        "  of which node index",
        "  of which scope analysis",
        "rewrite (planners + transform)",
        "positions of diagnostics",
        "  of which ast statement lines",
        "insert (tf.function etc.)",
        "import fix-up",
        "print (libcst codegen)",
        "compile check of the output",
    ]
    totals: dict[str, float] = dict.fromkeys(labels, 0.0)

    def timed(owner: object, name: str, label: str) -> None:
        function = getattr(owner, name, None)
        if function is None:
            return  # an older np2tf without this stage

        def wrapper(*args: object, **kwargs: object) -> object:
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                totals[label] = totals.get(label, 0.0) + time.process_time() - start

        setattr(owner, name, wrapper)

    timed(parse, "parse", "parse (libcst, CPython compile check)")
    timed(resolve.Resolver, "__init__", "resolve (index, scopes, array facts)")
    timed(scope, "index", "  of which node index")
    timed(scope, "analyze", "  of which scope analysis")
    timed(resolve.Resolver, "position", "positions of diagnostics")
    timed(getattr(scope, "Positions", None), "_statement_lines", "  of which ast statement lines")
    timed(rewrite, "rewrite", "rewrite (planners + transform)")  # positions are asked for in here
    timed(insert, "insert", "insert (tf.function etc.)")
    timed(imports, "fix_imports", "import fix-up")
    timed(emit, "check_compiles", "compile check of the output")
    timed(emit, "generate", "print (libcst codegen)")
    if not hasattr(emit, "generate"):  # before emit.generate: time Module.code
        import libcst

        code = libcst.Module.code
        libcst.Module.code = property(lambda module: _timed_code(code, module, totals))  # type: ignore[method-assign,assignment]
    rules = load_rules()
    pipeline._load_stages()
    lines = sum(p.read_bytes().count(b"\n") for p in files)
    start = time.process_time()
    for path in files:
        pipeline.convert_file(path, path.as_posix(), Options(), rules)
    total = time.process_time() - start
    print(f"\nserial, one process: {total:.2f} CPU s, {lines / total:.0f} lines/s")
    for label, seconds in totals.items():
        print(f"  {label:<40} {seconds:>7.2f} s {100 * seconds / total:>5.1f}%")


def _timed_code(code: property, module: object, totals: dict[str, float]) -> str:
    start = time.process_time()
    try:
        return code.fget(module)  # type: ignore[misc]
    finally:
        totals["print (libcst codegen)"] += time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, help="tree to convert (default: ~LINES lines of installed SciPy)")
    parser.add_argument("--lines", type=int, default=50_000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--profile", action="store_true", help="also cProfile the conversion in-process (serial)")
    parser.add_argument("--stages", action="store_true", help="also time each pipeline stage in-process (serial, CPU)")
    parser.add_argument("--repeat", type=int, default=1, help="run the round trips and the cold convert N times, keep the fastest")
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="np2tf-bench-"))
    try:
        corpus = args.corpus or build_corpus(work / "corpus", args.lines)
        files = _files(corpus)
        lines = sum(p.read_bytes().count(b"\n") for p in files)
        print(f"corpus: {corpus} - {len(files)} files, {lines} lines; jobs={args.jobs}; cpus={os.cpu_count()}")

        serial, CPU["libcst 1"] = min(bare_libcst(files, 1) for _ in range(args.repeat))
        parallel, CPU["libcst jobs"] = min(bare_libcst(files, args.jobs) for _ in range(args.repeat))
        cold = float("inf")
        for _ in range(args.repeat):  # the fastest of the runs: the least disturbed by other jobs
            shutil.rmtree(work / "out", ignore_errors=True)
            seconds, _ = np2tf("convert", str(corpus), "-o", str(work / "out"), "--no-cache", "-q", "-j", str(args.jobs), cache_dir=work / "unused")
            if seconds < cold:
                cold, CPU["convert cold"] = seconds, CPU["convert"]
        check_cold, _ = np2tf("check", str(corpus), "-q", "-j", str(args.jobs), cache_dir=work / "cache")
        CPU["check cold"] = CPU["check"]
        check_warm, _ = np2tf("check", str(corpus), "-q", "-j", str(args.jobs), cache_dir=work / "cache")
        one = work / "one.py"
        one.write_text("import numpy as np\n\nx = np.sum(np.ones(3))\n", encoding="utf-8")
        one_file = min(np2tf("check", str(one), "-q", "--no-cache", cache_dir=work / "unused")[0] for _ in range(3))

        rows = [
            ("libcst parse+print, 1 process", serial, CPU["libcst 1"]),
            (f"libcst parse+print, {args.jobs} processes", parallel, CPU["libcst jobs"]),
            (f"np2tf convert -o, cold, -j {args.jobs}", cold, CPU["convert cold"]),
            (f"np2tf check, cold cache, -j {args.jobs}", check_cold, CPU["check cold"]),
        ]
        print(f"\n{'what':<40} {'seconds':>9} {'lines/s':>10} {'CPU s':>8}")
        for name, seconds, cpu in rows:
            print(f"{name:<40} {seconds:>9.2f} {lines / seconds:>10.0f} {cpu:>8.2f}")
        print(f"{'np2tf check, warm cache (whole tree)':<40} {check_warm:>9.2f}")
        print(f"{'np2tf check one small file (no cache)':<40} {one_file:>9.2f}")
        print(f"\nratio np2tf convert / libcst round trip, same {args.jobs} processes: {parallel / cold:.3f} ({cold / parallel:.1f}x slower)")
        if args.stages:
            stages(files)
        if args.profile:
            print()
            profile(files, args.top)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
