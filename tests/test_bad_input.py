"""The bad-input matrix, through the command line.

Every bad file must give one clear line naming it, exit 2, stay byte-for-byte untouched,
and not stop the run: each case sits next to a good file that must still be converted.
"""

from __future__ import annotations

import os
import random
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner, Result

import np2tf.parse
from np2tf.cli import main

GOOD = "import numpy as np\n\nx = np.sum(np.ones(3))\n"


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh result cache per test, so no test is answered from another's results."""
    monkeypatch.setenv("NP2TF_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def _convert(*paths: Path | str) -> Result:
    return CliRunner().invoke(main, ["convert", *map(str, paths)], catch_exceptions=False)


def _error_lines(result: Result, path: Path) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith(f"{path}:")]


def _check_reported(tmp_path: Path, name: str, data: bytes, code: str, fragment: str = "") -> Result:
    """Write ``data`` as ``name`` next to a good file, convert the folder, check the outcome."""
    bad = tmp_path / name
    bad.write_bytes(data)
    good = tmp_path / "good.py"
    good.write_text(GOOD)
    result = _convert(tmp_path)
    assert result.exit_code == 2, result.stderr
    lines = _error_lines(result, bad)
    assert len(lines) == 1, result.stderr
    assert f" {code} " in lines[0] and "left untouched" in lines[0]
    assert fragment.lower() in lines[0].lower()
    assert bad.read_bytes() == data
    assert "tnp.sum" in good.read_text(), "the rest of the run must carry on"
    return result


