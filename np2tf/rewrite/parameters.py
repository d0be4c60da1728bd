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

    A function that already returns what it writes (``return u``, or a tuple holding the
    written parameters, ``return u, v, p`` / ``return p, iterations``) keeps its return;
    each call must rebind every written argument at its place (``u, v, p = f(u, v, p)``),
    or pass a fresh array or a name nothing reads afterwards. Inside such a function,
    ``p = g(p)`` with ``g`` another of them keeps NumPy's array (``g`` returns the one it
    was given), so the chain converts when every function in it is called that way.

Example:
    See above, and::

        def pressure_poisson(p, b):            def pressure_poisson(p, b):
            for q in range(nit):                   for q in range(nit):
                p[1:-1] = ...            ->            p = n2t.setitem(p, n2t.s_[1:-1], ...)
            return p                               return p

        def cavity_flow(u, p):                 def cavity_flow(u, p):
            p = pressure_poisson(p, b)             p = pressure_poisson(p, b)
            u[1:-1] = ...                ->        u = n2t.setitem(u, n2t.s_[1:-1], ...)
            return u, p                            return u, p

        u, p = cavity_flow(u, p)               u, p = cavity_flow(u, p)

Fidelity:
    shim.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from np2tf.resolve import Kind
from np2tf.rewrite import RewriteContext, planner, register
from np2tf.rewrite.aliasing import _escape, rebind_blocker
from np2tf.rewrite.views import _already_there, _returned_argument


def _own_nodes(context: RewriteContext, function: cst.FunctionDef) -> list[cst.CSTNode]:
    """The function's nodes, without those of functions, lambdas and classes nested in it."""
    nodes = context.resolver.descendants(function)[1:]
    nested = [n for n in nodes if isinstance(n, (cst.FunctionDef, cst.Lambda, cst.ClassDef))]
    inner = {id(d) for n in nested for d in context.resolver.descendants(n)}
    return [n for n in nodes if id(n) not in inner]


def _param_of(context: RewriteContext, name: cst.CSTNode, params: dict[str, cst.Param],
              same: frozenset[int] = frozenset()) -> str | None:
    """The parameter a written name is, when its only binding is that parameter (or, with
    ``same``, bindings whose nodes' ids are in ``same``: ``p = f(p)`` with ``f`` returning
    the very array it was given)."""
    if not isinstance(name, cst.Name) or name.value not in params:
        return None
    # `x -= m` binds `x` too (libcst records it); NumPy writes in place, so it is not a rebinding.
    referents = [a for a in context.resolver.referents(name) if not isinstance(context.resolver.parents.get(getattr(a, "node", None)), cst.AugAssign)]
    if not referents or any(getattr(a, "node", None) is not params[name.value] and id(getattr(a, "node", None)) not in same for a in referents):
        return None
    return name.value


def _array_like(context: RewriteContext, name: cst.Name, value: cst.CSTNode | None) -> bool:
    from np2tf.rewrite.mutation import _maybe_array_parameter

    return context.resolver.kind(name) is Kind.ARRAY or _maybe_array_parameter(context, name, value)


