"""One module's structure, names and positions, without libcst's metadata providers.

np2tf used libcst's ``ScopeProvider`` (with the ``ExpressionContextProvider`` it
depends on), a ``CSTVisitor`` index pass and ``PositionProvider``. Measured on the
50,732-line SciPy corpus of ``benchmarks/throughput.py`` (one core, libcst 1.9.0), those
cost, per core:

=========================================  ==============
libcst parse (the floor)                   11,700 lines/s
``ScopeProvider``                           2,360 lines/s
``PositionProvider`` (whole module)         4,900 lines/s
``CSTVisitor`` index (nodes, parents)      14,000 lines/s
=========================================  ==============

so scope analysis alone capped np2tf at a fifth of a parse (``docs/performance.md``).
The project guide allows hand-writing what libcst provides only when libcst's is
measured too slow; this module is that replacement, and reproduces libcst's answers:

* :func:`index` walks the tree once in source order with per-type field tables,
  skipping whitespace and punctuation nodes, instead of a ``CSTVisitor`` (which rebuilds
  every node it passes).
* :func:`analyze` is libcst's ``ScopeVisitor`` re-implemented over the same fields, with
  the same scopes, assignment order indexes, accesses, string annotations and
  qualified names; referents and references are worked out on demand (libcst computes
  every access's referents eagerly, quadratic in a function that assigns one name
  thousands of times, such as SciPy's ``_lebedev.py``).
* :class:`Positions` gives libcst's ``PositionProvider`` position of a node by
  generating code for the innermost statement around it only, placed by the statement
  line numbers of CPython's ``ast``.

``tests/test_scope.py`` compares all three with libcst's providers node by node.
"""

from __future__ import annotations

import ast
import builtins
from bisect import bisect_left
from dataclasses import fields as dataclass_fields
from enum import Enum
from typing import Any, Iterator, NamedTuple, Union

import libcst as cst
from libcst._nodes.internal import CodegenState

# -- fields ------------------------------------------------------------------------------

# Whitespace, comments and punctuation: never a name, a value or a statement.
_TRIVIA = (
    cst.SimpleWhitespace, cst.ParenthesizedWhitespace, cst.TrailingWhitespace, cst.Newline,
    cst.EmptyLine, cst.Comment, cst.Comma, cst.Dot, cst.Colon, cst.Semicolon, cst.AssignEqual,
    cst.LeftParen, cst.RightParen, cst.LeftSquareBracket, cst.RightSquareBracket,
    cst.LeftCurlyBrace, cst.RightCurlyBrace,
)  # fmt: skip
_TRIVIA_FIELDS = {
    "lpar", "rpar", "comma", "semicolon", "dot", "colon", "equal", "lbracket", "rbracket",
    "lbrace", "rbrace", "first_colon", "second_colon", "leading_lines", "lines_after_decorators",
    "trailing_whitespace", "leading_whitespace", "header", "footer", "newline", "comment",
    "whitespace", "indent", "empty_lines", "first_line", "last_line", "trailing_comma",
    "default_indent", "default_newline", "encoding", "has_trailing_newline",
}  # fmt: skip

_FIELDS: dict[type, tuple[str, ...]] = {}


def _concrete_nodes() -> frozenset[type]:
    found: set[type] = set()
    stack: list[type] = [cst.CSTNode]
    while stack:
        kind = stack.pop()
        stack.extend(kind.__subclasses__())
        found.add(kind)
    return frozenset(found - set(_TRIVIA))


# Node classes that are not trivia: a set lookup on ``value.__class__`` instead of
# ``isinstance`` (libcst's node classes are ABCs, whose isinstance is slow).
_NODES = _concrete_nodes()


class _FieldRecorder(cst.CSTVisitor):
    """Records the order in which libcst visits a node's fields (source order)."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[str] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        return False

    def on_leave(self, original_node: cst.CSTNode) -> None:
        pass

    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        if attribute not in self.fields:
            self.fields.append(attribute)

    def on_leave_attribute(self, original_node: cst.CSTNode, attribute: str) -> None:
        pass


def _fields(node: cst.CSTNode) -> tuple[str, ...]:
    """The fields of ``node``'s type that may hold names, values or statements, in source order."""
    kind = type(node)
    found = _FIELDS.get(kind)
    if found is None:
        recorder = _FieldRecorder()
        node._visit_and_replace_children(recorder)
        declared = {f.name for f in dataclass_fields(kind)}
        recorded = recorder.fields
        if "format_spec" in declared and "format_spec" not in recorded:
            recorded.append("format_spec")  # visited, last, only when present
        found = tuple(f for f in recorded if f in declared and f not in _TRIVIA_FIELDS and not f.startswith("whitespace"))
        _FIELDS[kind] = found
    return found


