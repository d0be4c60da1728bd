"""Emit converted code: check it compiles, show it as a diff, write it atomically.

A result that does not compile is never written (np2tf's bug, exit 123). Writes go to a
temporary file in the same directory, then ``os.replace``: a run killed at any moment
leaves each file either as it was or fully converted. Permissions, the encoding the file
declares, its BOM and its line endings are kept.
"""

from __future__ import annotations

import difflib
import os
import stat
import tempfile
from pathlib import Path


class EmitError(Exception):
    """The converted code does not compile; carries the offending position."""

    def __init__(self, message: str, line: int, col: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col


def check_compiles(code: str, path: str) -> None:
    """Raise :class:`EmitError` if ``code`` is not valid Python."""
    try:
        compile(code, path, "exec", dont_inherit=True)
    except SyntaxError as exc:
        raise EmitError(f"converted code does not compile: {exc.msg}", exc.lineno or 1, exc.offset or 1) from exc
    except (ValueError, RecursionError, MemoryError) as exc:
        raise EmitError(f"converted code does not compile: {exc}", 1, 1) from exc


def unified_diff(before: str, after: str, path: str) -> str:
    """A unified diff of ``before`` -> ``after``, labelled like ``git diff``."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"a/{path}",
        tofile=f"b/{path}",
    )
    text = ""
    for line in lines:
        text += line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
    return text


def encode(code: str, encoding: str) -> bytes:
    """Encode converted code with the source's encoding (``utf-8-sig`` keeps the BOM)."""
    return code.encode(encoding)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path``'s contents with ``data`` atomically, keeping its permission bits."""
    path = Path(path)
    mode = None
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    # The temporary name does not end in .py, so an interrupted run leaves no stray module.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".np2tf-tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
