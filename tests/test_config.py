"""``[tool.np2tf]``: keys, types, and flags winning over the file (np2tf/config.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from np2tf import config


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "pyproject.toml"
    path.write_text("[tool.np2tf]\n" + body, encoding="utf-8")
    return path


def test_every_documented_key_is_accepted() -> None:
    docs = (Path(__file__).resolve().parent.parent / "docs" / "configuration.md").read_text(encoding="utf-8")
    for key in config.KNOWN_KEYS:
        assert f"`{key.replace('_', '-')}`" in docs, f"{key} is not documented in docs/configuration.md"


def test_keys_are_normalised_and_typed(tmp_path: Path) -> None:
    values = config.load(_write(tmp_path, 'allow-approximate = true\nexclude = "build/*"\njobs = 2\ntf-function = "auto"\nrandom = "stateless"\n'))
    assert values == {"allow_approximate": True, "exclude": ["build/*"], "jobs": 2, "tf_function": "auto", "random": "stateless"}


@pytest.mark.parametrize("body, message", [("strict = 'yes'\n", "strict must be bool"), ("select = [1]\n", "a list of strings"), ("colour = 1\n", "unknown [tool.np2tf] keys: colour"), ("jobs = true\n", "jobs must be int")])
def test_bad_values_are_errors(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(config.ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        config.load(_write(tmp_path, body))


def test_tf_function_may_be_a_bool(tmp_path: Path) -> None:
    assert config.load(_write(tmp_path, "tf-function = true\n")) == {"tf_function": "auto"}
    assert config.load(_write(tmp_path, "tf-function = false\n")) == {"tf_function": "off"}


def test_nearest_pyproject(tmp_path: Path) -> None:
    _write(tmp_path, "")
    (tmp_path / "pkg" / "sub").mkdir(parents=True)
    assert config.find_pyproject([tmp_path / "pkg" / "sub"]) == tmp_path / "pyproject.toml"


def test_options_keys_pass_through_to_options(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import click

    from np2tf import cli
    from np2tf.options import Options

    ctx = click.Context(cli.check)
    ctx.meta["np2tf.config"] = {"device": "GPU:0", "random": "stateless", "select": ["N2T1"]}
    options = cli._options(ctx, {"allow_approximate": True, "device": None})
    assert options.allow_approximate is True
    if "device" in {f.name for f in __import__("dataclasses").fields(Options)}:
        assert options.device == "GPU:0"  # from the file: no flag given
    flag_wins = cli._options(ctx, {"device": "CPU:0"})
    if hasattr(flag_wins, "device"):
        assert flag_wins.device == "CPU:0"
