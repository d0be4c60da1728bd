"""Load the declarative rule tables in ``rules/*.toml``.

A table row maps one NumPy API (a function, constant, dtype or module) or one ndarray
method to its TensorFlow target. See ``rules/README.md`` for every key. The tables ship
inside the wheel as the ``np2tf.rules`` package; in a source checkout they are read from
the top-level ``rules/`` folder.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.resources
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

FIDELITIES = ("exact", "shim", "approximate", "host", "untranslatable")
KINDS = ("function", "constant", "dtype", "class", "module", "attribute")

# Dotted prefixes of targets and the module alias converted code binds them to.
TARGET_MODULES: dict[str, tuple[str, str]] = {
    # prefix: (module to import, alias)
    "tf.experimental.numpy.": ("tensorflow.experimental.numpy", "tnp"),
    "np2tf.runtime.": ("np2tf.runtime", "n2t"),
    "tf.": ("tensorflow", "tf"),
}


class RuleError(ValueError):
    """A rule table is malformed."""


@dataclass(frozen=True)
class Rule:
    """One row of a rule table.

    Attributes:
        numpy: the qualified NumPy name (``numpy.linalg.norm``) or, for methods,
            ``ndarray.<name>``.
        tf: the dotted target (``tf.experimental.numpy.sum``, ``tf.linalg.inv``,
            ``np2tf.runtime.linalg.norm``); empty for untranslatable rows.
        fidelity: ``exact``, ``shim``, ``approximate``, ``host`` or ``untranslatable``.
        kind: ``function``, ``constant``, ``dtype``, ``class`` or ``module``.
        args: NumPy's parameters in order, used to bind positional arguments.
        unsupported_args: NumPy parameters the target cannot honour; a call that passes
            one is left unchanged with a diagnostic.
        rename_args: NumPy keyword -> target keyword.
        difference: one line on what differs from NumPy.
        guideline: for untranslatable rows, what to do by hand.
        custom: name of a rewrite in ``np2tf/rewrite/custom/`` that handles the row.
        native: for methods, ``True`` when ``tf.Tensor`` (with NumPy behaviour on) has
            the method with NumPy's semantics, so the call is left as it is.
        returns: ``array`` (default) or ``other`` (a Python value, tuple, dtype...),
            used by array inference.
        source: the table file and row number, for error messages.
    """

    numpy: str
    tf: str = ""
    fidelity: str = "exact"
    kind: str = "function"
    since_tf: str = ""
    args: tuple[str, ...] | None = None
    unsupported_args: tuple[str, ...] = ()
    rename_args: dict[str, str] = field(default_factory=dict)
    difference: str = ""
    guideline: str = ""
    custom: str = ""
    native: bool = False
    returns: str = "array"
    source: str = ""

    @property
    def converts(self) -> bool:
        """Whether the row has a target at all."""
        return self.fidelity != "untranslatable" and bool(self.tf or self.custom or self.native)


@dataclass(frozen=True)
class RuleSet:
    """All rows, indexed by NumPy name and by method name."""

    functions: dict[str, Rule]
    methods: dict[str, Rule]
    digest: str

    def lookup(self, qualified_name: str) -> Rule | None:
        """The row for a qualified NumPy name, if any."""
        return self.functions.get(qualified_name)

    def method(self, name: str) -> Rule | None:
        """The row for ndarray method or attribute ``name``, if any."""
        return self.methods.get(name)


_KNOWN_KEYS = {
    "numpy",
    "tf",
    "fidelity",
    "kind",
    "since_tf",
    "args",
    "unsupported_args",
    "rename_args",
    "difference",
    "guideline",
    "custom",
    "native",
    "returns",
}


def _rules_dir() -> Path:
    try:
        return Path(str(importlib.resources.files("np2tf.rules")))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "rules"


def _row(raw: dict[str, Any], source: str) -> Rule:
    unknown = set(raw) - _KNOWN_KEYS
    if unknown:
        raise RuleError(f"{source}: unknown keys {sorted(unknown)}")
    if "numpy" not in raw:
        raise RuleError(f"{source}: missing 'numpy'")
    fidelity = raw.get("fidelity", "exact")
    if fidelity not in FIDELITIES:
        raise RuleError(f"{source}: fidelity {fidelity!r} not in {FIDELITIES}")
    kind = raw.get("kind", "function")
    if kind not in KINDS:
        raise RuleError(f"{source}: kind {kind!r} not in {KINDS}")
    target = raw.get("tf", "")
    if target and not any(target.startswith(p) for p in TARGET_MODULES):
        raise RuleError(f"{source}: target {target!r} must start with one of {list(TARGET_MODULES)}")
    if fidelity == "untranslatable" and not raw.get("guideline"):
        raise RuleError(f"{source}: untranslatable rows need a 'guideline'")
    args = raw.get("args")
    return Rule(
        numpy=raw["numpy"],
        tf=target,
        fidelity=fidelity,
        kind=kind,
        since_tf=raw.get("since_tf", ""),
        args=tuple(args) if args is not None else None,
        unsupported_args=tuple(raw.get("unsupported_args", ())),
        rename_args=dict(raw.get("rename_args", {})),
        difference=raw.get("difference", ""),
        guideline=raw.get("guideline", ""),
        custom=raw.get("custom", ""),
        native=bool(raw.get("native", False)),
        returns=raw.get("returns", "array"),
        source=source,
    )


def parse_tables(files: Iterable[tuple[str, bytes]]) -> RuleSet:
    """Build a :class:`RuleSet` from ``(name, toml bytes)`` pairs.

    Raises:
        RuleError: a row is malformed or a NumPy name appears twice.
    """
    functions: dict[str, Rule] = {}
    methods: dict[str, Rule] = {}
    digest = hashlib.sha256()
    for name, data in sorted(files):
        digest.update(name.encode() + b"\0" + data)
        table = tomllib.loads(data.decode("utf-8"))
        for i, raw in enumerate(table.get("rule", []), 1):
            rule = _row(raw, f"{name}#{i}")
            index = methods if rule.numpy.startswith("ndarray.") else functions
            key = rule.numpy.removeprefix("ndarray.") if index is methods else rule.numpy
            if key in index:
                raise RuleError(f"{rule.source}: {rule.numpy} already defined in {index[key].source}")
            index[key] = rule
    return RuleSet(functions=functions, methods=methods, digest=digest.hexdigest()[:16])


@functools.cache
def load_rules() -> RuleSet:
    """Load every ``*.toml`` table shipped with np2tf (cached)."""
    folder = _rules_dir()
    return parse_tables((p.name, p.read_bytes()) for p in folder.glob("*.toml"))


def alias_for(target: str) -> tuple[str, str, str]:
    """Split a dotted target into ``(module to import, alias, rest)``.

    ``tf.experimental.numpy.linalg.norm`` -> ``("tensorflow.experimental.numpy", "tnp",
    "linalg.norm")``.
    """
    for prefix, (module, alias) in TARGET_MODULES.items():
        if target.startswith(prefix):
            return module, alias, target[len(prefix) :]
    raise RuleError(f"target {target!r} has no known module prefix")
