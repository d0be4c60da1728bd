"""The rule tables against the installed NumPy and TensorFlow.

Like ``testAllAPI``/``testV1KeywordArgNames`` in TF's ``tf_upgrade_v2_test.py``: every
NumPy name and parameter a row names exists, every target exists and accepts the
arguments the row lets through, and every public NumPy name has a row.
"""

from __future__ import annotations

import importlib
import inspect
from typing import Any

import pytest

from targets import resolve, target_of
from np2tf.ruleset import Rule, load_rules

pytestmark = pytest.mark.tf

np = pytest.importorskip("numpy")
tf = pytest.importorskip("tensorflow")
import np2tf.runtime  # noqa: E402,F401  (enables NumPy behaviour, exposes the shims)

RULES = load_rules()
FUNCTION_ROWS = [r for r in RULES.functions.values() if not r.numpy.startswith("numpy.random")]
# Submodules whose public names must all have rows; numpy.random's table is written separately.
MODULES = ("numpy", "numpy.linalg", "numpy.fft")
# Names that must have a row even while the full check only reports (kept for reference
# as the first tightening step; the full check below is already strict).
SHORTLIST = {
    "numpy." + n
    for n in "zeros ones empty full arange linspace eye array asarray sum mean std var max min "
    "argmax where clip einsum dot matmul unique bincount pi nan inf newaxis float32 float64 "
    "ndarray finfo concatenate stack reshape transpose".split()
} | {"numpy.linalg." + n for n in "norm inv solve det svd eigh qr pinv lstsq".split()} | {
    "numpy.fft." + n for n in "fft ifft rfft irfft fftfreq fftshift".split()
}


def _resolve(dotted: str) -> Any:
    return resolve(dotted)


def _target(rule: Rule) -> Any:
    return target_of(rule)


def _numpy_args(obj: Any) -> list[str] | None:
    """NumPy's parameters as the tables spell them: ``*name`` for var-positional."""
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return None
    out = []
    for p in sig.parameters.values():
        if p.kind is p.VAR_POSITIONAL:
            out.append("*" + p.name)
        elif p.kind is not p.VAR_KEYWORD:
            out.append(p.name)
    return out


def _takes_kwargs(obj: Any) -> bool:
    try:
        return any(p.kind is p.VAR_KEYWORD for p in inspect.signature(obj).parameters.values())
    except (TypeError, ValueError):
        return False


def _public_names() -> set[str]:
    names = set()
    for mod_name in MODULES:
        mod = importlib.import_module(mod_name)
        names |= {f"{mod_name}.{n}" for n in mod.__all__ if not n.startswith("_")}
    return names


@pytest.mark.parametrize("rule", FUNCTION_ROWS, ids=lambda r: r.numpy)
def test_numpy_name_and_args_exist(rule: Rule) -> None:
    obj = _resolve(rule.numpy)
    if rule.args is not None:
        assert list(rule.args) == _numpy_args(obj), f"{rule.source}: args differ from NumPy's signature"
    for name in (*rule.unsupported_args, *rule.rename_args):
        # Keyword-only parameters NumPy takes through **kwargs (np.add.reduce(where=...))
        # can be listed as unsupported without being in args.
        assert rule.args is not None and (name in rule.args or _takes_kwargs(obj)), f"{rule.source}: {name!r} is not in args"


CONVERTING = [r for r in FUNCTION_ROWS if r.converts and r.tf]


@pytest.mark.parametrize("rule", CONVERTING, ids=lambda r: r.numpy)
def test_target_exists_and_accepts_supported_args(rule: Rule) -> None:
    target = _target(rule)
    assert rule.since_tf or rule.tf.startswith("np2tf."), f"{rule.source}: TF targets need since_tf"
    if rule.kind != "function" or rule.args is None:
        return
    try:
        sig = inspect.signature(target)
    except (TypeError, ValueError):
        return  # builtins without signatures: nothing to inspect
    params = sig.parameters
    if any(p.kind is p.VAR_KEYWORD for p in params.values()):
        return
    positional = [p for p in params.values() if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    has_varargs = any(p.kind is p.VAR_POSITIONAL for p in params.values())
    for i, arg in enumerate(rule.args):
        if arg.startswith("*") or arg in rule.unsupported_args:
            continue
        name = rule.rename_args.get(arg, arg)
        # Parameters NumPy takes positionally may be positional-only in the target.
        if name in params or (i < len(positional) or has_varargs):
            continue
        pytest.fail(f"{rule.source}: target {rule.tf} does not accept {arg!r}")


def test_untranslatable_rows_explain_themselves() -> None:
    for rule in RULES.functions.values():
        if rule.fidelity == "untranslatable":
            assert rule.guideline and not rule.tf, rule.source
        elif rule.fidelity in ("approximate", "shim") and rule.kind == "function" and rule.tf.startswith("tf."):
            assert rule.difference, f"{rule.source}: {rule.fidelity} rows must say what differs"


def test_every_public_numpy_name_has_a_row() -> None:
    missing = sorted(_public_names() - set(RULES.functions))
    print(f"{len(missing)} public NumPy names without a row: {missing}")
    assert not missing
    assert SHORTLIST <= set(RULES.functions)
