"""Add the TensorFlow imports converted code needs and drop NumPy imports nothing uses.

Uses libcst's :class:`~libcst.codemod.visitors.AddImportsVisitor` and
:class:`~libcst.codemod.visitors.RemoveImportsVisitor`, which place new imports in the
module's own import block and keep comments and formatting.
"""

from __future__ import annotations

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor

RUNTIME = "np2tf.runtime"


def _numpy_imports(module: cst.Module) -> list[cst.Import | cst.ImportFrom]:
    found: list[cst.Import | cst.ImportFrom] = []

    class Finder(cst.CSTVisitor):
        def visit_Import(self, node: cst.Import) -> None:
            if any(a.evaluated_name == "numpy" or a.evaluated_name.startswith("numpy.") for a in node.names):
                found.append(node)

        def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
            if node.relative or node.module is None or isinstance(node.names, cst.ImportStar):
                return
            name = cst.helpers.get_full_name_for_node(node.module) or ""
            if name == "numpy" or name.startswith("numpy."):
                found.append(node)

    module.visit(Finder())
    return found


def fix_imports(module: cst.Module, modules_used: set[str], aliases: dict[str, str]) -> cst.Module:
    """Import every module in ``modules_used`` (plus the runtime) and drop unused NumPy imports.

    Args:
        module: the rewritten module.
        modules_used: target modules the rewrite referred to.
        aliases: module -> the alias the rewrite spelt it with.
    """
    context = CodemodContext()
    # The runtime import turns on NumPy behaviour, which every converted module relies on.
    for name in sorted(modules_used | {RUNTIME}):
        AddImportsVisitor.add_needed_import(context, name, asname=aliases[name])
    module = AddImportsVisitor(context).transform_module(module)
    for node in _numpy_imports(module):
        RemoveImportsVisitor.remove_unused_import_by_node(context, node)
    return RemoveImportsVisitor(context).transform_module(module)
