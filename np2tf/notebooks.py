"""Jupyter notebooks: convert and check the code cells of an ``.ipynb`` file.

The code cells are joined into one module, with a marker comment before each, and
converted at once: names imported in one cell are known in the next, as they are when
the notebook runs top to bottom. The result is split back at the markers.

IPython syntax is not Python, so it is masked before parsing and restored afterwards:
line magics (``%timeit f(x)``), shell escapes (``!pip install x``, ``files = !ls``) and
help (``np.sum?``) become a ``pass`` statement carrying a numbered marker, at the same
indentation; a cell that starts with a cell magic (``%%time``) is not Python at all and
is left exactly as it is. Outputs are kept unless ``clear_outputs`` is set.

Diagnostics name the cell: ``nb.ipynb:cell 3:2:5: N2T100 ...``, where cells are counted
from 1 over *all* cells (markdown included), as they appear in the notebook, and the line
is the line inside the cell.

No nbformat dependency: :func:`validate` checks the nbformat 4 structure np2tf relies on
and writes back, and the file is written as nbformat writes it (one-space indent, keys in
their original order, non-ASCII kept, trailing newline).
"""

from __future__ import annotations

import io
import json
import re
import tokenize
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from np2tf import suppress
from np2tf.suppress import python_lines
from np2tf.diagnostics import Diagnostic
from np2tf.options import Options
from np2tf.results import FileResult, Status

_CELL_MARKER = "# np2tf-cell {}"
_CELL_MARKER_RE = re.compile(r"^# np2tf-cell (\d+)\n", re.MULTILINE)
_MAGIC_MARKER = "pass  # np2tf-magic {}"
_MAGIC_RE = re.compile(r"^([ \t]*)pass  # np2tf-magic (\d+)$", re.MULTILINE)
# `%magic`, `!cmd`, `x = !cmd`, `x = %magic`, `obj?`, `??obj`; only at a statement's start
# (checked separately), since `%` and `!` may also open a continuation line.
_IPYTHON_LINE = re.compile(r"^[ \t]*(?:[%!]|[\w.]+[ \t]*=[ \t]*[%!]|\?{1,2}[\w.]|[\w.]+\?{1,2}[ \t]*$)")


class NotebookError(ValueError):
    """The file is not a notebook np2tf can read or write."""


def validate(notebook: Any) -> list[str]:
    """Problems with ``notebook``'s nbformat 4 structure (empty when it is valid)."""
    problems: list[str] = []
    if not isinstance(notebook, dict):
        return ["a notebook is a JSON object"]
    if not isinstance(notebook.get("nbformat"), int) or notebook["nbformat"] < 4:
        problems.append("nbformat must be an integer >= 4")
    if not isinstance(notebook.get("nbformat_minor"), int):
        problems.append("nbformat_minor must be an integer")
    if not isinstance(notebook.get("metadata"), dict):
        problems.append("metadata must be an object")
    cells = notebook.get("cells")
    if not isinstance(cells, list):
        return problems + ["cells must be a list"]
    for i, cell in enumerate(cells, 1):
        if not isinstance(cell, dict) or cell.get("cell_type") not in ("code", "markdown", "raw"):
            problems.append(f"cell {i}: cell_type must be code, markdown or raw")
            continue
        source = cell.get("source")
        if not (isinstance(source, str) or (isinstance(source, list) and all(isinstance(s, str) for s in source))):
            problems.append(f"cell {i}: source must be a string or a list of strings")
        if not isinstance(cell.get("metadata", {}), dict):
            problems.append(f"cell {i}: metadata must be an object")
        if cell["cell_type"] == "code":
            if not isinstance(cell.get("outputs"), list):
                problems.append(f"cell {i}: a code cell needs an outputs list")
            count = cell.get("execution_count")
            if count is not None and not isinstance(count, int):
                problems.append(f"cell {i}: execution_count must be an integer or null")
    return problems


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return source if isinstance(source, str) else "".join(source)


def _as_lines(text: str) -> list[str]:
    """nbformat's on-disk form: a list of lines, each keeping its newline."""
    return python_lines(text)