def _writes(context: RewriteContext, function: cst.FunctionDef, nodes: list[cst.CSTNode],
            returned: tuple[list[str | None], bool] | None = None,
            same: frozenset[int] | None = None) -> dict[str, list[cst.CSTNode]] | None:
    """Statements writing into each array parameter; ``None`` when the function is not eligible.

    With ``returned`` (see :func:`_returned_shape`), every ``return`` must return the
    parameters at the same places (see :func:`plan_self_returning_writes`); otherwise a
    ``return`` with a value disqualifies. With ``same`` (ids of the bindings ``p = f(p)``
    that keep the caller's array, checked by the caller), rebinding a parameter there does
    not disqualify, and writes after it are writes to the parameter."""
    params = {p.name.value: p for p in function.params.params}
    writes: dict[str, list[cst.CSTNode]] = {}
    for node in nodes:
        if isinstance(node, (cst.Yield, cst.Global, cst.Nonlocal, cst.Await)):
            return None
        if isinstance(node, cst.Return) and node.value is not None:
            if returned is None or not _returns_match(node.value, returned):
                return None
        target = None
        if isinstance(node, cst.Assign) and len(node.targets) > 1 and all(isinstance(t.target, cst.Subscript) for t in node.targets):
            # u[0] = u[-1] = 1: a write to each target's base, in order
            for t in node.targets:
                name = _param_of(context, t.target.value, params, same or frozenset())
                array = name is not None and (_array_like(context, t.target.value, node.value) or (same and context.resolver.kind(params[name]) is Kind.ARRAY))
                if array and node not in writes.get(name, []):
                    writes.setdefault(name, []).append(node)
            continue
        if isinstance(node, cst.Assign) and len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Subscript):
            target = node.targets[0].target.value
        elif isinstance(node, cst.AugAssign):
            target = node.target.value if isinstance(node.target, cst.Subscript) else node.target
        elif isinstance(node, cst.Assign) and same is None:
            for t in node.targets:
                if isinstance(t.target, cst.Name) and t.target.value in params:
                    return None  # the parameter is rebound: later writes are not the caller's
        if isinstance(node, cst.Expr) and node.value in context.custom_calls:
            target = _written_argument(context, node.value)  # np.clip(a, lo, hi, out=a), np.copyto(a, b)
        if target is None:
            continue
        name = _param_of(context, target, params, same or frozenset())
        if name is None or not (_array_like(context, target, getattr(node, "value", None))  # type: ignore[arg-type]
                                or (same and context.resolver.kind(params[name]) is Kind.ARRAY)):
            continue  # (after `p, k = f(p)` the name's kind is unknown; the parameter's is the array's)
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


def _returned_shape(function: cst.FunctionDef) -> tuple[list[str | None], bool] | None:
    """What a function ends by returning (its last statement): ``(["u"], False)`` for
    ``return u``, ``(["u", "v", None], True)`` for ``return u, v, err`` (``None`` where the
    element is not a parameter); ``None`` when no parameter is returned that way."""
    body = function.body.body if isinstance(function.body, cst.IndentedBlock) else []
    last = body[-1] if body else None
    if not isinstance(last, cst.SimpleStatementLine) or not isinstance(last.body[-1], cst.Return):
        return None
    value = last.body[-1].value
    params = {p.name.value for p in function.params.params}
    if isinstance(value, cst.Name):
        return ([value.value], False) if value.value in params else None
    if not isinstance(value, cst.Tuple) or not value.elements or any(isinstance(e, cst.StarredElement) for e in value.elements):
        return None
    names = [e.value.value if isinstance(e.value, cst.Name) and e.value.value in params else None for e in value.elements]
    present = [n for n in names if n is not None]
    if not present or len(set(present)) != len(present):
        return None  # `return u, u`: one array at two places
    return names, True


def _returns_match(value: cst.BaseExpression, shape: tuple[list[str | None], bool]) -> bool:
    """A ``return`` gives back the parameters at the same places as the last one."""
    names, is_tuple = shape
    if not is_tuple:
        return isinstance(value, cst.Name) and value.value == names[0]
    if not isinstance(value, cst.Tuple) or len(value.elements) != len(names) or any(isinstance(e, cst.StarredElement) for e in value.elements):
        return False
    return all(n is None or (isinstance(e.value, cst.Name) and e.value.value == n) for e, n in zip(value.elements, names))


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
    scope = resolver.scopes.get(name)
    for assignment in resolver.referents(name):
        for access in getattr(assignment, "references", ()):
            if resolver._extent[access.node][0] >= end:
                return False
            if resolver.scopes.get(access.node) is not scope:
                return False  # a function defined earlier may read the name when called later
    return True


@dataclass(eq=False)
class _SelfReturning:
    """A function that writes into parameters it returns (see :func:`plan_self_returning_writes`)."""

    function: cst.FunctionDef
    shape: tuple[list[str | None], bool]
    writes: dict[str, list[cst.CSTNode]]  # parameter -> statements writing into it
    rebinds: list[tuple[cst.Assign, cst.Name]]  # `p = f(p, ...)`: (statement, the target `p`)
    calls: list[cst.Call]
    same: frozenset[int]  # ids of the nodes binding the caller's array: the parameters, the rebinds

    @property
    def written(self) -> list[str]:
        """Written parameters, in the order the function returns them."""
        names = set(self.writes) | {t.value for _, t in self.rebinds}
        return [n for n in self.shape[0] if n in names]  # type: ignore[misc]


