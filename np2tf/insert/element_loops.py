"""Element loops with independent iterations, and masked writes, become one vectorized write (N2T409).

What it does:
    CFD-lesson code updates arrays one element at a time::

        for i in range(1, nx - 1):
            u[i] = un[i] - un[i] * dt / dx * (un[i] - un[i - 1])

    After the rewrites this is ``u = n2t.setitem(u, n2t.s_[i], ...)`` per element: ~20 ops of
    a few microseconds each per element, eagerly or as a graph loop (NumPy: ~1 us). When every
    iteration only writes element ``i`` of its target and reads arrays at ``i + c`` (its own
    targets only at ``i``), the iterations are independent and the loop is one elementwise
    expression over ``i = arange(1, nx - 1)``::

        u = n2t.elementwise_update(u, 1, nx - 1, lambda i, un, dt, dx: un[i] - un[i] * dt / dx * (un[i] - un[i - 1]), (un,), (dt, dx))

    ``n2t.elementwise_update`` evaluates it once with ``i`` a vector when the target and the
    arrays read are one-dimensional (reads become gathers, with NumPy's negative wrap:
    ``un[i - 1]`` at ``i = 0`` reads the last element, as NumPy does), and runs the loop as
    written otherwise.

    A comprehension that calls an elementwise module function per element,
    ``tnp.asarray([ufunc(t, x0, nu) for x0 in x])``, becomes
    ``tnp.asarray(n2t.elementwise_map(ufunc, (t, None, nu), 1, x))``: one call with the
    array when ``x`` is 1-D and the other arguments numbers, per element otherwise.

    A masked write whose value is elementwise in the masked elements,
    ``x = n2t.setitem(x, n2t.s_[m], x[m] ** (-1.5))``, becomes
    ``x = n2t.mask_update(x, m, lambda x: x ** (-1.5), (x,), ())``: one select over the
    whole arrays when ``m`` is a boolean array shaped like them (checked at run time), the
    write as written otherwise (see ``np2tf/runtime/_element_loops.py``).

Fidelity:
    Each element gets the same IEEE operations in the same order, so the values are NumPy's
    bit for bit. Only these loops qualify: ``for i in range(a)``/``range(a, b)`` (no step)
    whose body is nothing but such writes, one per target; the expressions are numbers,
    names, ``+ - * / // % **``, unary ``-``/``+``, subscripts ``y[e]`` with one index, and
    calls of elementwise ``tnp``/``n2t`` functions. A target read at another index than
    ``i`` (``u[i - 1]``: Gauss-Seidel, each iteration needs the one before), a target read
    whole, or the loop variable read after the loop keeps the loop.

Options:
    Off with ``--tf-function off`` (the literal conversion keeps every loop).
"""

from __future__ import annotations

from typing import Callable

import libcst as cst

from np2tf.insert import inserter
from np2tf.insert._analysis import Module, analyse_module, dotted, is_docstring, is_mask, mask_names, names_read, walk
from np2tf.rewrite import RewriteContext

# Elementwise functions (tnp/n2t spellings) an element's expression may call.
ELEMENTWISE = {
    "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sqrt", "cbrt", "square", "abs", "absolute", "fabs",
    "sin", "cos", "tan", "arcsin", "arccos", "arctan", "arctan2", "sinh", "cosh", "tanh", "arcsinh", "arccosh",
    "arctanh", "hypot", "sign", "floor", "ceil", "trunc", "rint", "maximum", "minimum", "fmax", "fmin", "power",
    "float_power", "reciprocal", "negative", "positive", "deg2rad", "rad2deg", "degrees", "radians", "copysign",
}
_ARITHMETIC = (cst.Add, cst.Subtract, cst.Multiply, cst.Divide, cst.FloorDivide, cst.Modulo, cst.Power)


class _No(Exception):
    pass


def _write(stmt: cst.BaseStatement, loop_var: str, info: Module) -> tuple[str, cst.BaseExpression] | None:
    """``X = n2t.setitem(X, n2t.s_[i], E)`` -> (``X``, ``E``)."""
    if not (isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], cst.Assign)):
        return None
    assign = stmt.body[0]
    call = assign.value
    if len(assign.targets) != 1 or not isinstance(assign.targets[0].target, cst.Name) or not isinstance(call, cst.Call):
        return None
    if dotted(call.func) != f"{info.n2t}.setitem" or len(call.args) != 3 or any(a.keyword or a.star for a in call.args):
        return None
    name = assign.targets[0].target.value
    first, key, value = (a.value for a in call.args)
    if not (isinstance(first, cst.Name) and first.value == name):
        return None
    if not (isinstance(key, cst.Subscript) and dotted(key.value) == f"{info.n2t}.s_" and len(key.slice) == 1
            and isinstance(key.slice[0].slice, cst.Index) and isinstance(key.slice[0].slice.value, cst.Name)
            and key.slice[0].slice.value.value == loop_var):
        return None
    return name, value


