"""Per-example comprehensions become ``tf.vectorized_map`` inside compiled functions.

What it does:
    Rewrites ``tnp.stack([f(x) for x in xs])`` and ``tnp.array([f(x) for x in xs])``
    (``xs`` an array or a ``range``) into ``tf.vectorized_map(lambda x: f(x), xs)``,
    but only inside a function np2tf compiles with ``tf.function``. A loop that appends
    to a fresh list which is then stacked (``rows = []`` / ``for x in xs:
    rows.append(f(x))`` / ``Y = tnp.stack(rows)``) is first read as that comprehension
    (:func:`match_append_loop`), and only kept so when the function compiles.

NumPy vs TensorFlow:
    A comprehension over a tensor cannot run in a graph (AutoGraph does not convert
    comprehensions) and eagerly costs one dispatch per example. ``vectorized_map``
    turns the element function into batched ops: 350-790x faster than an eager loop
    inside a ``tf.function``, but slower outside one (it retraces per call), which is why
    it is never emitted in eager code.

Example:
    ``tnp.stack([tnp.linalg.norm(X[i] - c) for i in range(n)])`` ->
    ``tf.vectorized_map(lambda i: tnp.linalg.norm(X[i] - c), tf.range(n))``

Fidelity:
    Only comprehensions with one ``for``, no ``if`` and an element that is certainly an
    array are rewritten; ops without a vectorized rule fall back to a ``while_loop``
    (``fallback_to_while_loop=True``, TF's default), so values are unchanged.

Options:
    Applied with ``tf_function="auto"`` or ``"all"``.
"""

from __future__ import annotations

import libcst as cst

from np2tf.insert._analysis import Module, dotted, is_range, walk


def match(call: cst.Call, info: Module, arrays: set[str]) -> cst.ListComp | None:
    """The comprehension of a ``tnp.stack([...])``/``tnp.array([...])`` call np2tf can vectorize."""
    name = dotted(call.func)
    if name not in (f"{info.tnp}.stack", f"{info.tnp}.array", f"{info.tnp}.asarray") or len(call.args) != 1:
        return None
    comp = call.args[0].value
    if call.args[0].keyword is not None or not isinstance(comp, cst.ListComp):
        return None
    loop = comp.for_in
    if loop.inner_for_in is not None or loop.ifs or not isinstance(loop.target, cst.Name) or loop.asynchronous:
        return None
    if not (is_range(loop.iter, info) or info.is_array_expr(loop.iter, arrays)):
        return None
    element = comp.elt
    if draw_in(element, info) is not None:
        return None  # vectorized_map would draw once for all examples
    called = isinstance(element, cst.Call) and isinstance(element.func, cst.Name) and info.returns_arrays(element.func.value) == 1
    if not (called or info.is_array_expr(element, arrays | {loop.target.value} - ({loop.target.value} if is_range(loop.iter, info) else set()))):
        return None
    return comp


# Methods that draw from a generator object (`rng.normal(...)`): np2tf cannot always tell
# such an object from another, so any call of these names counts as a draw.
DRAW_METHODS = frozenset({
    "rand", "randn", "random", "random_sample", "ranf", "sample", "uniform", "normal", "standard_normal",
    "randint", "integers", "choice", "permutation", "shuffle", "permuted", "binomial", "poisson", "exponential",
    "standard_exponential", "gamma", "standard_gamma", "beta", "laplace", "logistic", "lognormal", "multinomial",
    "multivariate_normal", "dirichlet", "geometric", "gumbel", "weibull", "pareto", "rayleigh", "triangular",
    "vonmises", "wald", "zipf", "chisquare", "f", "hypergeometric", "logseries", "negative_binomial",
    "standard_cauchy", "standard_t", "power", "bytes",
})


