"""The only place that strings the stages together.

    discover -> parse -> resolve -> rewrite -> imports -> emit -> report

:func:`convert_source` runs one module's text through parse, resolve, rewrite, imports
and the compile check; :func:`convert_file` adds reading and decoding;
:func:`run` adds discovery and the action (write in place, write elsewhere, diff, check).
"""

from __future__ import annotations

import gc
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from np2tf import emit
from np2tf.diagnostics import Diagnostic
from np2tf.discover import find_files
from np2tf.options import Options
from np2tf.results import Action, FileResult, RunResult, Status
from np2tf.ruleset import RuleSet, load_rules

if TYPE_CHECKING:
    import libcst as cst

    from np2tf.rewrite import RewriteContext


def _load_stages() -> None:
    """Import the libcst-based stages on first use.

    libcst (and the matchers its codemods pull in) takes about half a second to import;
    a run whose every file is served from the cache never needs it, so the command line
    imports this module cheaply and pays for libcst only when a file is converted.
    """
    global cst, imports, ParseFailure, decode, mentions_numpy, parse, read_source
    global Resolver, insert, RewriteContext, choose_aliases, rewrite
    import libcst as cst

    from np2tf import imports
    from np2tf.insert import insert
    from np2tf.parse import ParseFailure, decode, mentions_numpy, parse, read_source
    from np2tf.resolve import Resolver
    from np2tf.rewrite import RewriteContext, choose_aliases, rewrite


@dataclass
class Converted:
    """Converted code and the diagnostics found on the way."""

    code: str
    diagnostics: list[Diagnostic]


def _star_imports(context: RewriteContext, module: cst.Module) -> None:
    for node in module.body:
        if not isinstance(node, cst.SimpleStatementLine):
            continue
        for small in node.body:
            if isinstance(small, cst.ImportFrom) and isinstance(small.names, cst.ImportStar) and small.module is not None:
                name = cst.helpers.get_full_name_for_node(small.module) or ""
                if name == "numpy" or name.startswith("numpy."):
                    context.report(small, "N2T003", f"`from {name} import *` hides which names are NumPy; they are not converted", "import numpy as np and use np.<name>")


def convert_source(text: str, path: str = "<string>", options: Options | None = None, rules: RuleSet | None = None, *, diagnostics_only: bool = False) -> Converted:
    """Convert one module's source text.

    With ``diagnostics_only`` (``np2tf check``) the code comes back unchanged: the import
    fix-up and compile check, most of a conversion's time, only matter for the output.

    Raises:
        ParseFailure: the text does not parse.
        emit.EmitError: the converted code does not compile (a bug in np2tf).
    """
    _load_stages()
    collecting = gc.isenabled()
    gc.disable()  # see _convert_source
    try:
        return _convert_source(text, path, options, rules, diagnostics_only)
    finally:
        if collecting:
            gc.enable()


def _convert_source(text: str, path: str, options: Options | None, rules: RuleSet | None, diagnostics_only: bool) -> Converted:
    """:func:`convert_source` with the cyclic garbage collector off.

    A conversion allocates a node per token and keeps them all alive to the end, so
    each of the collector's passes over the growing heap found nothing to free: it was
    6% of a conversion's time on the SciPy corpus. The few cycles a conversion leaves
    (scopes and their assignments) are collected once it is switched back on.
    """
    options = options or Options()
    rules = rules or load_rules()
    module = parse(text)
    resolver = Resolver(module, rules, text)
    if not resolver.imports_numpy:
        return Converted(text, [])  # np2tf converts NumPy code; this module has none
    aliases, renamed = choose_aliases(resolver)
    context = RewriteContext(path=path, resolver=resolver, rules=rules, options=options, aliases=aliases)
    _star_imports(context, module)
    for wanted, chosen in renamed:
        context.report(module, "N2T004", f"`{wanted}` is already used in this module; converted code uses `{chosen}` instead")
    new_module = insert(rewrite(context), context)
    diagnostics = sorted(context.diagnostics, key=lambda d: (d.line, d.col, d.code))
    if diagnostics_only or new_module.deep_equals(module):
        return Converted(text, diagnostics)
    new_module = imports.fix_imports(new_module, context.modules_used, aliases, imports.unused_numpy_names(context), resolver.import_statements)
    code = emit.generate(new_module)
    emit.check_compiles(code, path)
    return Converted(code, diagnostics)


