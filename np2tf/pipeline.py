"""The only place that strings the stages together.

    discover -> parse -> resolve -> rewrite -> imports -> emit -> report

:func:`convert_source` runs one module's text through parse, resolve, rewrite, imports
and the compile check; :func:`convert_file` adds reading and decoding;
:func:`run` adds discovery and the action (write in place, write elsewhere, diff, check).
"""

from __future__ import annotations

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
    global cst, MetadataWrapper, imports, ParseFailure, decode, mentions_numpy, parse, read_source
    global Resolver, insert, RewriteContext, choose_aliases, rewrite
    import libcst as cst
    from libcst.metadata import MetadataWrapper

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


def convert_source(text: str, path: str = "<string>", options: Options | None = None, rules: RuleSet | None = None) -> Converted:
    """Convert one module's source text.

    Raises:
        ParseFailure: the text does not parse.
        emit.EmitError: the converted code does not compile (a bug in np2tf).
    """
    _load_stages()
    options = options or Options()
    rules = rules or load_rules()
    module = parse(text)
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    resolver = Resolver(wrapper, rules)
    aliases, renamed = choose_aliases(resolver)
    context = RewriteContext(path=path, resolver=resolver, rules=rules, options=options, aliases=aliases)
    _star_imports(context, module)
    for wanted, chosen in renamed:
        context.report(module, "N2T004", f"`{wanted}` is already used in this module; converted code uses `{chosen}` instead")
    new_module = insert(rewrite(context), context)
    diagnostics = sorted(context.diagnostics, key=lambda d: (d.line, d.col, d.code))
    if new_module.deep_equals(module):
        return Converted(text, diagnostics)
    new_module = imports.fix_imports(new_module, context.modules_used, aliases)
    code = new_module.code
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


def convert_file(path: Path, display: str, options: Options, rules: RuleSet) -> FileResult:
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
        converted = convert_source(source.text, display, options, rules)
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


def run(
    paths: Iterable[Path],
    action: Action,
    options: Options | None = None,
    output_dir: Path | None = None,
    exclude: Iterable[str] = (),
    progress: Callable[[FileResult], None] | None = None,
) -> RunResult:
    """Discover, convert and act on every file under ``paths``.

    Raises:
        FileNotFoundError: a path does not exist (a usage error).
    """
    options = options or Options()
    rules = load_rules()
    roots = [Path(p) for p in paths]
    files = list(find_files(roots, exclude))
    result = RunResult([])
    for path in files:
        display = path.as_posix()
        file_result = convert_file(path, display, options, rules)
        result.files.append(file_result)
        if action is Action.DIFF and file_result.changed:
            result.diffs.append(emit.unified_diff(file_result.source, file_result.output, display))
        elif action is Action.WRITE and file_result.changed:
            emit.write_atomic(path, emit.encode(file_result.output, file_result.encoding))
        elif action is Action.OUTPUT:
            assert output_dir is not None
            _write_output(path, roots, output_dir, file_result)
        if progress is not None:
            progress(file_result)
    if action is Action.OUTPUT:
        assert output_dir is not None
        _copy_other_files(roots, output_dir, {Path(f.path) for f in result.files})
    return result


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
        emit.write_atomic(target, emit.encode(file_result.output, file_result.encoding))
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)


def _copy_other_files(roots: list[Path], output_dir: Path, done: set[Path]) -> None:
    """Copy the files that are not Python modules, so the output tree is complete."""
    from np2tf.discover import SKIP_DIRS

    for root in roots:
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path in done or not path.is_file() or path.is_symlink():
                continue
            if any(part in SKIP_DIRS for part in path.relative_to(root).parts):
                continue
            target = _inside(output_dir, path.relative_to(root))
            if target.exists():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
