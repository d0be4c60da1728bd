"""Report a run: diagnostics, the summary, and the exit code.

Exit codes are documented here and only here (the README copies this table):

====  ==========================================================================
code  meaning
====  ==========================================================================
0     success; diagnostics, if any, are warnings
1     ``--check`` / ``np2tf check``: a file would change or has findings
2     usage error, missing path, or an input file that cannot be read or parsed
123   internal error: np2tf produced invalid code or crashed on a file (a bug)
====  ==========================================================================
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable, TextIO

from np2tf.diagnostics import Diagnostic
from np2tf.pipeline import FileResult, Status

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 123


def exit_code(files: Iterable[FileResult], check: bool, findings: Iterable[Diagnostic] = (), changes_are_findings: bool = True) -> int:
    """The run's exit code: internal error beats input error beats findings.

    Args:
        files: the run's results.
        check: whether findings fail the run (``--check``, ``np2tf check``).
        findings: diagnostics that count as findings.
        changes_are_findings: whether a file that would change is a finding by itself
            (``convert --check``) or not (``np2tf check`` reports only what won't convert).
    """
    files = list(files)
    statuses = {f.status for f in files}
    if Status.INTERNAL_ERROR in statuses:
        return EXIT_INTERNAL
    if Status.INPUT_ERROR in statuses:
        return EXIT_USAGE
    if check and ((changes_are_findings and any(f.changed for f in files)) or any(True for _ in findings)):
        return EXIT_FINDINGS
    return EXIT_OK


def summary(files: list[FileResult], diagnostics: list[Diagnostic], verb: str) -> str:
    """One paragraph: how many files changed, failed, and the diagnostics by code."""
    changed = sum(f.changed for f in files)
    input_errors = sum(f.status is Status.INPUT_ERROR for f in files)
    internal = sum(f.status is Status.INTERNAL_ERROR for f in files)
    parts = [f"{changed} file{'s' if changed != 1 else ''} {verb}", f"{len(files) - changed - input_errors - internal} unchanged"]
    if input_errors:
        parts.append(f"{input_errors} could not be read or parsed (left untouched)")
    if internal:
        parts.append(f"{internal} failed with an internal error (left untouched)")
    text = ", ".join(parts) + "."
    counts = Counter(d.code for d in diagnostics)
    if counts:
        by_code = ", ".join(f"{code} {Diagnostic('', 0, 0, code, '').name} x{n}" for code, n in sorted(counts.items()))
        text += f"\n{len(diagnostics)} diagnostic{'s' if len(diagnostics) != 1 else ''}: {by_code}."
    return text


def write_text(stream: TextIO, files: list[FileResult], diagnostics: list[Diagnostic], verb: str) -> None:
    """Summary first, then every diagnostic (Ruff's and TF's report.txt order)."""
    stream.write(summary(files, diagnostics, verb) + "\n")
    if diagnostics:
        stream.write("\n")
    for diagnostic in diagnostics:
        stream.write(diagnostic.format() + "\n")
