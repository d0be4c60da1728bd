"""Can a write to an array be turned into rebinding its name?

Tensors are immutable, so ``a[i] = v`` becomes ``a = n2t.setitem(a, i, v)``. That is the
same program only when nothing else can observe the old array: ``a`` is a local name in
the scope that writes it, every value it is bound to is a fresh array (not a view, not a
parameter the caller still holds), and it never escapes into another name, container or
attribute. This module answers that question conservatively; when it says no, the
rewrite leaves the write unchanged and reports N2T200 with the reason.
"""

from __future__ import annotations

import libcst as cst

from np2tf.resolve import VIEW_FUNCTIONS, VIEW_METHODS, Kind, Resolver, _as_numpy_name
from np2tf.scope import Assignment

# Methods that store their argument somewhere else (so it escapes).
_STORING_METHODS = {"append", "extend", "insert", "add", "update", "setdefault", "appendleft", "put", "put_nowait"}


def rebind_blocker(resolver: Resolver, name: cst.Name) -> str | None:
    """Why rebinding ``name`` (an original node being written) would change the program.

    Returns ``None`` when rebinding is safe.
    """
    referents = resolver.referents(name)
    if not referents:
        return f"np2tf cannot see where `{name.value}` is bound"
    write_scope = resolver.scopes.get(name)
    write = _statement(resolver, name)
    rebound_first = _rebound_before(resolver, name, write)
    for assignment in referents:
        if not isinstance(assignment, Assignment):
            return f"`{name.value}` is not a local variable"
        if assignment.scope is not write_scope:
            return f"`{name.value}` belongs to an enclosing scope, which would not see the new array"
        known, value = resolver.assigned_value(assignment)
        if isinstance(value, cst.Param):
            if rebound_first:
                continue  # `A = A.astype(float)` runs before the write: the caller's array is gone
            return f"`{name.value}` is a parameter: the caller's array would not see the write"
        if not known or value is None:
            return f"`{name.value}` is bound by unpacking, a loop, `with` or an import, so it may alias another array"
        if _dead_alias(resolver, value, assignment):
            continue  # `d = probs` where `probs` is never read again: the write is seen by no one
        if not _fresh_or_self_update(resolver, value, name.value):
            return f"`{name.value}` may be a view of, or the same object as, another array"
    escape = _escape(resolver, name)
    if escape is not None:
        return escape
    return None


def _rebound_before(resolver: Resolver, name: cst.Name, write: cst.CSTNode) -> bool:
    """A fresh assignment to ``name`` always runs before ``write`` (so a parameter's value is gone)."""
    scope = resolver.scopes.get(name)
    if scope is None:
        return False
    for assignment in scope.assignments[name.value]:
        known, value = resolver.assigned_value(assignment)
        node = getattr(assignment, "node", None)
        if known and value is not None and isinstance(node, cst.Name) and resolver.is_fresh(value):
            statement = _statement(resolver, node)
            if isinstance(statement, cst.SimpleStatementLine) and _dominates(resolver, statement, write):
                return True
    return False


def _dead_alias(resolver: Resolver, value: cst.CSTNode, assignment: object) -> bool:
    """``d = s`` where ``s`` is a fresh local array that nothing reads after this statement.

    NumPy's write through ``d`` also changes ``s``; when ``s`` is never read again (and
    the alias is not in a loop that reads ``s`` on the next pass), nobody can tell.
    """
    if not isinstance(value, cst.Name):
        return False
    source_referents = resolver.referents(value)
    alias = _statement(resolver, value)
    rebound = _rebound_before(resolver, value, alias)
    if not source_referents or any(
        not _fresh_binding(resolver, a, value.value) and not (rebound and isinstance(getattr(a, "node", None), cst.Param))
        for a in source_referents
    ):
        return False
    scope = resolver.scopes.get(value)
    if scope is None:
        return False
    loops = [n for n in _ancestors(resolver, alias) if isinstance(n, (cst.For, cst.While))]
    first_write = _first_write_after(resolver, getattr(assignment, "node", None), alias)
    for access in scope.accesses[value.value]:
        node = access.node
        if node is value:
            continue
        if resolver.position(node) > resolver.position(alias):
            if first_write is not None and (resolver.position(node) < resolver.position(first_write) or first_write in _ancestors(resolver, node)):
                continue  # `d[s > 0] = 1`: read before the first write through `d` stores anything
            return False  # read after the alias: it would see NumPy's write
        if any(loop in _ancestors(resolver, node) for loop in loops):
            return False  # read again on the loop's next pass
    return True