def _where(exc: BaseException) -> str:
    """The innermost frame of a crash, so a bug report can say where np2tf failed."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    if tb is None:
        return ""
    return f" at {Path(tb.tb_frame.f_code.co_filename).name}:{tb.tb_lineno} in {tb.tb_frame.f_code.co_name}"


def _internal(display: str, message: str, line: int = 1, col: int = 1) -> FileResult:
    help_text = "this is a bug in np2tf: please report it with the file (or a reduced version of it)"
    return FileResult(display, Status.INTERNAL_ERROR, [Diagnostic(display, line, col, "N2T900", f"{message}; file left untouched", help_text)])


def convert_file(path: Path, display: str, options: Options, rules: RuleSet, *, diagnostics_only: bool = False) -> FileResult:
    """Read, decode and convert one file; never raises for a bad file.

    Input problems (unreadable, undecodable, not Python 3, nested too deeply, too large)
    give :attr:`Status.INPUT_ERROR` with one diagnostic naming the file; np2tf's own
    failures (output that does not compile or encode, any crash) give
    :attr:`Status.INTERNAL_ERROR`. Either way nothing is returned to write.
    """
    _load_stages()
    try:
        data = read_source(path)
        if not mentions_numpy(data):
            return FileResult(display, Status.UNCHANGED)
        source = decode(data)
        converted = convert_source(source.text, display, options, rules, diagnostics_only=diagnostics_only)
        if converted.code != source.text:
            emit.encode(converted.code, source.encoding)  # a write must not fail later
    except ParseFailure as exc:
        return FileResult(display, Status.INPUT_ERROR, [Diagnostic(display, exc.line, exc.col, exc.code, f"{exc.message}; file left untouched")])
    except emit.EmitError as exc:
        return _internal(display, f"np2tf produced invalid code: {exc.message}", exc.line, exc.col)
    except RecursionError:
        # parse() already refuses what CPython cannot compile; this is a tree deep
        # enough for libcst's recursive visitors but not for CPython's parser.
        return FileResult(display, Status.INPUT_ERROR, [Diagnostic(display, 1, 1, "N2T002", "nesting too deep to convert; file left untouched")])
    except Exception as exc:  # noqa: BLE001 - one file's failure must not stop the run
        return _internal(display, f"internal error: {type(exc).__name__}: {exc}{_where(exc)}")
    status = Status.CHANGED if converted.code != source.text else Status.UNCHANGED
    return FileResult(display, status, converted.diagnostics, source.text, converted.code, source.encoding)


@dataclass(frozen=True)
class RunSettings:
    """How a run works, beyond what it converts (:class:`Options`).

    Attributes:
        include: globs a discovered file must match (explicitly named files always count).
        jobs: worker processes; ``None`` or ``0`` means one per core.
        cache: reuse and store results in the project's ``.np2tf_cache``.
        clear_outputs: empty the outputs of converted notebooks' code cells.
        runtime: ``"package"`` (converted code imports ``np2tf.runtime``) or ``"vendor"``
            (it imports a copy written next to it, see :mod:`np2tf.vendor`).
        diagnostics_only: only the diagnostics are wanted (``np2tf check``), not the
            converted code; see :func:`convert_source`.
    """

    include: tuple[str, ...] = ()
    jobs: int | None = None
    cache: bool = True
    clear_outputs: bool = False
    runtime: str = "package"
    diagnostics_only: bool = False


Progress = Callable[[int, int], None]


def run(
    paths: Iterable[Path],
    action: Action,
    options: Options | None = None,
    output_dir: Path | None = None,
    exclude: Iterable[str] = (),
    progress: Progress | None = None,
    settings: RunSettings | None = None,
) -> RunResult:
    """Discover, convert (in parallel, through the cache) and act on every file under ``paths``.

    Results and diffs are in discovery order whatever order the workers finish in.
    Files are written as their results arrive, so a run stopped half-way (or killed)
    has finished the files it got to. ``progress`` is called with (files done, files in
    total) as results arrive.

    Raises:
        FileNotFoundError: a path does not exist (a usage error).
    """
    from np2tf import cache as cache_module

    options = options or Options()
    settings = settings or RunSettings()
    roots = [Path(p) for p in paths]
    files = list(find_files(roots, exclude, settings.include))
    if output_dir is not None:
        # An output tree inside the input (`-o src/converted`) is never input itself.
        out = os.path.realpath(output_dir)
        files = [f for f in files if not Path(os.path.realpath(f)).is_relative_to(out)]
    store = cache_module.Cache.for_paths(roots, _settings_key(options, settings)) if settings.cache else None
    results: list[tuple[FileResult, int] | None] = [None] * len(files)
    keys: dict[int, str] = {}
    pending: list[tuple[int, int]] = []  # (index, size)
    for index, path in enumerate(files):
        data = _read_for_cache(path) if store is not None else None
        if data is not None and store is not None:
            keys[index] = store.key(data)
            hit = store.get(keys[index], path.as_posix(), data)
            if hit is not None:
                results[index] = (hit, 0)
                _write(path, hit, roots, action, output_dir)
                continue
        pending.append((index, len(data) if data is not None else _size(path)))
    cached = len(files) - len(pending)
    if progress is not None:
        progress(cached, len(files))
    for index, converted in _convert_all(files, pending, options, settings, progress, cached):
        results[index] = converted
        _write(files[index], converted[0], roots, action, output_dir)
        if store is not None and index in keys:
            store.put(keys[index], converted[0])
    if store is not None:
        store.save()
    result = RunResult([r[0] for r in results if r is not None], cached=cached, suppressed=sum(r[1] for r in results if r is not None))
    _finish(result, roots, action, output_dir, settings)
    return result


def _settings_key(options: Options, settings: RunSettings) -> str:
    """Everything that changes a file's result, as a canonical string for the cache."""
    import dataclasses
    import json

    key = {"options": dataclasses.asdict(options), "clear_outputs": settings.clear_outputs, "runtime": settings.runtime, "diagnostics_only": settings.diagnostics_only}
    return json.dumps(key, sort_keys=True, default=str)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _read_for_cache(path: Path) -> bytes | None:
    """The file's bytes to hash, or ``None`` to leave anything unusual to :func:`convert_file`."""
    try:
        info = path.stat()
        if not path.is_file() or info.st_size > 8 * 1024 * 1024:
            return None  # FIFOs, devices and huge files get convert_file's careful read
        return path.read_bytes()
    except OSError:
        return None


