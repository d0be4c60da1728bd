"""Functions that write into an array parameter: return it and rebind it at the call sites.

What it does:
    ``def step(u): u[1:-1] = ...`` changes the caller's array in NumPy. Tensors are
    immutable, so the function returns the new array and every call site rebinds it::

        def step(u):                          def step(u):
            u[1:-1] = 0.5 * u[1:-1]     ->        u = n2t.setitem(u, n2t.s_[1:-1], 0.5 * u[1:-1])
                                                  return u
        step(field)                           field = step(field)

NumPy vs TensorFlow:
    Only when np2tf can see every use: a module-level function that returns nothing,
    whose name is only ever called as a statement in this module, whose written
    parameter is never rebound or handed elsewhere inside it, and whose arguments at
    every call site are plain local names that can themselves be rebound. Callers in
    other modules cannot be seen, so the definition carries N2T202 saying that callers
    must now rebind. Anything else keeps N2T200 on the write.

Example:
    See above.

Fidelity:
    shim.
"""

from __future__ import annotations

import libcst as cst

from np2tf.resolve import Kind
from np2tf.rewrite import RewriteContext, planner, register
from np2tf.rewrite.aliasing import _escape, rebind_blocker
from np2tf.rewrite.views import _already_there


def _own_nodes(context: RewriteContext, function: cst.FunctionDef) -> list[cst.CSTNode]:
    """The function's nodes, without those of functions, lambdas and classes nested in it."""
    nodes = context.resolver.descendants(function)[1:]
    nested = [n for n in nodes if isinstance(n, (cst.FunctionDef, cst.Lambda, cst.ClassDef))]
    inner = {id(d) for n in nested for d in context.resolver.descendants(n)}
    return [n for n in nodes if id(n) not in inner]


def _param_of(context: RewriteContext, name: cst.CSTNode, params: dict[str, cst.Param]) -> str | None:
    """The parameter a written name is, when its only binding is that parameter."""
    if not isinstance(name, cst.Name) or name.value not in params:
        return None
    # `x -= m` binds `x` too (libcst records it); NumPy writes in place, so it is not a rebinding.
    referents = [a for a in context.resolver.referents(name) if not isinstance(context.resolver.parents.get(getattr(a, "node", None)), cst.AugAssign)]
    if len(referents) != 1 or getattr(referents[0], "node", None) is not params[name.value]:
        return None
    return name.value


def _array_like(context: RewriteContext, name: cst.Name, value: cst.CSTNode | None) -> bool:
    from np2tf.rewrite.mutation import _maybe_array_parameter

    return context.resolver.kind(name) is Kind.ARRAY or _maybe_array_parameter(context, name, value)


def _writes(context: RewriteContext, function: cst.FunctionDef, nodes: list[cst.CSTNode],
            returned: str | None = None) -> dict[str, list[cst.CSTNode]] | None:
    """Statements writing into each array parameter; ``None`` when the function is not eligible.

    With ``returned``, every ``return`` must return exactly that parameter (see
    :func:`plan_self_returning_writes`); otherwise a ``return`` with a value disqualifies."""
    params = {p.name.value: p for p in function.params.params}
    writes: dict[str, list[cst.CSTNode]] = {}
    for node in nodes:
        if isinstance(node, (cst.Yield, cst.Global, cst.Nonlocal, cst.Await)):
            return None
        if isinstance(node, cst.Return) and node.value is not None:
            if returned is None or not (isinstance(node.value, cst.Name) and node.value.value == returned):
                return None
        target = None
        if isinstance(node, cst.Assign) and len(node.targets) > 1 and all(isinstance(t.target, cst.Subscript) for t in node.targets):
            # u[0] = u[-1] = 1: a write to each target's base, in order
            for t in node.targets:
                name = _param_of(context, t.target.value, params)
                if name is not None and _array_like(context, t.target.value, node.value) and node not in writes.get(name, []):
                    writes.setdefault(name, []).append(node)
            continue
        if isinstance(node, cst.Assign) and len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Subscript):
            target = node.targets[0].target.value
        elif isinstance(node, cst.AugAssign):
            target = node.target.value if isinstance(node.target, cst.Subscript) else node.target
        elif isinstance(node, cst.Assign):
            for t in node.targets:
                if isinstance(t.target, cst.Name) and t.target.value in params:
                    return None  # the parameter is rebound: later writes are not the caller's
        if isinstance(node, cst.Expr) and node.value in context.custom_calls:
            target = _written_argument(context, node.value)  # np.clip(a, lo, hi, out=a), np.copyto(a, b)
        if target is None:
            continue
        name = _param_of(context, target, params)
        if name is None or not _array_like(context, target, getattr(node, "value", None)):  # type: ignore[arg-type]
            continue
        writes.setdefault(name, []).append(node)
    return writes