@dataclass
class _Masked:
    """The joined module and what is needed to take it apart again."""

    text: str
    magics: list[str]
    cells: list[int]  # index into notebook["cells"] of each joined cell, in order
    starts: list[int]  # first line of each joined cell's code in ``text`` (1-based)


def _mask(notebook: dict[str, Any]) -> _Masked:
    parts: list[str] = []
    magics: list[str] = []
    cells: list[int] = []
    starts: list[int] = []
    line = 1
    for index, cell in enumerate(notebook["cells"]):
        if cell.get("cell_type") != "code":
            continue
        source = _source(cell)
        if source.lstrip().startswith("%%"):
            continue  # a cell magic: its body is not Python
        lines = [line.rstrip("\r\n") for line in python_lines(source)]
        masked: list[str] = []
        continued = False
        for text in lines:
            if continued or (_IPYTHON_LINE.match(text) and _at_statement_start(masked)):
                indent = text[: len(text) - len(text.lstrip())] if not continued else masked[-1][: len(masked[-1]) - len(masked[-1].lstrip())]
                masked.append(indent + _MAGIC_MARKER.format(len(magics)))
                magics.append(text)
                continued = text.endswith("\\")
            else:
                masked.append(text)
        parts.append(_CELL_MARKER.format(index) + "\n" + "".join(t + "\n" for t in masked))
        cells.append(index)
        starts.append(line + 1)
        line += 1 + len(masked)
    return _Masked("".join(parts), magics, cells, starts)


def _at_statement_start(lines: list[str]) -> bool:
    """Whether the next line starts a statement (no open bracket, string or backslash)."""
    if not lines:
        return True
    if lines[-1].endswith("\\"):
        return False
    try:
        for _ in tokenize.generate_tokens(io.StringIO("\n".join(lines) + "\n").readline):
            pass
    except tokenize.TokenError:
        return False  # EOF inside a bracket or a multi-line string
    except (SyntaxError, ValueError):
        return True  # a dedent quirk, not an open construct
    return True


def _unmask(text: str, masked: _Masked) -> dict[int, str]:
    """Split converted code back into cells (index -> source) and restore the magics."""
    text = _MAGIC_RE.sub(lambda m: masked.magics[int(m.group(2))], text)
    pieces = _CELL_MARKER_RE.split(text)
    # pieces: [before first marker, index, code, index, code, ...]; imports np2tf adds
    # before the first marker belong to the first cell.
    head = pieces[0]
    result: dict[int, str] = {}
    for i in range(1, len(pieces), 2):
        result[int(pieces[i])] = (head if i == 1 else "") + pieces[i + 1]
    return result


def locate(masked: _Masked, line: int) -> tuple[int, int]:
    """Map a line of the joined module to (cell number counted from 1, line in the cell)."""
    position = 0
    for i, start in enumerate(masked.starts):
        if start <= line:
            position = i
    return masked.cells[position] + 1, max(1, line - masked.starts[position] + 1)