def convert_one(path: Path, display: str, options: Options, settings: RunSettings) -> tuple[FileResult, int]:
    """Convert one file or notebook and apply its ``# np2tf: ignore`` comments.

    Returns:
        The result and how many diagnostics the comments hid.
    """
    from np2tf import notebooks, suppress, vendor

    postprocess = vendor.retarget if settings.runtime == "vendor" else None
    if path.suffix == ".ipynb":
        return notebooks.convert_notebook(path, display, options, settings.clear_outputs, postprocess, settings.diagnostics_only)
    result = convert_file(path, display, options, load_rules(), diagnostics_only=settings.diagnostics_only)
    hidden = 0
    if result.diagnostics and result.source:
        result.diagnostics, hidden = suppress.apply(result.source, result.diagnostics)
    if postprocess is not None and result.changed:
        result.output = postprocess(result.output)
    return result, hidden


def failure(display: str, exc: BaseException) -> FileResult:
    """The result for a conversion that raised, classified as :func:`convert_file` does."""
    _load_stages()
    if isinstance(exc, ParseFailure):
        return FileResult(display, Status.INPUT_ERROR, [Diagnostic(display, exc.line, exc.col, exc.code, f"{exc.message}; file left untouched")])
    if isinstance(exc, emit.EmitError):
        return _internal(display, f"np2tf produced invalid code: {exc.message}", exc.line, exc.col)
    if isinstance(exc, RecursionError):
        return FileResult(display, Status.INPUT_ERROR, [Diagnostic(display, 1, 1, "N2T002", "nesting too deep to convert; file left untouched")])
    return _internal(display, f"internal error: {type(exc).__name__}: {exc}{_where(exc)}")


def _convert_chunk(items: list[tuple[int, str]], options: Options, settings: RunSettings) -> list[tuple[int, tuple[FileResult, int]]]:
    return [(index, convert_one(Path(name), Path(name).as_posix(), options, settings)) for index, name in items]


def _jobs(requested: int | None) -> int:
    import os

    return requested if requested and requested > 0 else (os.cpu_count() or 1)


