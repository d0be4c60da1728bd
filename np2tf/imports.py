"""Add the TensorFlow imports converted code needs and drop NumPy imports nothing uses.

New imports go after the last import of the module's leading import block (after the
docstring and ``from __future__`` imports when there is no block), like libcst's
``AddImportsVisitor``. A NumPy import is dropped when no name it binds is read any more;
comments above a dropped import move to the next statement.

This is hand-written rather than libcst's ``AddImportsVisitor``/``RemoveImportsVisitor``:
measured on h5py's ``dataset.py`` (1,200 lines), those two took about 60% of a
conversion, because each deep-copies the module and re-runs scope analysis. Here the
scope analysis the resolver already did decides which NumPy names are still read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

import libcst as cst
from libcst.helpers import get_full_name_for_node

if TYPE_CHECKING:
    from np2tf.resolve import Resolver
    from np2tf.rewrite import RewriteContext

RUNTIME = "np2tf.runtime"


def _is_numpy(name: str) -> bool:
    return name == "numpy" or name.startswith("numpy.")


def _bound_name(alias: cst.ImportAlias) -> str:
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    return alias.evaluated_name.split(".", 1)[0]


def _is_import_line(statement: cst.CSTNode) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and all(isinstance(s, (cst.Import, cst.ImportFrom)) for s in statement.body)


def _is_docstring(statement: cst.CSTNode) -> bool:
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(statement.body[0], cst.Expr)
        and isinstance(statement.body[0].value, (cst.SimpleString, cst.ConcatenatedString))
    )


def _existing_imports(body: Sequence[cst.CSTNode]) -> set[tuple[str, str]]:
    found = set()
    for statement in body:
        if not _is_import_line(statement):
            continue
        assert isinstance(statement, cst.SimpleStatementLine)
        for small in statement.body:
            if isinstance(small, cst.Import):
                for alias in small.names:
                    found.add((alias.evaluated_name, _bound_name(alias)))
    return found


def _insertion_index(body: Sequence[cst.CSTNode]) -> int:
    index = 1 if body and _is_docstring(body[0]) else 0
    last_import = None
    for i in range(index, len(body)):
        if _is_import_line(body[i]):
            last_import = i
        else:
            break
    return last_import + 1 if last_import is not None else index


def unused_numpy_names(context: "RewriteContext") -> set[str]:
    """Names bound by NumPy imports that no surviving reference reads after the rewrite.

    A reference survives unless it lies inside an expression the rewrite replaced. This
    uses the original module's scope analysis, so a parameter that happens to be called
    ``np`` neither keeps nor loses the import.
    """
    resolver = context.resolver
    replaced = set(map(id, context.replacements))
    replaced.update(id(call) for call, (_, name) in context.custom_calls.items() if name == "dtype_call")
    alive: dict[str, bool] = {}
    for scope in resolver.all_scopes:
        for assignment in scope.assignments:
            node = getattr(assignment, "node", None)
            if not isinstance(node, (cst.Import, cst.ImportFrom)) or not _imports_numpy(node):
                continue
            used = any(not _inside_replaced(resolver, access.node, replaced) for access in assignment.references)
            alive[assignment.name] = alive.get(assignment.name, False) or used
    return {name for name, used in alive.items() if not used}


def _imports_numpy(node: cst.Import | cst.ImportFrom) -> bool:
    if isinstance(node, cst.Import):
        return any(_is_numpy(a.evaluated_name) for a in node.names)
    module = get_full_name_for_node(node.module) if node.module is not None else None
    return not node.relative and module is not None and _is_numpy(module)


def _inside_replaced(resolver: "Resolver", node: cst.CSTNode, replaced: set[int]) -> bool:
    current: cst.CSTNode | None = node
    while current is not None:
        if id(current) in replaced:
            return True
        current = resolver.parents.get(current)
    return False


# Nodes whose bodies may hold an import statement; the transformer enters only these.
_HOLDS_STATEMENTS = (
    cst.Module, cst.IndentedBlock, cst.SimpleStatementLine, cst.SimpleStatementSuite, cst.BaseCompoundStatement,
    cst.Else, cst.ExceptHandler, cst.ExceptStarHandler, cst.Finally, cst.MatchCase,
)  # fmt: skip


class _DropUnusedNumpy(cst.CSTTransformer):
    """Drop aliases of NumPy imports whose names are not used; whole statements when empty.

    Only statements are entered: an import cannot sit inside an expression, and
    visiting every node of a large module was most of the import fix-up's time.
    """

    def __init__(self, unused: set[str]) -> None:
        super().__init__()
        self.unused = unused

    def on_visit(self, node: cst.CSTNode) -> bool:
        return isinstance(node, _HOLDS_STATEMENTS)

    def _keep(self, node: cst.Import | cst.ImportFrom) -> cst.Import | cst.ImportFrom | cst.RemovalSentinel:
        if isinstance(node, cst.ImportFrom):
            module = get_full_name_for_node(node.module) if node.module is not None else None
            if node.relative or module is None or not _is_numpy(module) or isinstance(node.names, cst.ImportStar):
                return node
        elif not any(_is_numpy(a.evaluated_name) for a in node.names):
            return node
        names = node.names
        assert not isinstance(names, cst.ImportStar)
        kept = [a for a in names if _bound_name(a) not in self.unused or (isinstance(node, cst.Import) and not _is_numpy(a.evaluated_name))]
        if len(kept) == len(names):
            return node
        if not kept:
            return cst.RemoveFromParent()
        kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return node.with_changes(names=kept)

    def leave_Import(self, original_node: cst.Import, updated_node: cst.Import) -> cst.Import | cst.RemovalSentinel:
        return self._keep(updated_node)  # type: ignore[return-value]

    def leave_ImportFrom(self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom) -> cst.ImportFrom | cst.RemovalSentinel:
        return self._keep(updated_node)  # type: ignore[return-value]

    def leave_SimpleStatementLine(self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine) -> cst.SimpleStatementLine | cst.RemovalSentinel:
        if not updated_node.body and original_node.body:
            return cst.RemoveFromParent()
        return updated_node


def _droppable(line: cst.CSTNode, unused: set[str]) -> bool:
    """A top-level line of NumPy imports none of whose names is used any more."""
    if not _is_import_line(line):
        return False
    assert isinstance(line, cst.SimpleStatementLine)
    for small in line.body:
        assert isinstance(small, (cst.Import, cst.ImportFrom))
        if not _imports_numpy(small) or isinstance(small.names, cst.ImportStar):
            return False
        if isinstance(small, cst.Import) and not all(_is_numpy(a.evaluated_name) for a in small.names):
            return False
        if any(_bound_name(a) not in unused for a in small.names):
            return False
    return True


def _drop_top_level(body: list[cst.BaseStatement], unused: set[str], dropped: set[int] | None = None) -> list[cst.BaseStatement]:
    """Drop unused top-level NumPy import lines; their comments move to the next statement.

    The ids of the dropped import statements are added to ``dropped``.
    """
    kept: list[cst.BaseStatement] = []
    carried: list[cst.EmptyLine] = []
    for statement in body:
        if _droppable(statement, unused):
            carried.extend(statement.leading_lines)  # type: ignore[attr-defined]
            if dropped is not None:
                dropped.update(id(small) for small in statement.body)  # type: ignore[attr-defined]
            continue
        if carried and any(line.comment is not None for line in carried):
            statement = statement.with_changes(leading_lines=[*carried, *statement.leading_lines])  # type: ignore[attr-defined]
        carried = []
        kept.append(statement)
    return kept


def fix_imports(
    module: cst.Module,
    modules_used: set[str],
    aliases: dict[str, str],
    unused: set[str],
    imports: Sequence[cst.Import | cst.ImportFrom] | None = None,
) -> cst.Module:
    """Import every module in ``modules_used`` (plus the runtime) and drop unused NumPy imports.

    Args:
        module: the rewritten module.
        modules_used: target modules the rewrite referred to.
        aliases: module -> the alias the rewrite spelt it with.
        unused: names bound by NumPy imports that nothing reads any more
            (:func:`unused_numpy_names`).
        imports: every import statement of the module before the rewrite, when known
            (the rewrite never changes one): then nested imports are only searched
            for when one of them has a name to drop.
    """
    body = list(module.body)
    existing = _existing_imports(body)
    # The runtime import turns on NumPy behaviour, which every converted module relies on.
    new = [
        cst.parse_statement(f"import {name} as {aliases[name]}")
        for name in sorted(modules_used | {RUNTIME})
        if (name, aliases[name]) not in existing
    ]
    index = _insertion_index(body)
    if new and index < len(body) and not _is_import_line(body[index]) and not body[index].leading_lines:  # type: ignore[attr-defined]
        # Like AddImportsVisitor: one empty line between the import block and the code.
        body[index] = body[index].with_changes(leading_lines=[cst.EmptyLine()])
    body[index:index] = new
    dropped: set[int] = set()
    if unused:
        body = _drop_top_level(body, unused, dropped)
    module = module.with_changes(body=body)
    if not unused:
        return module
    drop = _DropUnusedNumpy(unused)
    if imports is not None and all(drop._keep(node) is node for node in imports if id(node) not in dropped):
        return module  # every import left keeps all its names
    return module.visit(drop)