def children(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """``node``'s children in source order, without whitespace and punctuation."""
    names = _FIELDS.get(type(node))
    for name in names if names is not None else _fields(node):
        value = getattr(node, name)
        if value.__class__ in _NODES:
            yield value
        elif value.__class__ is tuple or value.__class__ is list:
            for item in value:
                if item.__class__ in _NODES:
                    yield item


class Index(NamedTuple):
    """Every node but whitespace and punctuation, in source order, with parents and extents."""

    nodes: list[cst.CSTNode]
    parents: dict[cst.CSTNode, cst.CSTNode]
    extent: dict[cst.CSTNode, tuple[int, int]]


def index(module: cst.Module) -> Index:
    """One walk over ``module``: the order libcst's visitors see nodes in, minus trivia."""
    nodes: list[cst.CSTNode] = []
    parents: dict[cst.CSTNode, cst.CSTNode] = {}
    extent: dict[cst.CSTNode, tuple[int, int]] = {}
    table = _FIELDS
    semantic = _NODES
    append = nodes.append

    def walk(node: cst.CSTNode) -> None:
        start = len(nodes)
        append(node)
        names = table.get(node.__class__)
        for name in names if names is not None else _fields(node):
            value = getattr(node, name)
            kind = value.__class__
            if kind in semantic:
                parents[value] = node
                walk(value)
            elif kind is tuple or kind is list:
                for item in value:
                    if item.__class__ in semantic:
                        parents[item] = node
                        walk(item)
        extent[node] = (start, len(nodes))

    walk(module)
    return Index(nodes, parents, extent)


# -- scopes ------------------------------------------------------------------------------


class QualifiedNameSource(Enum):
    IMPORT = 1
    BUILTIN = 2
    LOCAL = 3


class QualifiedName(NamedTuple):
    name: str
    source: QualifiedNameSource


def full_name(node: Union[str, cst.CSTNode]) -> str | None:
    """libcst's ``get_full_name_for_node`` (these node classes have no subclasses)."""
    kind = node.__class__
    if kind is cst.Name:
        return node.value  # type: ignore[union-attr]
    if kind is str:
        return node  # type: ignore[return-value]
    if kind is cst.Attribute:
        return f"{full_name(node.value)}.{node.attr.value}"  # type: ignore[union-attr]
    if kind is cst.Call:
        return full_name(node.func)  # type: ignore[union-attr]
    if kind is cst.Subscript:
        return full_name(node.value)  # type: ignore[union-attr]
    if kind is cst.FunctionDef or kind is cst.ClassDef:
        return full_name(node.name)  # type: ignore[union-attr]
    if kind is cst.Decorator:
        return full_name(node.decorator)  # type: ignore[union-attr]
    if isinstance(node, str):
        return node
    return None


class Access:
    """A read (or ``del``) of a name: libcst's ``Access``."""

    __slots__ = ("node", "scope", "name", "_index", "_referents")

    def __init__(self, node: cst.CSTNode, scope: "Scope", index: int) -> None:
        self.node = node
        self.scope = scope
        self.name = ""
        self._index = index
        self._referents: list[BaseAssignment] | None = None

    @property
    def referents(self) -> list["BaseAssignment"]:
        """The assignments this access may see (libcst's ``Access.record_assignments``)."""
        if self._referents is None:
            scope, name = self.scope, self.name
            assignments = scope._resolve(name, scope)
            if assignments and assignments[0].scope is scope:
                # One scope's assignments, in order: those before this access.
                found = assignments[: bisect_left(assignments, self._index, key=_index_of)]
            else:
                found = list(assignments)
            if not found and assignments and scope.parent is not scope:
                found = list(scope.parent._resolve(name, scope))
            self._referents = found
        return self._referents


def _index_of(assignment: "BaseAssignment") -> int:
    return assignment._index


class _Group:
    """The accesses of one name in one scope (libcst's ``scope_name_accesses``)."""

    __slots__ = ("scope", "accesses")

    def __init__(self, scope: "Scope") -> None:
        self.scope = scope
        self.accesses: list[Access] = []


class BaseAssignment:
    """A binding of a name: libcst's ``BaseAssignment``."""

    __slots__ = ("name", "scope", "_groups", "_earlier", "_references")
    _index = -1

    def __init__(self, name: str, scope: "Scope") -> None:
        self.name = name
        self.scope = scope
        self._groups: list[_Group] = []
        self._earlier: list[tuple[_Group, int]] = []
        self._references: list[Access] | None = None

    @property
    def references(self) -> list[Access]:
        """The accesses that may see this assignment (libcst's ``record_accesses``)."""
        if self._references is None:
            found: dict[Access, None] = {}
            for group in self._groups:
                if group.scope is not self.scope:
                    found.update(dict.fromkeys(group.accesses))
                else:
                    found.update(dict.fromkeys(a for a in group.accesses if self._index < a._index))
            for group, threshold in self._earlier:
                # Reads in a child scope before its own assignment of the name see this one.
                found.update(dict.fromkeys(a for a in group.accesses if a._index <= threshold))
            self._references = list(found)
        return self._references

    def get_qualified_names_for(self, full_name: str) -> set[QualifiedName]:
        raise NotImplementedError


class Assignment(BaseAssignment):
    """A binding by a statement, parameter, definition or import (libcst's ``Assignment``)."""

    __slots__ = ("node", "_index")

    def __init__(self, name: str, scope: "Scope", node: cst.CSTNode, index: int) -> None:
        super().__init__(name, scope)
        self.node = node
        self._index = index

    def get_qualified_names_for(self, full_name: str) -> set[QualifiedName]:
        prefix = self.scope._name_prefix
        return {QualifiedName(f"{prefix}.{full_name}" if prefix else full_name, QualifiedNameSource.LOCAL)}


class BuiltinAssignment(BaseAssignment):
    __slots__ = ()

    def get_qualified_names_for(self, full_name: str) -> set[QualifiedName]:
        return {QualifiedName(f"builtins.{self.name}", QualifiedNameSource.BUILTIN)}


class ImportAssignment(Assignment):
    __slots__ = ("as_name",)

    def __init__(self, name: str, scope: "Scope", node: cst.CSTNode, index: int, as_name: cst.CSTNode) -> None:
        super().__init__(name, scope, node, index)
        self.as_name = as_name

    def get_module_name_for_import(self) -> str:
        module = ""
        if isinstance(self.node, cst.ImportFrom):
            if self.node.module:
                module = full_name(self.node.module) or ""
            if self.node.relative:
                module = "." * len(self.node.relative) + module
        return module

    def get_qualified_names_for(self, full_name_: str) -> set[QualifiedName]:
        module = self.get_module_name_for_import()
        results: set[QualifiedName] = set()
        assert isinstance(self.node, (cst.ImportFrom, cst.Import))
        import_names = self.node.names
        if isinstance(import_names, cst.ImportStar):
            return results
        for name in import_names:
            real_name = full_name(name.name)
            if not real_name:
                continue
            parts = real_name.split(".")
            for real_name in [".".join(parts[:i]) for i in range(len(parts), 0, -1)]:
                as_name = real_name
                if module and module.endswith("."):
                    real_name = f"{module}{real_name}"
                elif module:
                    real_name = f"{module}.{real_name}"
                if name and name.asname:
                    alias = name.evaluated_alias
                    if alias is not None:
                        as_name = alias
                if full_name_.startswith(as_name):
                    remaining = full_name_.split(as_name, 1)[1]
                    if remaining and not remaining.startswith("."):
                        continue
                    remaining = remaining.lstrip(".")
                    results.add(QualifiedName(f"{real_name}.{remaining}" if remaining else real_name, QualifiedNameSource.IMPORT))
                    break
        return results


class _Assignments:
    """``scope.assignments``: iterate all, or ``[name]`` for one name's."""

    __slots__ = ("_by_name",)

    def __init__(self, by_name: dict[str, list[BaseAssignment]]) -> None:
        self._by_name = by_name

    def __iter__(self) -> Iterator[BaseAssignment]:
        for assignments in self._by_name.values():
            yield from assignments

    def __getitem__(self, node: Union[str, cst.CSTNode]) -> list[BaseAssignment]:
        return list(self._by_name.get(full_name(node) or "", ()))

    def __contains__(self, node: Union[str, cst.CSTNode]) -> bool:
        return bool(self._by_name.get(full_name(node) or ""))


class _Accesses:
    """``scope.accesses``: iterate all, or ``[name]`` for one name's."""

    __slots__ = ("_by_name",)

    def __init__(self, by_name: dict[str, list[Access]]) -> None:
        self._by_name = by_name

    def __iter__(self) -> Iterator[Access]:
        for accesses in self._by_name.values():
            yield from accesses

    def __getitem__(self, node: Union[str, cst.CSTNode]) -> list[Access]:
        return self._by_name.get(full_name(node) or "", [])

    def __contains__(self, node: Union[str, cst.CSTNode]) -> bool:
        return bool(self._by_name.get(full_name(node) or ""))


class Scope:
    """libcst's ``Scope``: assignments and accesses of one module, class, function or comprehension."""

    def __init__(self, parent: "Scope | None", node: cst.CSTNode | None = None, name: str | None = None) -> None:
        self.parent: Scope = parent if parent is not None else self
        self.globals: Scope = parent.globals if parent is not None else self
        self.node = node
        self.name = name
        self._assignments: dict[str, list[BaseAssignment]] = {}
        self._count = 0
        self._accesses_by_name: dict[str, list[Access]] = {}
        self._accesses_by_node: dict[cst.CSTNode, list[Access]] = {}
        self._overwrites: dict[str, Scope] = {}
        self._name_prefix = ""

    # visibility (libcst's _is_visible_from_children / _next_visible_parent)
    def _visible_from_children(self, from_scope: "Scope") -> bool:
        return True

    def _next_visible_parent(self, from_scope: "Scope", first: "Scope | None" = None) -> "Scope":
        parent = first if first is not None else self.parent
        while not parent._visible_from_children(from_scope):
            parent = parent.parent
        return parent

    def _find_target(self, name: str) -> "Scope":
        if name in self._overwrites:
            return self._next_visible_parent(self, self._overwrites[name])._find_target(name)
        return self

    def record_assignment(self, name: str, node: cst.CSTNode) -> None:
        target = self._find_target(name)
        target._assignments.setdefault(name, []).append(Assignment(name, target, node, target._count))

    def record_import_assignment(self, name: str, node: cst.CSTNode, as_name: cst.CSTNode) -> None:
        target = self._find_target(name)
        target._assignments.setdefault(name, []).append(ImportAssignment(name, target, node, target._count, as_name))

    def __contains__(self, name: str) -> bool:
        if name in self._overwrites:
            return name in self._overwrites[name]
        if self._assignments.get(name):
            return True
        return name in self._next_visible_parent(self)

    def __getitem__(self, name: str) -> list[BaseAssignment]:
        return self._resolve(name, self)

    def _resolve(self, name: str, from_scope: "Scope") -> list[BaseAssignment]:
        if name in self._overwrites:
            return self._next_visible_parent(from_scope, self._overwrites[name])._resolve(name, from_scope)
        found = self._assignments.get(name)
        if found:
            return found
        return self._next_visible_parent(from_scope)._resolve(name, from_scope)

    def record_global_overwrite(self, name: str) -> None:
        self._overwrites[name] = self.globals

    def record_nonlocal_overwrite(self, name: str) -> None:
        self._overwrites[name] = self.parent

    @property
    def assignments(self) -> _Assignments:
        return _Assignments(self._assignments)

    @property
    def accesses(self) -> _Accesses:
        return _Accesses(self._accesses_by_name)

    def get_qualified_names_for(self, node: Union[str, cst.CSTNode]) -> set[QualifiedName]:
        """libcst's ``Scope.get_qualified_names_for``."""
        if isinstance(node, cst.CSTNode):
            accesses = self._accesses_by_node.get(node)
            if accesses:
                return {q for access in accesses for referent in access.referents for q in referent.get_qualified_names_for(referent.name)}
        name = full_name(node)
        if name is None:
            return set()
        assignments: list[BaseAssignment] = []
        prefix: str | None = name
        while prefix:
            if prefix in self:
                assignments = self[prefix]
                break
            idx = prefix.rfind(".")
            prefix = None if idx == -1 else prefix[:idx]
        if not isinstance(node, str):
            for assignment in assignments:
                if isinstance(assignment, Assignment) and _is_assignment(node, assignment.node):
                    return assignment.get_qualified_names_for(name)
        results: set[QualifiedName] = set()
        for assignment in assignments:
            results |= assignment.get_qualified_names_for(name)
        return results


class BuiltinScope(Scope):
    def __init__(self, globals_: Scope) -> None:
        super().__init__(None)
        self.globals = globals_

    def __contains__(self, name: str) -> bool:
        return hasattr(builtins, name)

    def _resolve(self, name: str, from_scope: Scope) -> list[BaseAssignment]:
        found = self._assignments.get(name)
        if found:
            return found
        if hasattr(builtins, name):
            found = self._assignments[name] = [BuiltinAssignment(name, self)]
            return found
        return []


class GlobalScope(Scope):
    def __init__(self) -> None:
        super().__init__(None)
        self.parent = BuiltinScope(self)

    def __contains__(self, name: str) -> bool:
        if self._assignments.get(name):
            return True
        return name in self._next_visible_parent(self)

    def _resolve(self, name: str, from_scope: Scope) -> list[BaseAssignment]:
        found = self._assignments.get(name)
        if found:
            return found
        return self._next_visible_parent(from_scope)._resolve(name, from_scope)

    def record_global_overwrite(self, name: str) -> None:
        pass

    def record_nonlocal_overwrite(self, name: str) -> None:
        raise NotImplementedError("nonlocal declaration not allowed at module level")


class FunctionScope(Scope):
    def __init__(self, parent: Scope, node: cst.CSTNode, name: str | None = None) -> None:
        super().__init__(parent, node, name)
        self._name_prefix = ".".join(filter(None, [parent._name_prefix, name, "<locals>"]))


class ClassScope(Scope):
    def __init__(self, parent: Scope, node: cst.CSTNode, name: str | None = None) -> None:
        super().__init__(parent, node, name)
        self._name_prefix = ".".join(filter(None, [parent._name_prefix, name]))

    def _visible_from_children(self, from_scope: Scope) -> bool:
        return False  # libcst: only to type-parameter scopes, which Python 3.11 has not


class ComprehensionScope(Scope):
    def __init__(self, parent: Scope, node: cst.CSTNode, name: str | None = None) -> None:
        super().__init__(parent, node, name)
        self._name_prefix = ".".join(filter(None, [parent._name_prefix, "<comprehension>"]))


def _gen_dotted_names(node: cst.Attribute | cst.Name) -> Iterator[tuple[str, cst.Attribute | cst.Name]]:
    """libcst's ``_gen_dotted_names``: ``a.b.c`` -> ``a.b.c``, ``a.b``, ``a`` with their nodes."""
    if isinstance(node, cst.Name):
        yield node.value, node
        return
    value = node.value
    if isinstance(value, cst.Call):
        value = value.func
        if isinstance(value, (cst.Attribute, cst.Name)):
            names = _gen_dotted_names(value)
            try:
                first, first_node = next(names)
            except StopIteration:
                return
            yield first, first_node
            yield from names
    elif isinstance(value, (cst.Attribute, cst.Name)):
        names = _gen_dotted_names(value)
        try:
            first, first_node = next(names)
        except StopIteration:
            return
        yield f"{first}.{node.attr.value}", node
        yield first, first_node
        yield from names


def _is_assignment(node: cst.CSTNode, assignment_node: cst.CSTNode) -> bool:
    if node is assignment_node:
        return True
    if isinstance(assignment_node, (cst.Import, cst.ImportFrom)):
        aliases = assignment_node.names
        if isinstance(aliases, cst.ImportStar):
            return False
        for alias in aliases:
            if alias.name is node:
                return True
            if alias.asname is not None and alias.asname.name is node:
                return True
    return False


# Nodes after which libcst's ScopeVisitor advances the scope's assignment counter.
_ASSIGNMENT_LIKE = frozenset(
    {
        cst.AnnAssign, cst.AsName, cst.Assign, cst.AugAssign, cst.ClassDef, cst.CompFor,
        cst.FunctionDef, cst.Global, cst.Import, cst.ImportFrom, cst.NamedExpr, cst.Nonlocal,
        cst.Parameters, cst.WithItem,
    }
)  # fmt: skip
_TYPING_CALLS = ("typing.NewType", "typing.TypeVar", "typing.cast")


class Analysis(NamedTuple):
    """Scope analysis of one module: every node's scope and every scope."""

    scopes: dict[cst.CSTNode, Scope]
    all_scopes: list[Scope]


class _ScopeWalker:
    """libcst's ``ScopeVisitor`` (and the expression contexts it reads), over :func:`children`.

    The walk visits what libcst visits in the order libcst visits it, because the order
    decides each assignment's and access's index, and so which assignments a read sees.
    """

    def __init__(self) -> None:
        self.scope: Scope = GlobalScope()
        self.scopes: dict[cst.CSTNode, Scope] = {}
        self.all_scopes: list[Scope] = [self.scope]
        self.deferred: list[tuple[Access, cst.Attribute | None, cst.BaseString | None]] = []
        self.attribute_stack: list[cst.Attribute | None] = [None]
        self.annotation_stack: list[bool] = [False]
        self.type_hint_stack: list[bool] = [False]
        self.ignored_subscripts: set[cst.Subscript] = set()
        self.string_annotation: cst.BaseString | None = None
        self.in_string = 0  # inside a parsed string annotation: no expression contexts
        # Roots of names bound by imports so far: only those can resolve to `typing.*`.
        self.import_roots: set[str] = set()
        self.typing_scopes = False  # a class or function called `typing` names things `typing.*`
        self.handlers = {
            cst.Name: self.visit_Name,
            cst.Attribute: self.visit_Attribute,
            cst.Call: self.visit_Call,
            cst.Subscript: self.visit_Subscript,
            cst.Arg: self.visit_Arg,
            cst.Assign: self.visit_Assign,
            cst.AnnAssign: self.visit_AnnAssign,
            cst.AugAssign: self.visit_target_value,
            cst.NamedExpr: self.visit_target_value,
            cst.AsName: self.visit_AsName,
            cst.CompFor: self.visit_CompFor,
            cst.For: self.visit_For,
            cst.FunctionDef: self.visit_FunctionDef,
            cst.Lambda: self.visit_Lambda,
            cst.Param: self.visit_Param,
            cst.ClassDef: self.visit_ClassDef,
            cst.Global: self.visit_Global,
            cst.Nonlocal: self.visit_Nonlocal,
            cst.Import: self.visit_Import,
            cst.ImportFrom: self.visit_Import,
            cst.ListComp: self.visit_comprehension,
            cst.SetComp: self.visit_comprehension,
            cst.DictComp: self.visit_comprehension,
            cst.GeneratorExp: self.visit_comprehension,
            cst.Annotation: self.visit_Annotation,
            cst.SimpleString: self.visit_SimpleString,
            cst.ConcatenatedString: self.visit_ConcatenatedString,
        }
        for unsupported in (cst.TypeAlias, cst.TypeParameters, cst.TypeVar, cst.TypeVarTuple, cst.ParamSpec):
            self.handlers[unsupported] = self.unsupported

    # -- traversal ----------------------------------------------------------------------

    def visit(self, node: cst.CSTNode, store: bool = False) -> None:
        handler = self.handlers.get(node.__class__)
        if handler is not None:
            handler(node, store)
        else:
            self.visit_children(node, store)
            self.scopes[node] = self.scope  # self.leave(node), inlined
            if node.__class__ in _ASSIGNMENT_LIKE:
                self.scope._count += 1

    def visit_children(self, node: cst.CSTNode, store: bool = False) -> None:
        visit = self.visit
        semantic = _NODES
        names = _FIELDS.get(node.__class__)
        for name in names if names is not None else _fields(node):
            value = getattr(node, name)
            kind = value.__class__
            if kind in semantic:
                visit(value, store)
            elif kind is tuple or kind is list:
                for item in value:
                    if item.__class__ in semantic:
                        visit(item, store)

    def leave(self, node: cst.CSTNode) -> None:
        self.scopes[node] = self.scope
        if node.__class__ in _ASSIGNMENT_LIKE:
            self.scope._count += 1

    def new_scope(self, kind: type, node: cst.CSTNode, name: str | None = None) -> Scope:
        scope = kind(self.scope, node, name)
        self.all_scopes.append(scope)
        return scope

    def unsupported(self, node: cst.CSTNode, store: bool) -> None:
        raise NotImplementedError(f"{type(node).__name__} (Python 3.12 syntax)")

    # -- names --------------------------------------------------------------------------

    def visit_Name(self, node: cst.Name, store: bool) -> None:
        if store and not self.in_string:
            self.scope.record_assignment(node.value, node)
        else:
            access = Access(node, self.scope, self.scope._count)
            self.deferred.append((access, self.attribute_stack[-1], self.string_annotation))
        self.leave(node)

    def visit_Attribute(self, node: cst.Attribute, store: bool) -> None:
        stack = self.attribute_stack
        if stack[-1] is None:
            stack[-1] = node
        self.visit(node.value)  # explicitly not the attribute's name
        if stack[-1] is node:
            stack[-1] = None
        self.leave(node)

    def _qualified(self, node: cst.CSTNode, wanted: tuple[str, ...]) -> set[str]:
        """Qualified names of ``node`` as libcst sees them mid-walk, when they could be ``wanted``."""
        name = full_name(node)
        if name is None:
            return set()
        if not self.typing_scopes and name.split(".", 1)[0] not in self.import_roots and name not in wanted:
            return set()  # neither imported nor spelt so: cannot be typing.*
        return {q.name for q in self.scope.get_qualified_names_for(node)}

    def visit_Call(self, node: cst.Call, store: bool) -> None:
        self.attribute_stack.append(None)
        self.type_hint_stack.append(False)
        names = self._qualified(node, _TYPING_CALLS)
        if "typing.NewType" in names or "typing.TypeVar" in names:
            self.visit(node.func)
            self.type_hint_stack[-1] = True
            for arg in node.args[1:]:
                self.visit(arg)
        elif "typing.cast" in names:
            self.visit(node.func)
            if node.args:
                self.type_hint_stack.append(True)
                self.visit(node.args[0])
                self.type_hint_stack.pop()
                for arg in node.args[1:]:
                    self.visit(arg)
        else:
            self.visit(node.func)
            for arg in node.args:
                self.visit(arg)
        self.attribute_stack.pop()
        self.type_hint_stack.pop()
        self.leave(node)

    def visit_Subscript(self, node: cst.Subscript, store: bool) -> None:
        hint = False
        if isinstance(node.value, cst.Name):
            names = self._qualified(node.value, ())
            if any(n.startswith(("typing.", "typing_extensions.")) for n in names):
                hint = True
            if "typing.Literal" in names or "typing_extensions.Literal" in names:
                self.ignored_subscripts.add(node)
        self.type_hint_stack.append(hint)
        self.visit_children(node)  # value and slice are read, even in a target
        self.type_hint_stack.pop()
        self.ignored_subscripts.discard(node)
        self.leave(node)

    def visit_Arg(self, node: cst.Arg, store: bool) -> None:
        self.visit(node.value)  # the keyword is neither an assignment nor an access
        self.leave(node)

    # -- expression contexts (libcst's ExpressionContextProvider) -----------------------

    def visit_Assign(self, node: cst.Assign, store: bool) -> None:
        for target in node.targets:
            self.visit(target, True)
        self.visit(node.value)
        self.leave(node)

    def visit_AnnAssign(self, node: cst.AnnAssign, store: bool) -> None:
        self.visit(node.target, True)
        self.visit(node.annotation)
        if node.value is not None:
            self.visit(node.value)
        self.leave(node)

    def visit_target_value(self, node: cst.AugAssign | cst.NamedExpr, store: bool) -> None:
        self.visit(node.target, True)
        if isinstance(node, cst.AugAssign):
            self.visit(node.operator)
        self.visit(node.value, store)
        self.leave(node)

    def visit_AsName(self, node: cst.AsName, store: bool) -> None:
        self.visit(node.name, True)
        self.leave(node)

    def visit_CompFor(self, node: cst.CompFor, store: bool) -> None:
        if node.asynchronous is not None:
            self.visit(node.asynchronous)
        self.visit(node.target, True)
        self.visit(node.iter)
        for condition in node.ifs:
            self.visit(condition)
        if node.inner_for_in is not None:
            self.visit(node.inner_for_in)
        self.leave(node)

    # -- bindings -----------------------------------------------------------------------

    def visit_For(self, node: cst.For, store: bool) -> None:
        self.visit(node.target, True)
        self.scope._count += 1
        for child in (node.iter, node.body, node.orelse, node.asynchronous):
            if child is not None:
                self.visit(child)
        self.leave(node)

    def visit_FunctionDef(self, node: cst.FunctionDef, store: bool) -> None:
        if node.name.value in ("typing", "typing_extensions"):
            self.typing_scopes = True
        outer = self.scope
        outer.record_assignment(node.name.value, node)
        self.scopes[node.name] = outer
        if node.type_parameters is not None:
            self.unsupported(node.type_parameters, False)
        self.scope = self.new_scope(FunctionScope, node, node.name.value)
        self.visit(node.params)
        self.visit(node.body)
        self.scope = outer
        for decorator in node.decorators:
            self.visit(decorator)
        if node.returns is not None:
            self.visit(node.returns)
        self.leave(node)

    def visit_Lambda(self, node: cst.Lambda, store: bool) -> None:
        outer = self.scope
        self.scope = self.new_scope(FunctionScope, node)
        self.visit(node.params)
        self.visit(node.body)
        self.scope = outer
        self.leave(node)

    def visit_Param(self, node: cst.Param, store: bool) -> None:
        scope = self.scope
        scope.record_assignment(node.name.value, node)
        self.scopes[node.name] = scope
        self.scope = scope.parent
        for child in (node.default, node.annotation):
            if child is not None:
                self.visit(child)
        self.scope = scope
        self.leave(node)

    def visit_ClassDef(self, node: cst.ClassDef, store: bool) -> None:
        if node.name.value in ("typing", "typing_extensions"):
            self.typing_scopes = True
        outer = self.scope
        outer.record_assignment(node.name.value, node)
        self.scopes[node.name] = outer
        for decorator in node.decorators:
            self.visit(decorator)
        if node.type_parameters is not None:
            self.unsupported(node.type_parameters, False)
        for base in node.bases:
            self.visit(base)
        for keyword in node.keywords:
            self.visit(keyword)
        self.scope = self.new_scope(ClassScope, node, node.name.value)
        for statement in node.body.body:
            self.visit(statement)
        self.scope = outer
        self.leave(node)

    def visit_Global(self, node: cst.Global, store: bool) -> None:
        for item in node.names:
            self.scope.record_global_overwrite(item.name.value)
        self.leave(node)

    def visit_Nonlocal(self, node: cst.Nonlocal, store: bool) -> None:
        for item in node.names:
            self.scope.record_nonlocal_overwrite(item.name.value)
        self.leave(node)

    def visit_Import(self, node: cst.Import | cst.ImportFrom, store: bool) -> None:
        names = node.names
        if not isinstance(names, cst.ImportStar):
            for alias in names:
                self.scopes[alias] = self.scope
                if alias.asname is not None:
                    as_node = alias.asname.name
                    assert isinstance(as_node, cst.Name)
                else:
                    as_node = alias.name
                for name, _ in _gen_dotted_names(as_node):  # type: ignore[arg-type]
                    self.import_roots.add(name.split(".", 1)[0])
                    self.scope.record_import_assignment(name, node, as_node)
        self.leave(node)

    def visit_comprehension(self, node: cst.ListComp | cst.SetComp | cst.DictComp | cst.GeneratorExp, store: bool) -> None:
        for_in = node.for_in
        self.visit(for_in.iter)  # the first iterable is evaluated outside
        outer = self.scope
        self.scopes[for_in] = outer
        self.scope = scope = self.new_scope(ComprehensionScope, node)
        self.visit(for_in.target, True)
        scope._count += 1
        for condition in for_in.ifs:
            self.visit(condition)
        if for_in.inner_for_in is not None:
            self.visit(for_in.inner_for_in)
        if isinstance(node, cst.DictComp):
            self.visit(node.key)
            self.visit(node.value)
        else:
            self.visit(node.elt)
        self.scope = outer
        self.leave(node)

    # -- annotations --------------------------------------------------------------------

    def visit_Annotation(self, node: cst.Annotation, store: bool) -> None:
        self.annotation_stack.append(True)
        self.visit(node.annotation)
        self.annotation_stack.pop()
        self.leave(node)

    def visit_SimpleString(self, node: cst.SimpleString, store: bool) -> None:
        self._string_annotation(node)
        self.leave(node)

    def visit_ConcatenatedString(self, node: cst.ConcatenatedString, store: bool) -> None:
        if not self._string_annotation(node):
            self.visit_children(node)
        self.leave(node)

    def _string_annotation(self, node: cst.SimpleString | cst.ConcatenatedString) -> bool:
        """A string in an annotation or type hint is parsed, and its names are accesses."""
        if not (self.type_hint_stack[-1] or self.annotation_stack[-1]) or self.ignored_subscripts:
            return False
        value = node.evaluated_value
        if not value:
            return False
        top = self.string_annotation is None
        if top:
            self.string_annotation = node
        try:
            module = cst.parse_module(value)
        except cst.ParserSyntaxError:
            module = None
        if module is not None:
            self.in_string += 1
            self.visit(module)
            self.in_string -= 1
        if top:
            self.string_annotation = None
        return True

    # -- after the walk (libcst's infer_accesses) ---------------------------------------

    def infer_accesses(self) -> None:
        groups: dict[tuple[Scope, str], _Group] = {}
        for access, attribute, string in self.deferred:
            node = access.node
            assert isinstance(node, cst.Name)
            name = node.value
            if attribute is not None:
                for dotted, dotted_node in _gen_dotted_names(attribute):
                    if dotted in access.scope:
                        access.node = dotted_node
                        name = dotted
                        break
            if string is not None:
                access.node = string
            access.name = name
            scope = access.scope
            group = groups.get((scope, name))
            if group is None:
                group = groups[(scope, name)] = _Group(scope)
            group.accesses.append(access)
            scope._accesses_by_name.setdefault(name, []).append(access)
            scope._accesses_by_node.setdefault(access.node, []).append(access)
        for (scope, name), group in groups.items():
            assignments = scope._resolve(name, scope)
            for assignment in assignments:
                assignment._groups.append(group)
            if assignments and assignments[0].scope is scope and scope.parent is not scope:
                # Reads before the scope's last assignment of the name that no assignment
                # of this scope precedes also see the enclosing scopes' (libcst's
                # record_accesses hands them to the parent's assignments).
                threshold = assignments[-1]._index
                if any(a._index <= threshold for a in group.accesses):
                    for outer in scope.parent[name]:
                        outer._earlier.append((group, threshold))
        self.deferred = []


def analyze(module: cst.Module) -> Analysis:
    """libcst's ``ScopeProvider`` for ``module``: the scope of every node it visits."""
    walker = _ScopeWalker()
    walker.visit(module)
    walker.infer_accesses()
    return Analysis(walker.scopes, walker.all_scopes)


# -- positions ---------------------------------------------------------------------------

_STATEMENTS = (cst.SimpleStatementLine, cst.BaseCompoundStatement)
_STUB_BODY = cst.IndentedBlock([cst.SimpleStatementLine([cst.Pass()])])
_STUBBABLE = (cst.FunctionDef, cst.ClassDef, cst.For, cst.While, cst.If, cst.With)


class _Recorder:
    """Stands in for libcst's position provider while one statement is generated."""

    def __init__(self) -> None:
        self._computed: dict[cst.CSTNode, Any] = {}


class Positions:
    """libcst's ``PositionProvider`` start of any node, one statement at a time.

    A statement's own line comes from CPython's ``ast`` (statements there and in libcst
    correspond one to one in source order, a ``;``-separated line counting once per
    statement); the node's line and column within it from generating that statement's
    code alone, indented as in the module. Compound statements are generated with a
    one-line body, which cannot move anything before the body.
    """

    def __init__(self, module: cst.Module, text: str | None, idx: Index) -> None:
        self.module = module
        self.text = text if text is not None else module.code
        self.index = idx
        self._lines: dict[cst.CSTNode, int] | None = None
        self._done: dict[cst.CSTNode, tuple[int, int]] = {module: (1, 0)}
        self._fallback: Any = None

    def start(self, node: cst.CSTNode) -> tuple[int, int]:
        """1-based line, 0-based column, as ``PositionProvider`` gives them."""
        found = self._done.get(node)
        if found is not None:
            return found
        parents = self.index.parents
        statement: cst.CSTNode | None = node
        child = None  # the statement's child on the way down to the node
        while statement is not None and not isinstance(statement, _STATEMENTS):
            child = statement
            statement = parents.get(statement)
        lines = self._statement_lines()
        if statement is None or lines is None or statement not in lines:
            return self._slow(node)
        header_only = child is None or (child is not getattr(statement, "body", None) and child is not getattr(statement, "orelse", None))
        self._generate(statement, lines[statement], header_only)
        found = self._done.get(node)
        return found if found is not None else self._slow(node)

    def _statement_lines(self) -> dict[cst.CSTNode, int] | None:
        """Line of every libcst statement, from ``ast``; ``None`` if they do not correspond."""
        if self._lines is None:
            if self.text.count("\r") != self.text.count("\r\n"):
                self._lines = {}  # lone carriage returns: leave line counting to libcst
                return None
            try:
                tree = ast.parse(self.text)
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                self._lines = {}
                return None
            starts = _statement_starts(tree.body, [])
            lines: dict[cst.CSTNode, int] = {}
            ordinal = 0
            for node in self.index.nodes:
                if isinstance(node, (cst.SimpleStatementLine, cst.SimpleStatementSuite)):
                    if ordinal < len(starts) and isinstance(node, cst.SimpleStatementLine):
                        lines[node] = starts[ordinal][0]
                    ordinal += len(node.body)
                elif isinstance(node, cst.BaseCompoundStatement):
                    if ordinal < len(starts):
                        lines[node] = starts[ordinal][0]
                    ordinal += 1
            self._lines = lines if ordinal == len(starts) else {}
        return self._lines or None

    def _generate(self, statement: cst.CSTNode, line: int, header_only: bool) -> None:
        parents = self.index.parents
        indents = []
        parent = parents.get(statement)
        while parent is not None:
            if isinstance(parent, cst.IndentedBlock):
                indents.append(self.module.default_indent if parent.indent is None else parent.indent)
            parent = parents.get(parent)
        recorder = _Recorder()
        state = _position_state(self.module, recorder, indents[::-1])
        target = statement
        if header_only and isinstance(statement, _STUBBABLE):
            body = statement.body  # type: ignore[attr-defined]
            if not (isinstance(body, cst.IndentedBlock) and len(body.body) <= 1):
                # Nothing after the header moves it: generate it with a one-line body.
                changes: dict[str, Any] = {"body": _STUB_BODY}
                if getattr(statement, "orelse", None) is not None:
                    changes["orelse"] = None
                target = statement.with_changes(**changes)
        container = parents.get(statement)
        if isinstance(statement, cst.If) and isinstance(container, cst.If) and container.orelse is statement:
            target._codegen(state, is_elif=True)
        else:
            target._codegen(state)
        computed = recorder._computed
        own = computed[target].start
        shift = line - own.line
        done = self._done
        for node, where in computed.items():
            done.setdefault(node, (where.start.line + shift, where.start.column))
        done[statement] = (line, own.column)

    def _slow(self, node: cst.CSTNode) -> tuple[int, int]:
        if self._fallback is None:
            from libcst.metadata import MetadataWrapper, PositionProvider

            self._fallback = MetadataWrapper(self.module, unsafe_skip_copy=True).resolve(PositionProvider)
        start = self._fallback[node].start
        return start.line, start.column


def _statement_starts(body: list[ast.stmt], found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(line, column) of every statement under ``body``, in source order (pre-order)."""
    for statement in body:
        found.append((statement.lineno, statement.col_offset))
        for field in ("body", "handlers", "orelse", "finalbody", "cases"):
            for child in getattr(statement, field, ()):
                if isinstance(child, ast.stmt):
                    _statement_starts([child], found)
                else:  # an except handler or a match case: its body
                    _statement_starts(child.body, found)
    return found


def _position_state(module: cst.Module, recorder: _Recorder, indents: list[str]) -> CodegenState:
    from libcst.metadata.position_provider import PositionProvidingCodegenState

    return PositionProvidingCodegenState(  # type: ignore[call-arg]
        default_indent=module.default_indent, default_newline=module.default_newline, provider=recorder, indent_tokens=indents
    )
