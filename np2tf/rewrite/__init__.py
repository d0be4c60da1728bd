"""Apply rules: rewrite NumPy call sites, methods and in-place writes into TensorFlow code.

Each rewrite is a function registered for one libcst node type with :func:`register`,
in the style of pyupgrade's ``_plugins``: it receives the :class:`RewriteContext`, the
original node (for metadata questions) and the updated node (children already
rewritten), and returns a replacement node or ``None`` to leave the node alone. Modules
in this package and in ``custom/`` are discovered by walking the package, so adding a
rewrite is adding a file.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable, TypeVar

import libcst as cst

from np2tf.diagnostics import Diagnostic
from np2tf.options import Options
from np2tf.resolve import Resolver
from np2tf.ruleset import TARGET_MODULES, Rule, RuleSet, alias_for

N = TypeVar("N", bound=cst.CSTNode)
Callback = Callable[["RewriteContext", cst.CSTNode, cst.CSTNode], "cst.CSTNode | cst.RemovalSentinel | None"]
_CALLBACKS: dict[type[cst.CSTNode], list[Callback]] = defaultdict(list)
_PLANNERS: list[tuple[int, Callable[["RewriteContext"], None]]] = []
CUSTOM: dict[str, Callable[..., cst.BaseExpression | None]] = {}


def register(node_type: type[N]) -> Callable[[Callback], Callback]:
    """Register a rewrite called on ``leave_<node_type>``."""

    def decorator(func: Callback) -> Callback:
        _CALLBACKS[node_type].append(func)
        return func

    return decorator


def planner(order: int) -> Callable[[Callable[["RewriteContext"], None]], Callable[["RewriteContext"], None]]:
    """Register a pass over the original module that runs before any rewrite.

    Planners run by ascending ``order``: references (0) before mutations (10), which may
    undo a reference's replacement to keep an array in NumPy.
    """

    def decorator(func: Callable[["RewriteContext"], None]) -> Callable[["RewriteContext"], None]:
        _PLANNERS.append((order, func))
        return func

    return decorator


def named_rewrite(name: str) -> Callable[[Callable[..., cst.BaseExpression | None]], Callable[..., cst.BaseExpression | None]]:
    """Register a named rewrite that rule rows point at with ``custom = "<name>"``."""

    def decorator(func: Callable[..., cst.BaseExpression | None]) -> Callable[..., cst.BaseExpression | None]:
        CUSTOM[name] = func
        return func

    return decorator


@dataclass
class RewriteContext:
    """What every rewrite can see and do for one module."""

    path: str
    resolver: Resolver
    rules: RuleSet
    options: Options
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # original node -> replacement, decided by planners before the transform runs.
    replacements: dict[cst.CSTNode, cst.BaseExpression] = field(default_factory=dict)
    tie_orders_reported: set[cst.CSTNode] = field(default_factory=set)  # `x.argsort` sites given N2T106
    # original Call node -> keyword renames to apply to its arguments.
    keyword_renames: dict[cst.CSTNode, dict[str, str]] = field(default_factory=dict)
    # original Call node -> (rule, name of the custom rewrite that handles it).
    custom_calls: dict[cst.CSTNode, tuple[Rule, str]] = field(default_factory=dict)
    # original statement -> its planned in-place mutation (see rewrite/mutation.py).
    mutations: dict[cst.CSTNode, Any] = field(default_factory=dict)
    # FunctionDef/Return nodes -> parameters the function now returns (rewrite/parameters.py).
    returned_parameters: dict[cst.CSTNode, list[str]] = field(default_factory=dict)
    # statements writing into a parameter that the function now returns.
    parameter_writes: set[cst.CSTNode] = field(default_factory=set)
    # original statement -> name to bind the statement's value to (`x = f(x)`).
    statement_rebinds: dict[cst.CSTNode, str] = field(default_factory=dict)
    # original small statement -> lines that carry its write to views and aliases (rewrite/views.py).
    write_backs: dict[cst.CSTNode, list[cst.SimpleStatementLine]] = field(default_factory=dict)
    modules_used: set[str] = field(default_factory=set)
    # name of a method's module-level copy -> its insert.methods.Lifted (insert/methods.py).
    lifted: dict[str, Any] = field(default_factory=dict)
    # the user's nodes an inserter replaced (insert/element_loops.py): not paired with the output.
    unpaired: set[cst.CSTNode] = field(default_factory=set)
    # (class, method) -> why the method has no module-level copy (insert/methods.py).
    not_lifted: dict[tuple[str, str], str] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    _reported: set[tuple[int, int, str]] = field(default_factory=set)

    def report(self, node: cst.CSTNode, code: str, message: str, help: str = "") -> None:
        """Record a diagnostic at ``node`` (an original node); once per place and code."""
        line, col = self.resolver.position(node)
        if (line, col, code) in self._reported:
            return
        self._reported.add((line, col, code))
        self.diagnostics.append(Diagnostic(self.path, line, col, code, message, help))

    def alias(self, module: str) -> str:
        """The name converted code binds ``module`` to, avoiding names the user took."""
        return self.aliases[module]

    def target(self, dotted: str) -> cst.BaseExpression:
        """An expression for a rule target such as ``tf.experimental.numpy.sum``.

        Schedules the import of the target's module.
        """
        module, alias, rest = alias_for(dotted)
        self.modules_used.add(module)
        # Built directly: cst.parse_expression here was ~5% of a conversion on large files.
        expression: cst.BaseExpression = cst.Name(self.alias(module))
        for part in filter(None, rest.split(".")):
            expression = cst.Attribute(value=expression, attr=cst.Name(part))
        return expression

    def runtime(self, name: str) -> cst.BaseExpression:
        """An expression for ``np2tf.runtime.<name>``."""
        return self.target(f"np2tf.runtime.{name}")


def choose_aliases(resolver: Resolver) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Pick the alias for each target module, avoiding names bound to anything else.

    Returns the aliases and the ``(wanted, chosen)`` pairs that had to change.
    """
    bound: dict[str, set[str | None]] = defaultdict(set)
    for scope in resolver.all_scopes:
        for assignment in scope.assignments:
            node = getattr(assignment, "node", None)
            source = None  # what the name is bound to, when it is an import
            if isinstance(node, (cst.Import, cst.ImportFrom)) and not isinstance(node.names, cst.ImportStar):
                for alias in node.names:
                    if (alias.evaluated_alias or alias.evaluated_name) == assignment.name:
                        source = alias.evaluated_name if isinstance(node, cst.Import) else None
            bound[assignment.name].add(source)
    aliases: dict[str, str] = {}
    changed: list[tuple[str, str]] = []
    for module, alias in TARGET_MODULES.values():
        candidate = alias
        while bound.get(candidate, {module}) - {module}:
            candidate += "_"
        aliases[module] = candidate
        if candidate != alias:
            changed.append((alias, candidate))
    return aliases, changed


