"""Configuration from ``[tool.np2tf]`` in the nearest ``pyproject.toml``.

Loaded into click's ``default_map`` (as Black's ``read_pyproject_toml`` does), so a flag
on the command line always wins over the file. Keys use the flags' names with dashes or
underscores. ``docs/configuration.md`` documents every key; :data:`KEYS` is the list
this module accepts, with the type each must have.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import tomllib

# key -> expected type: "bool", "int", "str", "list" (of strings) or "str|bool" (either).
KEYS: dict[str, str] = {
    # what is checked
    "include": "list",
    "exclude": "list",
    "select": "list",
    "ignore": "list",
    "strict": "bool",
    # how code converts (np2tf.options.Options)
    "allow_approximate": "bool",
    "device": "str",
    "tf_function": "str|bool",
    "jit": "bool",
    "explain": "bool",
    "runtime": "str",
    "random": "str",
    # how a run reports and works
    "output_format": "str",
    "statistics": "bool",
    "quiet": "bool",
    "jobs": "int",
    "cache": "bool",
    "clear_outputs": "bool",
}
KNOWN_KEYS = frozenset(KEYS)
# Keys that are not flags of every command: they reach Options through click's context.
PASS_THROUGH = frozenset({"device", "tf_function", "jit", "explain", "random"})


class ConfigError(ValueError):
    """The configuration is invalid."""


def find_pyproject(paths: Iterable[Path]) -> Path | None:
    """The ``pyproject.toml`` closest to the first of ``paths`` (or the cwd)."""
    resolved = [Path(p).resolve() for p in paths] or [Path.cwd()]
    start = resolved[0] if resolved[0].is_dir() else resolved[0].parent
    for directory in (start, *start.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def _check_type(pyproject: Path, key: str, value: Any) -> Any:
    kind = KEYS[key]
    ok = {
        "bool": isinstance(value, bool),
        "int": isinstance(value, int) and not isinstance(value, bool),
        "str": isinstance(value, str),
        "list": isinstance(value, list) and all(isinstance(v, str) for v in value),
        "str|bool": isinstance(value, (str, bool)),
    }[kind]
    if kind == "list" and isinstance(value, str):
        return [value]  # `exclude = "build/*"` means a list of one
    if not ok:
        raise ConfigError(f"{pyproject}: [tool.np2tf] {key.replace('_', '-')} must be {kind.replace('list', 'a list of strings')}, not {value!r}")
    return value


def load(pyproject: Path) -> dict[str, Any]:
    """The ``[tool.np2tf]`` table with keys normalised to underscores and types checked.

    Raises:
        ConfigError: the file is not valid TOML, has unknown keys or badly typed values.
    """
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{pyproject}: {exc}") from exc
    table = data.get("tool", {}).get("np2tf", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{pyproject}: [tool.np2tf] must be a table")
    config = {key.replace("-", "_"): value for key, value in table.items()}
    unknown = set(config) - KNOWN_KEYS
    if unknown:
        raise ConfigError(f"{pyproject}: unknown [tool.np2tf] keys: {', '.join(sorted(unknown))}")
    values = {key: _check_type(pyproject, key, value) for key, value in config.items()}
    if isinstance(values.get("tf_function"), bool):  # `tf-function = true` reads naturally
        values["tf_function"] = "auto" if values["tf_function"] else "off"
    return values
