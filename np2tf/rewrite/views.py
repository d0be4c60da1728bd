"""Writes through NumPy views and aliases: write the change back to every name that shares it.

What it does:
    ``b = a``, ``row = M[1]``, ``col = M[:, 2]``, ``t = a.T``, ``flat = b.ravel()``,
    ``r = v.reshape(3, 4)`` and ``w = a.view()`` share memory with their base in NumPy, so
    a write through one name is seen through the others. Tensors are immutable: the write
    rebinds one name (``row = ...``), and this module plans the statements that follow it
    and carry the change to the other names that are still read afterwards::

        M = np.zeros((3, 4))                  M = tnp.zeros((3, 4))
        row = M[1]                            row = M[1]
        col = M[:, 2]                  ->     col = M[:, 2]
        row += 5                              row += 5
                                              M = n2t.setitem(M, n2t.s_[1], row)
                                              col = M[:, 2]

    Up the chain of views the base takes the view's new value
    (``n2t.setitem(base, n2t.s_[idx], view)``, ``tnp.transpose(view)``,
    ``n2t.reshape_as(view, base)``, ``base = view``); down from the base, every other view
    that is still read is taken again (``col = M[:, 2]``).

NumPy vs TensorFlow:
    This is NumPy's result only when np2tf can see every name that shares the memory and
    how: the views are plain assignments in the same scope as the write, each the one
    binding of its name that reaches the write (straight-line code, or the same loop
    body), their index expressions read names that are not rebound in between, and none
    of the names escapes (a container, an attribute, an unknown function). ``reshape`` and
    ``ravel`` are views only of contiguous arrays, so they count only for arrays np2tf
    knows to be C-contiguous. Anything else leaves the write unchanged with N2T200,
    naming the alias.

Example:
    ``b = a; b[0] = 99`` -> ``b = n2t.setitem(b, n2t.s_[0], 99); a = b``.

Fidelity:
    shim. Copies (``a.copy()``, ``np.array(a)``, ``a[[1, 2]]``, ``a[a > 0]``, arithmetic)
    are not views and never write back.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import libcst as cst

from np2tf.resolve import Resolver, _as_numpy_name
from np2tf.rewrite import RewriteContext, register
from np2tf.rewrite.aliasing import (
    _ancestors, _dominates, _escape, _statement, array_rank, index_kind, int_like, rebind_blocker, view_base,
)
from np2tf.ruleset import alias_for
from np2tf.scope import Assignment

_EMPTY = cst.Module([])


def _code(node: cst.CSTNode) -> str:
    return _EMPTY.code_for_node(node)


@dataclass(eq=False)
class Edge:
    """``view = <a view of base>`` on a line of its own; ``form`` empty when np2tf cannot
    write back through it (``why`` says why)."""

    line: cst.SimpleStatementLine
    view: cst.Name
    base: cst.Name
    form: str  # "alias", "index", "transpose", "reshape" or ""
    index: tuple[cst.SubscriptElement, ...] = ()
    reads: tuple[str, ...] = ()  # names the index reads
    why: str = ""

    def describe(self, resolver: Resolver) -> str:
        assign = self.line.body[0]
        return f"`{self.view.value} = {_code(assign.value)}` (line {resolver.position(self.line)[0]})"  # type: ignore[attr-defined]


@dataclass
class ViewPlan:
    """What follows a write: ``(edge, "up" | "down")`` in order."""

    root: str
    steps: list[tuple[Edge, str]] = field(default_factory=list)


# -- which assignments are views ---------------------------------------------------------

_C_CREATION = {
    "zeros", "ones", "empty", "full", "arange", "linspace", "logspace", "geomspace", "eye", "identity",
    "tri", "outer", "concatenate", "stack", "vstack", "hstack", "meshgrid", "tile", "repeat",
}  # fmt: skip


def c_contiguous(resolver: Resolver, expr: cst.CSTNode, depth: int = 0) -> bool:
    """Whether ``expr`` is certainly a C-contiguous array (so ``reshape``/``ravel`` of it is a view)."""
    if depth > 8:
        return False
    if isinstance(expr, cst.Name):
        values = []
        for assignment in resolver.referents(expr):
            if isinstance(resolver.parents.get(getattr(assignment, "node", None)), cst.AugAssign):
                continue  # in place: the layout stays
            known, value = resolver.assigned_value(assignment)
            if not known or value is None or isinstance(value, cst.Param):
                return False
            values.append(value)
        return bool(values) and all(c_contiguous(resolver, v, depth + 1) for v in values)
    if isinstance(expr, cst.BinaryOperation):
        return all(isinstance(side, (cst.Integer, cst.Float)) or c_contiguous(resolver, side, depth + 1) for side in (expr.left, expr.right))
    if isinstance(expr, cst.UnaryOperation):
        return c_contiguous(resolver, expr.expression, depth + 1)
    if not isinstance(expr, cst.Call) or any(a.star or (a.keyword is not None and a.keyword.value == "order") for a in expr.args):
        return False
    func = expr.func
    name = resolver.qualified_name(func) if isinstance(func, (cst.Name, cst.Attribute)) else None
    if name is not None:
        short = _as_numpy_name(name)
        if not short.startswith("numpy."):
            return False
        short = short[len("numpy."):]
        first = expr.args[0].value if expr.args else None
        if short in _C_CREATION or short.startswith("random."):
            return True
        if short in ("array", "asarray", "copy") and first is not None:
            return isinstance(first, (cst.List, cst.ListComp, cst.Tuple)) or c_contiguous(resolver, first, depth + 1)
        if short in ("setitem", "reshape_as"):  # converted code: np2tf's own writes
            return first is not None and c_contiguous(resolver, first, depth + 1)
        return False
    if isinstance(func, cst.Attribute):
        method = func.attr.value
        if method == "copy" and not expr.args:
            return True  # ndarray.copy() is order 'C'
        if method in ("reshape", "ravel", "astype"):
            return c_contiguous(resolver, func.value, depth + 1)
    return False


def _pure_index(resolver: Resolver, elements: tuple[cst.SubscriptElement, ...]) -> tuple[str, ...] | None:
    """The names an index reads, when evaluating it again gives the same index (no calls
    but ``len``, no NumPy names); else ``None``."""
    names: list[str] = []
    for element in elements:
        for node in resolver.descendants(element):
            if isinstance(node, (cst.Lambda, cst.NamedExpr, cst.Await, cst.Yield)):
                return None
            if isinstance(node, cst.Call) and not int_like(resolver, node):
                return None
            if isinstance(node, (cst.Name, cst.Attribute)) and resolver.numpy_name(node):
                return None
            parent = resolver.parents.get(node)
            if isinstance(node, cst.Name) and not (isinstance(parent, cst.Attribute) and parent.attr is node):
                if node.value not in ("None", "True", "False"):
                    names.append(node.value)
    return tuple(names)


def edge_of(resolver: Resolver, line: cst.CSTNode) -> Edge | None:
    """The view a line ``v = <expr>`` binds, when ``<expr>`` is a NumPy view (or alias) of a name."""
    if not (isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1 and isinstance(line.body[0], cst.Assign)):
        return None
    assign = line.body[0]
    if len(assign.targets) != 1 or not isinstance(assign.targets[0].target, cst.Name):
        return None
    view, value = assign.targets[0].target, assign.value
    if isinstance(value, cst.Call) and any(isinstance(a.value, cst.Name) and a.value.value == view.value for a in value.args[:1]) \
            or (isinstance(value, (cst.Subscript, cst.Attribute)) and isinstance(value.value, cst.Name) and value.value.value == view.value) \
            or (isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and isinstance(value.func.value, cst.Name) and value.func.value.value == view.value):
        return None  # `x = np.asarray(x)`, `x = x[1:]`: the name no longer holds the old array
    if isinstance(value, cst.Name):
        return Edge(line, view, value, "alias") if value.value not in ("None", "True", "False") else None
    if isinstance(value, cst.Subscript):
        if not isinstance(value.value, cst.Name):
            return None
        kind = index_kind(resolver, value)
        if kind == "copy":
            return None
        if kind == "unknown":
            return Edge(line, view, value.value, "", why=f"a view of `{value.value.value}` when it has more dimensions than the index has integers, a copy otherwise, and np2tf cannot tell which")
        reads = _pure_index(resolver, tuple(value.slice))
        if reads is None:
            return Edge(line, view, value.value, "", why=f"a view of `{value.value.value}` whose index np2tf cannot evaluate again")
        return Edge(line, view, value.value, "index", tuple(value.slice), reads)
    returned = _returned_argument(resolver, value)
    if returned is not None:
        return Edge(line, view, returned, "alias") if isinstance(returned, cst.Name) else None
    base = view_base(resolver, value)
    if not isinstance(base, cst.Name):
        return None
    method = value.func.attr.value if isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and resolver.qualified_name(value.func) is None else None
    function = _as_numpy_name(resolver.qualified_name(value.func) or "") if isinstance(value, cst.Call) and method is None else None
    args = value.args if isinstance(value, cst.Call) else ()
    if method == "view" and not args:
        return Edge(line, view, base, "alias")
    if function in ("numpy.asarray", "numpy.asanyarray") and len(args) == 1:
        return Edge(line, view, base, "alias")
    if (isinstance(value, cst.Attribute) and value.attr.value == "T") or (method == "transpose" and not args) or (function == "numpy.transpose" and len(args) == 1):
        return Edge(line, view, base, "transpose")
    if method in ("reshape", "ravel") or function in ("numpy.reshape", "numpy.ravel"):
        if any(a.keyword is not None and a.keyword.value == "order" for a in args):
            return Edge(line, view, base, "", why=f"a reshape of `{base.value}` in another memory order")
        if c_contiguous(resolver, base):
            return Edge(line, view, base, "reshape")
        return Edge(line, view, base, "", why=f"a view of `{base.value}` when it is contiguous in memory and a copy otherwise, and np2tf cannot tell which")
    return Edge(line, view, base, "", why=f"a NumPy view of `{base.value}` np2tf cannot write back through")


def _returned_argument(resolver: Resolver, value: cst.CSTNode) -> cst.BaseExpression | None:
    """``x`` for ``f(x, ...)`` when the module function ``f`` returns its parameter itself
    on every path (``def add_noise(a, s): a += s; return a``): the result *is* ``x``."""
    if not (isinstance(value, cst.Call) and isinstance(value.func, cst.Name)) or any(a.star for a in value.args):
        return None
    function = resolver._module_function(value.func)
    returns = resolver._own_returns(function) if function is not None else []
    names = {r.value.value if isinstance(r.value, cst.Name) else None for r in returns}
    if len(names) != 1 or None in names:
        return None
    param = names.pop()
    params = [p.name.value for p in function.params.params]  # type: ignore[union-attr]
    scope = resolver.scopes.get(returns[0].value)  # type: ignore[arg-type]
    if param not in params or scope is None:
        return None
    if any(not isinstance(getattr(a, "node", None), cst.Param) and not isinstance(resolver.parents.get(getattr(a, "node", None)), cst.AugAssign)
           for a in scope.assignments[param]):  # type: ignore[attr-defined]
        return None  # rebound inside: the result may be another array
    for i, arg in enumerate(value.args):
        if (arg.keyword is not None and arg.keyword.value == param) or (arg.keyword is None and i == params.index(param)):
            return arg.value
    return None


# -- flow over structured code -----------------------------------------------------------


class _Flow:
    """Bindings, reads and views of one scope, with the structured-code questions the plan asks."""

    def __init__(self, resolver: Resolver, scope: object) -> None:
        self.resolver = resolver
        self.scope = scope
        self.edges: list[Edge] = []
        seen: set[int] = set()
        for assignment in scope.assignments:  # type: ignore[attr-defined]
            node = getattr(assignment, "node", None)
            assign = resolver.parents.get(resolver.parents.get(node)) if isinstance(node, cst.Name) else None
            line = resolver.parents.get(assign) if isinstance(assign, cst.Assign) else None
            if line is not None and id(line) not in seen:
                seen.add(id(line))
                edge = edge_of(resolver, line)
                if edge is not None:
                    self.edges.append(edge)
        self.by_view = {id(e.view): e for e in self.edges}
        self.by_base: dict[str, list[Edge]] = defaultdict(list)
        for edge in self.edges:
            self.by_base[edge.base.value].append(edge)

    def pos(self, node: cst.CSTNode) -> tuple[int, int]:
        return self.resolver.position(node)

    def plain(self, name: str) -> list[Assignment]:
        """Bindings of ``name`` that may make it another object (not ``name op= v``)."""
        return [a for a in self.scope.assignments[name]  # type: ignore[attr-defined]
                if not isinstance(self.resolver.parents.get(getattr(a, "node", None)), cst.AugAssign)]

    def site(self, assignment: object) -> tuple[cst.CSTNode | None, tuple[int, int]]:
        """The block a binding is made in (for dominance) and its position."""
        node = getattr(assignment, "node", None)
        if isinstance(node, cst.Param):
            return None, (0, 0)
        parent = self.resolver.parents.get(node)
        if isinstance(parent, (cst.For, cst.CompFor)) and parent.target is node:
            return getattr(parent, "body", None), self.pos(node)
        statement = _statement(self.resolver, node)
        if isinstance(statement, cst.SimpleStatementLine):
            return self.resolver.parents.get(statement), self.pos(statement)
        return None, self.pos(node)

    def loops(self, node: cst.CSTNode) -> list[cst.CSTNode]:
        found = []
        for ancestor in _ancestors(self.resolver, node):
            if ancestor is self.scope.node:  # type: ignore[attr-defined]
                break
            if isinstance(ancestor, (cst.For, cst.While)):
                found.append(ancestor)
        return found

    def rebound_between(self, name: str, first: cst.CSTNode, write: cst.CSTNode) -> bool:
        """A binding of ``name`` may run after ``first`` and before ``write``."""
        start, end = self.pos(first), self.pos(write)
        outer = [loop for loop in self.loops(write) if loop not in _ancestors(self.resolver, first)]
        for assignment in self.plain(name):
            node = getattr(assignment, "node", None)
            if isinstance(node, cst.Param):
                continue
            if start < self.pos(node) < end or any(loop in _ancestors(self.resolver, node) for loop in outer):
                return True
        return False

    def dominating_rebind(self, name: str, first: cst.CSTNode, write: cst.CSTNode) -> bool:
        """A binding of ``name`` runs on every path from ``first`` to ``write``: after
        ``first`` in the code, or, when ``first`` follows ``write`` in a loop around both,
        at the start of the loop's next pass (``new = np.zeros(k)`` before ``new[j] = v``
        rebinds what ``centroids = new`` at the end of the last pass held)."""
        write_ancestors = _ancestors(self.resolver, write)
        loop = None
        if self.pos(first) > self.pos(write):
            first_ancestors = _ancestors(self.resolver, first)
            loop = next((l for l in self.loops(write) if l in first_ancestors), None)
        for assignment in self.plain(name):
            block, position = self.site(assignment)
            if block is None or block not in write_ancestors or position >= self.pos(write):
                continue
            if self.pos(first) < position:
                return True
            if loop is not None and loop in [block, *_ancestors(self.resolver, block)]:
                return True
        return False

    def current(self, edge: Edge, write: cst.CSTNode) -> bool:
        """``edge`` ran last for its view and nothing it reads changed before ``write``."""
        return _dominates(self.resolver, edge.line, write) and not any(
            self.rebound_between(n, edge.line, write) for n in (edge.view.value, edge.base.value, *edge.reads)
        )

    def reaching_edge(self, name: str, write: cst.CSTNode) -> Edge | None | str:
        """The view binding of ``name`` that reaches ``write``; ``None`` when the one that
        does is not a view; a string when np2tf cannot tell which one does."""
        before = [a for a in self.plain(name) if self.site(a)[1] < self.pos(write)]
        if not before:
            return "unbound"
        last = max(before, key=lambda a: self.site(a)[1])
        edge = self.by_view.get(id(getattr(last, "node", None)))
        others = [a for a in self.scope.assignments[name] if id(getattr(a, "node", None)) in self.by_view and a is not last]  # type: ignore[attr-defined]
        if edge is None:
            if not others:
                return None
            # an earlier binding is a view: it matters only if it can still reach the write
            block, _ = self.site(last)
            if block is not None and block in _ancestors(self.resolver, write) and not self.rebound_between(name, last.node, write):  # type: ignore[attr-defined]
                return None
            return "ambiguous"
        if not self.current(edge, write):
            return "stale"
        return edge

    def reads(self, name: str) -> list[tuple[cst.CSTNode, object]]:
        found = []
        for assignment in self.scope.assignments[name]:  # type: ignore[attr-defined]
            for access in getattr(assignment, "references", ()):
                found.append((access.node, access.scope))
        return found

    def live_after(self, name: str, write: cst.CSTNode) -> bool:
        """Whether a read of ``name`` may run after ``write`` and see the value it had there."""
        resolver = self.resolver
        write_line = _statement(resolver, write)
        write_loops = self.loops(write)
        seen: set[int] = set()
        for node, scope in self.reads(name):
            if id(node) in seen:
                continue
            seen.add(id(node))
            if scope is not self.scope and not isinstance(getattr(scope, "node", None), (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)):
                return True  # a closure may run at any time
            if _statement(resolver, node) is write_line:
                continue
            if self.pos(node) > self.pos(write):
                if not self._killed(name, write, node):
                    return True
            else:
                common = [loop for loop in write_loops if loop in _ancestors(resolver, node)]
                if common and not self._killed_in_loop(name, common[0], node):
                    return True
        return False

    def _killed(self, name: str, write: cst.CSTNode, read: cst.CSTNode) -> bool:
        ancestors = _ancestors(self.resolver, read)
        for assignment in self.plain(name):
            block, position = self.site(assignment)
            if block is not None and self.pos(write) < position < self.pos(read) and block in ancestors:
                return True
        return False

    def _killed_in_loop(self, name: str, loop: cst.CSTNode, read: cst.CSTNode) -> bool:
        ancestors = _ancestors(self.resolver, read)
        for assignment in self.plain(name):
            block, position = self.site(assignment)
            if block is not None and position < self.pos(read) and block in ancestors and loop in [block, *_ancestors(self.resolver, block)]:
                return True
        return False


def _flow(context: RewriteContext, scope: object) -> _Flow:
    cache = context.__dict__.setdefault("_view_flows", {})
    flow = cache.get(id(scope))
    if flow is None:
        flow = cache[id(scope)] = _Flow(context.resolver, scope)
    return flow


# -- planning ------------------------------------------------------------------------------


def plan_view_write(context: RewriteContext, name: cst.Name, write: cst.CSTNode) -> ViewPlan | str | None:
    """Plan the write-backs after ``write`` (a statement writing into the array ``name``).

    Returns ``None`` when no view or alias of ``name`` is involved (the plain rebinding
    question of ``aliasing.rebind_blocker`` decides), a :class:`ViewPlan` when every
    name sharing the array can be updated after the write, or the reason it cannot.
    """
    resolver = context.resolver
    scope = resolver.scopes.get(name)
    if scope is None or not hasattr(scope, "assignments"):
        return None
    flow = _flow(context, scope)
    line = _statement(resolver, write)
    # Up: the chain of views from the written name to the array that owns the memory.
    path, path_edges = [name.value], []
    while True:
        found = flow.reaching_edge(path[-1], write)
        if found is None or found == "unbound":
            break
        if isinstance(found, str):
            if not path_edges and not flow.by_base.get(name.value):
                return None
            views = [e for e in flow.edges if e.view.value == path[-1]]
            return f"`{path[-1]}` may be {views[0].why or 'a view of `' + views[0].base.value + '`'} ({views[0].describe(resolver)}), and np2tf cannot tell whether it still is at the write" if views else None
        if not found.form:
            return f"`{path[-1]}` is {found.why} ({found.describe(resolver)})"
        if found.base.value in path or len(path) > 8:
            return f"`{path[-1]}` is a view in a cycle of aliases"
        path_edges.append(found)
        path.append(found.base.value)
    root = path[-1]
    # Down: every view of a name in the family, which must be current (or dead) at the write.
    children: dict[str, list[Edge]] = defaultdict(list)
    members, frontier, skip = {root}, [root], set()
    while frontier:
        member = frontier.pop()
        for edge in flow.by_base.get(member, ()):
            skip.add(id(edge.base))
            if edge in path_edges or (edge.form and edge.view.value not in members and flow.current(edge, write)):
                children[member].append(edge)
                members.add(edge.view.value)
                frontier.append(edge.view.value)
                continue
            if flow.pos(edge.line) > flow.pos(line) and not any(loop in _ancestors(resolver, edge.line) for loop in flow.loops(write)):
                continue  # made after the write: it sees the new value
            if flow.dominating_rebind(edge.view.value, edge.line, write) or flow.dominating_rebind(member, edge.line, write):
                continue  # the view was rebound, or is a view of an older array
            if edge.view.value != name.value and flow.live_after(edge.view.value, write):
                what = edge.why or f"a view of `{member}` that np2tf cannot take again after the write"
                return f"`{edge.view.value}` is {what} ({edge.describe(resolver)}) and is read after the write"
    if not path_edges and not skip:
        return None  # no view or alias of the array anywhere: the plain rebinding question
    # The owner of the memory must be a local array nothing else sees.
    owner = path_edges[-1].base if path_edges else name
    blocker = rebind_blocker(resolver, owner, write=line, skip=frozenset(skip))
    if blocker is not None:
        return blocker if owner is name else f"`{name.value}` is a view of `{root}`, and {blocker}"
    for member, edges in children.items():
        for edge in edges:
            escape = _escape(resolver, edge.view, line, frozenset(skip))
            if escape is not None:
                return escape
    live = {m for m in members if m != name.value and flow.live_after(m, line)}
    needed: dict[str, bool] = {}

    def need(member: str) -> bool:
        if member not in needed:
            needed[member] = member in live or any(need(e.view.value) for e in children.get(member, ()) if e.view.value not in path)
        return needed[member]

    plan = ViewPlan(root)
    top = max((i for i in range(1, len(path)) if need(path[i])), default=0)
    for edge in path_edges[:top]:
        plan.steps.append((edge, "up"))

    def down(member: str) -> None:
        for edge in children.get(member, ()):
            if edge.view.value not in path and need(edge.view.value):
                plan.steps.append((edge, "down"))
                down(edge.view.value)

    for member in path[: top + 1]:
        down(member)
    return plan


# -- emitting ------------------------------------------------------------------------------


def _statement_for(context: RewriteContext, edge: Edge, direction: str, schedule: bool) -> cst.SimpleStatementLine:
    """``base = <base with the view's values>`` (up) or ``view = <view of base>`` (down)."""

    def target(dotted: str) -> cst.BaseExpression:
        if schedule:
            return context.target(dotted)
        module, _, rest = alias_for(dotted)
        expression: cst.BaseExpression = cst.Name(context.alias(module))
        for part in filter(None, rest.split(".")):
            expression = cst.Attribute(value=expression, attr=cst.Name(part))
        return expression

    view, base = cst.Name(edge.view.value), cst.Name(edge.base.value)
    written, source = (base, view) if direction == "up" else (view, base)
    if edge.form == "alias":
        value: cst.BaseExpression = source
    elif edge.form == "transpose":
        value = cst.Call(target("tf.experimental.numpy.transpose"), [cst.Arg(source)])
    elif edge.form == "reshape":
        value = cst.Call(target("np2tf.runtime.reshape_as"), [cst.Arg(source), cst.Arg(written)])
    elif direction == "up":
        index = cst.Subscript(target("np2tf.runtime.s_"), [e.deep_clone() for e in edge.index])
        value = cst.Call(target("np2tf.runtime.setitem"), [cst.Arg(base), cst.Arg(index), cst.Arg(view)])
    else:
        value = cst.Subscript(base, [e.deep_clone() for e in edge.index])
    return cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(written)], value)])