def _elementwise(expr: cst.CSTNode, info: Module, operators: tuple[type, ...], name: Callable[[cst.Name], None],
                 subscript: Callable[[cst.Subscript], cst.BaseExpression]) -> cst.BaseExpression:
    """``expr`` rebuilt with each subscript replaced by ``subscript(node)`` (``name(node)`` sees
    each plain name); raise :class:`_No` unless it is numbers, names, ``operators``, unary
    ``-``/``+``, subscripts, calls of elementwise ``tnp``/``n2t`` functions and ``tnp.pi``."""
    def rebuilt(e: cst.CSTNode) -> cst.BaseExpression:
        if isinstance(e, (cst.Integer, cst.Float)):
            return e
        if isinstance(e, cst.Name):
            name(e)
            return e
        if isinstance(e, cst.BinaryOperation):
            if not isinstance(e.operator, operators):
                raise _No(f"the operator `{e.operator.__class__.__name__}`")
            return e.with_changes(left=rebuilt(e.left), right=rebuilt(e.right))
        if isinstance(e, cst.UnaryOperation):
            if not isinstance(e.operator, (cst.Minus, cst.Plus)):
                raise _No("an operator other than arithmetic")
            return e.with_changes(expression=rebuilt(e.expression))
        if isinstance(e, cst.Subscript):
            return subscript(e)
        if isinstance(e, cst.Call):
            called = dotted(e.func) or ""
            lib, _, func = called.rpartition(".")
            if lib not in (info.tnp, info.n2t) or func not in ELEMENTWISE or any(a.keyword or a.star for a in e.args):
                raise _No(f"calls `{called or '?'}`")
            return e.with_changes(args=[a.with_changes(value=rebuilt(a.value)) for a in e.args])
        if isinstance(e, cst.Attribute) and (dotted(e) or "").split(".")[0] in (info.tnp, info.n2t):
            return e  # tnp.pi
        raise _No(f"a {type(e).__name__}")

    return rebuilt(expr)


def _check(expr: cst.CSTNode, loop_var: str, written: set[str], info: Module, arrays: set[str], scalars: set[str]) -> None:
    """Raise :class:`_No` unless ``expr`` is an elementwise expression of element ``i``."""
    def name(node: cst.Name) -> None:
        if node.value in written:
            raise _No(f"reads `{node.value}` whole while writing it")
        if node.value != loop_var and node.value not in ("True", "False"):
            scalars.add(node.value)

    def subscript(node: cst.Subscript) -> cst.BaseExpression:
        if not isinstance(node.value, cst.Name) or len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
            raise _No("a subscript other than `y[e]`")
        array = node.value.value
        index = node.slice[0].slice.value
        if array == loop_var:
            raise _No("subscripts the loop variable")
        if array in written and not (isinstance(index, cst.Name) and index.value == loop_var):
            raise _No(f"reads `{array}` at another element than the one it writes")
        _check(index, loop_var, written, info, arrays, scalars)
        arrays.add(array)
        return node

    _elementwise(expr, info, _ARITHMETIC, name, subscript)