def draw_in(node: cst.CSTNode, info: Module) -> str | None:
    """The first random draw ``node`` makes, itself or in a module function it calls.

    ``tf.vectorized_map`` runs its function once for all examples: a draw there is made
    once (every example got the same numbers), where NumPy's stream gives each example its
    own, so such comprehensions stay Python loops."""
    modules = {info.n2t, info.tnp, info.tf, "math", "cmath"}
    seen: set[str] = set()
    stack = [node]
    while stack:
        for n in walk(stack.pop()):
            if n.__class__ is not cst.Call:
                continue
            name = dotted(n.func) or ""  # type: ignore[attr-defined]
            if ".random." in f".{name}":
                return name
            # A generator's method (`rng.normal(...)`), not a module's function (`n2t.power`).
            if isinstance(n.func, cst.Attribute) and n.func.attr.value in DRAW_METHODS and name.split(".", 1)[0] not in modules:  # type: ignore[attr-defined]
                return name or n.func.attr.value  # type: ignore[attr-defined]
            if isinstance(n.func, cst.Name) and n.func.value in info.functions and n.func.value not in seen:  # type: ignore[attr-defined]
                seen.add(n.func.value)  # type: ignore[attr-defined]
                stack.append(info.functions[n.func.value].body)  # type: ignore[attr-defined]
    return None


ROWS = "_n2t_rows"


def _row_arrays(comp: cst.ListComp, info: Module) -> list[str] | None:
    """Arrays ``A`` such that the index ``i`` of ``range(...)`` is only ever used as ``A[i]``."""
    loop = comp.for_in
    if not (isinstance(loop.iter, cst.Call) and dotted(loop.iter.func) == "range" and len(loop.iter.args) == 1 and isinstance(loop.target, cst.Name)):
        return None
    index = loop.target.value
    rows: list[str] = []
    allowed: set[int] = set()
    for node in walk(comp.elt):
        if isinstance(node, cst.Subscript) and isinstance(node.value, cst.Name) and len(node.slice) == 1:
            element = node.slice[0].slice
            if isinstance(element, cst.Index) and isinstance(element.value, cst.Name) and element.value.value == index and element.star is None:
                allowed.add(id(element.value))
                if node.value.value not in rows:
                    rows.append(node.value.value)
    for node in walk(comp.elt):
        if isinstance(node, cst.Name) and node.value == index and id(node) not in allowed:
            return None
        if isinstance(node, cst.Lambda | cst.ListComp | cst.GeneratorExp) and node is not comp.elt:
            return None  # a nested scope could rebind the index
    return rows or None


def vectorize(comp: cst.ListComp, info: Module) -> cst.Call:
    """``tf.vectorized_map(lambda x: elt, xs)`` for a matched comprehension.

    When the comprehension runs over ``range(n)`` and its index only selects rows
    (``X[i]``, ``y[i]``), the map runs over the rows themselves
    (``tf.vectorized_map(lambda r: ... r[0] ... r[1] ..., (X[:n], y[:n]))``): a gather at
    a loop-variant index is ~100x slower under ``vectorized_map`` than mapping the rows.
    The ``[:n]`` keeps NumPy's meaning when an array is longer than ``n``.
    """
    rows = _row_arrays(comp, info)
    if rows is not None:
        return _vectorize_rows(comp, rows, info)
    loop = comp.for_in
    xs = loop.iter
    if isinstance(xs, cst.Call) and dotted(xs.func) == "range":
        xs = xs.with_changes(func=cst.parse_expression(f"{info.tf}.range"))
    info.context.target("tf.vectorized_map")
    target = loop.target
    assert isinstance(target, cst.Name)
    fn = cst.Lambda(params=cst.Parameters(params=[cst.Param(name=target)]), body=comp.elt)
    return cst.Call(func=cst.parse_expression(f"{info.tf}.vectorized_map"), args=[cst.Arg(fn), cst.Arg(xs)])


def _append_of(stmt: cst.CSTNode, name: str) -> cst.BaseExpression | None:
    """``name.append(E)`` as a statement -> ``E``."""
    if not (isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], cst.Expr)):
        return None
    call = stmt.body[0].value
    if isinstance(call, cst.Call) and dotted(call.func) == f"{name}.append" and len(call.args) == 1 and call.args[0].keyword is None and not call.args[0].star:
        return call.args[0].value
    return None