def _written_argument(context: RewriteContext, call: cst.Call) -> cst.BaseExpression | None:
    """The argument a call that writes into one (``out=a``, ``np.copyto(a, ...)``) writes."""
    from np2tf.rewrite.mutation import INPLACE_FUNCTIONS

    rule, name = context.custom_calls[call]
    if name == "out_argument":
        return next((a.value for a in call.args if a.keyword is not None and a.keyword.value == "out"), None)
    if name == "rebind_argument":
        index = INPLACE_FUNCTIONS.get(rule.numpy, 0)
        arg = call.args[index] if len(call.args) > index else None
        return arg.value if arg is not None and arg.keyword is None and not arg.star else None
    return None


def _call_sites(context: RewriteContext, function: cst.FunctionDef) -> list[cst.Call] | None:
    """Every use of the function's name, when each is a call used as a statement."""
    calls = _uses(context, function)
    if calls is None or not all(isinstance(context.resolver.parents.get(c), cst.Expr) for c in calls):
        return None
    return calls


def _argument(call: cst.Call, function: cst.FunctionDef, param: str) -> cst.BaseExpression | None:
    names = [p.name.value for p in function.params.params]
    for i, arg in enumerate(call.args):
        if arg.star:
            return None
        if (arg.keyword is not None and arg.keyword.value == param) or (arg.keyword is None and i < len(names) and names[i] == param):
            return arg.value
    return None


def _enclosing_param(context: RewriteContext, name: cst.Name) -> tuple[cst.FunctionDef, str] | None:
    """``(function, parameter)`` when ``name`` is bound only by a parameter of a module-level function."""
    referents = context.resolver.referents(name)
    if len(referents) != 1:
        return None
    param = getattr(next(iter(referents)), "node", None)
    params = context.resolver.parents.get(param) if isinstance(param, cst.Param) else None
    function = context.resolver.parents.get(params) if params is not None else None
    if isinstance(function, cst.FunctionDef) and isinstance(context.resolver.parents.get(function), cst.Module):
        return function, param.name.value  # type: ignore[union-attr]
    return None


@planner(order=5)
def plan_parameter_writes(context: RewriteContext) -> None:
    """Pick the functions whose parameter writes can become ``return`` plus rebinding.

    A fixed point: a function also writes a parameter it passes to another planned
    function (``apply_bc(u)`` inside ``step(u)``), and a call site may pass a parameter
    of its own caller when that caller is planned too.
    """
    resolver = context.resolver
    functions = [f for f in resolver.nodes if isinstance(f, cst.FunctionDef) and isinstance(resolver.parents.get(f), cst.Module)]
    own = {f: _own_nodes(context, f) for f in functions}
    direct: dict[cst.FunctionDef, dict[str, list[cst.CSTNode]]] = {}
    calls: dict[cst.FunctionDef, list[cst.Call]] = {}
    for function in functions:
        writes = _writes(context, function, own[function])
        sites = _call_sites(context, function)
        if writes is None or sites is None:
            continue
        if any(_escape(resolver, _target_name(context, w)) for ws in writes.values() for w in ws):
            continue
        direct[function], calls[function] = writes, sites
    planned = set(direct)

    def written(function: cst.FunctionDef) -> list[str]:
        names = set(direct[function])
        for callee in planned:
            for call in calls[callee]:
                if call in own[function] and isinstance(resolver.parents.get(call), cst.Expr):
                    for param in written_direct_or_calls.get(callee, ()):
                        arg = _argument(call, callee, param)
                        found = _enclosing_param(context, arg) if isinstance(arg, cst.Name) else None
                        if found is not None and found[0] is function:
                            names.add(found[1])
        order = [p.name.value for p in function.params.params]
        return sorted(names, key=order.index)

    written_direct_or_calls: dict[cst.FunctionDef, list[str]] = {f: list(direct[f]) for f in planned}
    changed = True
    while changed:
        changed = False
        written_direct_or_calls = {f: written(f) for f in planned}
        for function in list(planned):
            params = written_direct_or_calls[function]
            ok = bool(params)
            for call in calls[function] if ok else ():
                for param in params:
                    arg = _argument(call, function, param)
                    if not isinstance(arg, cst.Name):
                        ok = False
                    elif rebind_blocker(resolver, arg) is not None:
                        caller = _enclosing_param(context, arg)
                        ok = ok and caller is not None and caller[0] in planned and caller[1] in written_direct_or_calls.get(caller[0], ())
            if not ok:
                planned.discard(function)
                changed = True
    for function in planned:
        params = written_direct_or_calls[function]
        for call in calls[function]:
            context.statement_rebinds[resolver.parents[call]] = ", ".join(_argument(call, function, p).value for p in params)  # type: ignore[union-attr]
        context.returned_parameters[function] = params
        context.parameter_writes.update(w for ws in direct[function].values() for w in ws)
        for node in own[function]:
            if isinstance(node, cst.Return):
                context.returned_parameters[node] = params
        context.report(
            function,
            "N2T202",
            f"`{function.name.value}` writes into its parameter{'s' if len(params) > 1 else ''} {', '.join(f'`{p}`' for p in params)}: it now returns {'them' if len(params) > 1 else 'it'} and the calls in this module rebind {'them' if len(params) > 1 else 'it'}",
            f"callers in other modules must write `{', '.join(params)} = {function.name.value}(...)`",
        )