def _first_write_after(resolver: Resolver, target: object, alias: cst.CSTNode) -> cst.CSTNode | None:
    """The first statement after ``alias`` that writes through the aliasing name."""
    if not isinstance(target, cst.Name):
        return None
    best = None
    for node in resolver.nodes:
        if isinstance(node, (cst.Assign, cst.AugAssign)):
            targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
            if any(isinstance(t, cst.Subscript) and isinstance(t.value, cst.Name) and t.value.value == target.value for t in targets):
                if resolver.position(node) > resolver.position(alias) and (best is None or resolver.position(node) < resolver.position(best)):
                    best = node
    return best


def _fresh_binding(resolver: Resolver, assignment: object, name: str) -> bool:
    if not isinstance(assignment, Assignment):
        return False
    known, value = resolver.assigned_value(assignment)
    return known and value is not None and not isinstance(value, cst.Param) and _fresh_or_self_update(resolver, value, name)


def _ancestors(resolver: Resolver, node: cst.CSTNode) -> list[cst.CSTNode]:
    chain = []
    current = resolver.parents.get(node)
    while current is not None:
        chain.append(current)
        current = resolver.parents.get(current)
    return chain


def _statement(resolver: Resolver, node: cst.CSTNode) -> cst.CSTNode:
    """The statement (line) that contains ``node``."""
    for ancestor in [node, *_ancestors(resolver, node)]:
        if isinstance(ancestor, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
            return ancestor
    return node


def _dominates(resolver: Resolver, first: cst.CSTNode, later: cst.CSTNode) -> bool:
    """Whether statement ``first`` always runs before ``later`` is reached (structured code)."""
    block = resolver.parents.get(first)
    if block is None or block not in _ancestors(resolver, later):
        return False
    return resolver.position(first) < resolver.position(later)


def _rebound_between(resolver: Resolver, name: cst.Name, escape: cst.CSTNode) -> bool:
    """Whether every path from ``escape`` to the write at ``name`` rebinds a fresh array first.

    Then the escaped reference holds an array the write never touches, as in
    ``new = np.zeros(k); new[j] = ...; centroids = new`` inside a loop.
    """
    write = _statement(resolver, name)
    scope = resolver.scopes.get(name)
    if scope is None:
        return False
    fresh = []
    for assignment in scope.assignments[name.value]:
        known, value = resolver.assigned_value(assignment)
        if known and value is not None and resolver.is_fresh(value) and isinstance(assignment.node, cst.Name):
            statement = _statement(resolver, assignment.node)
            if isinstance(statement, cst.SimpleStatementLine) and _dominates(resolver, statement, write):
                fresh.append(statement)
    if resolver.position(escape) < resolver.position(write):
        return any(resolver.position(escape) < resolver.position(f) for f in fresh)
    escape_ancestors = set(map(id, _ancestors(resolver, escape)))
    loops = [n for n in _ancestors(resolver, write) if isinstance(n, (cst.For, cst.While)) and id(n) in escape_ancestors]
    if not loops:
        return True  # no path leads from the escape back to the write
    body = loops[0].body
    return any(body in _ancestors(resolver, f) for f in fresh)


def _fresh_or_self_update(resolver: Resolver, value: cst.CSTNode, name: str) -> bool:
    if resolver.is_fresh(value):
        return True
    # `a += 1` is recorded as `a + 1`: a new array in TensorFlow, same identity in NumPy.
    if isinstance(value, cst.BinaryOperation) and isinstance(value.left, cst.Name) and value.left.value == name:
        return True
    return False


def _escape(resolver: Resolver, name: cst.Name) -> str | None:
    scope = resolver.scopes.get(name)
    if scope is None:
        return None
    for access in scope.accesses[name.value]:
        node = access.node
        reason = _escape_reason(resolver, name, node)
        if reason is not None and not _rebound_between(resolver, name, node):
            return reason
    return None


def _escape_reason(resolver: Resolver, name: cst.Name, node: cst.CSTNode) -> str | None:
    parent = resolver.parents.get(node)
    if isinstance(parent, cst.Assign) and parent.value is node:
        return f"`{name.value}` is also bound to another name here (line {resolver.position(parent)[0]}), which would keep the old array"
    if isinstance(parent, cst.AnnAssign) and parent.value is node:
        return f"`{name.value}` is also bound to another name (line {resolver.position(parent)[0]})"
    if isinstance(parent, cst.Element):
        container = resolver.parents.get(parent)
        if not isinstance(resolver.parents.get(container), cst.Return):
            return f"`{name.value}` is put in a container (line {resolver.position(parent)[0]}), which would keep the old array"
    if isinstance(parent, (cst.Yield, cst.DictElement)):
        return f"`{name.value}` escapes at line {resolver.position(parent)[0]}"
    if isinstance(parent, cst.Arg):
        call = resolver.parents.get(parent)
        if isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) and call.func.attr.value in _STORING_METHODS and not resolver.qualified_name(call.func):
            return f"`{name.value}` is stored by `.{call.func.attr.value}()` (line {resolver.position(call)[0]})"
    if isinstance(parent, cst.Subscript) and parent.value is node:
        grand = resolver.parents.get(parent)
        # `p[0, :] = p[1, :]` (a CFD boundary condition) copies the view's values into
        # another array: no name is bound to the view.
        if isinstance(grand, cst.Assign) and grand.value is parent and _is_view_index(parent) and not all(isinstance(t.target, cst.Subscript) for t in grand.targets):
            return f"`{name.value}` is sliced into another name (line {resolver.position(grand)[0]}): a NumPy view that would see the write"
    if isinstance(parent, cst.Attribute) and parent.value is node and parent.attr.value in VIEW_METHODS:
        view = resolver.parents.get(parent)
        view = view if isinstance(view, cst.Call) and view.func is parent else parent
        grand = resolver.parents.get(view)
        if isinstance(grand, cst.Assign) and grand.value is view:
            return f"`{name.value}.{parent.attr.value}` is a NumPy view bound to another name (line {resolver.position(grand)[0]})"
    if isinstance(parent, cst.Arg):
        call = resolver.parents.get(parent)
        func = call.func if isinstance(call, cst.Call) else None
        # Converted spellings too (`tnp.diagonal(x)` is `np.diagonal(x)`), so a second pass agrees.
        if func is not None and _as_numpy_name(resolver.qualified_name(func) or "") in VIEW_FUNCTIONS:
            grand = resolver.parents.get(call)
            if isinstance(grand, cst.Assign) and grand.value is call:
                return f"`{resolver.numpy_name(func)}({name.value})` is a NumPy view bound to another name (line {resolver.position(grand)[0]})"
    return None


def _is_view_index(subscript: cst.Subscript) -> bool:
    for element in subscript.slice:
        if isinstance(element.slice, cst.Slice):
            return True
        value = element.slice.value
        if isinstance(value, (cst.Ellipsis,)) or (isinstance(value, cst.Name) and value.value == "None"):
            return True
    return False


def is_array(resolver: Resolver, node: cst.CSTNode) -> bool:
    """Shorthand for ``resolver.kind(node) is Kind.ARRAY``."""
    return resolver.kind(node) is Kind.ARRAY