def _self_returning(context: RewriteContext, function: cst.FunctionDef) -> _SelfReturning | None:
    """The function's candidate plan, before its call sites and callees are checked."""
    resolver = context.resolver
    shape = _returned_shape(function)
    calls = _uses(context, function)
    if shape is None or calls is None or not function.params.params:
        return None
    own = _own_nodes(context, function)
    own_ids = set(map(id, own))
    scope = resolver.scopes.get(function.params.params[0].name)
    if scope is None or not hasattr(scope, "assignments"):
        return None
    params = {p.name.value: p for p in function.params.params}
    rebinds: list[tuple[cst.Assign, cst.Name]] = []
    same = {id(p) for p in params.values()}
    for name, param in params.items():
        for assignment in scope.assignments[name]:
            node = getattr(assignment, "node", None)
            if node is param or isinstance(resolver.parents.get(node), cst.AugAssign):
                continue  # `x -= m` writes in place
            statement = _binding_statement(resolver, node)
            if statement is None or id(statement) not in own_ids:
                return None  # a loop target, `with`, a nested function's `nonlocal`...
            if not (isinstance(statement.value, cst.Call) and isinstance(statement.value.func, cst.Name)):
                return None  # rebound to another array: later writes are not the caller's
            rebinds.append((statement, node))  # checked by the fixpoint
            same.add(id(node))
    writes = _writes(context, function, own, returned=shape, same=frozenset(same))
    if writes is None or (not writes and not rebinds):
        return None  # not eligible (a yield, a return of other values...), or nothing written
    returned = {n for n in shape[0] if n is not None}
    if set(writes) - returned:
        return None  # a written parameter that is not returned: the caller would lose the write
    for statements in writes.values():
        if any(_escape(resolver, _target_name(context, w)) for w in statements):
            return None
    for _, target in rebinds:
        if target.value not in returned or _escape(resolver, target):
            return None
    return _SelfReturning(function, shape, writes, rebinds, calls, frozenset(same))


def _binding_statement(resolver: object, node: object) -> cst.Assign | None:
    """The ``Assign`` whose target is (or unpacks into) the name ``node``."""
    current = resolver.parents.get(node)  # type: ignore[attr-defined]
    while isinstance(current, (cst.Element, cst.Tuple, cst.List)):
        current = resolver.parents.get(current)  # type: ignore[attr-defined]
    if not isinstance(current, cst.AssignTarget):
        return None
    statement = resolver.parents.get(current)  # type: ignore[attr-defined]
    return statement if isinstance(statement, cst.Assign) and len(statement.targets) == 1 else None


def _unpacked(statement: cst.CSTNode, call: cst.Call, size: int, is_tuple: bool) -> list[cst.BaseExpression | None]:
    """The target each returned element is bound to at ``T = f(...)`` / ``a, b = f(...)``."""
    if not (isinstance(statement, cst.Assign) and len(statement.targets) == 1 and statement.value is call):
        return [None] * size
    target = statement.targets[0].target
    if not is_tuple:
        return [target]
    if isinstance(target, (cst.Tuple, cst.List)) and len(target.elements) == size and not any(isinstance(e, cst.StarredElement) for e in target.elements):
        return [e.value for e in target.elements]
    return [None] * size


@dataclass
class _SitePlan:
    rebind: str | None = None  # `f(u)` as a statement -> `u = f(u)`
    write_backs: list[tuple[str, str]] = field(default_factory=list)  # `N2 = f(N)` -> then `N = N2`