def _returned_parameter(function: cst.FunctionDef) -> str | None:
    """The parameter a function ends by returning (``return u`` as its last statement)."""
    body = function.body.body if isinstance(function.body, cst.IndentedBlock) else []
    last = body[-1] if body else None
    if not isinstance(last, cst.SimpleStatementLine) or not isinstance(last.body[-1], cst.Return):
        return None
    value = last.body[-1].value
    params = {p.name.value for p in function.params.params}
    return value.value if isinstance(value, cst.Name) and value.value in params else None


def _uses(context: RewriteContext, function: cst.FunctionDef) -> list[cst.Call] | None:
    """Every use of the function's name, when each is a call (statement or assigned)."""
    return context.resolver.direct_calls(function) or None


def _in_loop(context: RewriteContext, node: cst.CSTNode) -> bool:
    parent = context.resolver.parents.get(node)
    while parent is not None and not isinstance(parent, (cst.FunctionDef, cst.Module)):
        if isinstance(parent, (cst.For, cst.While)):
            return True
        parent = context.resolver.parents.get(parent)
    return False


def _dead_after(context: RewriteContext, name: cst.Name, statement: cst.CSTNode) -> bool:
    """Whether nothing reads ``name``'s value after ``statement`` (straight-line code)."""
    resolver = context.resolver
    if _in_loop(context, statement):
        return False
    end = resolver._extent[statement][1]
    for assignment in resolver.referents(name):
        for access in getattr(assignment, "references", ()):
            if resolver._extent[access.node][0] >= end:
                return False
    return True


def _assigned_call_ok(context: RewriteContext, call: cst.Call, arg: cst.BaseExpression | None) -> bool:
    """``T = f(..., arg, ...)``: the caller can no longer see ``arg`` differ from ``T``."""
    statement = context.resolver.parents.get(call)
    target = statement.targets[0].target if isinstance(statement, cst.Assign) and len(statement.targets) == 1 else None
    if not isinstance(target, cst.Name) or arg is None:
        return False
    if context.resolver.is_fresh(arg):
        return True  # f(u.copy()), f(np.ones(n)): nothing else holds the array
    if not isinstance(arg, cst.Name) or rebind_blocker(context.resolver, arg) is not None:
        return False
    return arg.value == target.value or _dead_after(context, arg, statement)