class Rewriter(cst.CSTTransformer):
    """Dispatches ``leave_*`` to the registered rewrites, first answer wins.

    Subtrees that hold nothing a rewrite could act on are not entered at all: on large
    modules that use NumPy sparsely this skips most of the tree.
    """

    def __init__(self, context: RewriteContext) -> None:
        super().__init__()
        self.context = context
        self.hot = _hot_nodes(context)

    def on_visit(self, node: cst.CSTNode) -> bool:
        if id(node) not in self.hot:
            return False
        return super().on_visit(node)

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode) -> cst.CSTNode | cst.RemovalSentinel:  # type: ignore[override]
        replacement = self.context.replacements.get(original_node)
        if replacement is not None:
            return replacement
        for callback in _CALLBACKS.get(type(original_node), ()):
            result = callback(self.context, original_node, updated_node)
            if result is not None:
                return result
        return updated_node

    def visit_Import(self, node: cst.Import) -> bool:
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        return False


def _hot_nodes(context: RewriteContext) -> set[int]:
    """Ids of the nodes a rewrite may act on, and of all their ancestors."""
    resolver = context.resolver
    methods = {name for name, rule in context.rules.methods.items() if not rule.native}
    seeds: list[cst.CSTNode] = [
        *context.replacements,
        *context.custom_calls,
        *context.keyword_renames,
        *context.mutations,
        *context.returned_parameters,
        *context.statement_rebinds,
        *context.write_backs,
    ]
    for node in resolver.nodes:
        if node.__class__ is cst.Attribute and node.attr.value in methods:  # type: ignore[attr-defined]
            seeds.append(resolver.parents.get(node, node))
    hot: set[int] = {id(resolver.module)}
    for node in seeds:
        current: cst.CSTNode | None = node
        while current is not None and id(current) not in hot:
            hot.add(id(current))
            current = resolver.parents.get(current)
    return hot


def load_plugins() -> None:
    """Import every rewrite module so its ``@register`` calls run."""
    for package_name in (__name__, f"{__name__}.custom"):
        package = importlib.import_module(package_name)
        for info in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package_name}.{info.name}")


def rewrite(context: RewriteContext) -> cst.Module:
    """Run the planners, then the transform, over the resolver's module."""
    load_plugins()
    for _, plan in sorted(_PLANNERS, key=lambda item: item[0]):
        plan(context)
    return context.resolver.module.visit(Rewriter(context))
