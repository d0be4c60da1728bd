"""Machine-readable output of ``np2tf check``: JSON, SARIF 2.1.0 and GitHub annotations.

Every format points at ``file:line:col``. A diagnostic in a notebook carries its cell
(``nb.ipynb:cell 3``): JSON gives ``filename`` and ``cell`` separately; SARIF and GitHub
annotations, which locate lines of the file on disk, point at the line of the ``.ipynb``
file that holds the code (first line if the layout is not nbformat's) and name the cell
and line in the message.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from np2tf import __version__
from np2tf.diagnostics import CATALOGUE, Diagnostic

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/np2tf/np2tf"
_CELL = re.compile(r"^(?P<file>.*\.ipynb):cell (?P<cell>\d+)$")
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def split_path(path: str) -> tuple[str, int | None]:
    """``nb.ipynb:cell 3`` -> (``nb.ipynb``, 3); a plain path -> (path, None)."""
    match = _CELL.match(path)
    return (match.group("file"), int(match.group("cell"))) if match else (path, None)


def _notebook_line(filename: str, cell: int, line: int) -> int:
    """The notebook file's line holding the cell's line, else its first line."""
    from np2tf import notebooks

    return notebooks.json_line(Path(filename), cell, line) or 1


def rule_catalogue() -> list[dict[str, Any]]:
    """Every live code as a JSON object (``np2tf rules --output-format json``)."""
    return [
        {"code": c.code, "name": c.name, "severity": c.severity, "summary": c.summary, "explanation": c.explanation}
        for c in CATALOGUE.values()
        if not c.retired
    ]


def to_json(diagnostics: list[Diagnostic], findings: set[int], summary: dict[str, Any]) -> str:
    """``{"summary": {...}, "diagnostics": [...]}``; ``findings`` holds ids of finding diagnostics."""
    items = []
    for d in diagnostics:
        filename, cell = split_path(d.path)
        items.append(
            {
                "code": d.code,
                "name": d.name,
                "severity": d.severity,
                "finding": id(d) in findings,
                "message": d.message,
                "help": d.help or None,
                "filename": filename,
                "cell": cell,
                "location": {"row": d.line, "column": d.col},
                "url": f"np2tf explain {d.code}",
            }
        )
    return json.dumps({"version": __version__, "summary": summary, "diagnostics": items}, indent=2, ensure_ascii=False)


def _uri(filename: str) -> str:
    """A relative URI when the file is under the working directory (what code scanning wants)."""
    path = Path(filename)
    if path.is_absolute():
        try:
            path = path.relative_to(Path.cwd())
        except ValueError:
            return path.as_uri()
    return path.as_posix()


def to_sarif(diagnostics: list[Diagnostic], findings: set[int]) -> str:
    """A SARIF 2.1.0 log with the whole rule catalogue in ``tool.driver.rules``.

    A finding's level is its severity's (``error`` or ``warning``); a diagnostic that is
    not a finding (an approximation note without ``--strict``) is a ``note``.
    """
    codes = [c for c in CATALOGUE.values() if not c.retired]
    index = {c.code: i for i, c in enumerate(codes)}
    rules = [
        {
            "id": c.code,
            "name": "".join(part.capitalize() for part in c.name.split("-")),
            "shortDescription": {"text": c.summary},
            "fullDescription": {"text": c.explanation},
            "help": {"text": f"{c.summary}\n\n{c.explanation}\n\nMore: np2tf explain {c.code}"},
            "defaultConfiguration": {"level": _LEVELS[c.severity]},
            "properties": {"tags": [c.name]},
        }
        for c in codes
    ]
    results = []
    for d in diagnostics:
        filename, cell = split_path(d.path)
        text = d.message + (f" (help: {d.help})" if d.help else "")
        line, col = d.line, d.col
        if cell is not None:
            text = f"cell {cell}, line {d.line}, column {d.col}: {text}"
            line, col = _notebook_line(filename, cell, d.line), 1
        results.append(
            {
                "ruleId": d.code,
                "ruleIndex": index[d.code],
                "level": _LEVELS[d.severity] if id(d) in findings else "note",
                "message": {"text": text},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": _uri(filename), "uriBaseId": "%SRCROOT%"},
                            "region": {"startLine": max(1, line), "startColumn": max(1, col)},
                        }
                    }
                ],
            }
        )
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "np2tf", "version": __version__, "informationUri": INFORMATION_URI, "rules": rules}},
                "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().as_uri() + "/"}},
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def to_github(diagnostics: list[Diagnostic], findings: set[int]) -> str:
    """GitHub Actions workflow commands: ``::warning file=f,line=l,col=c,title=CODE::message``."""
    lines = []
    for d in diagnostics:
        filename, cell = split_path(d.path)
        command = {"error": "error", "warning": "warning"}.get(d.severity, "notice") if id(d) in findings else "notice"
        message = d.message + (f"\nhelp: {d.help}" if d.help else "")
        line, col = d.line, d.col
        if cell is not None:
            message = f"cell {cell}, line {d.line}, column {d.col}: {message}"
            line, col = _notebook_line(filename, cell, d.line), 1
        props = f"file={_escape_property(filename)},line={line},col={col},title={_escape_property(d.code)}"
        lines.append(f"::{command} {props}::{_escape_data(message)}")
    return "\n".join(lines) + ("\n" if lines else "")