@planner(order=6)
def plan_self_returning_writes(context: RewriteContext) -> None:
    """``def diffuse(u): u[1:-1] = ...; return u`` called as ``u = diffuse(u)``.

    The function already returns the array it writes, so its writes can rebind the
    parameter when every call site either rebinds the argument with the result
    (``u = diffuse(u)``), passes a fresh array (``diffuse(u.copy())``), passes a name
    nothing reads afterwards (``u10 = diffuse(u)`` at the end of ``main``), or is a
    statement whose argument can be rebound (``diffuse(u)`` -> ``u = diffuse(u)``).
    """
    resolver = context.resolver
    for function in [f for f in resolver.nodes if isinstance(f, cst.FunctionDef) and isinstance(resolver.parents.get(f), cst.Module)]:
        if function in context.returned_parameters:
            continue
        param = _returned_parameter(function)
        if param is None:
            continue
        own = _own_nodes(context, function)
        writes = _writes(context, function, own, returned=param)
        calls = _uses(context, function)
        if not writes or set(writes) != {param} or calls is None:
            continue
        if any(_escape(resolver, _target_name(context, w)) for w in writes[param]):
            continue
        statements: list[tuple[cst.CSTNode, str]] = []
        aliases: list[tuple[cst.CSTNode, str, str]] = []
        ok = True
        for call in calls:
            arg = _argument(call, function, param)
            statement = resolver.parents.get(call)
            if isinstance(statement, cst.Expr):
                ok = isinstance(arg, cst.Name) and rebind_blocker(resolver, arg) is None
                if ok:
                    statements.append((statement, arg.value))  # type: ignore[union-attr]
            else:
                ok = _assigned_call_ok(context, call, arg)
                target = statement.targets[0].target if isinstance(statement, cst.Assign) and len(statement.targets) == 1 else None
                if not ok and isinstance(target, cst.Name) and isinstance(arg, cst.Name) and rebind_blocker(resolver, arg) is None:
                    # `N2 = add_noise(N, 0.5)`: NumPy's N2 *is* N, so N takes the result too.
                    ok = True
                    aliases.append((statement, arg.value, target.value))
            if not ok:
                break
        if not ok:
            continue
        for statement, name in statements:
            context.statement_rebinds[statement] = name
        for statement, name, result in aliases:
            line = cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(cst.Name(name))], cst.Name(result))])
            if not _already_there(context, statement, [line]):
                context.write_backs[statement] = [line]
        context.parameter_writes.update(writes[param])
        context.report(
            function,
            "N2T202",
            f"`{function.name.value}` writes into its parameter `{param}` and returns it: the writes now "
            "build a new array, so only the returned value has them",
            f"callers in other modules must use the result: `{param} = {function.name.value}(...)`",
        )


def _target_name(context: RewriteContext, statement: cst.CSTNode) -> cst.Name:
    if isinstance(statement, cst.Expr):
        written = _written_argument(context, statement.value)  # type: ignore[arg-type]
        assert isinstance(written, cst.Name)
        return written
    target = statement.targets[0].target if isinstance(statement, cst.Assign) else statement.target  # type: ignore[attr-defined]
    base = target.value if isinstance(target, cst.Subscript) else target
    assert isinstance(base, cst.Name)
    return base


def _base(statement: cst.AugAssign) -> cst.BaseExpression:
    return statement.target.value if isinstance(statement.target, cst.Subscript) else statement.target


def _returned(names: list[str]) -> cst.BaseExpression:
    if len(names) == 1:
        return cst.Name(names[0])
    return cst.Tuple([cst.Element(cst.Name(n)) for n in names], lpar=[], rpar=[])


@register(cst.Return)
def return_parameters(context: RewriteContext, original: cst.CSTNode, updated: cst.CSTNode) -> cst.CSTNode | None:
    """A bare ``return`` in a planned function returns the written parameters."""
    names = context.returned_parameters.get(original)
    if names is None:
        return None
    assert isinstance(updated, cst.Return)
    return updated.with_changes(value=_returned(names), whitespace_after_return=cst.SimpleWhitespace(" "))


@register(cst.FunctionDef)
def return_at_end(context: RewriteContext, original: cst.CSTNode, updated: cst.CSTNode) -> cst.CSTNode | None:
    """A planned function ends with ``return <written parameters>``."""
    names = context.returned_parameters.get(original)
    if names is None:
        return None
    assert isinstance(updated, cst.FunctionDef) and isinstance(updated.body, cst.IndentedBlock)
    body = list(updated.body.body)
    last = body[-1] if body else None
    if isinstance(last, cst.SimpleStatementLine) and any(isinstance(s, cst.Return) for s in last.body):
        return None
    body.append(cst.SimpleStatementLine([cst.Return(_returned(names))]))
    return updated.with_changes(body=updated.body.with_changes(body=body))
