"""The ``np2tf`` command line.

Data goes to stdout (diagnostics of ``np2tf check``, diffs, JSON/SARIF); progress and
summaries go to stderr. Exit codes are documented in :mod:`np2tf.report`.

Startup matters (pre-commit runs this on every commit): this module imports click and
np2tf's light modules only. libcst is imported when a file has to be converted, and
never when every result comes from the cache; TensorFlow and NumPy never.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from np2tf import __version__, config, report
from np2tf.diagnostics import CATALOGUE, Diagnostic
from np2tf.options import Options
from np2tf.results import Action, FileResult, RunResult, Status

_EPILOG = """\b
Exit codes:
  0    clean (np2tf check: no findings; notes do not count)
  1    findings (np2tf check), or a file would change (convert --check)
  2    usage or configuration error, missing path, unreadable or unparsable file
  123  internal error (a bug in np2tf; please report it)
"""
_FORMATS = ("text", "json", "sarif", "github")


def _read_config(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Load ``[tool.np2tf]`` into click's defaults, so flags win over the file."""
    paths = [Path(p) for p in ctx.params.get("paths", ())] or [Path.cwd()]
    pyproject = Path(value) if value else config.find_pyproject(paths)
    if pyproject is None:
        return None
    try:
        values = config.load(pyproject)
    except config.ConfigError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from exc
    ctx.default_map = {**(ctx.default_map or {}), **values}
    ctx.meta["np2tf.config"] = values
    return str(pyproject)


def _codes(values: tuple[str, ...] | list[str] | None) -> list[str]:
    """``--select A,B --select C`` and config lists alike -> ``["A", "B", "C"]``."""
    return [c.strip().upper() for v in values or () for c in str(v).split(",") if c.strip()]


class _Progress:
    """A progress bar on stderr for long runs: only on a terminal and without --quiet."""

    MIN_FILES = 20  # below this a run is over before a bar is worth drawing

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.bar: Any = None
        self.shown = 0

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            if total - done < self.MIN_FILES:
                return
            self.bar = click.progressbar(length=total, label="np2tf", file=sys.stderr, show_pos=True)
            self.bar.__enter__()
        self.bar.update(done - self.shown)
        self.shown = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog=_EPILOG)
@click.version_option(__version__, prog_name="np2tf")
def main() -> None:
    """Convert NumPy code to TensorFlow code.

    \b
    np2tf convert src/              rewrite files in place
    np2tf convert src/ -o out/      write the converted tree to out/
    np2tf convert src/ --diff       show what would change
    np2tf check src/                report what will not convert (CI, pre-commit)
    np2tf rules                     list diagnostic codes; np2tf explain CODE
    """


