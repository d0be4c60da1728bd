"""The ``np2tf`` command line.

Progress and diagnostics go to stderr; data (diffs, machine-readable reports) to stdout.
Exit codes are documented in :mod:`np2tf.report`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from np2tf import __version__, config, report
from np2tf.diagnostics import CATALOGUE
from np2tf.pipeline import Action, FileResult, run
from np2tf.options import Options

_EPILOG = """\b
Exit codes:
  0    success (diagnostics are warnings)
  1    --check: a file would change or cannot be converted
  2    usage error, missing path, or a file that cannot be read or parsed
  123  internal error (a bug in np2tf; please report it)
"""


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
    return str(pyproject)


class _Progress:
    """A progress bar on stderr for long runs, only on a terminal and without --quiet."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.count = 0

    def __call__(self, result: FileResult) -> None:
        self.count += 1
        if self.enabled and self.count % 10 == 0:
            click.echo(f"\r{self.count} files...", nl=False, err=True)

    def close(self) -> None:
        if self.enabled and self.count >= 10:
            click.echo("\r" + " " * 30 + "\r", nl=False, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog=_EPILOG)
@click.version_option(__version__, prog_name="np2tf")
def main() -> None:
    """Convert NumPy code to TensorFlow code.

    \b
    np2tf convert src/              rewrite files in place
    np2tf convert src/ -o out/      write the converted tree to out/
    np2tf convert src/ --diff       show what would change
    np2tf check src/                report what will not convert (CI, pre-commit)
    """


def _common(func: Any) -> Any:
    options = [
        click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path), is_eager=True),
        click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False), callback=_read_config, expose_value=False, is_eager=False, help="Read [tool.np2tf] from this file instead of the nearest pyproject.toml."),
        click.option("--exclude", multiple=True, metavar="GLOB", help="Skip files and folders matching GLOB (repeatable)."),
        click.option("--allow-approximate", is_flag=True, help="Also apply conversions whose results differ slightly from NumPy (fidelity 'approximate')."),
        click.option("-q", "--quiet", is_flag=True, help="Print only errors and the summary."),
        click.option("--report", "report_file", type=click.Path(dir_okay=False, path_type=Path), help="Also write the summary and every diagnostic to FILE."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _finish(files: list[FileResult], check: bool, quiet: bool, report_file: Path | None, verb: str, changes_are_findings: bool = True) -> None:
    diagnostics = [d for f in files for d in f.diagnostics]
    for d in diagnostics:
        if not quiet or d.severity == "error":
            click.echo(d.format(), err=True)
    click.echo(("\n" if diagnostics and not quiet else "") + report.summary(files, diagnostics, verb), err=True)
    if report_file is not None:
        with report_file.open("w", encoding="utf-8") as handle:
            report.write_text(handle, files, diagnostics, verb)
    findings = [d for d in diagnostics if d.severity != "info"]
    sys.exit(report.exit_code(files, check, findings, changes_are_findings))


@main.command(epilog=_EPILOG)
@_common
@click.option("-o", "--output", "output_dir", type=click.Path(file_okay=False, path_type=Path), help="Write the converted tree to DIR (other files are copied) and leave the sources alone.")
@click.option("--diff", is_flag=True, help="Print a unified diff to stdout and write nothing.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if any file would change or cannot be fully converted.")
def convert(paths: tuple[Path, ...], exclude: tuple[str, ...], allow_approximate: bool, quiet: bool, report_file: Path | None, output_dir: Path | None, diff: bool, check: bool) -> None:
    """Convert the Python files under PATHS from NumPy to TensorFlow."""
    if sum(map(bool, (output_dir, diff, check))) > 1:
        raise click.UsageError("use only one of --output, --diff and --check")
    action = Action.OUTPUT if output_dir else Action.DIFF if diff else Action.CHECK if check else Action.WRITE
    progress = _Progress(not quiet)
    try:
        result = run(paths, action, Options(allow_approximate=allow_approximate), output_dir, exclude, progress)
    except FileNotFoundError as exc:
        raise click.UsageError(f"path does not exist: {exc}") from exc
    finally:
        progress.close()
    for text in result.diffs:
        click.echo(text, nl=False)
    verb = {Action.WRITE: "converted", Action.OUTPUT: "converted", Action.DIFF: "would be converted", Action.CHECK: "would be converted"}[action]
    _finish(result.files, check, quiet, report_file, verb)


@main.command(epilog=_EPILOG)
@_common
def check(paths: tuple[Path, ...], exclude: tuple[str, ...], allow_approximate: bool, quiet: bool, report_file: Path | None) -> None:
    """Report every call under PATHS that will not convert faithfully; write nothing.

    Exits 1 when there are findings, so it can gate CI and pre-commit.
    """
    progress = _Progress(not quiet)
    try:
        result = run(paths, Action.CHECK, Options(allow_approximate=allow_approximate), None, exclude, progress)
    except FileNotFoundError as exc:
        raise click.UsageError(f"path does not exist: {exc}") from exc
    finally:
        progress.close()
    _finish(result.files, True, quiet, report_file, "would be converted", changes_are_findings=False)


@main.command("rules")
def list_rules() -> None:
    """List every diagnostic code."""
    for code in CATALOGUE.values():
        if not code.retired:
            click.echo(f"{code.code}  {code.name:<26} {code.summary}")


@main.command()
@click.argument("code")
def explain(code: str) -> None:
    """Explain diagnostic CODE (for example N2T200)."""
    entry = CATALOGUE.get(code.upper())
    if entry is None:
        raise click.UsageError(f"unknown code {code!r}; `np2tf rules` lists them")
    click.echo(f"{entry.code} ({entry.name}, {entry.severity})\n\n{entry.summary}\n\n{entry.explanation}")


if __name__ == "__main__":
    main()