def json_line(path: Path, cell: int, line: int) -> int | None:
    """The line of the ``.ipynb`` file that holds line ``line`` of cell ``cell`` (both from 1).

    Code scanning and workflow annotations point at lines of the file on disk. In the
    layout nbformat writes (a cell's ``source`` as a JSON list, one element per line)
    each line of code has its own line of JSON; the guess is checked against the
    decoded notebook and ``None`` is returned when the layout is anything else.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
        notebook = json.loads(text)
        cells = notebook["cells"]
        source = cells[cell - 1]["source"]
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        return None
    if cell < 1 or not isinstance(source, list) or not 1 <= line <= len(source):
        return None
    lines = text.split("\n")
    openings = [i for i, text_line in enumerate(lines) if re.fullmatch(r'\s*"source": \[\s*', text_line)]
    listed = [i for i, c in enumerate(cells) if isinstance(c, dict) and isinstance(c.get("source"), list) and c["source"]]
    if len(openings) != len(listed) or cell - 1 not in listed:
        return None
    candidate = openings[listed.index(cell - 1)] + line
    try:
        if candidate < len(lines) and json.loads(lines[candidate].strip().rstrip(",")) == source[line - 1]:
            return candidate + 1
    except ValueError:
        return None
    return None


def load(data: bytes) -> dict[str, Any]:
    """Parse and validate a notebook.

    Raises:
        NotebookError: the bytes are not JSON or not an nbformat 4 notebook.
    """
    try:
        notebook = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise NotebookError(f"not a JSON notebook: {exc}") from exc
    problems = validate(notebook)
    if problems:
        raise NotebookError("not an nbformat 4 notebook: " + "; ".join(problems[:3]))
    return notebook


def dump(notebook: dict[str, Any], original: str) -> str:
    """Serialise like nbformat (one-space indent unless the original used another)."""
    match = re.search(r"^\{\s*\n([ \t]+)\"", original)
    indent = len(match.group(1)) if match else 1
    return json.dumps(notebook, indent=indent, ensure_ascii=False) + "\n"


def convert_notebook(
    path: Path, display: str, options: Options, clear_outputs: bool = False, postprocess: Callable[[str], str] | None = None, diagnostics_only: bool = False
) -> tuple[FileResult, int]:
    """Convert one notebook; never raises for a bad file.

    Args:
        path: the notebook.
        display: its name in diagnostics.
        options: conversion options.
        clear_outputs: empty every code cell's outputs and execution count.
        postprocess: applied to the converted code before it is split into cells.
        diagnostics_only: only the diagnostics are wanted (``np2tf check``).

    Returns:
        The result (``output`` is the new notebook's JSON text) and how many diagnostics
        ``# np2tf: ignore`` comments in its cells hid.
    """
    from np2tf.pipeline import Converted, convert_source, failure

    try:
        data = path.read_bytes()
        original = data.decode("utf-8-sig")
        notebook = load(data)
    except (OSError, UnicodeDecodeError, NotebookError) as exc:
        return FileResult(display, Status.INPUT_ERROR, [Diagnostic(display, 1, 1, "N2T001", f"{exc}; file left untouched")]), 0
    masked = _mask(notebook)
    if "numpy" in masked.text:
        try:
            converted = convert_source(masked.text, display, options, diagnostics_only=diagnostics_only)
        except Exception as exc:  # noqa: BLE001 - mapped to a result, as convert_file does
            failed = failure(display, exc)
            failed.diagnostics = _relabel_all(failed.diagnostics, masked, display)
            return failed, 0
    else:
        converted = Converted(masked.text, [])
    if postprocess is not None and converted.code != masked.text:
        converted = Converted(postprocess(converted.code), converted.diagnostics)
    diagnostics, hidden = suppress.apply(masked.text, converted.diagnostics)
    diagnostics = _relabel_all(diagnostics, masked, display)
    sources = _unmask(converted.code, masked) if converted.code != masked.text else {}
    for index, text in sources.items():
        cell = notebook["cells"][index]
        if text.rstrip("\n") != _source(cell).rstrip("\n"):
            keep_newline = _source(cell).endswith("\n")
            cell["source"] = _as_lines(text if keep_newline else text.rstrip("\n"))
    if clear_outputs:
        for cell in notebook["cells"]:
            if cell.get("cell_type") == "code":
                cell["outputs"] = []
                cell["execution_count"] = None
    output = dump(notebook, original) if (sources or clear_outputs) else original
    if output.strip() == original.strip() or json.loads(output) == json.loads(original):
        output = original
    problems = validate(json.loads(output))
    if problems:
        return FileResult(display, Status.INTERNAL_ERROR, [Diagnostic(display, 1, 1, "N2T900", "np2tf produced an invalid notebook: " + "; ".join(problems[:3]), "this is a bug in np2tf: please report it")]), hidden
    status = Status.CHANGED if output != original else Status.UNCHANGED
    encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    return FileResult(display, status, diagnostics, original, output, encoding), hidden


def _relabel_all(diagnostics: list[Diagnostic], masked: _Masked, display: str) -> list[Diagnostic]:
    relabelled = []
    for d in diagnostics:
        if not masked.cells:
            relabelled.append(Diagnostic(display, d.line, d.col, d.code, d.message, d.help))
            continue
        cell, line = locate(masked, d.line)
        relabelled.append(Diagnostic(f"{display}:cell {cell}", line, d.col, d.code, d.message, d.help))
    return relabelled
