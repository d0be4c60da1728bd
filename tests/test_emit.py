"""np2tf/emit.py: the compile check, encoding, diffs and atomic writes; and what the
pipeline does when a rewrite produces code that does not compile (exit 123, file kept)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import libcst as cst
import pytest
from click.testing import CliRunner

import np2tf.insert
from np2tf import emit
from np2tf.cli import main

GOOD = "import numpy as np\n\nx = np.sum(np.ones(3))\n"


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh result cache per test, so no test is answered from another's results."""
    monkeypatch.setenv("NP2TF_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def test_check_compiles_accepts_valid_code() -> None:
    emit.check_compiles("x = '\\d'\nassert (x, 1)\n", "ok.py")  # warnings are not errors


def test_check_compiles_quotes_the_offending_line() -> None:
    with pytest.raises(emit.EmitError) as info:
        emit.check_compiles("a = 1\nb = (2\n", "bad.py")
    assert info.value.line == 2
    assert "line 2" in info.value.message and "`b = (2`" in info.value.message


def test_check_compiles_handles_non_syntax_failures() -> None:
    with pytest.raises(emit.EmitError):
        emit.check_compiles("x = 1\0", "nul.py")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "iso-8859-1", "cp1252"])
def test_encode_round_trips(encoding: str) -> None:
    code = "s = 'caf\xe9'\n"
    assert emit.encode(code, encoding).decode(encoding) == code


def test_encode_refuses_characters_the_file_cannot_hold() -> None:
    with pytest.raises(emit.EmitError, match="cannot be encoded"):
        emit.encode("s = '日本'\n", "iso-8859-1")


def test_unified_diff_marks_missing_final_newline() -> None:
    diff = emit.unified_diff("a\n", "b", "x.py")
    assert diff.startswith("--- a/x.py\n+++ b/x.py\n")
    assert "\\ No newline at end of file" in diff


def test_write_atomic_creates_with_umask_mode(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "new.py"
    old = os.umask(0o027)
    try:
        emit.write_atomic(target, b"x = 1\n")
    finally:
        os.umask(old)
    assert target.read_bytes() == b"x = 1\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_write_atomic_uses_given_mode_for_new_files(tmp_path: Path) -> None:
    target = tmp_path / "tool.py"
    emit.write_atomic(target, b"x = 1\n", mode=0o755)
    assert stat.S_IMODE(target.stat().st_mode) == 0o755


def test_write_atomic_keeps_mode_of_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "ro.py"
    target.write_bytes(b"old")
    target.chmod(0o444)
    emit.write_atomic(target, b"new", mode=0o777)  # ``mode`` is for new files only
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o444


def test_temp_files_are_hidden_and_never_modules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    real_replace = os.replace

    def spy(src: str, dst: str) -> None:
        seen.append(Path(src).name)
        real_replace(src, dst)

    monkeypatch.setattr(emit.os, "replace", spy)
    emit.write_atomic(tmp_path / "m.py", b"x = 1\n")
    assert len(seen) == 1
    assert seen[0].startswith(".m.py.np2tf-") and seen[0].endswith(".tmp")
    assert emit.remove_stale_temps(tmp_path) == []  # nothing left behind


def test_remove_stale_temps_ignores_foreign_and_live_files(tmp_path: Path) -> None:
    (tmp_path / ".a.py.np2tf-999999999-00ff.tmp").write_text("stale")  # no such pid
    (tmp_path / ".b.py.np2tf-99999999999999999999-00ff.tmp").write_text("stale")  # not even a pid
    (tmp_path / f".a.py.np2tf-{os.getpid()}-00ff.tmp").write_text("live")
    (tmp_path / ".a.py.swp").write_text("editor")
    removed = emit.remove_stale_temps(tmp_path)
    assert sorted(p.name for p in removed) == [".a.py.np2tf-999999999-00ff.tmp", ".b.py.np2tf-99999999999999999999-00ff.tmp"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([".a.py.swp", f".a.py.np2tf-{os.getpid()}-00ff.tmp"])


def test_broken_rewrite_is_an_internal_error_and_the_file_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rewrite that produces invalid code: exit 123, the location, a bug-report plea."""

    class Break(cst.CSTTransformer):
        def leave_Assign(self, original: cst.Assign, updated: cst.Assign) -> cst.Return:
            # libcst prints a module-level `return` happily; CPython refuses to compile it.
            return cst.Return(updated.value)

    real_insert = np2tf.insert.insert

    def broken_insert(module: cst.Module, context: object) -> cst.Module:
        return real_insert(module, context).visit(Break())  # type: ignore[arg-type,return-value]

    monkeypatch.setattr(np2tf.insert, "insert", broken_insert)
    victim = tmp_path / "victim.py"
    victim.write_text(GOOD)
    good = tmp_path / "other.py"
    good.write_text("import numpy as np\nprint(np.ones(2))\n")  # no assignment: not broken
    result = CliRunner().invoke(main, ["convert", str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 123, result.stderr
    assert victim.read_text() == GOOD
    line = next(line for line in result.stderr.splitlines() if line.startswith(f"{victim}:"))
    assert " N2T900 " in line and "does not compile" in line and "`return tnp.sum" in line
    assert "report" in result.stderr and "bug" in result.stderr
    assert "tnp.ones" in good.read_text(), "the other file is still converted"


def test_crash_in_a_rewrite_names_where(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def exploding_insert(module: cst.Module, context: object) -> cst.Module:
        raise KeyError("boom")

    monkeypatch.setattr(np2tf.insert, "insert", exploding_insert)
    victim = tmp_path / "victim.py"
    victim.write_text(GOOD)
    result = CliRunner().invoke(main, ["convert", str(victim)], catch_exceptions=False)
    assert result.exit_code == 123
    assert victim.read_text() == GOOD
    assert "KeyError" in result.stderr and "in exploding_insert" in result.stderr
