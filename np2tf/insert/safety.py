"""Graph safety: which constructs change meaning, or fail, inside a ``tf.function``.

What it does:
    Walks a function (or a loop body) of converted code and lists the constructs that
    AutoGraph's limitations make unsafe, each with the reason np2tf reports.

NumPy vs TensorFlow:
    Eager code runs Python once per call; a graph runs Python once per *trace*. Prints,
    appends to outer lists, writes to globals and attributes, and host conversions
    (``float(t)``, ``t.numpy()``) therefore run once or fail. NumPy calls np2tf left
    unconverted cannot take symbolic tensors.

Example:
    ``losses.append(float(loss))`` makes a function unsafe twice: ``float()`` of a tensor,
    and an append to a list created outside the loop (when the loop would be compiled).

Fidelity:
    Conservative: a call np2tf cannot see into (another module's function, a method of an
    unknown object) counts as unsafe.

Options:
    None; :mod:`np2tf.insert.tf_function` and :mod:`np2tf.insert.compiled_loops` use it.
"""

from __future__ import annotations

import libcst as cst

from np2tf.insert._analysis import (
    DYNAMIC_SHAPE,
    HOST_BUILTINS,
    HOST_METHODS,
    MUTATING_METHODS,
    SAFE_BUILTINS,
    Module,
    dotted,
    target_names,
    walk,
)

Problem = tuple[cst.CSTNode, str]
# Modules of pure functions on Python numbers (`import math`), harmless in graph code.
PURE_MODULES = {"math", "cmath"}
# Runtime calls that make a new random generator (its state is new tf.Variables).
GENERATOR_MAKERS = {"default_rng", "RandomState", "Generator", "MT19937", "PCG64", "Philox", "SeedSequence", "get_state", "set_state"}


def problems(root: cst.CSTNode, info: Module, owned: set[str], params: set[str], verdicts: dict[str, str | None]) -> list[Problem]:
    """Constructs under ``root`` that are unsafe in a graph.

    Args:
        root: a function body or a loop.
        info: module facts.
        owned: names whose objects ``root`` creates (mutating them is private).
        params: the enclosing function's parameters (objects from the caller).
        verdicts: module function -> why it is unsafe (``None`` when safe); callees are
            looked up here so unsafety is transitive.
    """
    nodes = list(walk(root))
    found: list[Problem] = list(_data_shaped_reads(nodes, info))
    lambdas = {n.value for node in nodes if node.__class__ is cst.Assign for t in node.targets  # type: ignore[attr-defined]
               if isinstance(node.value, cst.Lambda) for n in [t.target] if isinstance(n, cst.Name)}  # type: ignore[attr-defined]
    # `print(...)` statements run on the host with the values they read (n2t.host_print):
    # nothing inside them is graph code.
    hosted = {id(n) for node in nodes if node.__class__ is cst.Expr and host_print_call(node.value) for n in walk(node.value)}  # type: ignore[attr-defined]
    for node in nodes:
        if node.__class__ not in _CHECKED or id(node) in hosted:
            continue
        reason = _problem(node, info, owned, params, verdicts, lambdas)
        if reason:
            found.append((node, reason))
    return found


def host_print_call(node: cst.CSTNode) -> bool:
    """A ``print(...)`` call made as a statement (whose arguments bind no names).

    Graph code runs it through ``n2t.host_print`` (a ``tf.py_function``): the text is
    formatted on the host from the values it reads, each time the graph gets there.
    """
    if not (isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == "print"):
        return False
    return not any(isinstance(n, (cst.NamedExpr, cst.Yield, cst.Await, cst.Lambda)) for n in walk(node))


# The node classes _problem has something to say about (exact classes, tested first:
# isinstance through libcst's ABC metaclass is slow, and most nodes are none of these).
_CHECKED = {cst.Global, cst.Nonlocal, cst.Yield, cst.Try, cst.With, cst.Raise, cst.Await, cst.Del, cst.Name,
            cst.Assign, cst.AugAssign, cst.AnnAssign, cst.Call} | ({cst.TryStar} if hasattr(cst, "TryStar") else set())


