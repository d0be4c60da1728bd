"""Configuration from ``[tool.np2tf]`` in the nearest ``pyproject.toml``.

Loaded into click's ``default_map`` (as Black's ``read_pyproject_toml`` does), so a flag
on the command line always wins over the file. Keys use the flags' names with dashes or
underscores: ``exclude``, ``allow-approximate``, ``select``, ``ignore``, ``strict``.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Iterable

KNOWN_KEYS = {"exclude", "allow_approximate", "select", "ignore", "strict", "output_format", "quiet", "jobs", "device", "tf_function", "jit", "runtime", "random"}


class ConfigError(ValueError):
    """The configuration is invalid."""


def find_pyproject(paths: Iterable[Path]) -> Path | None:
    """The ``pyproject.toml`` closest to the common parent of ``paths`` (or the cwd)."""
    resolved = [Path(p).resolve() for p in paths] or [Path.cwd()]
    start = resolved[0] if resolved[0].is_dir() else resolved[0].parent
    for directory in (start, *start.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load(pyproject: Path) -> dict[str, Any]:
    """The ``[tool.np2tf]`` table with keys normalised to underscores.

    Raises:
        ConfigError: the file is not valid TOML or has unknown keys.
    """
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{pyproject}: {exc}") from exc
    table = data.get("tool", {}).get("np2tf", {})
    config = {key.replace("-", "_"): value for key, value in table.items()}
    unknown = set(config) - KNOWN_KEYS
    if unknown:
        raise ConfigError(f"{pyproject}: unknown [tool.np2tf] keys: {', '.join(sorted(unknown))}")
    return config
