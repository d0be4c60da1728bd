"""Read a file's bytes, decode them as Python does, and parse them with libcst.

libcst keeps every byte of formatting and comments, so a module printed back without
changes is byte-identical to its source.

Every way a file can be bad input ends here as a :class:`ParseFailure` with a code the
report understands: N2T001 when the bytes cannot be read or decoded (or there are too
many of them), N2T002 when the text is not Python 3 that the running interpreter
compiles. Nothing here imports or executes the file.
"""

from __future__ import annotations

import io
import os
import re
import stat
import tokenize
import warnings
from dataclasses import dataclass
from pathlib import Path

import libcst as cst

# libcst's visitors are pure Python (roughly 10 ms a line through the whole pipeline
# today), so a generated 100k-line module would take many minutes. Past these limits a
# file is reported and left untouched instead; NP2TF_MAX_LINES raises the line limit.
MAX_BYTES = 16 * 1024 * 1024
DEFAULT_MAX_LINES = 20_000


class ParseFailure(Exception):
    """The source cannot be decoded or parsed; ``code`` says which."""

    def __init__(self, code: str, message: str, line: int = 1, col: int = 1) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.col = col


@dataclass(frozen=True)
class Source:
    """A decoded source file.

    Attributes:
        text: the decoded text, newlines as in the file (``\\r\\n`` stays ``\\r\\n``).
        encoding: the codec that re-encodes ``text`` to the same bytes; ``utf-8-sig``
            when the file starts with a BOM, so the BOM is written back.
    """

    text: str
    encoding: str


def max_lines() -> int:
    """The largest module np2tf converts, in lines (``NP2TF_MAX_LINES`` overrides it)."""
    value = os.environ.get("NP2TF_MAX_LINES", "")
    return int(value) if value.isdigit() and int(value) > 0 else DEFAULT_MAX_LINES


def read_source(path: Path) -> bytes:
    """Read a regular file's bytes without ever blocking or reading without bound.

    Opening with ``O_NONBLOCK`` and checking the opened descriptor (not the name, which
    could change in between) means a FIFO or a link to ``/dev/zero`` named ``x.py`` is
    refused instead of hanging the run or filling memory.

    Raises:
        ParseFailure: with code N2T001 when the file cannot be read, is not a regular file
            or is larger than :data:`MAX_BYTES`.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise ParseFailure("N2T001", f"cannot read file: {exc.strerror or exc}") from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ParseFailure("N2T001", "not a regular file")
        if info.st_size > MAX_BYTES:
            raise ParseFailure("N2T001", f"file is {info.st_size} bytes, more than np2tf converts ({MAX_BYTES})")
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ParseFailure("N2T001", f"cannot read file: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)
    if len(data) > MAX_BYTES:  # grew while we read it
        raise ParseFailure("N2T001", f"file is more than {MAX_BYTES} bytes")
    return data


# An import statement naming numpy: `import numpy`, `import os, numpy as np`,
# `from numpy import x`, `from numpy.linalg import (`. Code can only refer to NumPy
# through such a statement, so a file without one is handed back untouched unparsed.
_NUMPY_IMPORT = re.compile(rb"(?:^|[;:])(?:\xef\xbb\xbf)?[ \t]*(?:import[ \t][^\n#]*\bnumpy\b|from[ \t]+numpy\b)", re.MULTILINE)


def mentions_numpy(data: bytes) -> bool:
    """Cheap pre-filter: only files with an import statement naming ``numpy`` are parsed.

    A file that merely says "numpy" in a comment or string is left byte-identical
    without a parse, whatever the rewrites would make of it.
    """
    return b"numpy" in data and _NUMPY_IMPORT.search(data) is not None


def decode(data: bytes) -> Source:
    """Decode ``data`` as the interpreter would (PEP 263 cookie or BOM, UTF-8 by default).

    :func:`tokenize.detect_encoding` is CPython's own reading of the rules: the cookie
    counts on line 2 only when line 1 is a comment, a BOM must agree with the cookie, and
    ``latin-1`` is normalised to a codec name that round-trips.

    Raises:
        ParseFailure: with code N2T001 when the bytes cannot be decoded.
    """
    if b"\0" in data:
        raise ParseFailure("N2T001", "file contains NUL bytes; it is not Python source")
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:  # unknown codec, or a BOM that contradicts the cookie
        raise ParseFailure("N2T001", f"cannot decode: {exc.msg if hasattr(exc, 'msg') else exc}") from exc
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ParseFailure("N2T001", f"cannot decode as {encoding}: {exc.reason} (byte {data[exc.start]:#04x})", line, col) from exc
    except LookupError as exc:
        raise ParseFailure("N2T001", f"cannot decode: {exc}") from exc
    return Source(text, encoding)


def _check_compiles(text: str, path: str) -> None:
    """Refuse what the running interpreter would refuse, before libcst sees it.

    CPython's C parser is fast and bounded: it reports Python 2 code, deep nesting
    (``too many nested parentheses``, ``RecursionError`` during compilation) and
    anything libcst accepts but this Python does not, so a later failure of the output's
    compile check is always np2tf's bug, never the input's.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escapes etc. are the user's business
            compile(text, path, "exec", dont_inherit=True)
    except SyntaxError as exc:
        line = exc.lineno or 1
        col = exc.offset or 1
        raise ParseFailure("N2T002", f"syntax error: {exc.msg}", line, max(col, 1)) from exc
    except (RecursionError, MemoryError) as exc:
        raise ParseFailure("N2T002", "syntax error: nesting too deep to parse") from exc
    except ValueError as exc:  # e.g. NUL characters in a str passed directly
        raise ParseFailure("N2T001", f"not Python source: {exc}") from exc


def parse(text: str, path: str = "<unknown>") -> cst.Module:
    """Parse ``text`` as Python 3.

    Raises:
        ParseFailure: N2T001 when the module is too large, N2T002 with the error's
            position when it does not compile or nests too deeply for libcst.
    """
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    if lines > max_lines():
        raise ParseFailure("N2T001", f"file has {lines} lines, more than np2tf converts ({max_lines()}, set NP2TF_MAX_LINES to raise it)")
    _check_compiles(text, path)
    try:
        return _parse_compiled(text)
    except cst.ParserSyntaxError as exc:
        raise ParseFailure("N2T002", f"syntax error: {exc.message}", exc.raw_line, exc.raw_column + 1) from exc
    except RecursionError as exc:
        raise ParseFailure("N2T002", "syntax error: nesting too deep to parse") from exc


def _no_validation(self: cst.CSTNode) -> None:
    pass


def _parse_compiled(text: str) -> cst.Module:
    """``libcst.parse_module`` for text CPython has just compiled, without node validation.

    Every libcst node validates itself when it is built (``CSTNode.__post_init__``, which
    does nothing else); libcst's own comment there suggests skipping it for parsed
    files. Parsed code that CPython compiles is valid, and skipping the checks makes
    the parse a quarter faster (3.1 s -> 2.3 s on the 50,732-line SciPy corpus of
    ``benchmarks/throughput.py``). Nodes np2tf builds afterwards are validated as usual.
    """
    validate = cst.CSTNode.__dict__["__post_init__"]
    cst.CSTNode.__post_init__ = _no_validation  # type: ignore[method-assign]
    try:
        return cst.parse_module(text)
    finally:
        cst.CSTNode.__post_init__ = validate  # type: ignore[method-assign]
