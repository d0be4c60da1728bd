"""``np2tf check``: exit codes, output formats, selection, strictness (np2tf/cli.py, formats.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from np2tf import report
from np2tf.cli import main
from np2tf.diagnostics import CATALOGUE

CLEAN = "import numpy as np\nx = np.zeros(3)\n"
UNTRANSLATABLE = 'import numpy as np\nx = np.load("a.npy")\ny = np.zeros(3, order="F")\n'


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NP2TF_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "project"
    root.mkdir()
    (root / "clean.py").write_text(CLEAN, encoding="utf-8")
    (root / "legacy.py").write_text(UNTRANSLATABLE, encoding="utf-8")
    return root


def _check(*args: str) -> tuple[int, str]:
    """Exit code and output; machine-readable formats are read from stdout alone."""
    result = CliRunner().invoke(main, ["check", *args, "-j", "1"])
    machine = any(a in args for a in ("json", "sarif", "github")) or "pyproject" in str(args)
    return result.exit_code, result.stdout if machine else result.output


def test_exit_codes(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _check(str(project / "clean.py"))[0] == 0
    assert _check(str(project))[0] == 1
    assert _check(str(project / "missing.py"))[0] == 2
    (project / "broken.py").write_text("import numpy as np\ndef (:\n", encoding="utf-8")
    code, output = _check(str(project / "broken.py"))
    assert code == 2 and "N2T002" in output
    assert _check(str(project), "--select", "N2T999")[0] == 2  # unknown code: usage error

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("np2tf.pipeline.convert_source", crash)
    code, output = _check(str(project / "clean.py"), "--no-cache")
    assert code == 123 and "N2T900" in output


def test_text_output_has_code_message_and_help(project: Path) -> None:
    code, output = _check(str(project / "legacy.py"))
    assert code == 1
    assert re.search(r"legacy\.py:2:5: N2T101 .*\n  help: ", output)
    assert "Checked 1 file: 2 findings in 1 file." in output


def test_json_output(project: Path) -> None:
    code, output = _check(str(project), "--output-format", "json")
    data = json.loads(output)
    assert code == 1 and data["summary"]["findings"] == 2
    first = data["diagnostics"][0]
    assert first["filename"].endswith("legacy.py") and first["location"] == {"row": 2, "column": 5}
    assert first["code"] == "N2T101" and first["finding"] is True and first["help"]


def test_sarif_output_is_2_1_0_with_the_rule_catalogue(project: Path) -> None:
    code, output = _check(str(project), "--output-format", "sarif")
    log = json.loads(output)
    assert log["version"] == "2.1.0" and code == 1
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} == {c.code for c in CATALOGUE.values() if not c.retired}
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == "project/legacy.py"
        assert location["region"]["startLine"] in (2, 3)
        assert result["level"] in ("error", "warning", "note")


def test_github_annotations(project: Path) -> None:
    code, output = _check(str(project), "--output-format", "github")
    lines = output.strip().splitlines()
    assert code == 1 and len(lines) == 2
    assert re.fullmatch(r"::warning file=.*project/legacy\.py,line=2,col=5,title=N2T101::.*help: .*", lines[0])
    assert all("\n" not in line for line in lines)


def test_select_ignore_and_prefixes(project: Path) -> None:
    assert _check(str(project), "--ignore", "N2T1")[0] == 0
    code, output = _check(str(project), "--select", "N2T1", "--ignore", "N2T102")
    assert code == 1 and "N2T101" in output and "N2T102" not in output.split("Checked")[0]
    assert _check(str(project), "--select", "N2T102,N2T3")[1].split("Checked")[0].count("N2T102 ") == 1
    assert report.selected("N2T103", ["N2T103"], ["N2T1"]) and not report.selected("N2T101", ["N2T103"], ["N2T1"])


def test_strict_makes_notes_findings(project: Path) -> None:
    (project / "legacy.py").unlink()
    (project / "approx.py").write_text("import numpy as np\nw = np.linalg.eigvals(np.eye(2))\n", encoding="utf-8")
    code, output = _check(str(project))
    assert "N2T103" in output and code == 0
    assert _check(str(project), "--strict")[0] == 1


def test_statistics(project: Path) -> None:
    code, output = _check(str(project), "--statistics")
    assert code == 1
    assert re.search(r"^\s+1  N2T101  untranslatable-api$", output, re.MULTILINE)
    data = json.loads(_check(str(project), "--statistics", "--output-format", "json")[1])
    assert {row["code"] for row in data} == {"N2T101", "N2T102"}


def test_config_excludes_select_and_flags_win(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.np2tf]\nexclude = ["legacy.py"]\n', encoding="utf-8")
    assert _check(str(project))[0] == 0
    assert _check(str(project / "legacy.py"))[0] == 0  # excludes apply to files named explicitly too
    (project / "pyproject.toml").write_text('[tool.np2tf]\nignore = ["N2T101", "N2T102"]\noutput-format = "json"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(project), "-j", "1"])
    assert result.exit_code == 0 and json.loads(result.stdout)["summary"]["findings"] == 0
    code, output = _check(str(project), "--output-format", "text", "--ignore", "N2T3")
    assert code == 1 and "N2T101" in output


def test_bad_config_is_a_usage_error(project: Path) -> None:
    (project / "pyproject.toml").write_text("[tool.np2tf]\nstrictly = true\n", encoding="utf-8")
    code, output = _check(str(project))
    assert code == 2 and "unknown [tool.np2tf] keys: strictly" in output


def test_parallel_results_are_in_stable_order(project: Path) -> None:
    for i in range(6):
        (project / f"m{i}.py").write_text(UNTRANSLATABLE, encoding="utf-8")
    serial = CliRunner().invoke(main, ["check", str(project), "-j", "1", "--no-cache"]).output
    parallel = CliRunner().invoke(main, ["check", str(project), "-j", "2", "--no-cache"]).output
    assert serial == parallel and serial.count("N2T101") >= 7


def test_rules_and_explain() -> None:
    runner = CliRunner()
    listed = runner.invoke(main, ["rules"])
    assert listed.exit_code == 0 and re.search(r"^N2T101  untranslatable-api\s+warning", listed.output, re.MULTILINE)
    as_json = json.loads(runner.invoke(main, ["rules", "--output-format", "json"]).output)
    assert {"code", "name", "severity", "summary", "explanation"} <= set(as_json[0])
    explained = runner.invoke(main, ["explain", "n2t103"])
    assert explained.exit_code == 0 and "a note (a finding with --strict)" in explained.output
    assert runner.invoke(main, ["explain", "N2T999"]).exit_code == 2
