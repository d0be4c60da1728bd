"""Insert transforms around converted code: ``tf.function``, ``vectorized_map``, device scopes.

Inserters run after the rewrites, on the rewritten module, and follow the same plugin
pattern as :mod:`np2tf.rewrite`: one module per transform, each exposing
``insert(module, context) -> module``, discovered by walking this package. With no
inserters enabled the module comes back unchanged.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable

import libcst as cst

from np2tf.rewrite import RewriteContext

Inserter = Callable[[cst.Module, RewriteContext], cst.Module]
_INSERTERS: list[tuple[int, Inserter]] = []


def inserter(order: int) -> Callable[[Inserter], Inserter]:
    """Register an inserter; lower ``order`` runs first."""

    def decorator(func: Inserter) -> Inserter:
        _INSERTERS.append((order, func))
        return func

    return decorator


def insert(module: cst.Module, context: RewriteContext) -> cst.Module:
    """Run every registered inserter over ``module`` in order."""
    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")
    for _, func in sorted(_INSERTERS, key=lambda item: item[0]):
        module = func(module, context)
    return module
