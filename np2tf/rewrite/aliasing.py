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


def rebind_blocker(resolver: Resolver, name: cst.Name, *, write: cst.CSTNode | None = None,
                   skip: frozenset[int] = frozenset(), returned: frozenset[int] = frozenset()) -> str | None:
    """Why rebinding ``name`` (an original node being written) would change the program.

    Returns ``None`` when rebinding is safe. ``write`` is the statement of the write when
    ``name`` is another read of the written name (``rewrite/views.py`` asks about the array
    a view was taken from); accesses whose ids are in ``skip`` are views that the caller
    writes back itself. Bindings whose nodes' ids are in ``returned`` (a parameter, or
    ``p = f(p)`` with ``f`` returning its parameter) hold the caller's array, which the
    function returns to callers that rebind it (``rewrite/parameters.py``): rebinding
    the name there loses nothing.
    """
    referents = resolver.referents(name)
    if not referents:
        return f"np2tf cannot see where `{name.value}` is bound"
    write_scope = resolver.scopes.get(name)
    write = write if write is not None else _statement(resolver, name)
    rebound_first = _rebound_before(resolver, name, write)
    for assignment in referents:
        if not isinstance(assignment, Assignment):
            return f"`{name.value}` is not a local variable"
        if assignment.scope is not write_scope:
            return f"`{name.value}` belongs to an enclosing scope, which would not see the new array"
        if id(getattr(assignment, "node", None)) in returned:
            continue
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
    escape = _escape(resolver, name, write, skip)
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
        if known and value is not None and isinstance(node, cst.Name) and owned(resolver, value):
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


def _rebound_between(resolver: Resolver, name: cst.Name, escape: cst.CSTNode, write: cst.CSTNode | None = None) -> bool:
    """Whether every path from ``escape`` to the write at ``name`` rebinds a fresh array first.

    Then the escaped reference holds an array the write never touches, as in
    ``new = np.zeros(k); new[j] = ...; centroids = new`` inside a loop.
    """
    write = write if write is not None else _statement(resolver, name)
    scope = resolver.scopes.get(name)
    if scope is None:
        return False
    fresh = []
    for assignment in scope.assignments[name.value]:
        known, value = resolver.assigned_value(assignment)
        if known and value is not None and owned(resolver, value) and isinstance(assignment.node, cst.Name):
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
    if owned(resolver, value):
        return True
    # `a += 1` is recorded as `a + 1`: a new array in TensorFlow, same identity in NumPy.
    if isinstance(value, cst.BinaryOperation) and isinstance(value.left, cst.Name) and value.left.value == name:
        return True
    return False


def _escape(resolver: Resolver, name: cst.Name, write: cst.CSTNode | None = None, skip: frozenset[int] = frozenset()) -> str | None:
    scope = resolver.scopes.get(name)
    if scope is None:
        return None
    for access in scope.accesses[name.value]:
        node = access.node
        if id(node) in skip:
            continue
        reason = _escape_reason(resolver, name, node)
        if reason is not None and not _rebound_between(resolver, name, node, write):
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
    if isinstance(parent, cst.IfExp) and parent.test is not node and isinstance(resolver.parents.get(parent), (cst.Assign, cst.AnnAssign)):
        return f"`{name.value}` may be bound to another name (line {resolver.position(parent)[0]}), which would keep the old array"
    if isinstance(parent, cst.Subscript) and parent.value is node:
        grand = resolver.parents.get(parent)
        # `p[0, :] = p[1, :]` (a CFD boundary condition) copies the view's values into
        # another array: no name is bound to the view.
        if isinstance(grand, cst.Assign) and grand.value is parent and not all(isinstance(t.target, cst.Subscript) for t in grand.targets):
            kind = index_kind(resolver, parent)
            if kind == "view":
                return f"`{name.value}` is sliced into another name (line {resolver.position(grand)[0]}): a NumPy view that would see the write"
            if kind == "unknown":
                return f"`{name.value}` is indexed into another name (line {resolver.position(grand)[0]}), which is a NumPy view that would see the write when `{name.value}` has more dimensions than indices"
        # `keep = [a[1:3]]`, `views.append(a[:2])`: a view held by a container sees later writes.
        stored = isinstance(grand, cst.Element) and not isinstance(resolver.parents.get(resolver.parents.get(grand)), cst.Return)
        if isinstance(grand, cst.Arg):
            call = resolver.parents.get(grand)
            stored = isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) and call.func.attr.value in _STORING_METHODS and not resolver.qualified_name(call.func)
        if stored and index_kind(resolver, parent) in ("view", "unknown"):
            return f"a view of `{name.value}` is put in a container (line {resolver.position(grand)[0]}), which would keep the old values"
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