def _already_there(context: RewriteContext, statement: cst.CSTNode, lines: list[cst.SimpleStatementLine]) -> bool:
    """The statements after ``statement`` are the write-backs (converted code, converted again)."""
    line = context.resolver.parents.get(statement)
    block = context.resolver.parents.get(line)
    body = list(getattr(block, "body", ()))
    if line not in body:
        return False
    following = body[body.index(line) + 1 : body.index(line) + 1 + len(lines)]
    return len(following) == len(lines) and all(
        isinstance(f, cst.SimpleStatementLine) and _code(f.with_changes(leading_lines=[], trailing_whitespace=cst.TrailingWhitespace())).strip() == _code(w).strip()
        for f, w in zip(following, lines)
    )


def schedule_write_backs(context: RewriteContext, statement: cst.CSTNode, plan: ViewPlan) -> None:
    """Record the write-back lines to emit after ``statement`` (unless they are there already)."""
    if not plan.steps:
        return
    lines = [_statement_for(context, edge, direction, schedule=False) for edge, direction in plan.steps]
    if _already_there(context, statement, lines):
        return
    context.write_backs[statement] = [_statement_for(context, edge, direction, schedule=True) for edge, direction in plan.steps]


@register(cst.SimpleStatementLine)
def emit_write_backs(context: RewriteContext, original: cst.CSTNode, updated: cst.CSTNode) -> cst.CSTNode | None:
    """The write, then one line per write-back."""
    assert isinstance(original, cst.SimpleStatementLine) and isinstance(updated, cst.SimpleStatementLine)
    pending = [context.write_backs.get(s) for s in original.body]
    if not any(pending):
        return None
    if len(original.body) == 1:
        return cst.FlattenSentinel([updated, *pending[0]])  # type: ignore[misc, return-value]
    return _inline(updated, pending)


@register(cst.SimpleStatementSuite)
def emit_write_backs_in_suite(context: RewriteContext, original: cst.CSTNode, updated: cst.CSTNode) -> cst.CSTNode | None:
    """``if c: row += 5`` -> ``if c: row += 5; M = n2t.setitem(M, n2t.s_[1], row)``."""
    assert isinstance(original, cst.SimpleStatementSuite) and isinstance(updated, cst.SimpleStatementSuite)
    pending = [context.write_backs.get(s) for s in original.body]
    return _inline(updated, pending) if any(pending) else None


def _inline(updated: cst.SimpleStatementLine | cst.SimpleStatementSuite, pending: list) -> cst.CSTNode:
    semicolon = cst.Semicolon(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(" "))
    body: list[cst.BaseSmallStatement] = []
    for small, lines in zip(updated.body, pending):
        body.append(small.with_changes(semicolon=semicolon))
        for extra in lines or ():
            body.append(extra.body[0].with_changes(semicolon=semicolon))
    body[-1] = body[-1].with_changes(semicolon=cst.MaybeSentinel.DEFAULT)
    return updated.with_changes(body=body)