def _site_plan(context: RewriteContext, plan: _SelfReturning, call: cst.Call,
               plans: dict[cst.FunctionDef, _SelfReturning]) -> _SitePlan | str:
    """How the caller of ``call`` keeps NumPy's meaning once the written parameters become
    new arrays, or why it cannot. ``plans`` are the functions still planned: a caller's own
    parameter may be rebound when the caller returns it to callers that rebind it."""
    resolver = context.resolver
    names, is_tuple = plan.shape
    statement = resolver.parents.get(call)
    targets = _unpacked(statement, call, len(names), is_tuple)
    target_names = [t.value if isinstance(t, cst.Name) else None for t in targets]
    site = _SitePlan()
    rebound: list[str] = []
    for param in plan.written:
        position = names.index(param)
        arg = _argument(call, plan.function, param)
        if arg is None:
            return f"a call leaves `{param}` to its default"
        if resolver.is_fresh(arg):
            continue  # f(u.copy()), f(np.ones(n)): nothing else holds the array
        if not isinstance(arg, cst.Name):
            return f"a call passes `{param}` an expression np2tf cannot rebind"
        if _passed_twice(context, call, arg):
            return f"the call also passes `{arg.value}` (or a view of it) for another parameter, which would not see the write"
        blocker = rebind_blocker(resolver, arg)
        caller = _caller_plan(resolver, arg, plans)
        if blocker is not None and caller is not None and target_names[position] == arg.value:
            # `p = pressure_poisson(p, ...)` in a function returning `p` to callers that rebind it
            blocker = rebind_blocker(resolver, arg, returned=caller.same)
        if blocker is not None:
            return blocker
        target = target_names[position]
        elsewhere = [i for i, t in enumerate(target_names) if t == arg.value and i != position]
        if elsewhere:
            return f"the call binds `{arg.value}` to another of its results"
        if target == arg.value:
            continue  # `u, v = f(u, v)`: the caller rebinds the argument
        if isinstance(statement, cst.Expr):
            rebound.append(arg.value)
        elif _dead_after(context, arg, call):
            continue  # `u10 = diffuse(u)` as the last use of `u`: only the result matters
        elif target is not None and not is_tuple and _returned_argument(resolver, call) is arg:
            # NumPy's `N2` *is* `N`: `N` takes the result too (and rewrite/views.py sees
            # `N2 = f(N)` as an alias of `N` for later writes to either).
            site.write_backs.append((arg.value, target))
        elif target is not None:
            return f"`{target}` would be the same array as `{arg.value}`, which the caller reads after the call: np2tf cannot keep the two in step"
        else:
            return f"the caller reads `{arg.value}` after the call, and its result is not unpacked into names"
    if rebound:
        if len(rebound) != len(plan.written) or (is_tuple and len(plan.written) != len(names)) or len(set(rebound)) != len(rebound):
            return "the call is a statement whose results cannot all be rebound"
        site.rebind = ", ".join(rebound)
    return site


_METADATA = {"shape", "size", "ndim", "dtype", "itemsize", "nbytes"}


def _passed_twice(context: RewriteContext, call: cst.Call, arg: cst.Name) -> bool:
    """Another argument reads ``arg``'s array (``f(x, x)``, ``f(x, x[0])``): in NumPy that
    parameter sees the writes through the first, a tensor would not."""
    resolver = context.resolver
    for other in call.args:
        if other.value is arg:
            continue
        for node in resolver.descendants(other.value):
            if isinstance(node, cst.Name) and node.value == arg.value:
                parent = resolver.parents.get(node)
                if isinstance(parent, cst.Attribute) and parent.value is node and parent.attr.value in _METADATA:
                    continue  # `f(u, u.shape[0])`
                if isinstance(parent, cst.Attribute) and parent.attr is node:
                    continue  # `f(u, self.u)`: another name
                return True
    return False


def _caller_plan(resolver: object, name: cst.Name, plans: dict[cst.FunctionDef, _SelfReturning]) -> _SelfReturning | None:
    """The plan of the function ``name`` is a parameter of, when that function is planned."""
    scope = resolver.scopes.get(name)  # type: ignore[attr-defined]
    function = getattr(scope, "node", None)
    plan = plans.get(function) if isinstance(function, cst.FunctionDef) else None
    if plan is None or name.value not in {p.name.value for p in function.params.params}:  # type: ignore[union-attr]
        return None
    return plan