def vectorize(loop: cst.For, info: Module) -> tuple[list[cst.BaseStatement], str] | str:
    """The statements replacing ``loop`` and the note, or why not (the caller checks that the
    loop variable is not read after it)."""
    if loop.orelse is not None or loop.asynchronous is not None or not isinstance(loop.target, cst.Name):
        return "not a plain for loop"
    call = loop.iter
    if not (isinstance(call, cst.Call) and dotted(call.func) == "range" and 1 <= len(call.args) <= 2 and not any(a.keyword or a.star for a in call.args)):
        return "does not iterate over range(stop) or range(start, stop)"
    loop_var = loop.target.value
    if not isinstance(loop.body, cst.IndentedBlock) or not loop.body.body:
        return "not a block"
    writes = []
    for stmt in loop.body.body:
        found = _write(stmt, loop_var, info)
        if found is None:
            return "holds statements other than element writes"
        writes.append(found)
    targets = [name for name, _ in writes]
    written = set(targets)
    if len(written) != len(targets):
        return "writes one array twice"
    bounds = [a.value for a in call.args]
    if any(names_read(b) & (written | {loop_var}) for b in bounds):
        return "its range reads what it writes"
    start, stop = (cst.Integer("0"), bounds[0]) if len(bounds) == 1 else (bounds[0], bounds[1])
    out: list[cst.BaseStatement] = []
    for name, value in writes:
        arrays: set[str] = set()
        scalars: set[str] = set()
        try:
            _check(value, loop_var, written, info, arrays, scalars)
        except _No as why:
            return str(why)
        scalars -= arrays
        order_a, order_s = sorted(arrays), sorted(scalars)
        params = cst.Parameters([cst.Param(cst.Name(p)) for p in (loop_var, *order_a, *order_s)])
        args = [cst.Arg(cst.Name(name)), cst.Arg(start), cst.Arg(stop), cst.Arg(cst.Lambda(params, value)),
                cst.Arg(_tuple([cst.Name(n) for n in order_a])), cst.Arg(_tuple([cst.Name(n) for n in order_s]))]
        update = cst.Call(cst.parse_expression(f"{info.n2t}.elementwise_update"), args)
        out.append(cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(cst.Name(name))], update)]))
    out[0] = out[0].with_changes(leading_lines=loop.leading_lines)
    return out, f"element loop becomes one vectorized write per array ({', '.join(f'`{t}`' for t in targets)}): its iterations are independent"


def _tuple(items: list[cst.BaseExpression]) -> cst.Tuple:
    """``(a, b)``, ``(a,)`` or ``()``."""
    if len(items) == 1:
        return cst.Tuple([cst.Element(items[0], comma=cst.Comma())])
    return cst.Tuple([cst.Element(e) for e in items])


def _elementwise_function(func: cst.FunctionDef, info: Module) -> bool:
    """``func`` computes its result elementwise from its parameters: assignments to names and a
    final ``return`` of numbers, its own parameters and locals, arithmetic and elementwise
    ``tnp``/``n2t`` calls (so calling it with an array gives each element's result)."""
    params = func.params
    if func.decorators or params.star_kwarg is not None or isinstance(params.star_arg, cst.Param) or params.posonly_params or params.kwonly_params:
        return False
    known = {p.name.value for p in params.params}
    body = list(func.body.body) if isinstance(func.body, cst.IndentedBlock) else []
    if body and is_docstring(body[0]):
        body = body[1:]
    if not body or not (isinstance(body[-1], cst.SimpleStatementLine) and len(body[-1].body) == 1
                        and isinstance(body[-1].body[0], cst.Return) and body[-1].body[0].value is not None):
        return False
    for stmt in body:
        if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
            return False
        small = stmt.body[0]
        if isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name):
            value, target = small.value, small.targets[0].target.value
        elif isinstance(small, cst.Return):
            value, target = small.value, None
        else:
            return False
        names: set[str] = set()
        try:
            _check(value, "", set(), info, set(), names)
        except _No:
            return False
        if any(isinstance(n, cst.Subscript) for n in walk(value)) or not names <= known:
            return False  # a global array would broadcast against the whole array
        if target is not None:
            known.add(target)
    return True


def _map_call(call: cst.Call, info: Module) -> tuple[cst.Call, str] | None:
    """``tnp.asarray([f(t, x0, nu) for x0 in x])`` -> ``tnp.asarray(n2t.elementwise_map(f, (t, x0, nu), 1, x))``."""
    if dotted(call.func) not in (f"{info.tnp}.asarray", f"{info.tnp}.array") or len(call.args) != 1 or call.args[0].keyword:
        return None
    comp = call.args[0].value
    if not isinstance(comp, cst.ListComp) or comp.for_in.inner_for_in is not None or comp.for_in.ifs or comp.for_in.asynchronous:
        return None
    target = comp.for_in.target
    elt = comp.elt
    if not (isinstance(target, cst.Name) and isinstance(elt, cst.Call) and isinstance(elt.func, cst.Name)):
        return None
    func = info.functions.get(elt.func.value)
    if func is None or any(a.keyword or a.star for a in elt.args) or names_read(comp.for_in.iter) & {target.value}:
        return None
    at = [k for k, a in enumerate(elt.args) if isinstance(a.value, cst.Name) and a.value.value == target.value]
    others = [a for k, a in enumerate(elt.args) if k not in at]
    if len(at) != 1 or any(target.value in names_read(a.value) for a in others) or len(elt.args) != len(func.params.params):
        return None
    if not _elementwise_function(func, info):
        return None
    args = _tuple([cst.Name("None") if k == at[0] else a.value for k, a in enumerate(elt.args)])  # the element goes in at `at[0]`
    mapped = cst.Call(cst.parse_expression(f"{info.n2t}.elementwise_map"),
                      [cst.Arg(elt.func), cst.Arg(args), cst.Arg(cst.Integer(str(at[0]))), cst.Arg(comp.for_in.iter)])
    note = f"`[{elt.func.value}(...) for {target.value} in ...]` of the elementwise `{elt.func.value}` becomes one call on the whole array"
    return call.with_changes(args=[call.args[0].with_changes(value=mapped)]), note