def index_kind(resolver: Resolver, subscript: cst.Subscript) -> str:
    """What ``a[idx]`` is in NumPy: ``"view"`` (basic indexing of fewer integers than
    dimensions), ``"copy"`` (advanced indexing, or a scalar: as many integers as
    dimensions) or ``"unknown"`` (integers, but the rank or the index is unknown)."""
    integers = 0
    basic_only = True
    for element in subscript.slice:
        if isinstance(element.slice, cst.Slice):
            continue
        value = element.slice.value
        if isinstance(value, cst.Ellipsis) or (isinstance(value, cst.Name) and value.value == "None"):
            continue
        if _fancy(resolver, value):
            return "copy"
        if int_like(resolver, value):
            integers += 1
        else:
            basic_only = False
    if integers == len(subscript.slice):
        rank = array_rank(resolver, subscript.value)
        if rank is not None:
            return "view" if integers < rank else "copy"
        return "unknown"
    return "view" if basic_only else "unknown"


def _fancy(resolver: Resolver, value: cst.BaseExpression) -> bool:
    """An index that makes NumPy copy: a list, an array, a mask."""
    if isinstance(value, (cst.List, cst.ListComp, cst.Comparison)):
        return True
    if isinstance(value, cst.Name) and value.value in ("True", "False"):
        return False
    return resolver.kind(value) is Kind.ARRAY


_INT_CALLS = {"builtins.len", "builtins.int", "builtins.round", "math.floor", "math.ceil", "operator.index"}
_INT_ATTRIBUTES = {"size", "ndim"}


def int_like(resolver: Resolver, value: cst.CSTNode, depth: int = 0) -> bool:
    """Whether ``value`` is certainly a Python integer (a literal, ``len(x)``, a ``range``
    loop variable, ``x.shape[0] - 1``, a name bound only to such values)."""
    if depth > 6:
        return False
    if isinstance(value, cst.Integer):
        return True
    if isinstance(value, cst.UnaryOperation) and isinstance(value.operator, (cst.Minus, cst.Plus)):
        return int_like(resolver, value.expression, depth + 1)
    if isinstance(value, cst.BinaryOperation) and isinstance(value.operator, (cst.Add, cst.Subtract, cst.Multiply, cst.FloorDivide, cst.Modulo)):
        return int_like(resolver, value.left, depth + 1) and int_like(resolver, value.right, depth + 1)
    if isinstance(value, cst.Call):
        name = resolver.qualified_name(value.func) if isinstance(value.func, (cst.Name, cst.Attribute)) else None
        return name in _INT_CALLS
    if isinstance(value, cst.Attribute):
        return value.attr.value in _INT_ATTRIBUTES and resolver.kind(value.value) is Kind.ARRAY
    if isinstance(value, cst.Subscript):
        shape = value.value
        return (isinstance(shape, cst.Attribute) and shape.attr.value == "shape" and len(value.slice) == 1
                and isinstance(value.slice[0].slice, cst.Index) and int_like(resolver, value.slice[0].slice.value, depth + 1))
    if isinstance(value, cst.Name):
        referents = resolver.referents(value)
        if not referents:
            return False
        for assignment in referents:
            node = getattr(assignment, "node", None)
            loop = resolver.parents.get(node) if node is not None else None
            if isinstance(loop, (cst.For, cst.CompFor)) and loop.target is node:
                func = loop.iter.func if isinstance(loop.iter, cst.Call) else None
                if not (func is not None and (resolver.qualified_name(func) == "builtins.range" or (isinstance(func, cst.Name) and func.value == "range" and resolver.qualified_name(func) is None))):
                    return False
                continue
            known, bound = resolver.assigned_value(assignment)
            if isinstance(resolver.parents.get(node), cst.AugAssign):
                continue  # `i += 1`: the other bindings decide
            if not known or bound is None or isinstance(bound, cst.Param) or not int_like(resolver, bound, depth + 1):
                return False
        return True
    return False