def _rebind_ok(context: RewriteContext, statement: cst.Assign, target: cst.Name, plans: dict[cst.FunctionDef, _SelfReturning]) -> bool:
    """``p = f(p, ...)`` (or ``p, k = f(p, ...)``) keeps the caller's array in NumPy: ``f``
    is planned and returns, where ``p`` is bound, the parameter it was given ``p`` for."""
    call = statement.value
    assert isinstance(call, cst.Call) and isinstance(call.func, cst.Name)
    callee = context.resolver._module_function(call.func)
    plan = plans.get(callee) if callee is not None else None
    if plan is None:
        return False
    targets = _unpacked(statement, call, len(plan.shape[0]), plan.shape[1])
    places = [i for i, t in enumerate(targets) if t is target]
    if len(places) != 1:
        return False
    param = plan.shape[0][places[0]]
    if param is None or param not in plan.written:
        return False
    arg = _argument(call, callee, param)  # type: ignore[arg-type]
    return isinstance(arg, cst.Name) and arg.value == target.value


@planner(order=6)
def plan_self_returning_writes(context: RewriteContext) -> None:
    """``def diffuse(u): u[1:-1] = ...; return u`` called as ``u = diffuse(u)``.

    The function already returns the array it writes, so its writes can rebind the
    parameter when every call site either rebinds the argument with the result
    (``u = diffuse(u)``), passes a fresh array (``diffuse(u.copy())``), passes a name
    nothing reads afterwards (``u10 = diffuse(u)`` at the end of ``main``), or is a
    statement whose argument can be rebound (``diffuse(u)`` -> ``u = diffuse(u)``).

    The same holds for a function returning a tuple that holds the written parameters
    (``return u, v, p``, ``return p, iterations``) when each call unpacks the result so
    that every written parameter's argument is rebound at its place
    (``u, v, p = cavity_flow(nt, u, v, dt, dx, dy, p, rho, nu)``), or the argument is
    fresh or dead afterwards.

    Chains: ``p = pressure_poisson(p, ...)`` inside ``cavity_flow``, where ``p`` is a
    parameter of ``cavity_flow`` that it returns to callers that rebind it. A greatest
    fixed point: every candidate starts planned, and a function leaves the plan when one
    of its calls cannot rebind (which may be because its caller left) or one of its own
    ``p = f(p)`` rebindings calls a function that left; then its writes are reported.
    """
    resolver = context.resolver
    plans: dict[cst.FunctionDef, _SelfReturning] = {}
    for function in [f for f in resolver.nodes if isinstance(f, cst.FunctionDef) and isinstance(resolver.parents.get(f), cst.Module)]:
        if function in context.returned_parameters:
            continue
        candidate = _self_returning(context, function)
        if candidate is not None:
            plans[function] = candidate
    sites: dict[cst.Call, _SitePlan] = {}
    changed = True
    while changed:
        changed = False
        for function, plan in list(plans.items()):
            ok = all(_rebind_ok(context, statement, target, plans) for statement, target in plan.rebinds)
            for call in plan.calls if ok else ():
                site = _site_plan(context, plan, call, plans)
                if isinstance(site, str):
                    ok = False
                    break
                sites[call] = site
            if not ok:
                del plans[function]
                changed = True
    for function, plan in plans.items():
        for call in plan.calls:
            site = sites[call]
            statement = resolver.parents.get(call)
            if site.rebind is not None:
                context.statement_rebinds[statement] = site.rebind  # type: ignore[index]
            if site.write_backs:
                lines = [cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(cst.Name(name))], cst.Name(result))]) for name, result in site.write_backs]
                if not _already_there(context, statement, lines):  # type: ignore[arg-type]
                    context.write_backs[statement] = lines  # type: ignore[index]
        for statements in plan.writes.values():
            context.parameter_writes.update(statements)
        written = plan.written
        which = ", ".join(f"`{p}`" for p in written)
        several = len(written) > 1
        unpack = ", ".join(n if n is not None else "_" for n in plan.shape[0])
        context.report(
            function,
            "N2T202",
            f"`{function.name.value}` writes into its parameter{'s' if several else ''} {which} and returns "
            f"{'them' if several else 'it'}: the writes now build {'new arrays' if several else 'a new array'}, so only the returned value has them",
            f"callers in other modules must use the result: `{unpack} = {function.name.value}(...)`",
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