# Operators a masked write may evaluate on unselected elements too: not `//` and `%`, whose
# integer kernels raise on a zero divisor that the selection may have left out.
_TOTAL_ARITHMETIC = (cst.Add, cst.Subtract, cst.Multiply, cst.Divide, cst.Power)


def _mask_check(expr: cst.CSTNode, mask: cst.BaseExpression, info: Module, arrays: set[str], scalars: set[str]) -> cst.BaseExpression:
    """``expr`` with every ``a[mask]`` read as ``a`` (recording ``a`` in ``arrays``, other names
    in ``scalars``); raise :class:`_No` unless it is elementwise in them."""
    def name(node: cst.Name) -> None:
        if node.value not in ("True", "False"):
            scalars.add(node.value)

    def subscript(node: cst.Subscript) -> cst.BaseExpression:
        if not (isinstance(node.value, cst.Name) and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index)
                and node.slice[0].slice.value.deep_equals(mask)):
            raise _No("a subscript other than the mask's")
        arrays.add(node.value.value)
        return cst.Name(node.value.value, lpar=node.lpar, rpar=node.rpar)

    return _elementwise(expr, info, _TOTAL_ARITHMETIC, name, subscript)


def mask_write(assign: cst.Assign, info: Module, masks: set[str]) -> tuple[cst.Assign, str] | None:
    """``X = n2t.setitem(X, n2t.s_[m], E(X[m], y[m], s))`` with ``m`` a mask ->
    ``X = n2t.mask_update(X, m, lambda X, y, s: E(X, y, s), (X, y), (s,))``, and the note."""
    call = assign.value
    if not (len(assign.targets) == 1 and isinstance(assign.targets[0].target, cst.Name) and isinstance(call, cst.Call)
            and dotted(call.func) == f"{info.n2t}.setitem" and len(call.args) == 3 and not any(a.keyword or a.star for a in call.args)):
        return None
    name = assign.targets[0].target.value
    first, key, value = (a.value for a in call.args)
    if not (isinstance(first, cst.Name) and first.value == name and isinstance(key, cst.Subscript)
            and dotted(key.value) == f"{info.n2t}.s_" and len(key.slice) == 1 and isinstance(key.slice[0].slice, cst.Index)):
        return None
    mask = key.slice[0].slice.value
    if not is_mask(mask, masks):
        return None
    arrays: set[str] = set()
    scalars: set[str] = set()
    try:
        body = _mask_check(value, mask, info, arrays, scalars)
    except _No:
        return None
    if not arrays or arrays & scalars or names_read(mask) & (arrays | scalars) - {name} - arrays:
        return None  # nothing read through the mask, or an array also read whole
    order_a, order_s = sorted(arrays), sorted(scalars)
    params = cst.Parameters([cst.Param(cst.Name(p)) for p in (*order_a, *order_s)])
    args = [cst.Arg(cst.Name(name)), cst.Arg(mask), cst.Arg(cst.Lambda(params, body)),
            cst.Arg(_tuple([cst.Name(n) for n in order_a])), cst.Arg(_tuple([cst.Name(n) for n in order_s]))]
    update = cst.Call(cst.parse_expression(f"{info.n2t}.mask_update"), args)
    note = (f"masked write becomes one select over the whole array (`{name}`): its value is elementwise in the "
            "masked elements, so no gather and stitch (and XLA can compile it)")
    return assign.with_changes(value=update), note