def _convert_all(
    files: list[Path], pending: list[tuple[int, int]], options: Options, settings: RunSettings, progress: Progress | None, done: int
) -> Iterable[tuple[int, tuple[FileResult, int]]]:
    """Convert the files the cache did not have, in worker processes when it pays.

    Files go out in chunks, largest first, so one big file does not finish last on its
    own; each worker loads libcst and the rules once per process. With one job or one
    file, everything runs here, which is also what keeps ``np2tf check one.py`` fast.
    """
    jobs = min(_jobs(settings.jobs), len(pending))
    if jobs <= 1:
        for index, _ in pending:
            converted = convert_one(files[index], files[index].as_posix(), options, settings)
            done += 1
            if progress is not None:
                progress(done, len(files))
            yield index, converted
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    ordered = sorted(pending, key=lambda item: -item[1])
    # Chunks of about an eighth of a worker's share of the bytes (at most 16 files):
    # large files go alone and first, small ones together, so the workers finish
    # at about the same time (fixed-count chunks put the 11 largest SciPy modules,
    # 45% of the lines, into one).
    budget = max(1, sum(size for _, size in ordered) // (jobs * 8))
    chunks: list[list[tuple[int, str]]] = [[]]
    filled = 0
    for index, size in ordered:
        if chunks[-1] and (filled + size > budget or len(chunks[-1]) >= 16):
            chunks.append([])
            filled = 0
        chunks[-1].append((index, str(files[index])))
        filled += size
    # fork shares the already-imported modules and loaded rules with the workers;
    # spawn would re-import libcst in each (about a second).
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    load_rules()
    _load_stages()
    gc.freeze()  # what is loaded now lives as long as the workers: never scan it
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as executor:
        futures = [executor.submit(_convert_chunk, chunk, options, settings) for chunk in chunks]
        for future in as_completed(futures):
            for index, converted in future.result():
                done += 1
                if progress is not None:
                    progress(done, len(files))
                yield index, converted


def _write(path: Path, file_result: FileResult, roots: list[Path], action: Action, output_dir: Path | None) -> None:
    """Write one file's result in place or into ``output_dir`` (other actions write nothing)."""
    if action is Action.WRITE and file_result.changed:
        emit.write_atomic(path, emit.encode(file_result.output, file_result.encoding))
    elif action is Action.OUTPUT:
        assert output_dir is not None
        _write_output(path, roots, output_dir, file_result)


def _finish(result: RunResult, roots: list[Path], action: Action, output_dir: Path | None, settings: RunSettings) -> None:
    """Diffs in discovery order; the rest of the output tree; the vendored runtime."""
    from np2tf import vendor

    if action is Action.DIFF:
        result.diffs.extend(emit.unified_diff(f.source, f.output, f.path) for f in result.files if f.changed)
    if action is Action.OUTPUT:
        assert output_dir is not None
        _copy_other_files(roots, output_dir, {Path(f.path) for f in result.files})
    if settings.runtime == "vendor" and action in (Action.WRITE, Action.OUTPUT) and any(f.changed for f in result.files):
        vendor.write_runtime(output_dir if action is Action.OUTPUT and output_dir is not None else _vendor_home(roots))


def _vendor_home(roots: list[Path]) -> Path:
    """Where converting in place puts the vendored runtime: the first folder named."""
    for root in roots:
        if root.is_dir():
            return root
    return roots[0].parent


def _relative(path: Path, roots: list[Path]) -> Path:
    for root in roots:
        if root.is_dir() and path.is_relative_to(root):
            return path.relative_to(root)
    return Path(path.name)


def _inside(output_dir: Path, relative: Path) -> Path:
    target = (output_dir / relative).resolve()
    if not target.is_relative_to(output_dir.resolve()):
        raise ValueError(f"refusing to write outside the output directory: {relative}")
    return target


def _write_output(path: Path, roots: list[Path], output_dir: Path, file_result: FileResult) -> None:
    target = _inside(output_dir, _relative(path, roots))
    if file_result.changed:
        # A new output file keeps the source's permission bits (an executable script stays one).
        emit.write_atomic(target, emit.encode(file_result.output, file_result.encoding), mode=path.stat().st_mode & 0o7777)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)


def _copy_other_files(roots: list[Path], output_dir: Path, done: set[Path]) -> None:
    """Copy the files that are not Python modules, so the output tree is complete."""
    from np2tf.discover import SKIP_DIRS

    out = os.path.realpath(output_dir)
    for root in roots:
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path in done or not path.is_file() or path.is_symlink():
                continue
            if Path(os.path.realpath(path)).is_relative_to(out):
                continue  # the output tree itself, when it lies inside the input
            if any(part in SKIP_DIRS for part in path.relative_to(root).parts):
                continue
            target = _inside(output_dir, path.relative_to(root))
            if target.exists():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
