"""np2tf/parse.py: reading, decoding like CPython, and refusing bad input cleanly."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from np2tf.parse import ParseFailure, decode, mentions_numpy, parse, read_source


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (b"x = 1\n", "utf-8"),
        (b"\xef\xbb\xbfx = 1\n", "utf-8-sig"),
        (b"# -*- coding: latin-1 -*-\nx = '\xe9'\n", "iso-8859-1"),
        (b"#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\nx = '\x80'\n", "cp1252"),
        (b"\xef\xbb\xbf# coding: utf-8\nx = 1\n", "utf-8-sig"),
    ],
)
def test_decode_follows_pep_263(data: bytes, encoding: str) -> None:
    source = decode(data)
    assert source.encoding == encoding
    assert source.text.encode(source.encoding) == data


def test_cookie_on_line_two_counts_only_after_a_comment() -> None:
    # CPython ignores a cookie on line 2 when line 1 is code; so do we.
    with pytest.raises(ParseFailure) as info:
        decode(b"x = 1\n# coding: latin-1\ny = '\xe9'\n")
    assert info.value.code == "N2T001"


def test_decode_error_gives_the_position() -> None:
    with pytest.raises(ParseFailure) as info:
        decode(b"a = 1\nb = '\xff'\n")
    assert (info.value.code, info.value.line, info.value.col) == ("N2T001", 2, 6)


def test_decode_keeps_crlf() -> None:
    assert decode(b"x = 1\r\ny = 2\r\n").text == "x = 1\r\ny = 2\r\n"


def test_mentions_numpy() -> None:
    assert mentions_numpy(b"import numpy")
    assert not mentions_numpy(b"import nump")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('print "x"\n', "Missing parentheses"),
        ("x = (\n", "never closed"),
        ("def f():\nreturn 1\n", "indented block"),
        ("return 1\n", "outside function"),  # parses, but does not compile
        ("x = " + "(" * 300 + ")" * 300 + "\n", "nested parentheses"),
        ("x = " + "+".join(["a"] * 50000) + "\n", "nesting too deep"),
    ],
)
def test_parse_refuses_what_cpython_refuses(text: str, fragment: str) -> None:
    with pytest.raises(ParseFailure) as info:
        parse(text)
    assert info.value.code == "N2T002"
    assert fragment in info.value.message


def test_parse_round_trips() -> None:
    text = "# c\r\nimport numpy as np  # why\r\n\r\nx = np.ones(3)\r\n"
    assert parse(text).code == text


def test_read_source_reads_regular_files(tmp_path: Path) -> None:
    path = tmp_path / "a.py"
    path.write_bytes(b"x = 1\n")
    assert read_source(path) == b"x = 1\n"


def test_read_source_refuses_non_regular_files(tmp_path: Path) -> None:
    fifo = tmp_path / "p.py"
    os.mkfifo(fifo)
    with pytest.raises(ParseFailure, match="not a regular file"):
        read_source(fifo)
    with pytest.raises(ParseFailure, match="not a regular file"):
        read_source(tmp_path)
    link = tmp_path / "zero.py"
    link.symlink_to("/dev/zero")
    with pytest.raises(ParseFailure, match="not a regular file"):
        read_source(link)


def test_read_source_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ParseFailure) as info:
        read_source(tmp_path / "nope.py")
    assert info.value.code == "N2T001" and "No such file" in info.value.message
