"""Read a file's bytes, decode them as Python does, and parse them with libcst.

libcst keeps every byte of formatting and comments, so a module printed back without
changes is byte-identical to its source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import libcst as cst

# PEP 263: a coding cookie in one of the first two lines.
_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")


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
    """A decoded source file."""

    text: str
    encoding: str


def mentions_numpy(data: bytes) -> bool:
    """Cheap pre-filter: files that never say ``numpy`` need no parse at all."""
    return b"numpy" in data


def decode(data: bytes) -> Source:
    """Decode ``data`` with the encoding the file declares (PEP 263), UTF-8 by default.

    Raises:
        ParseFailure: with code N2T001 when the bytes cannot be decoded.
    """
    if b"\0" in data:
        raise ParseFailure("N2T001", "file contains NUL bytes; it is not Python source")
    encoding = "utf-8"
    for line in data.splitlines()[:2]:
        match = _COOKIE.match(line)
        if match:
            encoding = match.group(1).decode("ascii")
            break
    if data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    try:
        return Source(data.decode(encoding), encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise ParseFailure("N2T001", f"cannot decode as {encoding}: {exc}") from exc


def parse(text: str) -> cst.Module:
    """Parse ``text`` as Python 3.

    Raises:
        ParseFailure: with code N2T002 and the error's position.
    """
    try:
        return cst.parse_module(text)
    except cst.ParserSyntaxError as exc:
        raise ParseFailure("N2T002", f"syntax error: {exc.message}", exc.raw_line, exc.raw_column + 1) from exc
    except RecursionError as exc:
        raise ParseFailure("N2T002", "syntax error: nesting too deep to parse") from exc