def match_append_loop(statements: list[cst.BaseStatement], index: int, info: Module, arrays: set[str]) -> cst.SimpleStatementLine | None:
    """Loop-append-then-stack at ``statements[index]`` (the ``rows = []``), as one statement.

    ``rows = []`` / ``for x in xs: rows.append(E)`` / ``Y = tnp.stack(rows)``, three
    consecutive statements with ``rows`` used nowhere else, become
    ``Y = tnp.stack([E for x in xs])``, which :func:`match` then vectorizes. Returns that
    statement, or ``None`` when the pattern does not match exactly.
    """
    if index + 2 >= len(statements):
        return None
    init, loop, stack = statements[index : index + 3]
    if not (isinstance(init, cst.SimpleStatementLine) and len(init.body) == 1 and isinstance(init.body[0], cst.Assign)):
        return None
    assign = init.body[0]
    if len(assign.targets) != 1 or not isinstance(assign.targets[0].target, cst.Name) or not (isinstance(assign.value, cst.List) and not assign.value.elements):
        return None
    rows = assign.targets[0].target.value
    if not (isinstance(loop, cst.For) and loop.orelse is None and not loop.asynchronous and len(loop.body.body) == 1 and isinstance(loop.target, cst.Name)):
        return None
    element = _append_of(loop.body.body[0], rows)
    if element is None:
        return None
    if not (isinstance(stack, cst.SimpleStatementLine) and len(stack.body) == 1 and isinstance(stack.body[0], cst.Assign)):
        return None
    call = stack.body[0].value
    if not (isinstance(call, cst.Call) and len(call.args) == 1 and isinstance(call.args[0].value, cst.Name) and call.args[0].value.value == rows and call.args[0].keyword is None):
        return None
    comp = cst.ListComp(elt=element, for_in=cst.CompFor(target=loop.target, iter=loop.iter))
    new_call = call.with_changes(args=[call.args[0].with_changes(value=comp)])
    if match(new_call, info, arrays) is not comp:
        return None
    return stack.with_changes(body=[stack.body[0].with_changes(value=new_call)], leading_lines=init.leading_lines)


def _vectorize_rows(comp: cst.ListComp, rows: list[str], info: Module) -> cst.Call:
    loop = comp.for_in
    assert isinstance(loop.iter, cst.Call) and isinstance(loop.target, cst.Name)
    index = loop.target.value
    n = loop.iter.args[0].value
    code = cst.Module([]).code_for_node
    single = len(rows) == 1
    param = ROWS

    class Rows(cst.CSTTransformer):
        def leave_Subscript(self, original: cst.Subscript, updated: cst.Subscript) -> cst.BaseExpression:
            element = original.slice[0].slice if len(original.slice) == 1 else None
            if isinstance(original.value, cst.Name) and original.value.value in rows and isinstance(element, cst.Index) and isinstance(element.value, cst.Name) and element.value.value == index:
                position = rows.index(original.value.value)
                return cst.Name(param) if single else cst.parse_expression(f"{param}[{position}]")
            return updated

    body = comp.elt.visit(Rows())
    assert isinstance(body, cst.BaseExpression)
    whole = {code(n)} & {f"{name}.shape[0]" for name in rows} | {code(n)} & {f"len({name})" for name in rows}
    sliced = [name if f"{name}.shape[0]" in whole or f"len({name})" in whole else f"{name}[:{code(n)}]" for name in rows]
    elems = sliced[0] if single else f"({', '.join(sliced)})"
    info.context.target("tf.vectorized_map")
    fn = cst.Lambda(params=cst.Parameters(params=[cst.Param(name=cst.Name(param))]), body=body)
    return cst.Call(func=cst.parse_expression(f"{info.tf}.vectorized_map"), args=[cst.Arg(fn), cst.Arg(cst.parse_expression(elems))])
