"""``# np2tf: ignore`` comments: read them, apply them, and write them (``--add-ignore``).

A comment ``# np2tf: ignore`` hides every diagnostic reported on its line;
``# np2tf: ignore[N2T100, N2T2]`` hides only those codes (a code prefix hides the whole
family, as ``--ignore`` does). The comment may share the line with other comments
(``# noqa: E501  # np2tf: ignore[N2T100]``).

Some lines cannot carry a comment: lines inside a multi-line string and lines continued
with a backslash. A diagnostic reported on such a line belongs to the next line that can
(the line where the string or the continuation ends), which is where Ruff puts ``noqa``
comments too. Both reading and writing use that mapping, so what ``--add-ignore`` writes
is exactly what suppresses the finding.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterable
from dataclasses import dataclass

from np2tf.diagnostics import Diagnostic

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
_LONE_CR = re.compile(r"\r(?!\n)")
_QUICK = re.compile("np2tf", re.IGNORECASE)  # most files have no directive: skip tokenizing
_DIRECTIVE = re.compile(r"#\s*np2tf:\s*ignore\b(?:\[(?P<codes>[^\]]*)\])?", re.IGNORECASE)


@dataclass(frozen=True)
class Directive:
    """One ``# np2tf: ignore`` comment.

    Attributes:
        codes: the codes (or prefixes) it names; empty for a blanket ignore.
        start: column where the directive starts in the line.
        end: column where it ends.
    """

    codes: tuple[str, ...]
    start: int
    end: int

    def covers(self, code: str) -> bool:
        """Whether the directive hides ``code``."""
        return not self.codes or any(code.startswith(prefix) for prefix in self.codes)


@dataclass
class Comments:
    """What the tokenizer tells about a module's lines.

    Attributes:
        directives: line -> its ``np2tf: ignore`` directive.
        comment_lines: lines where a comment can go (they end in a NEWLINE or NL token).
    """

    directives: dict[int, Directive]
    comment_lines: list[int]

    def owner(self, line: int) -> int:
        """The line whose comment governs diagnostics reported on ``line``."""
        from bisect import bisect_left

        index = bisect_left(self.comment_lines, line)
        return self.comment_lines[index] if index < len(self.comment_lines) else line


def _parse_codes(text: str | None) -> tuple[str, ...]:
    if text is None:
        return ()
    return tuple(sorted({c.strip().upper() for c in text.split(",") if c.strip()}))


def scan(source: str) -> Comments:
    """Find the directives and the commentable lines of ``source``.

    A module that does not tokenize (it would not have converted either) has no
    directives, and every line maps to itself.
    """
    directives: dict[int, Directive] = {}
    lines: set[int] = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(_for_tokenize(source)).readline):
            if token.type == tokenize.COMMENT:
                match = _DIRECTIVE.search(token.string)
                if match:
                    col = token.start[1]
                    directives[token.start[0]] = Directive(_parse_codes(match.group("codes")), col + match.start(), col + match.end())
            elif token.type in (tokenize.NEWLINE, tokenize.NL):
                lines.add(token.start[0])
    except (tokenize.TokenError, SyntaxError):
        return Comments(directives, [])
    return Comments(directives, sorted(lines))


def apply(source: str, diagnostics: Iterable[Diagnostic]) -> tuple[list[Diagnostic], int]:
    """Drop the diagnostics that a directive hides.

    Returns:
        The diagnostics that remain and how many were hidden.
    """
    diagnostics = list(diagnostics)
    if not diagnostics or not _QUICK.search(source):
        return diagnostics, 0
    comments = scan(source)
    if not comments.directives:
        return diagnostics, 0
    kept = []
    for d in diagnostics:
        directive = comments.directives.get(comments.owner(d.line))
        if directive is None or not directive.covers(d.code):
            kept.append(d)
    return kept, len(diagnostics) - len(kept)


def _for_tokenize(source: str) -> str:
    """``source`` with lone ``\\r`` line ends as ``\\n``: Python ends a line there, but
    :mod:`tokenize` reading through ``StringIO`` does not. Lines and columns stay put."""
    return _LONE_CR.sub("\n", source) if "\r" in source else source


def python_lines(source: str) -> list[str]:
    """Split like Python's tokenizer (``\\n``, ``\\r\\n``, ``\\r``), keeping the ends.

    ``str.splitlines`` also splits at form feeds, ``\\x1c``-``\\x1e``, ``\\x85`` and
    ``\\u2028``, which Python allows inside comments and strings: line numbers would drift.
    """
    return _LINE.findall(source)


def _format(codes: Iterable[str]) -> str:
    return f"# np2tf: ignore[{', '.join(sorted(set(codes)))}]"


def add_ignores(source: str, diagnostics: Iterable[Diagnostic]) -> str:
    """Return ``source`` with a directive for every diagnostic in ``diagnostics``.

    Codes merge into an existing directive on the line (a blanket directive already
    covers everything); otherwise the directive is appended to the line, after any
    comment already there. Running it again with the same diagnostics changes nothing.
    The result is returned unchanged if the edit would not tokenize the same way (it
    never should; this is a guard, not a fallback).
    """
    before = _shape(source)
    if not before:
        return source  # does not tokenize: no safe place for a comment
    comments = scan(source)
    wanted: dict[int, set[str]] = {}
    for d in diagnostics:
        wanted.setdefault(comments.owner(d.line), set()).add(d.code)
    if not wanted:
        return source
    lines = python_lines(source)
    for number, codes in sorted(wanted.items()):
        if not 1 <= number <= len(lines):
            continue
        line = lines[number - 1]
        body = line.rstrip("\r\n")
        ending = line[len(body) :]
        directive = comments.directives.get(number)
        if directive is not None:
            if not directive.codes or all(directive.covers(c) for c in codes):
                continue
            body = body[: directive.start] + _format((*directive.codes, *codes)) + body[directive.end :]
        else:
            body = body.rstrip() + "  " + _format(codes)
        lines[number - 1] = body + ending
    result = "".join(lines)
    if _shape(result) != before:
        return source
    return result


def _shape(source: str) -> list[tuple[int, str]]:
    """The module's tokens without comments: an edit that only adds comments keeps it."""
    try:
        return [(t.type, t.string) for t in tokenize.generate_tokens(io.StringIO(_for_tokenize(source)).readline) if t.type not in (tokenize.COMMENT, tokenize.NL)]
    except (tokenize.TokenError, SyntaxError):
        return []