_RANK_1 = {"arange", "linspace", "logspace", "geomspace", "ravel", "flatnonzero", "bincount", "unique", "histogram_bin_edges"}
_RANK_2 = {"eye", "identity", "outer", "tri", "vander"}
_SHAPED = {"zeros", "ones", "empty", "full"}
_SAME_RANK_METHODS = {"copy", "astype", "T", "transpose", "clip", "round", "conj", "real", "imag", "cumsum", "cumprod"}


def array_rank(resolver: Resolver, expr: cst.CSTNode, depth: int = 0) -> int | None:
    """The number of dimensions of ``expr`` when it certainly is one known number."""
    if depth > 8:
        return None
    if isinstance(expr, (cst.Integer, cst.Float)):
        return 0
    if isinstance(expr, cst.Name):
        ranks = set()
        for assignment in resolver.referents(expr):
            node = getattr(assignment, "node", None)
            if isinstance(resolver.parents.get(node), cst.AugAssign):
                continue  # `a += 1` keeps the rank (NumPy writes in place)
            known, value = resolver.assigned_value(assignment)
            if isinstance(value, cst.Param):
                # a parameter: the arguments at every call site in this module agree
                arguments = resolver._call_arguments(value)
                if not arguments or None in arguments:
                    return None
                ranks.update(array_rank(resolver, a, depth + 1) for a in arguments)  # type: ignore[arg-type]
                continue
            if not known or value is None:
                return None
            ranks.add(array_rank(resolver, value, depth + 1))
        return ranks.pop() if len(ranks) == 1 else None
    if isinstance(expr, (cst.BinaryOperation,)):
        left, right = array_rank(resolver, expr.left, depth + 1), array_rank(resolver, expr.right, depth + 1)
        return None if left is None or right is None else max(left, right)
    if isinstance(expr, cst.UnaryOperation):
        return array_rank(resolver, expr.expression, depth + 1)
    if isinstance(expr, cst.Attribute) and expr.attr.value in ("T", "real", "imag") and resolver.qualified_name(expr) is None:
        return array_rank(resolver, expr.value, depth + 1)
    if isinstance(expr, cst.Subscript):
        if index_kind(resolver, expr) != "view" or any(isinstance(e.slice, cst.Index) and isinstance(e.slice.value, cst.Ellipsis) for e in expr.slice):
            return None
        base = array_rank(resolver, expr.value, depth + 1)
        if base is None:
            return None
        dropped = sum(1 for e in expr.slice if isinstance(e.slice, cst.Index) and not (isinstance(e.slice.value, cst.Name) and e.slice.value.value == "None"))
        added = sum(1 for e in expr.slice if isinstance(e.slice, cst.Index) and isinstance(e.slice.value, cst.Name) and e.slice.value.value == "None")
        return base - dropped + added
    if not isinstance(expr, cst.Call) or any(a.star for a in expr.args):
        return None
    func = expr.func
    positional = [a.value for a in expr.args if a.keyword is None]
    name = resolver.qualified_name(func) if isinstance(func, (cst.Name, cst.Attribute)) else None
    if name is not None and name.startswith(("numpy.", "tensorflow.experimental.numpy.", "np2tf.runtime.")):
        from np2tf.resolve import _as_numpy_name

        short = _as_numpy_name(name)[len("numpy."):]
        if short in _RANK_1:
            return 1
        if short in _RANK_2:
            return 2
        if short in _SHAPED and positional:
            return _shape_length(resolver, positional[0])
        if short.endswith("_like") and positional:
            return array_rank(resolver, positional[0], depth + 1)
        if short in ("random.rand", "random.randn"):
            return len(positional)
        if short in ("array", "asarray") and positional:
            return _literal_depth(positional[0])
        if short == "reshape" and len(positional) >= 2:
            return _shape_length(resolver, positional[1])
        return None
    if isinstance(func, cst.Attribute) and name is None:
        method = func.attr.value
        if method == "reshape" and positional:
            return _shape_length(resolver, positional[0]) if len(positional) == 1 else len(positional)
        if method in ("ravel", "flatten"):
            return 1
        if method in _SAME_RANK_METHODS and not (method == "transpose" and positional):
            return array_rank(resolver, func.value, depth + 1)
    return None


