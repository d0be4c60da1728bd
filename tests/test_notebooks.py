"""Notebooks: cell-by-cell conversion, magics kept, outputs kept or cleared (np2tf/notebooks.py)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from np2tf import notebooks
from np2tf.cli import main
from np2tf.options import Options


def _cell(source: str, outputs: list | None = None, count: int | None = 1) -> dict:
    return {"cell_type": "code", "execution_count": count, "metadata": {}, "outputs": outputs or [], "source": source.splitlines(keepends=True)}


def _notebook(tmp_path: Path) -> Path:
    stream = {"name": "stdout", "output_type": "stream", "text": ["6.0\n"]}
    notebook = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["# A notebook"]},
            _cell("%matplotlib inline\nimport numpy as np\n!pip install something"),
            _cell("%%time\nx = np.sum(np.ones(3))"),
            _cell("files = !ls\nx = np.sum(np.ones(3))\nprint(x)\nnp.sum?", [stream]),
            _cell("def f(a):\n    %time g(a)\n    return np.load('a.npy')"),
        ],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _sources(notebook: dict) -> list[str]:
    return ["".join(c["source"]) for c in notebook["cells"]]


def test_convert_keeps_magics_outputs_and_is_valid(tmp_path: Path) -> None:
    path = _notebook(tmp_path)
    result, _ = notebooks.convert_notebook(path, "nb.ipynb", Options())
    assert result.changed
    converted = json.loads(result.output)
    assert notebooks.validate(converted) == []
    sources = _sources(converted)
    assert sources[0] == "# A notebook"
    assert "%matplotlib inline\nimport numpy as np\n!pip install something" in sources[1]
    assert "tensorflow.experimental.numpy" in sources[1]  # imports land in the first code cell
    assert sources[2] == "%%time\nx = np.sum(np.ones(3))"  # a cell magic's body is not Python
    assert sources[3].startswith("files = !ls\n") and sources[3].endswith("np.sum?")
    assert "tnp.sum(tnp.ones(3))" in sources[3]
    assert "    %time g(a)\n" in sources[4]
    assert converted["cells"][3]["outputs"][0]["text"] == ["6.0\n"]


def test_diagnostics_name_the_cell_and_the_line_in_it(tmp_path: Path) -> None:
    result, _ = notebooks.convert_notebook(_notebook(tmp_path), "nb.ipynb", Options())
    located = [(d.path, d.line, d.code) for d in result.diagnostics]
    assert ("nb.ipynb:cell 5", 3, "N2T101") in located
    assert any(d.format().startswith("nb.ipynb:cell 5:3:12: N2T101") for d in result.diagnostics)


def test_clear_outputs(tmp_path: Path) -> None:
    result, _ = notebooks.convert_notebook(_notebook(tmp_path), "nb.ipynb", Options(), clear_outputs=True)
    cells = [c for c in json.loads(result.output)["cells"] if c["cell_type"] == "code"]
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in cells)


def test_notebook_without_numpy_comes_back_byte_identical(tmp_path: Path) -> None:
    path = tmp_path / "plain.ipynb"
    path.write_text(json.dumps({"cells": [_cell("%ls\nprint(1)")], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")
    result, _ = notebooks.convert_notebook(path, "plain.ipynb", Options())
    assert not result.changed and result.output == path.read_text(encoding="utf-8")


def test_percent_on_a_continuation_line_is_python_not_a_magic(tmp_path: Path) -> None:
    path = tmp_path / "mod.ipynb"
    path.write_text(json.dumps({"cells": [_cell("import numpy as np\ny = (np.ones(3)\n     % 2)")], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")
    result, _ = notebooks.convert_notebook(path, "mod.ipynb", Options())
    assert "% 2)" in result.output and "tnp.ones(3)" in result.output


def test_invalid_notebook_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.ipynb"
    path.write_text('{"cells": "nope"}', encoding="utf-8")
    result, _ = notebooks.convert_notebook(path, "bad.ipynb", Options())
    assert result.status.value == "input-error" and result.diagnostics[0].code == "N2T001"


def test_cli_discovers_checks_and_converts_notebooks(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("NP2TF_CACHE_DIR", str(tmp_path / "cache"))
    project = tmp_path / "project"
    project.mkdir()
    _notebook(project)
    runner = CliRunner()
    checked = runner.invoke(main, ["check", str(project), "-j", "1"])
    assert checked.exit_code == 1
    assert f"{(project / 'nb.ipynb').as_posix()}:cell 5:3:12: N2T101" in checked.output
    out = tmp_path / "out"
    converted = runner.invoke(main, ["convert", str(project), "-o", str(out), "-j", "1"])
    assert converted.exit_code == 0, converted.output
    assert notebooks.validate(json.loads((out / "nb.ipynb").read_text(encoding="utf-8"))) == []


def test_sarif_and_github_point_at_the_notebook_line_holding_the_code(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("NP2TF_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    path = _notebook(tmp_path)
    on_disk = path.read_text(encoding="utf-8").split("\n")
    expected = next(i for i, text in enumerate(on_disk, 1) if "np.load('a.npy')" in text)
    assert notebooks.json_line(path, 5, 3) == expected
    runner = CliRunner()
    sarif = json.loads(runner.invoke(main, ["check", "nb.ipynb", "-j", "1", "--output-format", "sarif"]).stdout)
    result = next(r for r in sarif["runs"][0]["results"] if r["ruleId"] == "N2T101")
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == expected
    assert result["message"]["text"].startswith("cell 5, line 3, column 12: ")
    github = runner.invoke(main, ["check", "nb.ipynb", "-j", "1", "--output-format", "github"]).stdout
    assert f"file=nb.ipynb,line={expected},col=1,title=N2T101::cell 5, line 3" in github
    compact = tmp_path / "compact.ipynb"
    compact.write_text(json.dumps(json.loads(path.read_text(encoding="utf-8"))), encoding="utf-8")
    assert notebooks.json_line(compact, 5, 3) is None  # not nbformat's layout: no guess
