"""Report a run: which diagnostics are findings, the summary, statistics and the exit code.

Exit codes are documented here and only here (``docs/cli.md`` copies this table):

====  ==========================================================================
code  meaning
====  ==========================================================================
0     success: nothing to report, or only notes (``np2tf check``) / warnings
      (``np2tf convert`` without ``--check``)
1     ``np2tf check``: at least one finding; ``convert --check``: a file would
      change or has a finding
2     usage error, bad configuration, missing path, or an input file that cannot
      be read or parsed
123   internal error: np2tf produced invalid code or crashed on a file (a bug)
====  ==========================================================================

A diagnostic is a *finding* when its severity is ``error`` or ``warning`` and it is not
an approximation note (N2T103 approximate-api, N2T104 host-fallback, N2T106 tie-order, N2T105
seeded-random-stream): those sites still
convert (with ``--allow-approximate``) or still run, so they are reported but do not
fail the check. With ``--strict`` every reported diagnostic is a finding, whatever its
severity. ``--select`` and ``--ignore`` decide what is reported in the first place.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TextIO

from np2tf.diagnostics import CATALOGUE, Diagnostic
from np2tf.results import FileResult, Status

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 123

# Sites that convert (approximately) or run (on the host): notes unless --strict.
APPROXIMATE_CODES = frozenset({"N2T103", "N2T104", "N2T105", "N2T106"})


def is_finding(diagnostic: Diagnostic, strict: bool = False) -> bool:
    """Whether ``diagnostic`` fails ``np2tf check`` (see the module docstring)."""
    if strict:
        return True
    return diagnostic.severity in ("error", "warning") and diagnostic.code not in APPROXIMATE_CODES


def selected(code: str, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> bool:
    """Ruff's rule selection: the longest matching prefix wins, ``ignore`` on a tie.

    With no ``select`` every code is selected. ``--select N2T1 --ignore N2T103`` keeps
    the N2T1xx family but N2T103; ``--ignore N2T1 --select N2T103`` keeps only N2T103.
    """
    select = [s.upper() for s in select]
    ignore = [s.upper() for s in ignore]
    best_select = max((len(p) for p in select if code.startswith(p) or p == "ALL"), default=-1 if select else 0)
    best_ignore = max((len(p) for p in ignore if code.startswith(p) or p == "ALL"), default=-1)
    return best_select >= 0 and best_select > best_ignore


def unknown_codes(prefixes: Iterable[str]) -> list[str]:
    """The prefixes that match no code of the catalogue (a typo in --select/--ignore)."""
    return [p for p in prefixes if p.upper() != "ALL" and not any(code.startswith(p.upper()) for code in CATALOGUE)]


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


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def _by_code(diagnostics: list[Diagnostic]) -> str:
    counts = Counter(d.code for d in diagnostics)
    return ", ".join(f"{code} {CATALOGUE[code].name} x{n}" for code, n in sorted(counts.items()))


def summary(files: list[FileResult], diagnostics: list[Diagnostic], verb: str) -> str:
    """One paragraph for ``convert``: how many files changed, failed, and the diagnostics by code."""
    changed = sum(f.changed for f in files)
    input_errors = sum(f.status is Status.INPUT_ERROR for f in files)
    internal = sum(f.status is Status.INTERNAL_ERROR for f in files)
    parts = [f"{_plural(changed, 'file')} {verb}", f"{len(files) - changed - input_errors - internal} unchanged"]
    if input_errors:
        parts.append(f"{input_errors} could not be read or parsed (left untouched)")
    if internal:
        parts.append(f"{internal} failed with an internal error (left untouched)")
    text = ", ".join(parts) + "."
    if diagnostics:
        text += f"\n{_plural(len(diagnostics), 'diagnostic')}: {_by_code(diagnostics)}."
    return text


def check_summary(files: list[FileResult], findings: list[Diagnostic], notes: list[Diagnostic], cached: int = 0, suppressed: int = 0) -> str:
    """One paragraph for ``np2tf check``: files, findings, notes, suppressions."""
    input_errors = sum(f.status is Status.INPUT_ERROR for f in files)
    internal = sum(f.status is Status.INTERNAL_ERROR for f in files)
    with_findings = len({d.path.split(":cell ")[0] for d in findings})
    text = f"Checked {_plural(len(files), 'file')}" + (f" ({cached} from cache)" if cached else "") + ": "
    text += f"{_plural(len(findings), 'finding')} in {_plural(with_findings, 'file')}" if findings else "no findings"
    if notes:
        text += f", {_plural(len(notes), 'note')} (approximate or host sites; --strict fails on them)"
    if suppressed:
        text += f", {suppressed} suppressed by `# np2tf: ignore`"
    if input_errors:
        text += f", {input_errors} could not be read or parsed"
    if internal:
        text += f", {internal} failed with an internal error"
    text += "."
    if findings:
        text += f"\nFindings by code: {_by_code(findings)}."
    return text


def statistics(diagnostics: list[Diagnostic]) -> list[tuple[str, str, int]]:
    """(code, name, count), most frequent first, as Ruff's ``--statistics``."""
    counts = Counter(d.code for d in diagnostics)
    return [(code, CATALOGUE[code].name, n) for code, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def write_text(stream: TextIO, files: list[FileResult], diagnostics: list[Diagnostic], verb: str, head: str | None = None) -> None:
    """Summary first, then every diagnostic (Ruff's and TF's report.txt order)."""
    stream.write((head if head is not None else summary(files, diagnostics, verb)) + "\n")
    if diagnostics:
        stream.write("\n")
    stream.writelines(diagnostic.format() + "\n" for diagnostic in diagnostics)