def _common(func: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path), is_eager=True),
        click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False), callback=_read_config, expose_value=False, is_eager=False, help="Read [tool.np2tf] from this file instead of the nearest pyproject.toml."),
        click.option("--exclude", multiple=True, metavar="GLOB", help="Skip files and folders matching GLOB (repeatable)."),
        click.option("--include", multiple=True, metavar="GLOB", help="Only take files (found in folders) matching GLOB (repeatable)."),
        click.option("--allow-approximate", is_flag=True, help="Also apply conversions whose results differ slightly from NumPy (fidelity 'approximate')."),
        click.option("--tf-function", type=click.Choice(["off", "auto", "all"]), default=None, help="Compile functions and loops: 'auto' (default) where analysis finds it safe and worth it, 'all' wherever safe, 'off' for the literal eager conversion."),
        click.option("--jit/--no-jit", default=None, help="--jit: compile every inserted tf.function with XLA where shapes are static; --no-jit: no XLA at all. Default: XLA for graph loops of fixed-shape array arithmetic."),
        click.option("--explain", is_flag=True, default=None, help="Report every tf.function / loop / vectorized_map / device decision with its reason (N2T4xx notes)."),
        click.option("--device", default=None, metavar="DEVICE", help="Place converted entry points under tf.device(DEVICE)."),
        click.option("--random", type=click.Choice(["tf", "numpy"]), default=None, help="numpy.random calls: 'tf' (TF ops, default: np.random.seed/RandomState draw NumPy's own MT19937 stream, default_rng draws other numbers) or 'numpy' (NumPy's generators on the host, every stream bit-identical; no XLA/GPU)."),
        click.option("-j", "--jobs", type=click.IntRange(min=0), default=0, help="Worker processes (default 0: one per core)."),
        click.option("--cache/--no-cache", default=True, help="Reuse results for unchanged files from .np2tf_cache/ (default on)."),
        click.option("-q", "--quiet", is_flag=True, help="Print only findings, errors and the summary; no progress bar."),
        click.option("--report", "report_file", type=click.Path(dir_okay=False, path_type=Path), help="Also write the summary and every diagnostic to FILE."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _options(ctx: click.Context, params: dict[str, Any]) -> Options:
    """Options from the flags, plus the configuration keys that have no flag here.

    Keys another part of np2tf owns (``device``, ``tf-function``, ``jit``, ``explain``,
    ``random``) reach :class:`Options` when it has a field of that name, so the
    configuration accepts them before every converter feature that reads them exists.
    """
    values = {key: value for key, value in ctx.meta.get("np2tf.config", {}).items() if key in config.PASS_THROUGH}
    values.update({key: value for key, value in params.items() if value is not None})
    if values.get("tf_function") is True:
        values["tf_function"] = "auto"
    elif values.get("tf_function") is False:
        values["tf_function"] = "off"
    fields = {f.name for f in dataclasses.fields(Options)}
    return Options(**{key: value for key, value in values.items() if key in fields})


def _run(paths: tuple[Path, ...], action: Action, options: Options, settings: Any, quiet: bool, output_dir: Path | None = None, exclude: tuple[str, ...] = ()) -> RunResult:
    from np2tf.pipeline import run

    progress = _Progress(not quiet)
    try:
        return run(paths, action, options, output_dir, exclude, progress, settings)
    except FileNotFoundError as exc:
        raise click.UsageError(f"path does not exist: {exc}") from exc
    except Exception as exc:  # noqa: BLE001 - np2tf's bug: exit 123, not a traceback
        click.echo(f"np2tf: internal error: {type(exc).__name__}: {exc}", err=True)
        sys.exit(report.EXIT_INTERNAL)
    finally:
        progress.close()


def _settings(include: tuple[str, ...], jobs: int, cache: bool, clear_outputs: bool = False, runtime: str = "package", diagnostics_only: bool = False) -> Any:
    from np2tf.pipeline import RunSettings

    return RunSettings(include=tuple(include), jobs=jobs or None, cache=cache, clear_outputs=clear_outputs, runtime=runtime, diagnostics_only=diagnostics_only)


@main.command(epilog=_EPILOG)
@_common
@click.option("-o", "--output", "output_dir", type=click.Path(file_okay=False, path_type=Path), help="Write the converted tree to DIR (other files are copied) and leave the sources alone.")
@click.option("--diff", is_flag=True, help="Print a unified diff to stdout and write nothing.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if any file would change or has a finding.")
@click.option("--runtime", type=click.Choice(["package", "vendor"]), default="package", help="'vendor': write a copy of the runtime (_np2tf_runtime/) next to the converted code and import it, so it runs without np2tf.")
@click.option("--clear-outputs", is_flag=True, help="Empty the outputs of notebooks' code cells.")
@click.pass_context
def convert(ctx: click.Context, paths: tuple[Path, ...], exclude: tuple[str, ...], include: tuple[str, ...], allow_approximate: bool, tf_function: str | None, jit: bool | None, explain: bool | None, device: str | None, random: str | None, jobs: int, cache: bool, quiet: bool, report_file: Path | None, output_dir: Path | None, diff: bool, check: bool, runtime: str, clear_outputs: bool) -> None:
    """Convert the Python files and notebooks under PATHS from NumPy to TensorFlow."""
    if sum(map(bool, (output_dir, diff, check))) > 1:
        raise click.UsageError("use only one of --output, --diff and --check")
    action = Action.OUTPUT if output_dir else Action.DIFF if diff else Action.CHECK if check else Action.WRITE
    options = _options(ctx, {"allow_approximate": allow_approximate or None, "tf_function": tf_function, "jit": jit, "explain": explain or None, "device": device, "random": random})
    result = _run(paths, action, options, _settings(include, jobs, cache, clear_outputs, runtime), quiet, output_dir, exclude)
    for text in result.diffs:
        click.echo(text, nl=False)
    verb = {Action.WRITE: "converted", Action.OUTPUT: "converted", Action.DIFF: "would be converted", Action.CHECK: "would be converted"}[action]
    diagnostics = [d for f in result.files for d in f.diagnostics if _shown(d, options)]
    for d in diagnostics:
        if not quiet or report.is_finding(d):  # -q: findings and errors, as --help says
            click.echo(d.format(), err=True)
    if action is Action.CHECK:
        for f in result.files:
            if f.changed:  # name the file, as Black's "would reformat", for pre-commit logs
                click.echo(f"would convert {f.path}", err=True)
    click.echo(("\n" if diagnostics and not quiet else "") + report.summary(result.files, diagnostics, verb), err=True)
    if runtime == "vendor" and action in (Action.WRITE, Action.OUTPUT) and any(f.changed for f in result.files) and not quiet:
        click.echo("Wrote the runtime to _np2tf_runtime/ at the top of the converted tree; converted modules import it from there.", err=True)
    if report_file is not None:
        with report_file.open("w", encoding="utf-8") as handle:
            report.write_text(handle, result.files, diagnostics, verb)
    findings = [d for d in diagnostics if report.is_finding(d)]
    sys.exit(report.exit_code(result.files, check, findings))


@main.command(epilog=_EPILOG)
@_common
@click.option("--select", multiple=True, metavar="CODES", help="Report only these codes or prefixes (comma-separated, repeatable), e.g. N2T1,N2T200.")
@click.option("--ignore", multiple=True, metavar="CODES", help="Do not report these codes or prefixes; the longer matching prefix of --select/--ignore wins.")
@click.option("--strict", is_flag=True, help="Every reported diagnostic is a finding, approximation notes (N2T103, N2T104, N2T105) included.")
@click.option("--output-format", type=click.Choice(_FORMATS), default="text", help="text (default), json, sarif (2.1.0, for code scanning) or github (workflow annotations).")
@click.option("--statistics", is_flag=True, help="Print how many times each code occurs instead of each diagnostic.")
@click.option("--add-ignore", is_flag=True, help="Append `# np2tf: ignore[CODE]` to every line with a finding (merges with existing comments; idempotent).")
@click.pass_context
def check(ctx: click.Context, paths: tuple[Path, ...], exclude: tuple[str, ...], include: tuple[str, ...], allow_approximate: bool, tf_function: str | None, jit: bool | None, explain: bool | None, device: str | None, random: str | None, jobs: int, cache: bool, quiet: bool, report_file: Path | None, select: tuple[str, ...], ignore: tuple[str, ...], strict: bool, output_format: str, statistics: bool, add_ignore: bool) -> None:
    """Report every site under PATHS that will not convert faithfully; write nothing.

    Exits 1 when there are findings, so it can gate CI and pre-commit. A finding is a
    diagnostic of severity error or warning other than an approximation note (N2T103,
    N2T104, N2T105); with --strict every diagnostic is one.
    """
    select_codes, ignore_codes = _codes(select), _codes(ignore)
    bad = report.unknown_codes(select_codes + ignore_codes)
    if bad:
        raise click.UsageError(f"unknown code or prefix {', '.join(bad)}; `np2tf rules` lists them")
    options = _options(ctx, {"allow_approximate": allow_approximate or None, "tf_function": tf_function, "jit": jit, "explain": explain or None, "device": device, "random": random})
    settings = _settings(include, jobs, cache, diagnostics_only=True)
    result = _run(paths, Action.CHECK, options, settings, quiet or output_format != "text", exclude=exclude)
    reported = [d for f in result.files for d in f.diagnostics if _shown(d, options) and (d.code in ("N2T001", "N2T002", "N2T900") or report.selected(d.code, select_codes, ignore_codes))]
    findings = [d for d in reported if report.is_finding(d, strict)]
    notes = [d for d in reported if not report.is_finding(d, strict)]
    if add_ignore:
        added = _add_ignores(result.files, findings)
        click.echo(f"Added `# np2tf: ignore` comments for {added} finding{'s' if added != 1 else ''}.", err=True)
        sys.exit(report.exit_code(result.files, False))
    head = report.check_summary(result.files, findings, notes, result.cached, result.suppressed)
    _print_check(result.files, reported, findings, output_format, statistics, quiet, head)
    if report_file is not None:
        with report_file.open("w", encoding="utf-8") as handle:
            report.write_text(handle, result.files, reported, "checked", head)
    sys.exit(report.exit_code(result.files, True, findings, changes_are_findings=False))


def _shown(diagnostic: Diagnostic, options: Options) -> bool:
    """Performance decisions (N2T4xx notes) are shown with --explain only: with the default
    --tf-function auto every function has one, which is noise in a check."""
    return options.explain or not diagnostic.code.startswith("N2T4")


def _print_check(files: list[FileResult], reported: list[Diagnostic], findings: list[Diagnostic], output_format: str, statistics: bool, quiet: bool, head: str) -> None:
    from np2tf import formats

    finding_ids = {id(d) for d in findings}
    if statistics:
        rows = report.statistics(reported)
        if output_format == "json":
            click.echo(json.dumps([{"code": c, "name": n, "count": k} for c, n, k in rows], indent=2))
        else:
            for code, name, count in rows:
                click.echo(f"{count:>6}  {code}  {name}")
    elif output_format == "json":
        summary = {"files": len(files), "findings": len(findings), "notes": len(reported) - len(findings), "input_errors": sum(f.status is Status.INPUT_ERROR for f in files), "internal_errors": sum(f.status is Status.INTERNAL_ERROR for f in files)}
        click.echo(formats.to_json(reported, finding_ids, summary))
    elif output_format == "sarif":
        click.echo(formats.to_sarif(reported, finding_ids))
    elif output_format == "github":
        click.echo(formats.to_github(reported, finding_ids), nl=False)
    else:
        for d in reported:
            if not quiet or id(d) in finding_ids:
                click.echo(d.format())
    if output_format == "text" or not statistics:
        click.echo(("\n" if reported and output_format == "text" and not statistics else "") + head, err=True)


def _add_ignores(files: list[FileResult], findings: list[Diagnostic]) -> int:
    """Write ``# np2tf: ignore[...]`` for ``findings``; returns how many were covered."""
    from np2tf import emit, suppress

    by_path: dict[str, list[Diagnostic]] = {}
    for d in findings:
        if d.code not in ("N2T001", "N2T002", "N2T900"):  # a file that does not parse has no line to annotate
            by_path.setdefault(d.path, []).append(d)
    covered = 0
    encodings = {f.path: f.encoding for f in files}
    for path, diagnostics in by_path.items():
        if ":cell " in path:
            click.echo(f"{path}: --add-ignore does not edit notebooks; add `# np2tf: ignore[...]` in the cell by hand", err=True)
            continue
        encoding = encodings.get(path, "utf-8")
        source = Path(path).read_bytes().decode(encoding)
        updated = suppress.add_ignores(source, diagnostics)
        if updated != source:
            emit.write_atomic(Path(path), emit.encode(updated, encoding))
            covered += len(diagnostics)
    return covered


@main.command("rules")
@click.option("--output-format", type=click.Choice(["text", "json"]), default="text", help="text (default) or json.")
def list_rules(output_format: str) -> None:
    """List every diagnostic code: code, name, severity and summary."""
    if output_format == "json":
        from np2tf import formats

        click.echo(json.dumps(formats.rule_catalogue(), indent=2))
        return
    for code in CATALOGUE.values():
        if not code.retired:
            click.echo(f"{code.code}  {code.name:<26} {code.severity:<8} {code.summary}")


@main.command()
@click.argument("code")
def explain(code: str) -> None:
    """Explain diagnostic CODE (for example N2T200): what it means, why, what to do."""
    entry = CATALOGUE.get(code.upper())
    if entry is None:
        raise click.UsageError(f"unknown code {code!r}; `np2tf rules` lists them")
    finding = "a finding" if entry.severity in ("error", "warning") and entry.code not in report.APPROXIMATE_CODES else "a note (a finding with --strict)"
    retired = "\nThis code is retired: np2tf no longer reports it." if entry.retired else ""
    click.echo(
        f"{entry.code} {entry.name} ({entry.severity}; in `np2tf check`, {finding}){retired}\n\n"
        f"{entry.summary}\n\n{entry.explanation}\n\n"
        f"Suppress one site with `# np2tf: ignore[{entry.code}]` on its line, or all with "
        f"`--ignore {entry.code}` / `ignore = [\"{entry.code}\"]` in [tool.np2tf]."
    )


if __name__ == "__main__":
    main()