CASES: dict[str, tuple[bytes, str, str]] = {
    "syntax_error": (b"import numpy as np\nx = (\n", "N2T002", "never closed"),
    "python2_print": (b'import numpy as np\nprint "x"\n', "N2T002", "print"),
    "python2_except": (b"import numpy as np\ntry:\n    pass\nexcept Exception, e:\n    pass\n", "N2T002", "syntax error"),
    "undecodable_utf8": (b'import numpy as np\ns = "\xff\xfe"\n', "N2T001", "cannot decode"),
    "wrong_cookie": (b'# -*- coding: utf-8 -*-\nimport numpy as np\ns = "caf\xe9"\n', "N2T001", "cannot decode"),
    "unknown_cookie": (b"# coding: no-such-codec\nimport numpy as np\n", "N2T001", "cannot decode"),
    "bom_contradicts_cookie": (b"\xef\xbb\xbf# coding: latin-1\nimport numpy as np\n", "N2T001", "cannot decode"),
    "nul_bytes": (b"import numpy as np\x00\n", "N2T001", "NUL"),
    "nested_parentheses_1000": (b"import numpy as np\nx = " + b"(" * 1000 + b"1" + b")" * 1000 + b"\n", "N2T002", "nested"),
    "nested_lists_1000": (b"import numpy as np\nx = " + b"[" * 1000 + b"]" * 1000 + b"\n", "N2T002", "nested"),
    "long_operator_chain": (b"import numpy as np\nx = " + b"+".join([b"a"] * 20000) + b"\n", "N2T002", "nesting too deep"),
    "unary_chain": (b"import numpy as np\nx = " + b"-" * 1000 + b"1\n", "N2T002", "nesting too deep"),
    "indentation_too_deep": (b"import numpy as np\n" + b"".join(b" " * i + b"if x:\n" for i in range(120)) + b" " * 120 + b"pass\n", "N2T002", "indentation"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_file_is_reported_and_untouched(tmp_path: Path, case: str) -> None:
    data, code, fragment = CASES[case]
    _check_reported(tmp_path, f"{case}.py", data, code, fragment)


def test_moderately_deep_nesting_converts_or_is_reported(tmp_path: Path) -> None:
    # 150 nested lists are fine for CPython; whether libcst's recursive visitors manage
    # depends on the interpreter's recursion limit in this process. Either outcome is
    # acceptable, a crash or a torn file is not.
    data = b"import numpy as np\nx = " + b"[" * 150 + b"]" * 150 + b"\ny = np.zeros(3)\n"
    path = tmp_path / "deep.py"
    path.write_bytes(data)
    result = _convert(path)
    if result.exit_code == 0:
        text = path.read_text()
        compile(text, "deep.py", "exec")
        assert "tnp.zeros(3)" in text
    else:
        assert result.exit_code == 2, result.stderr
        assert "N2T002" in result.stderr and path.read_bytes() == data


def test_binary_data_named_py(tmp_path: Path) -> None:
    rng = random.Random(7)
    data = bytes(rng.randrange(1, 256) for _ in range(4096)) + b"\nimport numpy\n"  # no NUL: must fail decoding
    _check_reported(tmp_path, "blob.py", data, "N2T001", "cannot decode")
    (tmp_path / "blob.py").unlink()
    _check_reported(tmp_path, "blob2.py", os.urandom(4096) + b"\x00\nimport numpy\n", "N2T001")


def test_binary_data_without_a_numpy_import_is_skipped_unread(tmp_path: Path) -> None:
    # Like any file that imports no NumPy: never parsed, never touched, not an error.
    blob = tmp_path / "blob.py"
    data = os.urandom(4096) + b"\x00 numpy"
    blob.write_bytes(data)
    result = _convert(blob)
    assert result.exit_code == 0, result.stderr
    assert blob.read_bytes() == data


def test_error_position_points_at_the_problem(tmp_path: Path) -> None:
    result = _check_reported(tmp_path, "bad.py", b"import numpy as np\n\nx = np.ones(3\ny = 1 +\n", "N2T002")
    assert _error_lines(result, tmp_path / "bad.py")[0].split(":")[1] in {"3", "4"}


def test_empty_file_is_fine(tmp_path: Path) -> None:
    empty = tmp_path / "empty.py"
    empty.write_bytes(b"")
    result = _convert(empty)
    assert result.exit_code == 0, result.stderr
    assert empty.read_bytes() == b""


@pytest.mark.parametrize("data", [b"\n", b"\r\n", b"# numpy\n", b"\xef\xbb\xbf", b'"""numpy"""'])
def test_trivial_files_are_unchanged(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "trivial.py"
    path.write_bytes(data)
    result = _convert(path)
    assert result.exit_code == 0, result.stderr
    assert path.read_bytes() == data


@pytest.mark.slow
def test_huge_file_without_numpy_is_skipped_quickly(tmp_path: Path) -> None:
    huge = tmp_path / "huge.py"
    data = "".join(f"def f{i}(x):\n    return x + {i}\n\n" for i in range(34_000)).encode()
    huge.write_bytes(data)
    result = _convert(huge)
    assert result.exit_code == 0, result.stderr
    assert huge.read_bytes() == data


@pytest.mark.slow
def test_huge_numpy_file_is_refused_with_a_clear_error(tmp_path: Path) -> None:
    body = "".join(f"def f{i}(x):\n    return np.sum(x) + {i}\n\n" for i in range(34_000))
    _check_reported(tmp_path, "huge.py", ("import numpy as np\n" + body).encode(), "N2T001", "NP2TF_MAX_LINES")


def test_line_limit_is_configurable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NP2TF_MAX_LINES", "3")
    _check_reported(tmp_path, "long.py", b"import numpy as np\n\n\nx = np.ones(3)\n", "N2T001", "more than np2tf converts (3")
    monkeypatch.setenv("NP2TF_MAX_LINES", "not-a-number")  # ignored, not a crash
    assert np2tf.parse.max_lines() == np2tf.parse.DEFAULT_MAX_LINES


def test_oversized_file_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(np2tf.parse, "MAX_BYTES", 64)
    _check_reported(tmp_path, "big.py", b"import numpy as np\n" + b"x = 1\n" * 20, "N2T001", "bytes")


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    good = tmp_path / "good.py"
    good.write_text(GOOD)
    result = _convert(tmp_path / "missing.py")
    assert result.exit_code == 2
    assert "missing.py" in result.stderr and "does not exist" in result.stderr


def test_fifo_named_py_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.py"
    os.mkfifo(fifo)
    (tmp_path / "good.py").write_text(GOOD)
    result = _convert(tmp_path)  # a blocking read would hang here forever
    assert result.exit_code == 2
    assert "not a regular file" in _error_lines(result, fifo)[0]
    assert "tnp.sum" in (tmp_path / "good.py").read_text()


def test_directory_named_py_given_explicitly(tmp_path: Path) -> None:
    folder = tmp_path / "pkg.py"
    folder.mkdir()
    (folder / "good.py").write_text(GOOD)
    result = _convert(folder)
    assert result.exit_code == 0, result.stderr
    assert "tnp.sum" in (folder / "good.py").read_text()


def _unreadable(target: Path) -> Callable[..., int]:
    real_open = os.open

    def fake_open(path: os.PathLike[str] | str, flags: int, *args: int) -> int:
        if Path(path) == target:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args)

    return fake_open


def test_unreadable_file_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root, where chmod 000 does not stop reads; simulate the refusal.
    bad = tmp_path / "secret.py"
    monkeypatch.setattr(np2tf.parse.os, "open", _unreadable(bad))
    _check_reported(tmp_path, "secret.py", GOOD.encode(), "N2T001", "permission denied")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode; covered by the simulated test")
def test_unreadable_file_chmod(tmp_path: Path) -> None:
    bad = tmp_path / "secret.py"
    bad.write_text(GOOD)
    bad.chmod(0)
    try:
        (tmp_path / "good.py").write_text(GOOD)
        result = _convert(tmp_path)
        assert result.exit_code == 2
        assert "permission denied" in _error_lines(result, bad)[0].lower()
    finally:
        bad.chmod(0o644)
    assert bad.read_text() == GOOD


def test_self_symlink_loop(tmp_path: Path) -> None:
    loop = tmp_path / "loop.py"
    loop.symlink_to(loop)
    (tmp_path / "a.py").symlink_to(tmp_path / "b.py")
    (tmp_path / "b.py").symlink_to(tmp_path / "a.py")
    (tmp_path / "good.py").write_text(GOOD)
    result = _convert(tmp_path)
    assert result.exit_code == 2, result.stderr
    for name in ("loop.py", "a.py", "b.py"):
        lines = _error_lines(result, tmp_path / name)
        assert len(lines) == 1 and "N2T001" in lines[0]
        assert (tmp_path / name).is_symlink()
    assert "tnp.sum" in (tmp_path / "good.py").read_text()


def test_symlinked_directory_loop_terminates(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "again").symlink_to(tmp_path)
    (tmp_path / "pkg" / "good.py").write_text(GOOD)
    result = _convert(tmp_path)
    assert result.exit_code == 0, result.stderr
    assert "tnp.sum" in (tmp_path / "pkg" / "good.py").read_text()
