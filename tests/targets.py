"""Resolve rule-table names to the objects they name (tests only: imports TF lazily)."""

from __future__ import annotations

import importlib
from typing import Any

from np2tf.ruleset import Rule


def resolve(dotted: str) -> Any:
    """Import the longest module prefix of ``dotted`` and walk the remaining attributes."""
    if dotted.startswith("tf."):
        dotted = "tensorflow." + dotted[3:]
    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for p in parts[i:]:
            obj = getattr(obj, p)
        return obj
    raise ImportError(dotted)


def target_of(rule: Rule) -> Any:
    """The callable (or constant) a row's target names."""
    return resolve(rule.tf)
