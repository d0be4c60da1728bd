"""``# np2tf: ignore`` comments: reading, applying and writing them (np2tf/suppress.py)."""

from __future__ import annotations

import ast

import pytest
from click.testing import CliRunner

from np2tf import suppress
from np2tf.cli import main
from np2tf.diagnostics import Diagnostic


def _d(line: int, code: str = "N2T101") -> Diagnostic:
    return Diagnostic("m.py", line, 1, code, "message")


def test_blanket_and_coded_directives() -> None:
    source = "a = 1  # np2tf: ignore\nb = 2  # np2tf: ignore[N2T102]\nc = 3\n"
    kept, hidden = suppress.apply(source, [_d(1), _d(2), _d(2, "N2T102"), _d(3)])
    assert [(d.line, d.code) for d in kept] == [(2, "N2T101"), (3, "N2T101")]
    assert hidden == 2


def test_prefix_and_other_comments_on_the_line() -> None:
    source = "a = 1  # noqa: E501  # NP2TF: ignore[n2t1]\n"
    kept, hidden = suppress.apply(source, [_d(1, "N2T101"), _d(1, "N2T200")])
    assert [d.code for d in kept] == ["N2T200"] and hidden == 1


def test_directive_inside_a_string_is_not_a_comment() -> None:
    source = 's = "# np2tf: ignore"\n'
    kept, hidden = suppress.apply(source, [_d(1)])
    assert len(kept) == 1 and hidden == 0


def test_line_inside_multiline_string_belongs_to_the_line_where_it_ends() -> None:
    source = 'x = load("""a\nb\n""")  # np2tf: ignore[N2T101]\n'
    kept, _ = suppress.apply(source, [_d(1), _d(2)])
    assert kept == []


def test_add_ignores_appends_merges_and_is_idempotent() -> None:
    source = "a = f()\nb = g()  # np2tf: ignore[N2T102]\nc = h()  # keep me\n"
    diagnostics = [_d(1), _d(2), _d(3, "N2T200")]
    once = suppress.add_ignores(source, diagnostics)
    assert once == "a = f()  # np2tf: ignore[N2T101]\nb = g()  # np2tf: ignore[N2T101, N2T102]\nc = h()  # keep me  # np2tf: ignore[N2T200]\n"
    assert suppress.add_ignores(once, diagnostics) == once
    assert suppress.apply(once, diagnostics) == ([], 3)


@pytest.mark.parametrize(
    "source, line",
    [
        ('x = load("""a\nb\n""")\n', 1),  # diagnostic on the string's first line
        ('x = load("""a\nb\n""")\n', 2),  # ... and inside it
        ("x = load(1) + \\\n    2\n", 1),  # backslash continuation
        ("def f():\n    return load('''\n    text\n    ''')\n", 2),
    ],
)
def test_add_ignores_never_writes_into_a_string_or_after_a_backslash(source: str, line: int) -> None:
    updated = suppress.add_ignores(source, [_d(line)])
    assert updated != source
    ast.parse(updated)
    # the string's contents are untouched, and the directive now hides the diagnostic
    assert [n.value for n in ast.walk(ast.parse(updated)) if isinstance(n, ast.Constant)] == [n.value for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Constant)]
    assert suppress.apply(updated, [_d(line)]) == ([], 1)


def test_crlf_line_endings_are_kept() -> None:
    updated = suppress.add_ignores("a = f()\r\nb = 2\r\n", [_d(1)])
    assert updated == "a = f()  # np2tf: ignore[N2T101]\r\nb = 2\r\n"


def test_cli_add_ignore_then_check_is_clean(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("NP2TF_CACHE_DIR", str(tmp_path / "cache"))
    module = tmp_path / "legacy.py"
    module.write_text('import numpy as np\nx = np.load("""a\nb.npy""")\ny = np.zeros(3, order="F")  # why\n', encoding="utf-8")
    runner = CliRunner()
    first = runner.invoke(main, ["check", str(module), "-j", "1"])
    assert first.exit_code == 1, first.output
    added = runner.invoke(main, ["check", str(module), "--add-ignore", "-j", "1"])
    assert added.exit_code == 0, added.output
    text = module.read_text(encoding="utf-8")
    assert 'b.npy""")  # np2tf: ignore[N2T101]' in text
    assert "# why  # np2tf: ignore[N2T102]" in text
    again = runner.invoke(main, ["check", str(module), "-j", "1"])
    assert again.exit_code == 0, again.output
    assert "2 suppressed" in again.output
    runner.invoke(main, ["check", str(module), "--add-ignore", "-j", "1"])
    assert module.read_text(encoding="utf-8") == text


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::SyntaxWarning")
def test_add_ignores_on_generated_programs_only_adds_comments() -> None:
    """Whatever the line, --add-ignore's edit parses to the same AST and suppresses it."""
    hypothesmith = pytest.importorskip("hypothesmith")
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(source=hypothesmith.from_grammar(), data=st.data())
    def check(source: str, data: st.DataObject) -> None:
        try:
            before = ast.dump(ast.parse(source))
        except (SyntaxError, ValueError):
            return
        lines = len(suppress.python_lines(source))
        if not lines:
            return
        picked = data.draw(st.lists(st.integers(1, lines), min_size=1, max_size=4))
        diagnostics = [_d(line, code) for line, code in zip(picked, ["N2T101", "N2T200", "N2T102", "N2T300"])]
        updated = suppress.add_ignores(source, diagnostics)
        assert ast.dump(ast.parse(updated)) == before
        if updated != source:
            assert suppress.apply(updated, diagnostics)[0] == []
            assert suppress.add_ignores(updated, diagnostics) == updated

    check()