def _problem(node: cst.CSTNode, info: Module, owned: set[str], params: set[str], verdicts: dict[str, str | None], lambdas: set[str]) -> str | None:
    if isinstance(node, (cst.Global, cst.Nonlocal)):
        kind = "global" if isinstance(node, cst.Global) else "nonlocal"
        return f"declares `{kind} {', '.join(n.name.value for n in node.names)}`: writes outside the function run once, at trace time"
    if isinstance(node, (cst.Yield,)):
        return "is a generator (yield)"
    if isinstance(node, cst.Try) or (hasattr(cst, "TryStar") and isinstance(node, cst.TryStar)):
        return "uses try/except: graph errors surface when the graph runs, not where the except expects them"
    if isinstance(node, cst.With):
        return "uses a `with` block, whose enter/exit would run once at trace time"
    if isinstance(node, cst.Raise):
        return "raises an exception, which a graph cannot do conditionally on tensor values"
    if isinstance(node, (cst.Await, cst.Del)):
        return "uses await/del"
    if isinstance(node, cst.Name) and node.value in info.numpy_names:
        return f"uses `{node.value}` (NumPy code np2tf left unconverted), which cannot take symbolic tensors"
    if isinstance(node, cst.Name) and node.value in info.changing_globals and node.value not in owned and node.value not in params:
        return f"reads global `{node.value}`, which is reassigned; a graph would freeze its value at the first trace"
    if isinstance(node, cst.Assign) and any(isinstance(t.target, (cst.Tuple, cst.List)) for t in node.targets) and _index_trick(node.value, info):
        return f"unpacks `{cst.Module([]).code_for_node(node.value)}`, an array a graph cannot iterate over"
    if isinstance(node, cst.Assign) and _starred(node) and not isinstance(node.value, (cst.Tuple, cst.List)) and not (isinstance(node.value, cst.Attribute) and node.value.attr.value == "shape"):
        return f"unpacks `{cst.Module([]).code_for_node(node.value)}` into a starred target, which a graph cannot do for a tensor"
    if isinstance(node, (cst.Assign, cst.AugAssign, cst.AnnAssign)):
        targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
        for target in _flatten(targets):
            if isinstance(target, cst.Attribute):
                return f"assigns attribute `{dotted(target) or target.attr.value}`: object state would change once, at trace time"
            if isinstance(target, cst.Subscript) and _root_name(target) not in owned:
                return f"writes into `{_root_name(target)}[...]`, an object from outside, once at trace time"
    if isinstance(node, cst.Call):
        return _call_problem(node, info, owned, verdicts, lambdas)
    return None


# Converted calls whose result has a data-dependent length (a graph sees a None dimension).
DATA_SHAPED = DYNAMIC_SHAPE - {"histogram", "in1d", "isin"}


def _data_shaped(expr: cst.CSTNode, info: Module, names: dict[str, str]) -> str | None:
    """Why ``expr`` may have a data-dependent shape (a mask index, ``unique``...), else None."""
    for node in walk(expr):
        if isinstance(node, cst.Subscript) and any(isinstance(n, cst.Comparison) for e in node.slice for n in walk(e)):
            return "a boolean-mask index"
        if info.is_tf_call(node) and (dotted(node.func) or "").rsplit(".", 1)[-1] in DATA_SHAPED:  # type: ignore[attr-defined]
            return f"`{dotted(node.func)}`"  # type: ignore[attr-defined]
        if isinstance(node, cst.Name) and node.value in names:
            return names[node.value]
    return None


def _data_shaped_reads(nodes: list[cst.CSTNode], info: Module) -> list[Problem]:
    """``.shape``/``.size`` of a value whose length depends on the data, computed in ``nodes``
    (every node under a body or loop, as :func:`walk` gives them).

    ``pos = X[X > 0]; n = pos.shape[0]``: a graph gives ``None`` there (``None - 1`` or
    ``np.sum(pos) / n`` then fail inside the graph), where NumPy has the count.
    """
    assigns = [n for n in nodes if n.__class__ is cst.Assign]
    shaped: dict[str, str] = {}
    changed = True
    while changed:
        changed = False
        for node in assigns:
            why = _data_shaped(node.value, info, shaped)
            if why:
                new = set().union(*(target_names(t.target) for t in node.targets)) - set(shaped)
                if new:
                    shaped.update(dict.fromkeys(new, why))
                    changed = True
    for node in nodes:
        if node.__class__ is cst.Attribute and node.attr.value in ("shape", "size"):  # type: ignore[attr-defined]
            why = _data_shaped(node.value, info, shaped)
            if why:
                code = cst.Module([]).code_for_node(node)
                return [(node, f"reads `{code}`, a length that depends on the data ({why}): a graph does not know it")]
    return []