class _Vectorize(cst.CSTTransformer):
    def __init__(self, info: Module) -> None:
        super().__init__()
        self.info = info
        self.scopes: list[cst.CSTNode] = [info.module]
        self.masks: dict[int, set[str]] = {}  # mask_names per scope

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        self.scopes.append(node)
        return True

    def leave_FunctionDef(self, original: cst.FunctionDef, updated: cst.FunctionDef) -> cst.FunctionDef:
        self.scopes.pop()
        return updated

    def leave_Assign(self, original: cst.Assign, updated: cst.Assign) -> cst.Assign:
        scope = self.scopes[-1]
        masks = self.masks.get(id(scope))
        if masks is None:
            masks = self.masks[id(scope)] = mask_names(scope)
        found = mask_write(updated, self.info, masks)
        if found is None:
            return updated
        new, note = found
        mask = new.value.args[1].value  # type: ignore[attr-defined]
        user = self.info.original_write(new.targets[0].target.value, mask)  # type: ignore[attr-defined]
        if user is not None:
            self.info.context.report(user, "N2T409", note)
        else:
            self.info.report(scope, "N2T409", note)
        return new

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        found = _map_call(updated, self.info)
        if found is None:
            return updated
        new, note = found
        self._replaced(original.args[0].value, note)
        return new

    def leave_For(self, original: cst.For, updated: cst.For) -> cst.BaseStatement | cst.FlattenSentinel[cst.BaseStatement]:
        result = vectorize(updated, self.info)
        if isinstance(result, str) or _reads_outside(self.scopes[-1], original, original.target.value):  # type: ignore[attr-defined]
            return updated
        stmts, note = result
        self._replaced(original, note)
        return cst.FlattenSentinel(stmts)

    def _replaced(self, node: cst.CSTNode, note: str) -> None:
        """Report N2T409 at ``node``, which is gone from the output: later pairings skip it."""
        self.info.report(node, "N2T409", note)
        user = self.info.originals.get(node)
        if user is not None:
            self.info.context.unpaired.add(user)


def _reads_outside(scope: cst.CSTNode, loop: cst.For, name: str) -> bool:
    """Whether ``name`` is read in ``scope`` outside ``loop`` (other loops binding it first aside)."""
    inside = {id(n) for n in walk(loop)}
    rebinding = {id(n) for other in walk(scope) if isinstance(other, (cst.For, cst.CompFor)) and other is not loop
                 and isinstance(other.target, cst.Name) and other.target.value == name for n in walk(other)}
    for node in walk(scope):
        if isinstance(node, cst.Name) and node.value == name and id(node) not in inside and id(node) not in rebinding:
            return True
    return False


def _candidates(module: cst.Module, context: RewriteContext) -> set[int]:
    """Ids of the top-level statements holding a loop of element writes, a comprehension of
    a plain call inside ``tnp.asarray``/``tnp.array`` or a write whose value reads a
    subscript (a quick look, before any analysis)."""
    setitem = f"{context.aliases.get('np2tf.runtime', 'n2t')}.setitem"
    tnp = context.aliases.get("tensorflow.experimental.numpy", "tnp")
    arrays = (f"{tnp}.asarray", f"{tnp}.array")
    found = set()
    for stmt in module.body:
        for node in walk(stmt):
            kind = node.__class__
            if kind is cst.For:
                body = node.body.body if isinstance(node.body, cst.IndentedBlock) else ()  # type: ignore[attr-defined]
                if body and all(isinstance(s, cst.SimpleStatementLine) and len(s.body) == 1 and isinstance(s.body[0], cst.Assign)
                                and isinstance(s.body[0].value, cst.Call) and dotted(s.body[0].value.func) == setitem for s in body):
                    found.add(id(stmt))
                    break
            elif kind is cst.Call and node.args and isinstance(node.args[0].value, cst.ListComp) \
                    and isinstance(node.args[0].value.elt, cst.Call) and dotted(node.func) in arrays:  # type: ignore[attr-defined]
                found.add(id(stmt))
                break
            elif kind is cst.Call and len(node.args) == 3 and dotted(node.func) == setitem \
                    and any(n.__class__ is cst.Subscript for n in walk(node.args[2].value)):  # type: ignore[attr-defined]
                found.add(id(stmt))  # maybe a masked write reading through its mask
                break
    return found


@inserter(order=8)
def insert_element_loops(module: cst.Module, context: RewriteContext) -> cst.Module:
    """Vectorize element loops with independent iterations and masked writes (N2T409)."""
    if context.options.tf_function == "off":
        return module
    candidates = _candidates(module, context)
    if not candidates:
        return module
    info = analyse_module(module, context)
    # Only the statements that may change go through libcst's transformer: visiting whole
    # modules was ~40% of the insert stage on SciPy.
    rewrite = _Vectorize(info)
    body: list[cst.CSTNode] = []
    for stmt in module.body:
        new = stmt.visit(rewrite) if id(stmt) in candidates else stmt
        body.extend(new.nodes if isinstance(new, cst.FlattenSentinel) else [new])  # a module-level loop may become statements
    return module.with_changes(body=body)