def _shape_length(resolver: Resolver, shape: cst.BaseExpression) -> int | None:
    if isinstance(shape, (cst.Tuple, cst.List)):
        return None if any(isinstance(e, cst.StarredElement) for e in shape.elements) else len(shape.elements)
    return 1 if int_like(resolver, shape) else None


def _literal_depth(value: cst.BaseExpression) -> int | None:
    if isinstance(value, (cst.List, cst.Tuple)):
        if not value.elements:
            return 1
        depths = {_literal_depth(e.value) for e in value.elements}
        return None if len(depths) != 1 or None in depths else 1 + depths.pop()
    if isinstance(value, (cst.Integer, cst.Float, cst.UnaryOperation)):
        return 0
    return None


def owned(resolver: Resolver, expr: cst.CSTNode | None) -> bool:
    """A new array nothing else refers to: ``resolver.is_fresh``, a copy made by advanced
    indexing (``a[[0, 2]]``, ``a[a > 0]``), or a view of such a temporary
    (``np.arange(12).reshape(3, 4)``: the temporary has no other name)."""
    if expr is None:
        return False
    if resolver.is_fresh(expr):
        return True
    if isinstance(expr, cst.Subscript):
        kind = index_kind(resolver, expr)
        if kind == "copy":
            return resolver.kind(expr.value) is Kind.ARRAY
        return kind == "view" and not isinstance(expr.value, cst.Name) and owned(resolver, expr.value)
    base = view_base(resolver, expr)
    return base is not None and not isinstance(base, cst.Name) and owned(resolver, base)


def view_base(resolver: Resolver, expr: cst.CSTNode) -> cst.BaseExpression | None:
    """``x`` when ``expr`` is a NumPy view of ``x`` made by a method, attribute or function
    (``x.reshape(3, 4)``, ``x.T``, ``np.ravel(x)``); else ``None``."""
    if isinstance(expr, cst.Attribute) and expr.attr.value in VIEW_METHODS and resolver.qualified_name(expr) is None:
        return expr.value
    if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) and expr.func.attr.value in VIEW_METHODS and resolver.qualified_name(expr.func) is None:
        return expr.func.value
    if isinstance(expr, cst.Call) and expr.args and expr.args[0].keyword is None and not expr.args[0].star:
        name = resolver.qualified_name(expr.func) if isinstance(expr.func, (cst.Name, cst.Attribute)) else None
        if name is not None and _as_numpy_name(name) in VIEW_FUNCTIONS:
            return expr.args[0].value
    return None


def is_array(resolver: Resolver, node: cst.CSTNode) -> bool:
    """Shorthand for ``resolver.kind(node) is Kind.ARRAY``."""
    return resolver.kind(node) is Kind.ARRAY