def _starred(node: cst.Assign) -> bool:
    return any(isinstance(t.target, (cst.Tuple, cst.List)) and any(isinstance(e, cst.StarredElement) for e in t.target.elements) for t in node.targets)


def _index_trick(value: cst.BaseExpression, info: Module) -> bool:
    """``n2t.mgrid[...]`` and the like: a subscript of a runtime object, which returns an array."""
    return isinstance(value, cst.Subscript) and isinstance(value.value, cst.Attribute) and (dotted(value.value) or "").startswith((f"{info.n2t}.", f"{info.tnp}."))


def _flatten(targets: list[cst.BaseExpression]) -> list[cst.BaseExpression]:
    out: list[cst.BaseExpression] = []
    for target in targets:
        if isinstance(target, (cst.Tuple, cst.List)):
            out += _flatten([e.value for e in target.elements])
        else:
            out.append(target)
    return out


def _root_name(node: cst.CSTNode) -> str:
    while isinstance(node, (cst.Attribute, cst.Subscript, cst.Call)):
        node = node.value if not isinstance(node, cst.Call) else node.func
    return node.value if isinstance(node, cst.Name) else "?"


def _call_problem(call: cst.Call, info: Module, owned: set[str], verdicts: dict[str, str | None], lambdas: set[str]) -> str | None:
    func = call.func
    name = dotted(func)
    if name is not None and name.startswith(info.array_prefixes):
        if name.startswith(f"{info.n2t}.random."):
            # np.random.* and RandomState draw NumPy's MT19937 stream from tf.Variables: in a
            # graph every call advances them as eager calls do. Making a generator inside
            # would make new variables per trace (tf.function allows that only once).
            made = name.rsplit(".", 1)[-1]
            if made in GENERATOR_MAKERS:
                return f"makes a random generator (`{name}`) inside, which a graph would make once, at trace time"
            return None
        if name.startswith((f"{info.tnp}.random.", f"{info.tf}.random.")):
            return f"draws random numbers (`{name}`): the random stream would advance per trace, not per call as in NumPy"
        if name.startswith(f"{info.n2t}.random_numpy."):
            # --random numpy: NumPy draws on the host. Kept eager like the TF streams above, so
            # this mode compiles the same functions as the default one it is there to verify;
            # in a graph the draws would also have unknown shapes (`tnp.zeros(W.shape)` fails).
            return f"draws random numbers on the host (`{name}`, --random numpy): graph code would see draws of unknown shape, and --random tf keeps such functions eager too"
        if name.rsplit(".", 1)[-1] in HOST_METHODS:
            return HOST_METHODS[name.rsplit(".", 1)[-1]]
        if name in (f"{info.tf}.print", f"{info.tf}.py_function", f"{info.tf}.numpy_function"):
            return f"calls `{name}`, a host callback"
        return None
    if isinstance(func, cst.Name):
        if func.value in HOST_BUILTINS:
            arg = call.args[0].value if call.args else None
            if func.value in ("float", "int", "bool", "complex") and isinstance(arg, (cst.Integer, cst.Float, cst.SimpleString)):
                return None
            return HOST_BUILTINS[func.value]
        if func.value in SAFE_BUILTINS or func.value in lambdas or func.value in owned:
            return None
        if func.value in verdicts:
            why = verdicts[func.value]
            return None if why is None else f"calls `{func.value}`, which {why}"
        return f"calls `{func.value}`, which np2tf cannot see into"
    if isinstance(func, cst.Attribute):
        method = func.attr.value
        if method in HOST_METHODS:
            return HOST_METHODS[method]
        head = _root_name(func.value)
        if head in PURE_MODULES and head in info.foreign_modules and isinstance(func.value, cst.Name):
            # `math.sqrt(dt)`: Python numbers in, a constant out while tracing. Given a tensor
            # it fails while tracing, and n2t.function runs the function eagerly instead.
            return None
        if head in info.foreign_modules:
            return f"calls `{dotted(func) or method}` from a module that is not TensorFlow"
        if method in MUTATING_METHODS and head not in owned:
            return f"calls `{head}.{method}()` on an object that outlives the graph, once at trace time"
        return None
    return "calls a computed function np2tf cannot see into"
