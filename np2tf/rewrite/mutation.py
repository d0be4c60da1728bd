"""Plan every in-place mutation of an array before anything is rewritten.

What it does:
    Finds the statements that mutate an array in place: subscript writes
    (``a[i] = v``, ``a[i] += v``), in-place methods (``a.sort()``), NumPy functions that
    write an argument (``np.random.shuffle(a)``) and augmented assignments (``a += v``).
    Mutations of one local name are decided together: either all become rebindings of
    the name (``a = n2t.setitem(a, ...)``), or none do.

NumPy vs TensorFlow:
    Tensors are immutable. Rebinding gives NumPy's result only when nothing else holds the
    old array (``aliasing.rebind_blocker``). When something might, np2tf *pins* the
    array to NumPy instead: the calls that create it stay NumPy calls, so every write and
    every alias behaves exactly as before (on the host), and N2T200 says so. When the
    array cannot be pinned (a parameter, a value np2tf did not create), the write is left
    as it is with N2T200: converted code raises there rather than compute something else.

Example:
    ``a = np.zeros(3); b = a; a[0] = 1`` keeps ``np.zeros`` (``b`` must see the write).

Fidelity:
    shim for rebindings; pinned arrays keep NumPy's exact semantics.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import libcst as cst

from np2tf.resolve import Kind
from np2tf.rewrite import RewriteContext, planner
from np2tf.rewrite.aliasing import rebind_blocker
from np2tf.rewrite.attributes import INPLACE_METHODS, ArrayAttribute, array_attributes, attribute_id, may_hold_array
from np2tf.rewrite.aliasing import index_kind, view_base
from np2tf.rewrite.views import ViewPlan, _pure_index, _returned_argument, plan_view_write, schedule_write_backs

# NumPy functions that write into an argument: name -> index of the written argument.
INPLACE_FUNCTIONS = {
    "numpy.random.shuffle": 0,
    "numpy.copyto": 0,
    "numpy.put": 0,
    "numpy.put_along_axis": 0,
    "numpy.place": 0,
    "numpy.putmask": 0,
    "numpy.fill_diagonal": 0,
}


@dataclass
class Mutation:
    """One statement that mutates the array bound to ``name`` (a local or ``self.attr``)."""

    statement: cst.CSTNode
    name: cst.Name | cst.Attribute
    kind: str  # "setitem", "method", "function" or "augassign"
    reason: str | None
    convert: bool = False
    attribute_key: tuple[int, str] | None = None
    plan: ViewPlan | None = None  # write-backs to the views and aliases sharing the array
    inline: str = ""  # `a.T[i] = v`, `a.flat[i] = v`, `a[1:][i] = v`: the view written through

    @property
    def label(self) -> str:
        """How messages name the mutated value."""
        if isinstance(self.name, cst.Attribute) and isinstance(self.name.value, cst.Name):
            return f"{self.name.value.value}.{self.name.attr.value}"
        return self.name.value if isinstance(self.name, cst.Name) else "the array"


def _name_mutation(context: RewriteContext, statement: cst.CSTNode, name: cst.Name, kind: str) -> Mutation:
    """A mutation of a local name: rebound alone, or with write-backs to its views and
    aliases (``rewrite/views.py``), or blocked with the reason."""
    plan = plan_view_write(context, name, statement)
    if isinstance(plan, ViewPlan):
        return Mutation(statement, name, kind, None, plan=plan)
    if isinstance(plan, str):
        return Mutation(statement, name, kind, plan)
    return Mutation(statement, name, kind, rebind_blocker(context.resolver, name))


def _array_name(context: RewriteContext, name: cst.Name, depth: int = 0) -> bool:
    """An array, or a view or alias of one (``v = a.view()``, ``y = f(a)`` with ``f``
    returning its parameter) that array inference leaves unknown."""
    resolver = context.resolver
    if resolver.kind(name) is Kind.ARRAY:
        return True
    for assignment in resolver.referents(name):
        known, value = resolver.assigned_value(assignment)
        base = (view_base(resolver, value) or _returned_argument(resolver, value)) if known and value is not None else None
        base = value if isinstance(value, cst.Name) else base
        if base is not None and resolver.kind(base) is Kind.ARRAY:
            return True
        if isinstance(base, cst.Name) and depth < 4 and (_array_name(context, base, depth + 1) or _maybe_array_parameter(context, base, None)):
            return True  # `y = x` with `x` a parameter that holds arrays
    return False


def _inline_view(context: RewriteContext, base: cst.BaseExpression) -> tuple[cst.Name, str] | None:
    """``(a, form)`` when a write goes through a view expression of the local array ``a``:
    ``a.T[i] = v`` (transpose), ``a.flat[i] = v`` (flat), ``a[1:][i] = v`` (index)."""
    resolver = context.resolver
    view, form = None, ""
    if isinstance(base, cst.Attribute) and base.attr.value in ("T", "flat") and resolver.qualified_name(base) is None:
        view, form = base.value, "transpose" if base.attr.value == "T" else "flat"
    elif isinstance(base, cst.Call) and isinstance(base.func, cst.Attribute) and base.func.attr.value == "transpose" and not base.args:
        view, form = base.func.value, "transpose"
    elif isinstance(base, cst.Subscript) and isinstance(base.value, cst.Name) and index_kind(resolver, base) == "view":
        if _pure_index(resolver, tuple(base.slice)) is not None:
            view, form = base.value, "index"
    if isinstance(view, cst.Name) and resolver.kind(view) is Kind.ARRAY:
        return view, form
    return None


def _subscript_base(target: cst.BaseExpression) -> cst.BaseExpression:
    return target.value if isinstance(target, cst.Subscript) else target


def _integer_chain_base(context: RewriteContext, target: cst.BaseExpression) -> cst.Name | None:
    """``a`` for ``a[i][j]`` when ``i`` is an integer (a literal or a ``range`` loop
    variable), where the chained write equals ``a[i, j] = v``; else ``None``."""
    if not (isinstance(target, cst.Subscript) and isinstance(target.value, cst.Subscript)):
        return None
    inner = target.value
    if not isinstance(inner.value, cst.Name) or len(inner.slice) != 1 or not isinstance(inner.slice[0].slice, cst.Index):
        return None
    index = inner.slice[0].slice.value
    if isinstance(index, cst.Integer) or (isinstance(index, cst.UnaryOperation) and isinstance(index.expression, cst.Integer)):
        return inner.value
    if isinstance(index, cst.Name) and _range_variable(context, index):
        return inner.value
    return None


def _range_variable(context: RewriteContext, name: cst.Name) -> bool:
    referents = context.resolver.referents(name)
    for assignment in referents:
        node = getattr(assignment, "node", None)
        loop = context.resolver.parents.get(node) if node is not None else None
        if not (isinstance(loop, (cst.For, cst.CompFor)) and loop.target is node and isinstance(loop.iter, cst.Call)):
            return False
        if context.resolver.qualified_name(loop.iter.func) != "builtins.range" and not (isinstance(loop.iter.func, cst.Name) and loop.iter.func.value == "range"):
            return False
    return bool(referents)


def _maybe_array_parameter(context: RewriteContext, name: cst.Name, value: cst.CSTNode | None) -> bool:
    """A parameter of unknown type that the function treats as an array."""
    resolver = context.resolver
    if not any(isinstance(getattr(a, "node", None), cst.Param) for a in resolver.referents(name)):
        return False
    if resolver.kind(name) is Kind.OTHER:
        return False  # every caller passes a list, dict, number...: `params[k] -= lr * g[k]`
    if value is not None and resolver.kind(value) is Kind.ARRAY:
        return True
    scope = resolver.scopes.get(name)
    for access in scope.accesses[name.value] if scope is not None else ():
        arg = resolver.parents.get(access.node)
        call = resolver.parents.get(arg) if isinstance(arg, cst.Arg) else None
        if isinstance(call, cst.Call) and resolver.numpy_name(call.func):
            return True
    return _nested_function_gets_array(context, name)


def _nested_function_gets_array(context: RewriteContext, name: cst.Name) -> bool:
    """A parameter of a function defined inside another, to which some call passes an
    array (array inference reads call sites of module-level functions only)."""
    resolver = context.resolver
    referents = resolver.referents(name)
    param = getattr(referents[0], "node", None) if len(referents) == 1 else None
    params = resolver.parents.get(param) if isinstance(param, cst.Param) else None
    function = resolver.parents.get(params) if isinstance(params, cst.Parameters) else None
    if not isinstance(function, cst.FunctionDef) or param not in params.params:  # type: ignore[union-attr]
        return False
    position = list(params.params).index(param)  # type: ignore[union-attr]
    for call in resolver.direct_calls(function) or ():
        for i, arg in enumerate(call.args):
            if (arg.keyword is None and i == position and not arg.star) or (arg.keyword is not None and arg.keyword.value == name.value):
                if resolver.kind(arg.value) is Kind.ARRAY:
                    return True
    return False


def _loop_over_arrays(context: RewriteContext, name: cst.Name) -> str | None:
    """The iterable's text when ``name`` is a ``for`` target taking arrays out of it
    (rows of an array, arrays in a list): ``for d in data: d += 1`` writes into ``data``."""
    resolver = context.resolver
    for assignment in resolver.referents(name):
        node = getattr(assignment, "node", None)
        loop = resolver.parents.get(node)
        if not (isinstance(loop, cst.For) and loop.target is node):
            continue
        iterable = loop.iter
        values: list[cst.CSTNode] = [iterable]
        if isinstance(iterable, cst.Name):
            values = [v for known, v in map(resolver.assigned_value, resolver.referents(iterable)) if known and v is not None]
        for value in values:
            if resolver.kind(value) is Kind.ARRAY:
                return cst.Module([]).code_for_node(iterable)
            elements = [e.value for e in value.elements] if isinstance(value, (cst.List, cst.Tuple)) else [value.elt] if isinstance(value, cst.ListComp) else []
            if any(resolver.kind(e) is Kind.ARRAY for e in elements):
                return cst.Module([]).code_for_node(iterable)
    return None


def _report_unconvertible_base(context: RewriteContext, statement: cst.CSTNode, base: cst.BaseExpression, value: cst.CSTNode | None) -> None:
    resolver = context.resolver
    if isinstance(base, cst.Subscript) and resolver.kind(base) is Kind.ARRAY:
        context.report(statement, "N2T200", "chained subscript write (`a[i][j] = v`) into an array whose first index may not be an integer; left unchanged", "write `a[i, j] = v` instead")
    elif not isinstance(base, cst.Name) and resolver.kind(base) is Kind.ARRAY:
        context.report(statement, "N2T200", "subscript write into an array that is not a plain local name; left unchanged")
    elif isinstance(base, cst.Name) and _maybe_array_parameter(context, base, value):
        context.report(statement, "N2T200", f"write into parameter `{base.value}`, which may hold an array: NumPy writes into the caller's array, a tensor cannot be written; left unchanged", "return the new array and rebind it at the call sites")
    elif isinstance(base, cst.Attribute) and may_hold_array(resolver, base):
        label = cst.Module([]).code_for_node(base)
        context.report(statement, "N2T200", f"write into `{label}`, which may hold an array np2tf cannot follow (not every assignment to it binds one, or it is read outside its class); left unchanged (a tensor there cannot be written)", f"bind it to arrays only and write it in the class's methods, or write `{label} = n2t.setitem({label}, n2t.s_[...], value)`")
    elif isinstance(base, cst.Attribute) and _sliced_write(statement):
        label = cst.Module([]).code_for_node(base)
        context.report(statement, "N2T200", f"slice write into `{label}`, which may hold an array np2tf cannot trace; left unchanged (a tensor there cannot be written)", f"bind `{label}` from a NumPy call in this module, or write `{label} = n2t.setitem({label}, n2t.s_[...], value)`")


def _sliced_write(statement: cst.CSTNode) -> bool:
    target = statement.targets[0].target if isinstance(statement, cst.Assign) else getattr(statement, "target", None)
    return isinstance(target, cst.Subscript) and any(isinstance(e.slice, cst.Slice) for e in target.slice)


def _attribute_mutation(context: RewriteContext, attrs: dict[tuple[int, str], ArrayAttribute], statement: cst.CSTNode, base: cst.BaseExpression, kind: str) -> Mutation | None:
    """A mutation of ``self.attr`` when that attribute holds arrays."""
    key = attribute_id(context.resolver, base)
    attr = attrs.get(key) if key is not None else None
    if attr is None:
        return None
    return Mutation(statement, base, kind, attr.blocker, attribute_key=key)


def _collect(context: RewriteContext, attrs: dict[tuple[int, str], ArrayAttribute]) -> list[Mutation]:
    resolver = context.resolver
    found: list[Mutation] = []
    for node in resolver.nodes:
        if not isinstance(node, (cst.Assign, cst.AugAssign, cst.Expr)):
            continue
        if node in context.parameter_writes and not isinstance(node, cst.Expr):
            # Written parameters that rewrite/parameters.py returns and rebinds at the calls.
            target = node.targets[0].target if isinstance(node, cst.Assign) else node.target  # type: ignore[union-attr]
            kind = "setitem" if isinstance(target, cst.Subscript) else "augassign"
            found.append(Mutation(node, _subscript_base(target), kind, None))  # type: ignore[arg-type]
            continue
        if isinstance(node, cst.Assign) and any(isinstance(t.target, cst.Subscript) for t in node.targets):
            if len(node.targets) != 1:
                bases = {cst.Module([]).code_for_node(_subscript_base(t.target)) for t in node.targets}
                base = _subscript_base(node.targets[0].target)
                simple = isinstance(node.value, (cst.Integer, cst.Float, cst.Name)) or (isinstance(node.value, cst.UnaryOperation) and isinstance(node.value.expression, (cst.Integer, cst.Float)))
                every = all(isinstance(t.target, cst.Subscript) for t in node.targets)
                attribute = _attribute_mutation(context, attrs, node, base, "setitem") if len(bases) == 1 and every and simple else None
                if len(bases) == 1 and isinstance(base, cst.Name) and simple and every and resolver.kind(base) is Kind.ARRAY:
                    # `g[0, 1] = g[1, 2] = 1`: one write per target, in order.
                    found.append(_name_mutation(context, node, base, "setitem"))
                elif attribute is not None:
                    found.append(attribute)  # `self.u[0, :] = self.u[-1, :] = 0.0`
                elif any(resolver.kind(_subscript_base(t.target)) is Kind.ARRAY or isinstance(_subscript_base(t.target), cst.Attribute) for t in node.targets):
                    context.report(node, "N2T200", "chained assignment with a subscript write into an array; left unchanged", "split it into separate statements")
                continue
            base = _subscript_base(node.targets[0].target)
            chained = _integer_chain_base(context, node.targets[0].target)
            if chained is not None and resolver.kind(chained) is Kind.ARRAY:
                base = chained
            attribute = _attribute_mutation(context, attrs, node, base, "setitem")
            if attribute is not None:
                found.append(attribute)
            elif isinstance(base, cst.Name) and _array_name(context, base):
                found.append(_name_mutation(context, node, base, "setitem"))
            elif len(node.targets) == 1 and chained is None and (inline := _inline_view(context, base)) is not None:
                found.append(_name_mutation(context, node, inline[0], "setitem"))
                found[-1].inline = inline[1]
            else:
                _report_unconvertible_base(context, node, base, node.value)
        elif isinstance(node, cst.AugAssign) and isinstance(node.target, cst.Name) and (container := _loop_over_arrays(context, node.target)) is not None:
            name = node.target.value
            context.report(node, "N2T200", f"in-place update of `{name}`, an array taken from `{container}` by the loop: NumPy updates the array inside `{container}`, the conversion would only rebind `{name}`; left unchanged", f"write the result back by index (`for i in range(len({container})): {container}[i] = ...`)")
        elif isinstance(node, cst.AugAssign):
            target = node.target
            base = _subscript_base(target)
            kind = "setitem" if isinstance(target, cst.Subscript) else "augassign"
            chained = _integer_chain_base(context, target)
            if chained is not None and resolver.kind(chained) is Kind.ARRAY:
                base = chained
            attribute = _attribute_mutation(context, attrs, node, base, kind)
            if attribute is not None:
                found.append(attribute)
            elif isinstance(base, cst.Name) and _array_name(context, base):
                found.append(_name_mutation(context, node, base, kind))
            elif isinstance(target, cst.Subscript) and chained is None and (inline := _inline_view(context, base)) is not None:
                found.append(_name_mutation(context, node, inline[0], kind))
                found[-1].inline = inline[1]
            elif isinstance(target, cst.Subscript):
                _report_unconvertible_base(context, node, base, node.value)
            elif isinstance(target, cst.Name) and _maybe_array_parameter(context, target, node.value):
                context.report(node, "N2T200", f"in-place update of parameter `{target.value}`, which may hold an array, becomes a rebinding: NumPy updates the caller's array", "return the new array and rebind it at the call sites")
        elif isinstance(node, cst.Expr) and isinstance(node.value, cst.Call):
            call = node.value
            func = call.func
            if isinstance(func, cst.Attribute) and func.attr.value in INPLACE_METHODS and not resolver.numpy_name(func):
                receiver = func.value
                rule = context.rules.method(func.attr.value)
                untranslatable = None if rule is not None and rule.converts else f"`ndarray.{func.attr.value}()` has no tensor equivalent"
                # `self.u.fill(0.0)` -> `self.u = n2t.ndarray.fill(self.u, 0.0)` when every
                # write to the attribute can be a rebinding (`self.u[0] = v` decides alike).
                attribute = _attribute_mutation(context, attrs, node, receiver, "method")
                if attribute is not None:
                    attribute.reason = attribute.reason or untranslatable
                    found.append(attribute)
                elif resolver.kind(receiver) is Kind.ARRAY or (isinstance(receiver, cst.Name) and _array_name(context, receiver)):
                    if isinstance(receiver, cst.Name):
                        if untranslatable is None:
                            found.append(_name_mutation(context, node, receiver, "method"))
                        else:
                            found.append(Mutation(node, receiver, "method", untranslatable))
                    else:
                        context.report(node, "N2T201", f"in-place `.{func.attr.value}()` on an array that is not a plain local name; left unchanged")
                elif isinstance(receiver, cst.Attribute) and may_hold_array(resolver, receiver):
                    label = cst.Module([]).code_for_node(receiver)
                    context.report(node, "N2T201", f"in-place `.{func.attr.value}()` on `{label}`, which may hold an array np2tf cannot follow (not every assignment to it binds one, or it is read outside its class); left unchanged (a tensor there has no `.{func.attr.value}()`)", f"bind it to arrays only and write it in the class's methods, or write `{label} = n2t.ndarray.{func.attr.value}({label}, ...)`")
    for call, (rule, name) in list(context.custom_calls.items()):
        if name not in ("rebind_argument", "out_argument"):
            continue
        statement = resolver.parents.get(call)
        assert isinstance(call, cst.Call)
        index = INPLACE_FUNCTIONS.get(rule.numpy, 0)
        if name == "out_argument":
            written = next((a.value for a in call.args if a.keyword is not None and a.keyword.value == "out"), None)
        else:
            written = call.args[index].value if len(call.args) > index and call.args[index].keyword is None and not call.args[index].star else None
        reason = None
        attribute = None
        if isinstance(statement, cst.Expr) and isinstance(written, cst.Attribute) and rule.tf:
            # np.add.at(self.counts, i, 1), np.clip(self.v, lo, hi, out=self.v): an array
            # attribute is rebound like any other write to it (`self.counts = ...`).
            attribute = _attribute_mutation(context, attrs, statement, written, "function")
        if attribute is not None:
            found.append(attribute)
            continue
        if not isinstance(statement, cst.Expr):
            reason = "its result is used, so np2tf cannot turn the call into a rebinding"
        elif not isinstance(written, cst.Name):
            reason = "the written argument is not a plain local name"
        elif not rule.tf:
            reason = "no TensorFlow target"
        if reason is not None or not isinstance(written, cst.Name):
            del context.custom_calls[call]
            if name == "out_argument":
                context.report(call, "N2T102", f"`{rule.numpy}` argument `out=` has no TensorFlow equivalent here: {reason}; call left unchanged", "write `a = f(...)` instead of `f(..., out=a)`")
            else:
                context.report(call, "N2T200", f"`{rule.numpy}` writes into its argument; left unchanged: {reason}")
            continue
        if statement in context.parameter_writes:
            found.append(Mutation(statement, written, "function", None))  # the function now returns it
            continue
        found.append(_name_mutation(context, statement, written, "function"))
    return found


def _assigned_values(context: RewriteContext, mutation: Mutation, attrs: dict[tuple[int, str], ArrayAttribute]) -> list[cst.CSTNode | None]:
    if mutation.attribute_key is not None:
        return list(attrs[mutation.attribute_key].values)
    values: list[cst.CSTNode | None] = []
    for assignment in context.resolver.referents(mutation.name):  # type: ignore[arg-type]
        known, value = context.resolver.assigned_value(assignment)
        values.append(value if known else None)
    return values


def _pin(context: RewriteContext, values: list[cst.CSTNode | None], name: str) -> list[int] | None:
    """Keep the NumPy calls that create the array as NumPy; the lines pinned, or ``None``."""
    resolver = context.resolver
    creations: list[cst.Call] = []
    for value in values:
        if value is None or isinstance(value, cst.Param):
            return None
        if isinstance(value, cst.BinaryOperation) and cst.Module([]).code_for_node(value.left) == name:
            continue  # `a += v` on a pinned array stays a NumPy in-place update
        if not (isinstance(value, cst.Call) and value.func in context.replacements and resolver.numpy_name(value.func)):
            return None
        creations.append(value)
    if not creations:
        return None
    for call in creations:
        del context.replacements[call.func]
        context.keyword_renames.pop(call, None)
    return sorted({resolver.position(call)[0] for call in creations})


@planner(order=10)
def plan_mutations(context: RewriteContext) -> None:
    """Decide, per mutated local name, between rebinding, pinning to NumPy, or leaving it."""
    groups: dict[tuple[int, str], list[Mutation]] = defaultdict(list)
    attrs = array_attributes(context.resolver)
    for mutation in _collect(context, attrs):
        label = mutation.plan.root if mutation.plan is not None else mutation.label
        key = mutation.attribute_key or (id(context.resolver.scopes.get(mutation.name)), label)
        groups[key].append(mutation)
    for mutations in groups.values():
        blocked = [m for m in mutations if m.reason is not None]
        if not blocked:
            for m in mutations:
                m.convert = m.kind != "augassign"
                context.mutations[m.statement] = m
                if m.plan is not None:
                    schedule_write_backs(context, m.statement, m.plan)
            continue
        first = blocked[0]
        label = first.label
        pinned = _pin(context, _assigned_values(context, first, attrs), label)
        for m in mutations:
            if m.kind == "function":
                context.custom_calls.pop(m.statement.value, None)  # type: ignore[attr-defined]
            if pinned is not None:
                if m is first:
                    lines = ", ".join(map(str, pinned))
                    context.report(m.statement, "N2T200", f"in-place write to `{label}` kept as NumPy: {m.reason}; `{label}` stays a NumPy array (created on line {lines}) so the write keeps NumPy's meaning", f"if nothing else needs to see the write, copy first (`{label} = {label}.copy()`) and it converts")
            elif m.reason is not None:
                code = "N2T201" if m.kind == "method" else "N2T200"
                context.report(m.statement, code, f"in-place write to `{label}` left unchanged: {m.reason}", f"copy first (`{label} = {label}.copy()`) if the write need not be seen elsewhere")
            elif m.kind != "augassign":
                # Convertible alone, but `label`'s writes convert together or not at all: left
                # as written, which raises on a tensor, so it is reported too.
                line = context.resolver.position(first.statement)[0]
                code = "N2T201" if m.kind == "method" else "N2T200"
                context.report(m.statement, code, f"in-place write to `{label}` left unchanged: the write on line {line} cannot be converted ({first.reason}), and `{label}`'s writes convert together or not at all", f"copy first (`{label} = {label}.copy()`) before the first write if the writes need not be seen elsewhere")
